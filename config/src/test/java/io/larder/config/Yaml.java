package io.larder.config;

import io.larder.cluster.ClusterSettings;
import io.larder.memory.MemorySettings;
import io.larder.redis.RedisSettings;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Test fixtures: parse YAML text with a fixed environment, so no test depends on the machine's. */
final class Yaml {
    private Yaml() {
    }

    static LarderSettings parse(String yaml, String profile) {
        return parse(yaml, profile, Map.of());
    }

    static LarderSettings parse(String yaml, String profile, Map<String, String> env) {
        return LarderYaml.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "f.yaml", profile, env::get);
    }

    /** The Redis adapter's settings the file gives, whichever type it chooses. */
    static RedisSettings redis(LarderSettings s) {
        return s.adapter(RedisSettings.class).orElseThrow();
    }

    /** The Cluster adapter's settings the file gives, whichever type it chooses. */
    static ClusterSettings cluster(LarderSettings s) {
        return s.adapter(ClusterSettings.class).orElseThrow();
    }

    /** The memory adapter's settings the file gives, whichever type it chooses. */
    static MemorySettings memory(LarderSettings s) {
        return s.adapter(MemorySettings.class).orElseThrow();
    }

    static LarderSettings reference(String profile, Map<String, String> env) {
        return LarderYaml.parse(Yaml.class.getResourceAsStream("/design-reference.yaml"), "design-reference.yaml",
                profile, env::get);
    }
}
