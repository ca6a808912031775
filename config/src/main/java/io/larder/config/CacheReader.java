package io.larder.config;

import static io.larder.config.BackendReader.or;

import io.larder.Layout;
import io.larder.StoreSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code larder.caches} into {@link CacheDeclaration}s. Defaults are the cache module's
 * ({@code CacheSettings.defaults()}; a test there checks they agree). A cache's {@code expiry}
 * becomes its store's absolute expiry, so it is read before the stores; each cache must name a
 * declared store, checked after them. Stateless.
 */
final class CacheReader {
    static final Duration NEGATIVE_TTL = Duration.ofSeconds(30);
    static final int FAILURE_RATE = 50;
    static final int WINDOW = 10;
    static final Duration OPEN_FOR = Duration.ofSeconds(10);
    static final int PROBES = 3;
    static final Duration SLOW_CALL = Duration.ofSeconds(1);

    /**
     * The caches read, and the expiry each sets on its store.
     *
     * @param caches the declarations, in file order
     * @param expiries store name to the duration its cache's {@code expiry} gives
     * @param entries the entries, to place problems found later
     */
    record Read(List<CacheDeclaration> caches, Map<String, Duration> expiries, List<Section.Named> entries) {
    }

    private CacheReader() {
    }

    static Read read(Section caches) {
        List<CacheDeclaration> out = new ArrayList<>();
        Map<String, Duration> expiries = new HashMap<>();
        List<Section.Named> entries = caches.named();
        for (Section.Named entry : entries) {
            Section s = entry.section();
            Duration expiry = s.duration("expiry", false);
            if (expiry != null) {
                expiries.put(entry.name(), expiry);
            }
            Section breaker = s.section("breaker");
            Section warmUp = s.section("warm-up");
            List<String> keys = warmUp.words("keys", "a key: id, or partition/id", "a list of keys");
            out.add(new CacheDeclaration(entry.name(), or(s.duration("negative-ttl", true), NEGATIVE_TTL),
                    or(s.choice("on-put", CacheDeclaration.OnPut.class), CacheDeclaration.OnPut.UPDATE),
                    or(breaker.integer("failure-rate", 1, 100), FAILURE_RATE),
                    or(breaker.integer("window", 1, Integer.MAX_VALUE), WINDOW),
                    or(breaker.duration("open-for", false), OPEN_FOR),
                    or(breaker.integer("probes", 1, Integer.MAX_VALUE), PROBES),
                    or(breaker.duration("slow-call", false), SLOW_CALL),
                    keys == null ? List.of() : keys));
        }
        return new Read(out, expiries, entries);
    }

    /** Reports each cache whose store is not declared (a store with problems of its own still counts), or cannot hold a cache. */
    @SuppressWarnings("rawtypes")
    static void checkStores(Read read, Section storesSection, List<StoreSpec<Map>> stores) {
        List<String> names = storesSection.named().stream().map(Section.Named::name).toList();
        for (Section.Named entry : read.entries()) {
            StoreSpec<Map> store = stores.stream().filter(st -> st.name().equals(entry.name())).findFirst().orElse(null);
            if (!names.contains(entry.name())) {
                entry.section().problemHere(entry.keyNode(), "no store '" + entry.name() + "' is declared under larder.stores;"
                        + " a cache caches a declared store" + (names.isEmpty() ? "" : " (declared: " + String.join(", ", names)
                        + ")" + Suggestions.didYouMean(entry.name(), names)));
            } else if (store != null && store.layout() == Layout.ARCHIVE) {
                entry.section().problemHere(entry.keyNode(), "store '" + entry.name() + "' has the archive layout, which"
                        + " cannot expire records one by one; a cache needs layout values or records");
            }
        }
    }
}
