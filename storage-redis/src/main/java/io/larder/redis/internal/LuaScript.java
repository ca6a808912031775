package io.larder.redis.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * One Lua script of a room (a layout or a capability), as a constant of the room's own enum:
 * that enum is the room's script set, which {@link StoreContext#scripts} loads once per backend.
 * A script's text lives in a {@code .lua} file beside the room's classes, read by
 * {@link #read}. Every key a script touches shares one hash tag, and its first key decides the
 * Cluster slot it runs on.
 */
public interface LuaScript {

    /** The script's text, as {@code SCRIPT LOAD} is given it. */
    String source();

    /** The text of the resource {@code file} in the package of {@code owner} (the room's folder of the jar). */
    static String read(Class<?> owner, String file) {
        try (InputStream in = owner.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("script " + file + " is missing from the jar beside " + owner.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read script " + file, e);
        }
    }
}
