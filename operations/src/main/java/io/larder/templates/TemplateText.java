package io.larder.templates;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one syntax of template text: <code>{{name}}</code> puts a variable's value in, and nothing
 * else is special. Values are put in as given, never read for placeholders themselves, so no
 * value can change what a template says beyond its own place; there is no expression, call or
 * loop to run. Stateless.
 */
final class TemplateText {
    private TemplateText() {
    }

    /**
     * The variables {@code text} names, in order of first use; every malformed placeholder (a
     * <code>{{</code> not followed by a name and <code>}}</code>) is added to {@code problems}.
     */
    static Set<String> names(String text, List<String> problems) {
        Set<String> names = new LinkedHashSet<>();
        int at = 0;
        while ((at = text.indexOf("{{", at)) >= 0) {
            int end = placeholderEnd(text, at);
            if (end < 0) {
                problems.add("malformed placeholder at character " + at + ": '" + excerpt(text, at)
                        + "' (a placeholder is {{name}}, a name of letters, digits and _)");
                at += 2;
                continue;
            }
            names.add(text.substring(at + 2, end - 2).strip());
            at = end;
        }
        return names;
    }

    /** Whether {@code name} can be a variable: letters, digits and {@code _}, not starting with a digit. */
    static boolean isName(String name) {
        if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    /** {@code text} with each placeholder replaced by its value; the text was checked when it was saved. */
    static String render(String text, Map<String, String> values) {
        StringBuilder out = new StringBuilder(text.length() + 64);
        int from = 0;
        int at;
        while ((at = text.indexOf("{{", from)) >= 0) {
            int end = placeholderEnd(text, at);
            out.append(text, from, at).append(values.get(text.substring(at + 2, end - 2).strip()));
            from = end;
        }
        return out.append(text, from, text.length()).toString();
    }

    /** Where the placeholder that opens at {@code open} ends (after its <code>}}</code>), or -1 when it is malformed. */
    private static int placeholderEnd(String text, int open) {
        int close = text.indexOf("}}", open + 2);
        if (close < 0) {
            return -1;
        }
        return isName(text.substring(open + 2, close).strip()) ? close + 2 : -1;
    }

    private static String excerpt(String text, int at) {
        int end = Math.min(text.length(), at + 24);
        return text.substring(at, end).replace("\n", "\\n") + (end < text.length() ? "..." : "");
    }

    /** The problems of a template's declared variables against the names its text uses. */
    static List<String> check(List<String> declared, Set<String> used) {
        List<String> problems = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String v : declared) {
            if (!isName(v)) {
                problems.add("variable '" + v + "' is not a name (letters, digits and _, not starting with a digit)");
            } else if (!seen.add(v)) {
                problems.add("variable '" + v + "' is declared twice");
            } else if (!used.contains(v)) {
                problems.add("it declares variable '" + v + "', which its text never names");
            }
        }
        for (String u : used) {
            if (!seen.contains(u)) {
                problems.add("its text names {{" + u + "}}, which it does not declare");
            }
        }
        return problems;
    }
}
