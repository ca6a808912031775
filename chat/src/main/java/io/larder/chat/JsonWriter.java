package io.larder.chat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A small streaming JSON writer for the exports: objects and arrays are opened and closed in
 * order and commas placed for the caller, so one line of any length is written without being
 * held in memory. Text is written as is (UTF-8 by the caller's writer) except quotes, the
 * backslash, control characters, U+2028/U+2029 and lone surrogates, which are escaped.
 * Not thread-safe.
 */
final class JsonWriter {
    private final Appendable out;
    /** Per open container: whether the next value needs a comma before it. */
    private final Deque<boolean[]> open = new ArrayDeque<>();
    private boolean afterName;

    JsonWriter(Appendable out) {
        this.out = out;
    }

    JsonWriter beginObject() {
        beforeValue();
        raw('{');
        open.push(new boolean[] {false});
        return this;
    }

    JsonWriter endObject() {
        open.pop();
        raw('}');
        return this;
    }

    JsonWriter beginArray() {
        beforeValue();
        raw('[');
        open.push(new boolean[] {false});
        return this;
    }

    JsonWriter endArray() {
        open.pop();
        raw(']');
        return this;
    }

    JsonWriter name(String name) {
        beforeValue();
        quote(name);
        raw(':');
        afterName = true;
        return this;
    }

    JsonWriter value(@Nullable String s) {
        beforeValue();
        if (s == null) {
            raw("null");
        } else {
            quote(s);
        }
        return this;
    }

    JsonWriter value(long n) {
        beforeValue();
        raw(Long.toString(n));
        return this;
    }

    JsonWriter value(boolean b) {
        beforeValue();
        raw(b ? "true" : "false");
        return this;
    }

    /** Writes a plain value: a map, list, string, number, boolean or null. */
    JsonWriter value(Object v) {
        if (v == null || v instanceof String) {
            return value((String) v);
        }
        if (v instanceof Boolean b) {
            return value(b.booleanValue());
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return value(((Number) v).longValue());
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("JSON has no " + d);
            }
            beforeValue();
            raw(n.toString());
            return this;
        }
        if (v instanceof Map<?, ?> m) {
            beginObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                name(String.valueOf(e.getKey()));
                value(e.getValue());
            }
            return endObject();
        }
        if (v instanceof List<?> l) {
            beginArray();
            for (Object item : l) {
                value(item);
            }
            return endArray();
        }
        if (v instanceof Enum<?> e) {
            return value(e.name());
        }
        throw new IllegalArgumentException("cannot write " + v.getClass().getName() + " as JSON");
    }

    /** Ends a line of JSONL; every container must be closed. */
    JsonWriter newline() {
        if (!open.isEmpty()) {
            throw new IllegalStateException("a JSON line ends with " + open.size() + " container(s) open");
        }
        raw('\n');
        return this;
    }

    /** {@code s} as a JSON string literal. */
    static String quoted(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2);
        new JsonWriter(b).quote(s);
        return b.toString();
    }

    private void beforeValue() {
        if (afterName) {
            afterName = false;
            return;
        }
        boolean[] comma = open.peek();
        if (comma != null) {
            if (comma[0]) {
                raw(',');
            }
            comma[0] = true;
        }
    }

    private void quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    boolean lone = Character.isHighSurrogate(c)
                            ? i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))
                            : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
                    if (c < 0x20 || c == '\u2028' || c == '\u2029' || lone) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        raw(b.append('"'));
    }

    private void raw(CharSequence s) {
        try {
            out.append(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void raw(char c) {
        try {
            out.append(c);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
