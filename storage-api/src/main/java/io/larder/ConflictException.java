package io.larder;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A conditional save found another version than the one expected; nothing was written under that
 * key. A batch of conditional writes names every key that conflicted in {@link #conflicting()}
 * ({@link #key()} is the first of them); the batch's other writes went through.
 */
public class ConflictException extends StorageException {
    private static final long serialVersionUID = 1L;
    private final Key key;
    private final Version expected;
    private final List<Key> conflicting;

    /** A conflict on {@code key}, which was not at {@code expected}. */
    public ConflictException(Key key, Version expected) {
        this(key, expected, "record " + key + " is not at the expected version " + expected);
    }

    /** A conflict on {@code key}, which was not at {@code expected}, said in {@code message}. */
    public ConflictException(Key key, Version expected, String message) {
        this(key, expected, message, List.of(key));
    }

    private ConflictException(Key key, Version expected, String message, List<Key> conflicting) {
        super(message);
        this.key = key;
        this.expected = expected;
        this.conflicting = conflicting;
    }

    /**
     * The conflicts of one batch so far ({@code first}, null before the first) joined with
     * {@code next}: the first's {@link #key()} and {@link #expected()}, every key in
     * {@link #conflicting()}. Copies what it joins: a batch with many conflicts collects them with
     * {@link io.larder.spi.Conflicts} instead.
     */
    public static ConflictException joined(@Nullable ConflictException first, ConflictException next) {
        if (first == null) {
            return next;
        }
        List<Key> all = new ArrayList<>(first.conflicting);
        all.addAll(next.conflicting);
        return of(all, first.expected);
    }

    /**
     * One conflict naming every key of {@code keys} (in order, a repeat once), the first of them as
     * {@link #key()}, which was not at {@code firstExpected}.
     *
     * @throws IllegalArgumentException when {@code keys} is empty
     */
    public static ConflictException of(List<Key> keys, Version firstExpected) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a conflict names at least one key");
        }
        List<Key> all = List.copyOf(new LinkedHashSet<>(keys));
        Key first = all.get(0);
        if (all.size() == 1) {
            return new ConflictException(first, firstExpected);
        }
        return new ConflictException(first, firstExpected, "records " + first + " and " + (all.size() - 1)
                + " more are not at the versions expected; those were not written, the batch's other writes were", all);
    }

    /** The record's key. */
    public Key key() {
        return key;
    }

    /** Every key that conflicted, {@link #key()} first: one for a single save, each conflicting write's for a batch. */
    public List<Key> conflicting() {
        return conflicting;
    }

    /** The version the caller expected. */
    public Version expected() {
        return expected;
    }
}
