package io.larder;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Reads the fields a store declares (id, partition, time, indexes, expiry) off records of one
 * type, and puts a generated id into a record. Resolved once per store, by reflection, from a
 * Java record's components, a class's accessors or fields, or a {@code Map}'s keys. Thread-safe.
 */
final class RecordShape<T> {
    // Method.invoke(record) would allocate an empty argument array on every call
    private static final Object[] NO_ARGS = {};
    private final Class<T> type;
    private final Function<T, Object> id;
    private final @Nullable Function<T, Object> partition;
    private final @Nullable Function<T, Object> time;
    private final @Nullable Function<T, Object> expiresAt;
    private final List<String> indexFields;
    private final List<Function<T, Object>> indexes;
    // filters read fields on every listed record: resolve each field by reflection once
    private final ConcurrentMap<String, Function<T, Object>> filterReaders = new ConcurrentHashMap<>();
    private final String idField;
    private final IdWriter<T> idWriter;
    private final @Nullable String timeField;
    private final @Nullable String partitionField;

    private interface IdWriter<T> {
        T withId(T record, String id);
    }

    RecordShape(StoreSpec<T> spec, Expiry expiry) {
        this.type = spec.type();
        List<String> problems = new ArrayList<>();
        this.idField = spec.idField();
        this.id = reader(spec.idField(), problems);
        this.partitionField = spec.partitionField().orElse(null);
        this.partition = partitionField == null ? null : reader(partitionField, problems);
        this.timeField = spec.timeField().orElse(null);
        this.time = timeField == null ? null : reader(timeField, problems);
        this.expiresAt = expiry instanceof Expiry.AtField f ? reader(f.field(), problems) : null;
        this.indexFields = spec.indexes();
        this.indexes = new ArrayList<>();
        for (String f : indexFields) {
            indexes.add(reader(f, problems));
        }
        this.idWriter = idWriter(spec.idField(), problems);
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems.stream().map(p -> "store '" + spec.name() + "': " + p).toList());
        }
    }

    /** The record's id, or {@code null} when it has none yet. */
    @Nullable String id(T record) {
        Object v = id.apply(record);
        if (v == null) {
            return null;
        }
        String text = IndexValues.text(v);
        return text.isEmpty() ? null : text;
    }

    T withId(T record, String newId) {
        return idWriter.withId(record, newId);
    }

    /** The partition, {@code null} for an unpartitioned store; refuses a partitioned record without one. */
    @Nullable String partition(T record) {
        if (partition == null) {
            return null;
        }
        Object v = partition.apply(record);
        String text = v == null ? "" : IndexValues.text(v);
        if (text.isEmpty()) {
            throw new IllegalArgumentException("the record has no partition value in field '" + partitionField + "'");
        }
        return text;
    }

    boolean hasTime() {
        return time != null;
    }

    /** The record's time in epoch milliseconds; refuses a record without one. Only when {@link #hasTime()}. */
    long time(T record) {
        // time and timeField are set together, from the store's time field
        Function<T, Object> read = Objects.requireNonNull(time, "the store declares no time field");
        String field = Objects.requireNonNull(timeField, "the store declares no time field");
        Object v = read.apply(record);
        if (v == null) {
            throw new IllegalArgumentException("the record has no time in field '" + field + "'");
        }
        return millis(v, field);
    }

    /** When the record expires by its field, or 0 when the field is empty. Only for {@link Expiry.AtField}. */
    long expiresAt(T record) {
        Object v = Objects.requireNonNull(expiresAt, "the store's expiry is not read from a field").apply(record);
        return v == null ? 0 : millis(v, "expires-at");
    }

    /** The record's indexed values; a field without a value has no entry. */
    List<Query.Term> terms(T record) {
        if (indexes.isEmpty()) {
            return List.of();
        }
        List<Query.Term> terms = new ArrayList<>(indexes.size());
        for (int i = 0; i < indexes.size(); i++) {
            Object v = indexes.get(i).apply(record);
            if (v != null) {
                terms.add(new Query.Term(indexFields.get(i), IndexValues.text(v)));
            }
        }
        return terms;
    }

    /** The value of any field, for filters on unindexed fields; {@code null} when absent. */
    @Nullable String text(T record, String field) {
        Object v = filterReaders.computeIfAbsent(field, this::readerOrNull).apply(record);
        return v == null ? null : IndexValues.text(v);
    }

    boolean hasField(String field) {
        return Map.class.isAssignableFrom(type) || resolve(field) != null;
    }

    private static long millis(Object v, String field) {
        if (v instanceof Number n) {
            return n.longValue();
        }
        if (v instanceof Instant i) {
            return i.toEpochMilli();
        }
        if (v instanceof Date d) {
            return d.getTime();
        }
        if (v instanceof String s) {
            // a map read from JSON holds an Instant as the codecs write it: ISO-8601 text
            try {
                return Instant.parse(s).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("field '" + field + "' holds the text \"" + s
                        + "\"; expected epoch milliseconds, an Instant or ISO-8601 text such as 2026-01-02T03:04:05Z");
            }
        }
        throw new IllegalArgumentException("field '" + field + "' holds " + v.getClass().getSimpleName()
                + "; expected epoch milliseconds, an Instant or ISO-8601 text");
    }

    private Function<T, Object> reader(String field, List<String> problems) {
        if (Map.class.isAssignableFrom(type)) {
            return mapReader(field);
        }
        Function<T, Object> r = resolve(field);
        if (r == null) {
            problems.add("type " + type.getSimpleName() + " has no field '" + field + "'");
            return x -> null;
        }
        return r;
    }

    private Function<T, Object> readerOrNull(String field) {
        if (Map.class.isAssignableFrom(type)) {
            return mapReader(field);
        }
        Function<T, Object> r = resolve(field);
        return r == null ? x -> null : r;
    }

    private Function<T, Object> mapReader(String field) {
        String camel = StoreSpec.javaName(field);
        return record -> {
            Map<?, ?> m = (Map<?, ?>) record;
            Object v = m.get(field);
            return v != null || camel.equals(field) ? v : m.get(camel);
        };
    }

    private @Nullable Function<T, Object> resolve(String field) {
        for (String name : field.equals(StoreSpec.javaName(field)) ? List.of(field) : List.of(field, StoreSpec.javaName(field))) {
            if (type.isRecord()) {
                for (RecordComponent c : type.getRecordComponents()) {
                    if (c.getName().equals(name)) {
                        return invoker(c.getAccessor());
                    }
                }
                continue;
            }
            for (String m : List.of(name, "get" + capital(name), "is" + capital(name))) {
                try {
                    Method method = type.getMethod(m);
                    if (method.getReturnType() != void.class && !Modifier.isStatic(method.getModifiers())) {
                        return invoker(method);
                    }
                } catch (NoSuchMethodException ignored) {
                    // try the next form
                }
            }
            Field f = field(name);
            if (f != null) {
                return record -> {
                    try {
                        return f.get(record);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException("cannot read field " + f, e);
                    }
                };
            }
        }
        return null;
    }

    private @Nullable Field field(String name) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                if (!Modifier.isStatic(f.getModifiers())) {
                    f.setAccessible(true);
                    return f;
                }
            } catch (NoSuchFieldException ignored) {
                // look in the superclass
            }
        }
        return null;
    }

    private Function<T, Object> invoker(Method m) {
        m.setAccessible(true);
        return record -> {
            try {
                return m.invoke(record, NO_ARGS);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot call " + m, e);
            } catch (InvocationTargetException e) {
                throw new IllegalStateException(m + " failed", e.getCause());
            }
        };
    }

    @SuppressWarnings("unchecked")
    private IdWriter<T> idWriter(String field, List<String> problems) {
        if (Map.class.isAssignableFrom(type)) {
            return (record, newId) -> {
                Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) record);
                copy.put(field, newId);
                return (T) copy;
            };
        }
        if (type.isRecord()) {
            return recordIdWriter(field, problems);
        }
        for (String name : List.of(field, StoreSpec.javaName(field))) {
            Field f = field(name);
            if (f != null && f.getType() == String.class && !Modifier.isFinal(f.getModifiers())) {
                return (record, newId) -> {
                    try {
                        f.set(record, newId);
                        return record;
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException("cannot set id field " + f, e);
                    }
                };
            }
        }
        return (record, newId) -> {
            throw new IllegalArgumentException("the record has no id and type " + type.getSimpleName()
                    + " has no writable String field '" + field + "' to put a generated one in");
        };
    }

    private IdWriter<T> recordIdWriter(String field, List<String> problems) {
        RecordComponent[] components = type.getRecordComponents();
        int at = -1;
        for (int i = 0; i < components.length; i++) {
            if (components[i].getName().equals(field) || components[i].getName().equals(StoreSpec.javaName(field))) {
                at = i;
            }
        }
        if (at < 0) {
            return (record, newId) -> {
                throw new IllegalArgumentException("the record has no id");
            };
        }
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
        }
        if (types[at] != String.class) {
            return (record, newId) -> {
                throw new IllegalArgumentException("the record has no id and its id component is not a String");
            };
        }
        final int idAt = at;
        try {
            Constructor<T> canonical = type.getDeclaredConstructor(types);
            canonical.setAccessible(true);
            List<Function<T, Object>> accessors = new ArrayList<>(components.length);
            for (RecordComponent c : components) {
                accessors.add(invoker(c.getAccessor()));
            }
            return (record, newId) -> {
                Object[] args = new Object[components.length];
                for (int i = 0; i < components.length; i++) {
                    args[i] = i == idAt ? newId : accessors.get(i).apply(record);
                }
                try {
                    return canonical.newInstance(args);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot rebuild " + type.getSimpleName() + " with a generated id", e);
                }
            };
        } catch (NoSuchMethodException e) {
            problems.add("record type " + type.getSimpleName() + " has no canonical constructor");
            return (record, newId) -> record;
        }
    }

    private static String capital(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
