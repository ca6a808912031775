package io.larder.config;

import io.larder.ConfigurationException;
import io.larder.DataSize;
import io.larder.Durability;
import io.larder.Encoding;
import io.larder.Expiry;
import io.larder.Layout;
import io.larder.Retention;
import io.larder.StoreSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@code larder.stores} into {@code StoreSpec<Map>} declarations. What a store leaves
 * unset stays unset in its spec, so the {@link io.larder.Larder}'s defaults apply; a store
 * that changes part of the encoding or expiry takes the rest from {@code larder.defaults}.
 * Stateless.
 */
@SuppressWarnings("rawtypes")                       // YAML stores hold Maps until opened with a record type
final class StoreReader {

    private StoreReader() {
    }

    /**
     * The declared stores; {@code refusals} says what durability the backend they will run on cannot give;
     * {@code cacheExpiries} gives the expiry a store's cache sets ({@code larder.caches.<store>.expiry}).
     */
    static List<StoreSpec<Map>> read(Section stores, DefaultsReader.Read defaults,
                                     Function<Durability, Map<String, String>> refusals,
                                     Map<String, Duration> cacheExpiries) {
        List<StoreSpec<Map>> out = new ArrayList<>();
        for (Section.Named entry : stores.named()) {
            StoreSpec<Map> spec = store(entry, defaults, refusals, cacheExpiries.get(entry.name()));
            if (spec != null) {
                out.add(spec);
            }
        }
        return out;
    }

    private static @Nullable StoreSpec<Map> store(Section.Named entry, DefaultsReader.Read defaults,
                                                  Function<Durability, Map<String, String>> refusals,
                                                  @Nullable Duration cacheExpiry) {
        Section s = entry.section();
        int problemsBefore = s.problemCount();
        StoreSpec.Builder<Map> b;
        try {
            b = StoreSpec.builder(entry.name(), Map.class);
        } catch (IllegalArgumentException e) {
            s.problemHere(entry.keyNode(), String.valueOf(e.getMessage()));
            b = StoreSpec.builder("invalid-name", Map.class);   // the rest is still checked
        }
        String id = s.word("id", "a field name");
        String partition = s.word("partition-by", "a field name");
        String time = s.word("time", "a field name");
        if (id != null && id.equals(partition)) {
            s.problem("id", "'" + id + "' is also the partition-by field; a record is addressed by (partition, id),"
                    + " so they must differ");
        }
        List<String> indexes = indexes(s, partition);
        Layout layout = s.choice("layout", Layout.class);
        Expiry expiry = null;
        if (s.has("expiry")) {
            expiry = ExpiryReader.read(s.section("expiry"), defaults.expiry()).expiry();
            if (layout == Layout.ARCHIVE && !(expiry instanceof Expiry.None)) {
                s.problem("expiry", "the archive layout keeps records per partition and cannot expire them one by one"
                        + " (expiry " + expiry + "); use retention, or layout records");
            }
        }
        if (cacheExpiry != null) {
            if (s.has("expiry")) {
                s.problem("expiry", "larder.caches." + entry.name() + ".expiry also sets this store's expiry; set it in one place");
            } else {
                expiry = Expiry.absolute(cacheExpiry);   // a cache's entries expire a fixed time after each fill
            }
        }
        Section retention = s.section("retention");
        Integer keepNewest = retention.integer("keep-newest", 0, Integer.MAX_VALUE);
        if (keepNewest != null && keepNewest > 0 && !s.has("partition-by")) {
            retention.problem("keep-newest", "keeps the newest records of each partition and needs partition-by");
        }
        Duration maxAge = retention.duration("max-age", true);
        if (layout == Layout.ARCHIVE) {
            for (String needed : List.of("partition-by", "time")) {
                if (!s.has(needed)) {
                    s.problem(needed, s.nodeOrAnchor("layout"), "required by layout archive (records are packed per partition in time order)");
                }
            }
        }
        if (layout == Layout.VALUES) {
            for (String kept : List.of("time", "indexes", "retention")) {
                if (s.has(kept)) {
                    s.problem(kept, "not allowed with layout values (one value per record, no index to order or trim by);"
                            + " drop it, or use layout records");
                }
            }
        }
        DataSize maxValueSize = s.size("max-value-size", 1);
        Durability durability = s.has("durability")
                ? DurabilityReader.read(s.section("durability"), refusals) : null;
        Encoding encoding = DefaultsReader.setsEncoding(s) ? DefaultsReader.encoding(s, defaults.defaults().encoding()) : null;
        if (s.problemCount() > problemsBefore) {
            return null;                             // reported; building would only repeat it
        }
        if (id != null) {
            b.id(id);
        }
        if (partition != null) {
            b.partitionBy(partition);
        }
        if (time != null) {
            b.time(time);
        }
        b.index(indexes.toArray(String[]::new));
        if (expiry != null) {
            b.expiry(expiry);
        }
        if (keepNewest != null || (maxAge != null && !maxAge.isZero())) {
            b.retention(new Retention(keepNewest == null ? 0 : keepNewest, maxAge == null ? Duration.ZERO : maxAge));
        }
        if (layout != null) {
            b.layout(layout);
        }
        if (encoding != null) {
            b.encoding(encoding);
        }
        if (maxValueSize != null) {
            b.maxValueSize(maxValueSize);
        }
        if (durability != null) {
            b.durability(durability);
        }
        try {
            return b.build();
        } catch (ConfigurationException e) {
            // what is left are agreements only the spec checks (the id field cannot be the partition field)
            e.problems().forEach(p -> s.problemHere(entry.keyNode(), p));
            return null;
        }
    }

    private static List<String> indexes(Section s, @Nullable String partition) {
        List<String> fields = s.words("indexes", "a field name", "a list of field names");
        if (fields == null) {
            return List.of();
        }
        Set<String> seen = new HashSet<>();
        List<String> out = new ArrayList<>();
        for (String f : fields) {
            if (!seen.add(f)) {
                s.problem("indexes", "field '" + f + "' is indexed twice");
            } else if (f.equals(partition)) {
                s.problem("indexes", "'" + f + "' is the partition-by field; every query is already within a partition,"
                        + " so do not index it too");
            } else {
                out.add(f);
            }
        }
        return out;
    }
}
