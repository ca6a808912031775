package io.larder;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The declaration of a store: its name, record type, the field giving the id, the field that
 * partitions it (optional), the field that orders it in time (optional: without it records are
 * ordered by their last write), the indexed fields, expiry, retention, layout and encoding.
 * Settings left unset take the {@link StoreDefaults} of the {@link Larder}. Immutable.
 *
 * <p>Field names are matched to the record type's components or fields exactly, or with
 * {@code snake_case} read as {@code camelCase} ({@code group_id} finds {@code groupId}); a
 * {@code Map} record type reads them as keys.
 */
public final class StoreSpec<T> {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private final String name;
    private final Class<T> type;
    private final String idField;
    private final @Nullable String partitionField;
    private final @Nullable String timeField;
    private final List<String> indexes;
    private final @Nullable Expiry expiry;
    private final Retention retention;
    private final Layout layout;
    private final @Nullable Encoding encoding;
    private final @Nullable DataSize maxValueSize;
    private final Durability durability;

    private StoreSpec(Builder<T> b) {
        this.name = b.name;
        this.type = b.type;
        this.idField = b.idField == null ? "id" : b.idField;
        this.partitionField = b.partitionField;
        this.timeField = b.timeField;
        this.indexes = List.copyOf(b.indexes);
        this.expiry = b.expiry;
        this.retention = b.retention == null ? Retention.keepAll() : b.retention;
        this.layout = b.layout == null ? Layout.RECORDS : b.layout;
        this.encoding = b.encoding;
        this.maxValueSize = b.maxValueSize;
        this.durability = b.durability == null ? Durability.builder().build() : b.durability;
    }

    /** A builder for a store named {@code name} holding records of {@code type}. */
    public static <T> Builder<T> builder(String name, Class<T> type) {
        return new Builder<>(name, type);
    }

