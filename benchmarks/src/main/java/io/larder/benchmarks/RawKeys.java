package io.larder.benchmarks;

import java.nio.charset.StandardCharsets;

/**
 * The key layout the raw-driver and peer subjects share, close in length to Larder's so key
 * handling costs the same: {@code chat:{group}:id} for a message, {@code chat:{group}:timeline}
 * for the group's sorted set of ids scored by time. The hash tag keeps a group on one slot.
 */
final class RawKeys {
    /** The system property behind {@link #LASTING}. */
    static final String LASTING_PROPERTY = "larder.bench.lasting";
    /** Seconds a raw subject's value lives: {@code SET ... EX 3600}. */
    static final long EXPIRY_SECONDS = 3600;
    /**
     * {@code -Dlarder.bench.lasting=true}: the raw drivers' values and Larder's stores never expire
     * (a plain {@code SET}; {@code Expiry.none()}), which lets Larder write a batch as {@code MSET}s.
     * The peers (Spring Data Redis, Redisson) keep their expiry. Off by default; {@code benchmarks/run}
     * sets it for {@link Workload#SAVE_ALL_LASTING} only.
     */
    static final boolean LASTING = Boolean.getBoolean(LASTING_PROPERTY);
    /** The {@link BenchSubject#dataset()} of every subject using this layout. */
    static final String DATASET = "raw-redis";

    private RawKeys() {
    }

    static String value(String groupId, String id) {
        return "chat:{" + groupId + "}:" + id;
    }

    static String value(ChatMessage m) {
        return value(m.groupId(), m.id());
    }

    static String value(MessageRef ref) {
        return value(ref.groupId(), ref.id());
    }

    static String timeline(String groupId) {
        return "chat:{" + groupId + "}:timeline";
    }

    static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
