package io.larder.redis.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Reads the arrays the adapter's scripts return: integers arrive as {@code Long}, strings as {@code byte[]}. Stateless. */
public final class Replies {
    private Replies() {
    }

    /** The integer at {@code index}; a score that came back as text is parsed. */
    public static long number(List<?> reply, int index) {
        Object o = reply.get(index);
        if (o instanceof Long l) {
            return l;
        }
        if (o instanceof byte[] b) {
            // scores come back as strings, e.g. "1700000000000"
            return (long) Double.parseDouble(new String(b, StandardCharsets.US_ASCII));
        }
        throw new IllegalStateException("expected a number at " + index + " of a script reply, got " + o);
    }

    /** The bytes of the string at {@code index}. */
    public static byte[] bytes(List<?> reply, int index) {
        Object o = reply.get(index);
        if (o instanceof byte[] b) {
            return b;
        }
        if (o instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        throw new IllegalStateException("expected a string at " + index + " of a script reply, got " + o);
    }

    /** The string at {@code index}, read as UTF-8. */
    public static String text(List<?> reply, int index) {
        return new String(bytes(reply, index), StandardCharsets.UTF_8);
    }
}
