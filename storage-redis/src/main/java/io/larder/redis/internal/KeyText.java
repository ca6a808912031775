package io.larder.redis.internal;

import java.nio.charset.StandardCharsets;

/**
 * Key text as every layout writes it: UTF-8 bytes, a partition's hash tag with {@code %},
 * <code>{</code> and <code>}</code> percent-encoded (so the tag is exactly the partition), and
 * prefixes escaped for {@code SCAN MATCH}. Stateless.
 */
public final class KeyText {
    private KeyText() {
    }

    /** The UTF-8 bytes of {@code s}. */
    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code b} read as UTF-8. */
    public static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** The hash tag of {@code partition}: the partition with {@code %}, <code>{</code> and <code>}</code> percent-encoded. */
    public static String escape(String partition) {
        if (partition.indexOf('%') < 0 && partition.indexOf('{') < 0 && partition.indexOf('}') < 0) {
            return partition;
        }
        StringBuilder out = new StringBuilder(partition.length() + 4);
        for (int i = 0; i < partition.length(); i++) {
            char c = partition.charAt(i);
            switch (c) {
                case '%' -> out.append("%25");
                case '{' -> out.append("%7B");
                case '}' -> out.append("%7D");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** The partition a hash tag written by {@link #escape} stands for. */
    public static String unescape(String tag) {
        if (tag.indexOf('%') < 0) {
            return tag;
        }
        return tag.replace("%7B", "{").replace("%7D", "}").replace("%25", "%");
    }

    /** {@code literal} with Redis glob characters escaped, so a pattern starting with it matches only itself there. */
    public static String glob(String literal) {
        StringBuilder out = new StringBuilder(literal.length());
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
