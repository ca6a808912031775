package io.larder.redis.internal;

import java.util.Objects;

/**
 * An error reply of one command in a pipeline, e.g. {@code WRONGTYPE Operation against a key
 * holding the wrong kind of value}.
 *
 * @param message the server's message, starting with its error code
 */
public record RedisError(String message) {
    /** Checks the message. */
    public RedisError {
        Objects.requireNonNull(message, "message");
    }

    /** The error code: the message's first word ({@code WRONGTYPE}, {@code NOSCRIPT}, {@code ERR}). */
    public String code() {
        int space = message.indexOf(' ');
        return space < 0 ? message : message.substring(0, space);
    }

    /** Whether the server no longer has the script ({@code NOSCRIPT}). */
    public boolean isNoScript() {
        return code().equals("NOSCRIPT");
    }

    /** Whether a key held another type than the command works on ({@code WRONGTYPE}), also when a script says so. */
    public boolean isWrongType() {
        return code().equals("WRONGTYPE") || message.contains("WRONGTYPE");
    }
}
