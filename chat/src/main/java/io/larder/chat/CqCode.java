package io.larder.chat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * OneBot v11's CQ-code message strings: {@code hello[CQ:at,qq=123][CQ:image,file=x.jpg,url=...]}
 * read as the same segments the array form carries, and written back. Text escapes {@code &amp;},
 * {@code &#91;} and {@code &#93;}; parameter values also {@code &#44;}. A {@code [CQ:} that is
 * not a well-formed code (no closing bracket, no type) is kept as text, as OneBot implementations
 * do. Stateless, thread-safe.
 */
final class CqCode {
    private static final String OPEN = "[CQ:";

    private CqCode() {
    }

    /**
     * One message segment.
     *
     * @param type the segment type ({@code text}, {@code at}, {@code image}, ...)
     * @param data its parameters, in order, as text
     */
    record Segment(String type, Map<String, String> data) {
        Segment {
            data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
        }

        static Segment text(String text) {
            return new Segment("text", Map.of("text", text));
        }

        String get(String key) {
            String v = data.get(key);
            return v == null ? "" : v;
        }
    }

    static List<Segment> parse(String message) {
        List<Segment> out = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int at = 0;
        while (at < message.length()) {
            int open = message.indexOf(OPEN, at);
            if (open < 0) {
                text.append(message, at, message.length());
                break;
            }
            int close = message.indexOf(']', open);
            Segment code = close < 0 ? null : code(message.substring(open + OPEN.length(), close));
            if (code == null) {
                // not a code: keep the bracket as text and look for the next one after it
                text.append(message, at, open + 1);
                at = open + 1;
                continue;
            }
            text.append(message, at, open);
            flush(text, out);
            out.add(code);
            at = close + 1;
        }
        flush(text, out);
        return out;
    }

    /** The CQ string of segments: text escaped, each other segment as a code. */
    static String format(List<Segment> segments) {
        StringBuilder out = new StringBuilder();
        for (Segment s : segments) {
            if (s.type().equals("text")) {
                out.append(escape(s.get("text"), false));
                continue;
            }
            out.append(OPEN).append(s.type());
            s.data().forEach((k, v) -> out.append(',').append(k).append('=').append(escape(v, true)));
            out.append(']');
        }
        return out.toString();
    }

    static String escape(String s, boolean inCode) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '[' -> out.append("&#91;");
                case ']' -> out.append("&#93;");
                case ',' -> out.append(inCode ? "&#44;" : ",");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Decodes the four escapes in one pass, so {@code &amp;#91;} stays {@code &#91;}. */
    static String unescape(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '&') {
                String rest = s.substring(i, Math.min(s.length(), i + 5));
                if (rest.startsWith("&amp;")) {
                    out.append('&');
                    i += 5;
                    continue;
                }
                if (rest.equals("&#91;") || rest.equals("&#93;") || rest.equals("&#44;")) {
                    out.append(rest.equals("&#91;") ? '[' : rest.equals("&#93;") ? ']' : ',');
                    i += 5;
                    continue;
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    /** The code between {@code [CQ:} and {@code ]}, or {@code null} when it is not one. */
    private static @Nullable Segment code(String body) {
        String[] parts = body.split(",", -1);
        String type = parts[0];
        if (type.isEmpty() || !type.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-')) {
            return null;
        }
        Map<String, String> data = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq <= 0) {
                return null;
            }
            data.put(parts[i].substring(0, eq), unescape(parts[i].substring(eq + 1)));
        }
        return new Segment(type, data);
    }

    private static void flush(StringBuilder text, List<Segment> out) {
        if (text.length() > 0) {
            out.add(Segment.text(unescape(text.toString())));
            text.setLength(0);
        }
    }
}
