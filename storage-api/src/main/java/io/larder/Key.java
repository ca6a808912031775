package io.larder;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The address of a record: its id, and the partition it lives in when its store is
 * partitioned (a chat group, a user's sessions). Both are non-empty, well-formed UTF-16 text
 * ({@link MalformedKeyException} otherwise), so every backend stores them as they are. Immutable.
 */
public final class Key {
    private final @Nullable String partition;
    private final String id;

    private Key(@Nullable String partition, String id) {
        this.partition = partition;
        this.id = requireText(id, "id");
    }

    /** The key of a record in an unpartitioned store. */
    public static Key of(String id) {
        return new Key(null, id);
    }

    /** The key of a record in a partitioned store. */
    public static Key of(String partition, String id) {
        return new Key(requireText(partition, "partition"), id);
    }

    /** The partition, or {@code null} for an unpartitioned store. */
    public @Nullable String partition() {
        return partition;
    }

    /** The record id, unique within its partition. */
    public String id() {
        return id;
    }

    /** Whether this key names a partition. */
    public boolean isPartitioned() {
        return partition != null;
    }

    private static String requireText(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        return MalformedKeyException.requireWellFormed(value, what);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Key other && id.equals(other.id) && Objects.equals(partition, other.partition);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hashCode(partition) + id.hashCode();
    }

    @Override
    public String toString() {
        return partition == null ? id : partition + "/" + id;
    }
}
