package io.larder;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * A settings builder's record of what was set: each setting may be set once, and setting it again
 * is refused as the mistake it is, by name. Not thread-safe: one per builder.
 */
public final class SetOnce {
    private final String kind;
    private final Set<String> made = new HashSet<>();

    /** A record for settings of {@code kind}, as messages name them ({@code "redis setting"}). */
    public SetOnce(String kind) {
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /**
     * {@code value}, recorded as setting {@code name}.
     *
     * @throws NullPointerException when {@code value} is null
     * @throws IllegalStateException when {@code name} was set before
     */
    public <V> V set(String name, V value) {
        Objects.requireNonNull(value, name);
        if (!made.add(name)) {
            throw new IllegalStateException(kind + " " + name + " was already set");
        }
        return value;
    }
}
