package io.larder.chat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A small, strict JSON reader (RFC 8259): one document, objects as insertion-ordered maps,
 * arrays as lists, strings with every escape and surrogate pairs, integers as {@code Long}
 * (or {@code BigInteger} beyond it), other numbers as {@code Double}, {@code true}/{@code false}
 * and {@code null}. It refuses what a lenient parser would guess at: trailing commas, leading
 * zeros, comments, single quotes, control characters in strings, unpaired surrogates, duplicate
 * keys, trailing text, nesting deeper than {@value #MAX_DEPTH}. Errors name the offset.
 * Kept here so the chat module reads OneBot logs without a JSON library. Stateless, thread-safe.
 */
final class Json {
    static final int MAX_DEPTH = 256;

    private final CharSequence text;
    private int at;
    private int depth;

    /** A malformed document; the message names the offset (0-based) and what was expected. */
    static final class JsonException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final int offset;

        JsonException(String message, int offset) {
            super(message + " at offset " + offset);
            this.offset = offset;
        }

        int offset() {
            return offset;
        }
    }

    private Json(CharSequence text) {
        this.text = text;
    }

    /** The value of a whole document. */
    static @Nullable Object parse(CharSequence text) {
        Json p = new Json(text);
        p.skipSpace();
        Object value = p.value();
        p.skipSpace();
        if (p.at < text.length()) {
            throw p.error("unexpected text after the document");
        }
        return value;
    }

    /** The document as an object; refuses any other value. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parseObject(CharSequence text) {
        Object v = parse(text);
        if (!(v instanceof Map)) {
            throw new JsonException("expected a JSON object, found " + kind(v), 0);
        }
        return (Map<String, Object>) v;
    }

    /** A short name of a parsed value's JSON kind, for messages. */
    static String kind(@Nullable Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Map) {
            return "an object";
        }
        if (v instanceof List) {
            return "an array";
        }
        if (v instanceof String) {
            return "a string";
        }
        if (v instanceof Boolean) {
            return "a boolean";
        }
        return "a number";
    }

    private @Nullable Object value() {
        if (at >= text.length()) {
            throw error("unexpected end of input, expected a value");
        }
        char c = text.charAt(at);
        switch (c) {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("unexpected character '" + printable(c) + "', expected a value");
        }
    }

    private Map<String, Object> object() {
        enter();
        at++; // {
        Map<String, Object> map = new LinkedHashMap<>();
        skipSpace();
        if (peek() == '}') {
            at++;
            depth--;
            return map;
        }
        while (true) {
            skipSpace();
            if (peek() != '"') {
                throw error("expected a string key");
            }
            int keyAt = at;
            String key = string();
            skipSpace();
            expect(':');
            skipSpace();
            Object v = value();
            if (map.containsKey(key)) {
                throw new JsonException("duplicate key \"" + key + "\"", keyAt);
            }
            map.put(key, v);
            skipSpace();
            char c = peek();
            at++;
            if (c == '}') {
                depth--;
                return map;
            }
            if (c != ',') {
                at--;
                throw error("expected ',' or '}' in an object");
            }
        }
    }

    private List<Object> array() {
        enter();
        at++; // [
        List<Object> list = new ArrayList<>();
        skipSpace();
        if (peek() == ']') {
            at++;
            depth--;
            return list;
        }
        while (true) {
            skipSpace();
            list.add(value());
            skipSpace();
            char c = peek();
            at++;
            if (c == ']') {
                depth--;
                return list;
            }
            if (c != ',') {
                at--;
                throw error("expected ',' or ']' in an array");
            }
        }
    }

    private String string() {
        at++; // opening quote
        StringBuilder out = null;
        int start = at;
        while (true) {
            if (at >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(at);
            if (c == '"') {
                String s = out == null ? text.subSequence(start, at).toString() : out.append(text, start, at).toString();
                at++;
                return s;
            }
            if (c < 0x20) {
                throw error("control character U+" + String.format("%04X", (int) c) + " in a string");
            }
            if (Character.isSurrogate(c)) {
                // a raw surrogate must be a well-formed pair, like an escaped one
                if (Character.isHighSurrogate(c) && at + 1 < text.length() && Character.isLowSurrogate(text.charAt(at + 1))) {
                    at += 2;
                    continue;
                }
                throw error("unpaired surrogate in a string");
            }
            if (c != '\\') {
                at++;
                continue;
            }
            if (out == null) {
                out = new StringBuilder();
            }
            out.append(text, start, at);
            at++;
            out.append(escape());
            start = at;
        }
    }

    private String escape() {
        if (at >= text.length()) {
            throw error("unterminated escape");
        }
        char c = text.charAt(at++);
        switch (c) {
            case '"': return "\"";
            case '\\': return "\\";
            case '/': return "/";
            case 'b': return "\b";
            case 'f': return "\f";
            case 'n': return "\n";
            case 'r': return "\r";
            case 't': return "\t";
            case 'u':
                char unit = hex4();
                if (Character.isHighSurrogate(unit)) {
                    if (at + 1 < text.length() && text.charAt(at) == '\\' && text.charAt(at + 1) == 'u') {
                        at += 2;
                        char low = hex4();
                        if (Character.isLowSurrogate(low)) {
                            return new String(new char[] {unit, low});
                        }
                    }
                    throw error("unpaired surrogate \\u" + String.format("%04X", (int) unit));
                }
                if (Character.isLowSurrogate(unit)) {
                    throw error("unpaired surrogate \\u" + String.format("%04X", (int) unit));
                }
                return String.valueOf(unit);
            default:
                at--;
                throw error("invalid escape '\\" + printable(c) + "'");
        }
    }

    private char hex4() {
        if (at + 4 > text.length()) {
            throw error("truncated \\u escape");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(text.charAt(at), 16);
            if (d < 0) {
                throw error("invalid hex digit in \\u escape");
            }
            v = v * 16 + d;
            at++;
        }
        return (char) v;
    }

    private Object number() {
        int start = at;
        if (peek() == '-') {
            at++;
        }
        if (peek() == '0') {
            at++;
            if (isDigit(peek())) {
                throw error("leading zero in a number");
            }
        } else if (isDigit(peek())) {
            digits();
        } else {
            throw error("expected a digit");
        }
        boolean integral = true;
        if (peek() == '.') {
            integral = false;
            at++;
            if (!isDigit(peek())) {
                throw error("expected a digit after '.'");
            }
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            at++;
            if (peek() == '+' || peek() == '-') {
                at++;
            }
            if (!isDigit(peek())) {
                throw error("expected a digit in the exponent");
            }
            digits();
        }
        String literal = text.subSequence(start, at).toString();
        if (integral) {
            try {
                return Long.parseLong(literal);
            } catch (NumberFormatException e) {
                return new BigInteger(literal);
            }
        }
        double d = Double.parseDouble(literal);
        if (Double.isInfinite(d)) {
            throw new JsonException("number out of range: " + literal, start);
        }
        return d;
    }

    private void digits() {
        while (isDigit(peek())) {
            at++;
        }
    }

    private @Nullable Object literal(String word, @Nullable Object value) {
        if (at + word.length() > text.length() || !text.subSequence(at, at + word.length()).toString().equals(word)) {
            throw error("invalid literal, expected " + word);
        }
        at += word.length();
        return value;
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH);
        }
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        at++;
    }

    /** The current character, or {@code \0} at the end (never valid where a token is expected). */
    private char peek() {
        return at < text.length() ? text.charAt(at) : '\0';
    }

    private void skipSpace() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            at++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private JsonException error(String what) {
        return new JsonException(at >= text.length() && !what.startsWith("unexpected end") && !what.startsWith("unterminated")
                ? what + " (input ended)" : what, at);
    }

    private static String printable(char c) {
        return c < 0x20 || c == 0x7f ? String.format("\\u%04X", (int) c) : String.valueOf(c);
    }
}
