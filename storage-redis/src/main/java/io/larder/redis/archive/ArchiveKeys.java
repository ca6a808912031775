package io.larder.redis.archive;

import static io.larder.redis.internal.KeyText.bytes;
import static io.larder.redis.internal.KeyText.escape;
import static io.larder.redis.internal.KeyText.glob;
import static io.larder.redis.internal.KeyText.unescape;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The archive layout's keys for one store (see {@code KEYS.md}, "archive layout"). Every key of
 * a partition starts with its base {@code {prefix}{store}:{{tag}}:}, the same hash tag as key
 * layout v1, so a partition's scripts touch one slot:
 * <pre>
 * {base}m            hash: v (version), n (records), s (last chunk id), f (floor), L and p (index buckets),
 *                    o (the tail's oldest time, or earlier)
 * {base}tail         hash: id to tail entry (the open tail)
 * {base}chunks       zset: chunk id, scored by the chunk's first time
 * {base}c:{chunk}    string: a sealed chunk
 * {base}x:{bucket}   hash: id to location ("0" tail, else chunk id)
 * {prefix}{store}:layout   "archive-v1"
 * {prefix}{store}:tails    zset: partitions whose tail is not empty, scored by its oldest time
 * </pre>
 * Immutable.
 */
final class ArchiveKeys {
    static final String VERSION = "archive-v1";

    private final String base;

    ArchiveKeys(String keyPrefix, String storeName) {
        this.base = keyPrefix + storeName + ":";
    }

    /**
     * The partition of an archive store's key or request: never null, since the archive layout
     * needs partition-by (the store's spec is refused without it).
     */
    static String partitioned(@Nullable String partition) {
        return Objects.requireNonNull(partition, "the archive layout is partitioned");
    }

    /** Everything of a partition's keys up to and including "}:"; the scripts append the rest. */
    String base(String partition) {
        return base + "{" + escape(partition) + "}:";
    }

    String meta(String partition) {
        return base(partition) + "m";
    }

    String chunk(String partition, String chunkId) {
        return base(partition) + "c:" + chunkId;
    }

    /** An index bucket of the partition ({@link #bucket(long, int, long)} picks an id's). */
    String bucket(String partition, long bucket) {
        return base(partition) + "x:" + bucket;
    }

    String tail(String partition) {
        return base(partition) + "tail";
    }

    /** The store's tail registry: outside every partition, read and written on its own. */
    String tails() {
        return base + "tails";
    }

    String layoutKey() {
        return base + "layout";
    }

    /**
     * The id's FNV-1a (32 bits, over its UTF-8 bytes) as unsigned decimal: it picks the id's index
     * bucket (KEYS.md). Scripts are handed it with each id rather than hash in Lua, which is slow.
     */
    static byte[] idHash(String id) {
        return bytes(Long.toString(hash(id)));
    }

    /** The id's FNV-1a (32 bits, over its UTF-8 bytes), unsigned. */
    static long hash(String id) {
        int h = 0x811C9DC5;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c >= 0x80) {
                return hashBytes(id);   // ids are mostly ASCII digits: only others pay for their UTF-8 form
            }
            h ^= c;
            h *= 16777619;
        }
        return Integer.toUnsignedLong(h);
    }

    private static long hashBytes(String id) {
        int h = 0x811C9DC5;
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 16777619;
        }
        return Integer.toUnsignedLong(h);
    }

    /**
     * The index bucket of an id hashed {@code h} while the partition's linear hashing is at level
     * {@code level} with {@code next} buckets of it split (KEYS.md).
     */
    static long bucket(long h, int level, long next) {
        long b = h % (1L << level);
        return b < next ? h % (2L << level) : b;
    }

    /** A SCAN pattern for the partitions' meta hashes: one per partition. */
    String metaPattern() {
        return glob(base) + "{*}:m";
    }

    /** The partition of a meta key found by {@link #metaPattern()}, or null for a key that is not one. */
    @Nullable String partitionOfMeta(String key) {
        if (!key.startsWith(base + "{") || !key.endsWith("}:m")) {
            return null;
        }
        String tag = key.substring(base.length() + 1, key.length() - 3);
        return tag.indexOf('}') >= 0 ? null : unescape(tag);
    }
}
