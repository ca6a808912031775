package io.larder;

import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A password or key that must never reach a log, a message or {@code toString}. Only
 * {@link #reveal()} gives its text, and only adapters that pass it to a driver call it.
 */
public final class Secret {
    private static final Secret EMPTY = new Secret(new char[0]);
    private final char[] value;

    private Secret(char[] value) {
        this.value = value;
    }

    /** A secret holding {@code value}; an empty or null value is {@link #none()}. */
    public static Secret of(@Nullable String value) {
        return value == null || value.isEmpty() ? EMPTY : new Secret(value.toCharArray());
    }

    /** No secret set. */
    public static Secret none() {
        return EMPTY;
    }

    /** Whether a value is set. */
    public boolean isPresent() {
        return value.length > 0;
    }

    /** The secret's text, for handing to a driver. Never log it. */
    public String reveal() {
        return new String(value);
    }

    /** The secret's characters, for APIs that take a char array. A copy. */
    public char[] revealChars() {
        return value.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value.length);
    }

    @Override
    public String toString() {
        return isPresent() ? "******" : "(none)";
    }
}
