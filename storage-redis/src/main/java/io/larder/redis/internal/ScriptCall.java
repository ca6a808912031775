package io.larder.redis.internal;

import java.util.List;
import java.util.Objects;

/**
 * One {@code EVALSHA}: the script's SHA-1, its keys and its arguments.
 *
 * @param sha the script's SHA-1 as {@code SCRIPT LOAD} returned it
 * @param keys the keys the script touches (all in one hash slot)
 * @param args the other arguments
 */
public record ScriptCall(String sha, List<byte[]> keys, List<byte[]> args) {
    /** Copies the lists. */
    public ScriptCall {
        Objects.requireNonNull(sha, "sha");
        keys = List.copyOf(keys);
        args = List.copyOf(args);
    }
}
