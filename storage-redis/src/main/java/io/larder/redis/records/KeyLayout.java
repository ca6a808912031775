package io.larder.redis.records;

import static io.larder.redis.internal.KeyText.escape;
import static io.larder.redis.internal.KeyText.glob;
import static io.larder.redis.internal.KeyText.unescape;

import io.larder.Key;
import io.larder.Query;
import org.jspecify.annotations.Nullable;

/**
 * Key layout v1 of one store (see {@code KEYS.md}). Every key of a partition carries the
 * partition as its hash tag, so a record and its index entries live in one slot:
 * <pre>
 * {prefix}{store}:{{tag}}:r:{id}             the value (string: frame bytes)
 * {prefix}{store}:{{tag}}:t                  the timeline (zset: member id, score time ms)
 * {prefix}{store}:{{tag}}:i:{field}:{value}  a term index (zset, same members and scores)
 * {prefix}{store}:layout                     "v1"
 * </pre>
 * The tag is the partition with {@code %}, <code>{</code> and <code>}</code> percent-encoded, so the
 * tag is exactly the partition; an unpartitioned store uses its own name as the tag. Immutable.
 */
final class KeyLayout {
    /** The layout version written to {@link #layoutKey()}. */
    static final String VERSION = "v1";

    private final String base;
    private final boolean partitioned;
    /** The tagged part of an unpartitioned store's keys, made once: it is on every key of every call. */
    private final String unpartitioned;

    KeyLayout(String keyPrefix, String storeName, boolean partitioned) {
        this.base = keyPrefix + storeName + ":";
        this.partitioned = partitioned;
        this.unpartitioned = base + "{" + escape(storeName) + "}:";
    }

    /** A parsed key of this store. */
    record Parsed(@Nullable String partition, char kind, String rest, String tagged) {
    }

    String valueKey(Key key) {
        return valuePrefix(key.partition()) + key.id();
    }

    /** The value keys of a partition all start with this; a script appends an id to it. */
    String valuePrefix(@Nullable String partition) {
        return tagged(partition) + "r:";
    }

    String timeline(@Nullable String partition) {
        return tagged(partition) + "t";
    }

    String termIndex(@Nullable String partition, Query.Term term) {
        return tagged(partition) + "i:" + term.field() + ":" + term.value();
    }

    String layoutKey() {
        return base + "layout";
    }

    /** A SCAN pattern for the store's value keys. */
    String valuePattern() {
        return glob(base) + "{*}:r:*";
    }

    /** A SCAN pattern for the store's index keys; it may also match some value keys, so {@link #parse} decides. */
    String indexPattern() {
        return glob(base) + "{*}:[ti]*";
    }

    /** The parts of one of this store's keys, or null for a key that is not one. */
    @Nullable Parsed parse(String key) {
        if (!key.startsWith(base + "{")) {
            return null;
        }
        int open = base.length();
        int close = key.indexOf('}', open);
        if (close < 0 || close + 2 >= key.length() || key.charAt(close + 1) != ':') {
            return null;
        }
        char kind = key.charAt(close + 2);
        String rest = key.substring(close + 3);
        if (kind == 'r' || kind == 'i') {
            if (!rest.startsWith(":") || rest.length() < 2) {
                return null;
            }
            rest = rest.substring(1);
        } else if (kind != 't' || !rest.isEmpty()) {
            return null;
        }
        String tag = key.substring(open + 1, close);
        String partition = partitioned ? unescape(tag) : null;
        return new Parsed(partition, kind, rest, key.substring(0, close + 2));
    }

    /** Everything of a partition's keys up to and including "}:" — value keys continue with "r:". */
    private String tagged(@Nullable String partition) {
        return partition == null ? unpartitioned : base + "{" + escape(partition) + "}:";
    }
}