    /**
     * The Java name a declared field name is also read as: {@code snake_case} or {@code kebab-case}
     * becomes {@code camelCase} ({@code group_id} finds {@code groupId}); other names are unchanged.
     */
    public static String javaName(String field) {
        StringBuilder out = new StringBuilder(field.length());
        boolean upper = false;
        for (char c : field.toCharArray()) {
            if (c == '_' || c == '-') {
                upper = out.length() > 0;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    /** The store's name: letters, digits, {@code _ . -}; part of every key. */
    public String name() {
        return name;
    }

    /** The record type. */
    public Class<T> type() {
        return type;
    }

    /** The field that gives a record's id ({@code id} by default). */
    public String idField() {
        return idField;
    }

    /** The partition field, if the store is partitioned. */
    public Optional<String> partitionField() {
        return Optional.ofNullable(partitionField);
    }

    /** The time field, if records carry their own time. */
    public Optional<String> timeField() {
        return Optional.ofNullable(timeField);
    }

    /** The indexed fields, in declaration order. */
    public List<String> indexes() {
        return indexes;
    }

    /** The expiry, if set here rather than taken from the defaults. */
    public Optional<Expiry> expiry() {
        return Optional.ofNullable(expiry);
    }

    /** The per-partition retention. */
    public Retention retention() {
        return retention;
    }

    /** The layout. */
    public Layout layout() {
        return layout;
    }

    /** The encoding, if set here rather than taken from the defaults. */
    public Optional<Encoding> encoding() {
        return Optional.ofNullable(encoding);
    }

    /** The largest encoded value accepted, if set here rather than taken from the defaults. */
    public Optional<DataSize> maxValueSize() {
        return Optional.ofNullable(maxValueSize);
    }

    /**
     * What this store's writes must reach before they are acknowledged, as far as it says: the
     * settings it leaves unstated come from the backend's policy. States nothing unless set.
     */
    public Durability durability() {
        return durability;
    }

    /** Whether records are addressed by (partition, id). */
    public boolean isPartitioned() {
        return partitionField != null;
    }

    /** The same declaration for another record type (a YAML store opened with its Java type). */
    public <U> StoreSpec<U> as(Class<U> otherType) {
        Builder<U> b = new Builder<>(name, otherType);
        b.idField = idField;
        b.partitionField = partitionField;
        b.timeField = timeField;
        b.indexes.addAll(indexes);
        b.expiry = expiry;
        b.retention = retention;
        b.layout = layout;
        b.encoding = encoding;
        b.maxValueSize = maxValueSize;
        b.durability = durability;
        return b.build();
    }

    @Override
    public String toString() {
        return "StoreSpec{" + name + ": " + type.getSimpleName() + ", id=" + idField + ", partition=" + partitionField
                + ", time=" + timeField + ", indexes=" + indexes + ", expiry=" + expiry + ", retention=" + retention
                + ", layout=" + layout + ", encoding=" + encoding + ", maxValueSize=" + maxValueSize
                + ", durability=" + durability + "}";
    }

    /**
     * Builds a {@link StoreSpec}; each setting may be made once, and is checked where it enters.
     * Not thread-safe.
     */
    public static final class Builder<T> {
        private final String name;
        private final Class<T> type;
        private @Nullable String idField;
        private @Nullable String partitionField;
        private @Nullable String timeField;
        private final List<String> indexes = new ArrayList<>();
        private @Nullable Expiry expiry;
        private @Nullable Retention retention;
        private @Nullable Layout layout;
        private @Nullable Encoding encoding;
        private @Nullable DataSize maxValueSize;
        private @Nullable Durability durability;

        private Builder(String name, Class<T> type) {
            Objects.requireNonNull(name, "name");
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("store name '" + name
                        + "' must be 1-64 letters, digits, '_', '.' or '-', starting with a letter or digit");
            }
            this.name = name;
            this.type = Objects.requireNonNull(type, "type");
        }

        /** The field giving the id. */
        public Builder<T> id(String field) {
            once(idField, "id");
            idField = field(field);
            return this;
        }

        /** The field that partitions the store. */
        public Builder<T> partitionBy(String field) {
            once(partitionField, "partition-by");
            partitionField = field(field);
            return this;
        }

        /** The field giving the record's time (epoch milliseconds, {@code Instant}, or seconds as a number is not guessed). */
        public Builder<T> time(String field) {
            once(timeField, "time");
            timeField = field(field);
            return this;
        }

        /** Indexed fields; each is time-ordered within the partition. */
        public Builder<T> index(String... fields) {
            for (String f : fields) {
                String checked = field(f);
                if (indexes.contains(checked)) {
                    throw new IllegalArgumentException("field '" + f + "' is indexed twice");
                }
                indexes.add(checked);
            }
            return this;
        }

        /** The expiry policy. */
        public Builder<T> expiry(Expiry policy) {
            once(expiry, "expiry");
            expiry = Objects.requireNonNull(policy, "expiry");
            return this;
        }

        /** The retention per partition. */
        public Builder<T> retention(Retention policy) {
            once(retention, "retention");
            retention = Objects.requireNonNull(policy, "retention");
            return this;
        }

        /** The layout. */
        public Builder<T> layout(Layout l) {
            once(layout, "layout");
            layout = Objects.requireNonNull(l, "layout");
            return this;
        }

        /** The encoding. */
        public Builder<T> encoding(Encoding e) {
            once(encoding, "encoding");
            encoding = Objects.requireNonNull(e, "encoding");
            return this;
        }

        /** The largest encoded value accepted. */
        public Builder<T> maxValueSize(DataSize size) {
            once(maxValueSize, "max-value-size");
            maxValueSize = Objects.requireNonNull(size, "max-value-size");
            return this;
        }

        /** What writes must reach before they are acknowledged; what it leaves unstated comes from the backend. */
        public Builder<T> durability(Durability policy) {
            once(durability, "durability");
            durability = Objects.requireNonNull(policy, "durability");
            return this;
        }

        /** The spec, after checking that the settings agree with each other. */
        public StoreSpec<T> build() {
            List<String> problems = new ArrayList<>();
            String id = idField == null ? "id" : idField;
            if (id.equals(partitionField)) {
                problems.add("store '" + name + "': the id field cannot also be the partition field");
            }
            if (partitionField != null && indexes.contains(partitionField)) {
                problems.add("store '" + name + "': '" + partitionField + "' is the partition field; do not index it too");
            }
            if (new LinkedHashSet<>(indexes).size() != indexes.size()) {
                problems.add("store '" + name + "': an index is declared twice");
            }
            if (retention != null && retention.isCapped() && partitionField == null) {
                problems.add("store '" + name + "': retention keep-newest needs a partition-by field");
            }
            if (layout == Layout.ARCHIVE) {
                if (partitionField == null || timeField == null) {
                    problems.add("store '" + name + "': the archive layout needs partition-by and time fields");
                }
                if (expiry != null && !(expiry instanceof Expiry.None)) {
                    problems.add("store '" + name + "': the archive layout keeps records per partition; per-record expiry '"
                            + expiry + "' is not supported (use retention)");
                }
            }
            if (layout == Layout.VALUES && (timeField != null || !indexes.isEmpty()
                    || (retention != null && (retention.isCapped() || retention.isAged())))) {
                problems.add("store '" + name + "': the values layout keeps one value per record and no index;"
                        + " drop its time field, indexes and retention, or use the records layout");
            }
            if (!problems.isEmpty()) {
                throw new ConfigurationException(problems);
            }
            return new StoreSpec<>(this);
        }

        private void once(@Nullable Object current, String setting) {
            if (current != null) {
                throw new IllegalStateException("store '" + name + "': " + setting + " was already set");
            }
        }

        private static String field(String f) {
            Objects.requireNonNull(f, "field");
            if (f.isBlank()) {
                throw new IllegalArgumentException("a field name must not be blank");
            }
            return f;
        }
    }
}
