package io.larder.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Which keys the configuration file knows, section by section. Checking a tree against it
 * reports each unknown key with its path, position and the closest valid key; the values
 * themselves are typed later, by the readers. Immutable.
 */
final class Schema {
    /** A value: text, number, list... what it must be is the readers' business. */
    static final Schema VALUE = new Schema(Map.of(), null, null);

    private static final Schema EXPIRY = section("policy", VALUE, "duration", VALUE, "field", VALUE);
    private static final Schema COMPRESSION = section("algorithm", VALUE, "threshold", VALUE);
    private static final Schema DURABILITY = section("replicas", VALUE, "disk", VALUE, "timeout", VALUE,
            "unconfirmed", VALUE);

    private static final Schema DEFAULTS = section(
            "key-prefix", VALUE, "codec", VALUE, "compression", COMPRESSION, "schema-version", VALUE,
            "expiry", EXPIRY,
            "batch", section("size", VALUE, "max-pipeline", VALUE),
            "max-value-size", VALUE,
            "metrics", section("slow-op-threshold", VALUE));

    private static final Schema STORE = section(
            "id", VALUE, "partition-by", VALUE, "time", VALUE, "indexes", VALUE, "expiry", EXPIRY,
            "retention", section("keep-newest", VALUE, "max-age", VALUE), "layout", VALUE, "codec", VALUE,
            "compression", COMPRESSION, "schema-version", VALUE, "max-value-size", VALUE, "durability", DURABILITY);

    private static final Schema LIMITER = section(
            "limits", listOf(section("max", VALUE, "per", VALUE, "type", VALUE, "burst", VALUE)),
            "on-unavailable", VALUE, "zone", VALUE);

    private static final Schema CACHE = section(
            "expiry", VALUE, "negative-ttl", VALUE, "on-put", VALUE,
            "breaker", section("failure-rate", VALUE, "window", VALUE, "open-for", VALUE, "probes", VALUE, "slow-call", VALUE),
            "warm-up", section("keys", VALUE));

    private static final Schema BACKUP = section("enabled", VALUE, "interval", VALUE, "path", VALUE, "keep", VALUE);

    /**
     * The whole file, {@code larder} and {@code environments.<profile>.larder}, where {@code larder.backend} holds
     * {@code type}, the keys the adapters on the class path read ({@code adapterKeys}, dotted for a key of a
     * section: {@code pool.size}), {@code sweep-interval} and {@code durability}.
     */
    static Schema file(List<String> adapterKeys) {
        Map<String, Schema> backend = new LinkedHashMap<>();
        backend.put("type", VALUE);
        for (String key : adapterKeys) {
            int dot = key.indexOf('.');
            if (dot < 0) {
                backend.putIfAbsent(key, VALUE);
            } else {
                String section = key.substring(0, dot);
                Schema sub = backend.get(section);
                if (sub == null || sub == VALUE) {
                    sub = new Schema(new LinkedHashMap<>(), null, null);
                    backend.put(section, sub);
                }
                sub.keys.put(key.substring(dot + 1), VALUE);
            }
        }
        backend.put("sweep-interval", VALUE);
        backend.put("durability", DURABILITY);
        Schema larder = withCapabilities(section("backend", new Schema(backend, null, null), "defaults", DEFAULTS,
                "stores", named(STORE), "limiters", named(LIMITER), "caches", named(CACHE), "backup", BACKUP));
        return section("larder", larder, "environments", named(section("larder", larder)));
    }

    private final Map<String, Schema> keys;
    private final @Nullable Schema eachNamed;
    private final @Nullable Schema eachItem;

    private Schema(Map<String, Schema> keys, @Nullable Schema eachNamed, @Nullable Schema eachItem) {
        this.keys = keys;
        this.eachNamed = eachNamed;
        this.eachItem = eachItem;
    }

    /** A section with these keys, given as name, schema, name, schema... */
    private static Schema section(Object... namesAndSchemas) {
        Map<String, Schema> keys = new LinkedHashMap<>();
        for (int i = 0; i < namesAndSchemas.length; i += 2) {
            keys.put((String) namesAndSchemas[i], (Schema) namesAndSchemas[i + 1]);
        }
        return new Schema(keys, null, null);
    }

    /** {@code larder} with the capabilities' sections, whose keys {@link CapabilityReader} lists. */
    private static Schema withCapabilities(Schema larder) {
        Map<String, Schema> keys = new LinkedHashMap<>(larder.keys);
        CapabilityReader.SECTIONS.forEach((name, section) -> {
            Map<String, Schema> values = new LinkedHashMap<>();
            section.keySet().forEach(k -> values.put(k, VALUE));
            keys.put(name, new Schema(values, null, null));
        });
        return new Schema(keys, null, null);
    }

    /** A mapping from names the user chooses (stores, profiles) to sections of one schema. */
    private static Schema named(Schema each) {
        return new Schema(Map.of(), each, null);
    }

    /** A list whose items are sections of one schema (a limiter's limits). */
    private static Schema listOf(Schema each) {
        return new Schema(Map.of(), null, each);
    }

    /** Reports every unknown key under {@code node}, which sits at {@code path}. */
    void check(Node node, String path, Problems problems) {
        if (eachItem != null && node instanceof SequenceNode list) {
            for (int i = 0; i < list.getValue().size(); i++) {
                eachItem.check(list.getValue().get(i), path + "[" + i + "]", problems);
            }
            return;
        }
        if (this == VALUE || !(node instanceof MappingNode mapping)) {
            return;                                  // a wrong shape is reported when the value is read
        }
        for (NodeTuple t : mapping.getValue()) {
            String key = YamlTree.key(t);
            if (key == null) {
                continue;                            // reported by YamlTree.checkKeys
            }
            String child = YamlTree.join(path, key);
            if (eachNamed != null) {
                eachNamed.check(t.getValueNode(), child, problems);
            } else if (keys.containsKey(key)) {
                keys.get(key).check(t.getValueNode(), child, problems);
            } else {
                problems.at(child, t.getKeyNode(), unknown(key));
            }
        }
    }

    private String unknown(String key) {
        String seed = SeedKeys.replacement(key);
        if (seed != null) {
            return "unknown key '" + key + "': " + seed;
        }
        String hint = Suggestions.didYouMean(key, keys.keySet());
        return "unknown key '" + key + "'" + (hint.isEmpty() ? "; valid keys here: " + String.join(", ", keys.keySet()) : hint);
    }
}
