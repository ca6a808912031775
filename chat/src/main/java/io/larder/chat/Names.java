package io.larder.chat;

import java.util.Objects;

/** The checks made where a user id, room id or name enters the rooms and presence APIs. Stateless. */
final class Names {
    /** The longest id accepted, in characters. */
    static final int MAX = 512;

    private Names() {
    }

    /**
     * {@code value}, refused when null, empty or longer than {@value #MAX} characters; any character
     * is allowed (keys escape what their layout needs).
     *
     * @throws IllegalArgumentException naming {@code what} when empty or too long
     */
    static String id(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        if (value.length() > MAX) {
            throw new IllegalArgumentException(what + " is " + value.length() + " characters long; at most " + MAX
                    + " are accepted");
        }
        return value;
    }

    /** {@code value}, or empty text for null; refused when longer than {@code max} characters. */
    static String text(String value, String what, int max) {
        String v = value == null ? "" : value;
        if (v.length() > max) {
            throw new IllegalArgumentException(what + " is " + v.length() + " characters long; at most " + max
                    + " are accepted");
        }
        return v;
    }
}
