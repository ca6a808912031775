package io.larder.spi;

import io.larder.ConflictException;
import io.larder.Key;
import io.larder.Version;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The conflicts of one batch, collected as an adapter meets them and raised once, after the
 * batch's other writes: one {@link ConflictException} naming every key, built in time linear in
 * the conflicts (joining exceptions one by one copies them each time). Not thread-safe.
 */
public final class Conflicts {
    private final List<Key> keys = new ArrayList<>();
    private @Nullable Version firstExpected;

    /** The write of {@code key} found another version than {@code expected}; nothing of it was written. */
    public void add(Key key, Version expected) {
        if (firstExpected == null) {
            firstExpected = expected;
        }
        keys.add(key);
    }

    /** Every key {@code conflict} names. */
    public void add(ConflictException conflict) {
        if (firstExpected == null) {
            firstExpected = conflict.expected();
        }
        keys.addAll(conflict.conflicting());
    }

    /** Throws one exception naming every key collected, if any was. */
    public void throwIfAny() {
        if (firstExpected != null) {
            throw ConflictException.of(keys, firstExpected);
        }
    }
}
