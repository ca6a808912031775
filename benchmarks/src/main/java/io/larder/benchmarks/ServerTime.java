package io.larder.benchmarks;

import io.larder.testkit.RedisBinary;
import io.larder.testkit.RedisStandalone;
import java.util.Map;
import java.util.TreeMap;

/** What a Redis server spent: its CPU time and, by command, its calls and time. Stateless. */
final class ServerTime {
    private ServerTime() {
    }

    /** The server's version and where its binary came from, as a report names it. */
    static String describe(RedisStandalone redis) {
        return redis.process().info("server").getOrDefault("redis_version", "?") + " (" + RedisBinary.locate().origin()
                + ", no persistence)";
    }

    /** The server's CPU time so far, user and system, in seconds ({@code INFO cpu}). */
    static double cpuSeconds(RedisStandalone redis) {
        Map<String, String> cpu = redis.process().info("cpu");
        return Double.parseDouble(cpu.get("used_cpu_user")) + Double.parseDouble(cpu.get("used_cpu_sys"));
    }

    /**
     * Command → {calls, µs} since the last {@code CONFIG RESETSTAT} ({@code INFO commandstats}),
     * the reset itself left out.
     */
    static Map<String, long[]> commands(RedisStandalone redis) {
        Map<String, long[]> out = new TreeMap<>();
        redis.process().info("commandstats").forEach((key, value) -> {
            if (!key.startsWith("cmdstat_") || key.startsWith("cmdstat_config")) {
                return;
            }
            long calls = 0;
            long usec = 0;
            for (String field : value.split(",")) {
                if (field.startsWith("calls=")) {
                    calls = Long.parseLong(field.substring("calls=".length()));
                } else if (field.startsWith("usec=")) {
                    usec = Long.parseLong(field.substring("usec=".length()));
                }
            }
            out.put(key.substring("cmdstat_".length()), new long[] {calls, usec});
        });
        return out;
    }
}
