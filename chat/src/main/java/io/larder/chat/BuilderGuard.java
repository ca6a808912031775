package io.larder.chat;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The rules every builder of this package keeps: a setting is made at most once, never to
 * {@code null}, and a count is positive (or, where zero means none, not negative).
 */
final class BuilderGuard {
    private BuilderGuard() {
    }

    /**
     * {@code value}, to be stored where {@code current} is.
     *
     * @throws NullPointerException when {@code value} is null
     * @throws IllegalStateException when {@code current} is already set
     */
    static <V> V once(@Nullable V current, V value, String what) {
        Objects.requireNonNull(value, what);
        if (current != null) {
            throw new IllegalStateException(what + " was already set");
        }
        return value;
    }

    /**
     * {@code n}, when it is positive.
     *
     * @throws IllegalArgumentException when it is not
     */
    static int positive(int n, String what) {
        if (n <= 0) {
            throw new IllegalArgumentException(what + " must be positive: " + n);
        }
        return n;
    }

    /**
     * {@code n}, when it is not negative.
     *
     * @throws IllegalArgumentException when it is
     */
    static int nonNegative(int n, String what) {
        if (n < 0) {
            throw new IllegalArgumentException(what + " cannot be negative: " + n);
        }
        return n;
    }
}
