package io.larder.redis.internal;

import java.util.Objects;

/**
 * An error reply of one command in a pipeline, e.g. {@code WRONGTYPE Operation against a key
 * holding the wrong kind of value}.
 *
 * @param message the server's message, starting with its error code
 * @param node the cluster node ({@code host:port}) that sent it, or empty for the backend's one server
 */
public record RedisError(String message, String node) {
    /** Checks the message and the node. */
    public RedisError {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(node, "node");
    }

    /** An error reply of the backend's one server. */
    public RedisError(String message) {
        this(message, "");
    }

    /** This reply, as sent by the cluster node {@code node}. */
    public RedisError from(String node) {
        return new RedisError(message, node);
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
