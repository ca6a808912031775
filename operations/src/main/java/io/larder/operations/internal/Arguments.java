package io.larder.operations.internal;

import java.util.Objects;

/** The checks every capability makes where an id or a name enters. Stateless. */
public final class Arguments {
    /** The longest user id, task type, template id or category accepted, in characters. */
    public static final int MAX_NAME = 512;

    private Arguments() {
    }

    /**
     * {@code value}, refused when null, empty or longer than {@value #MAX_NAME} characters; any
     * character is allowed (keys escape what their layout needs).
     *
     * @throws IllegalArgumentException naming {@code what} when empty or too long
     */
    public static String name(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        if (value.length() > MAX_NAME) {
            throw new IllegalArgumentException(what + " is " + value.length() + " characters long; at most " + MAX_NAME
                    + " are accepted");
        }
        return value;
    }
}
