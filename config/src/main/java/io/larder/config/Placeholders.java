package io.larder.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Expands {@code ${NAME}} and {@code ${NAME:default}} in a scalar from the environment, also
 * inside longer text ({@code redis://${HOST:localhost}:${PORT:6379}}); {@code $${} writes a
 * literal {@code ${}. The default runs to the first {@code }}; placeholders do not nest.
 * Thread-safe if the environment function is.
 */
final class Placeholders {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Function<String, @Nullable String> environment;

    Placeholders(Function<String, @Nullable String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /**
     * The text with every placeholder replaced.
     *
     * @throws IllegalArgumentException naming the unset variables or the malformed placeholder;
     *         the message never contains a variable's value
     */
    String expand(String text) {
        if (!text.contains("${")) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        List<String> unset = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                int close = text.indexOf('}', i + 2);
                if (close < 0) {
                    throw new IllegalArgumentException("unterminated placeholder '${' (write ${NAME} or ${NAME:default})");
                }
                String body = text.substring(i + 2, close);
                int colon = body.indexOf(':');
                String name = colon < 0 ? body : body.substring(0, colon);
                if (!NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("'${" + name + "}' does not name an environment variable"
                            + " (letters, digits and '_', not starting with a digit)");
                }
                String value = environment.apply(name);
                if (value != null) {
                    out.append(value);
                } else if (colon >= 0) {
                    out.append(body, colon + 1, body.length());
                } else {
                    unset.add(name);
                }
                i = close + 1;
            } else {
                out.append(text.charAt(i++));
            }
        }
        if (!unset.isEmpty()) {
            throw new IllegalArgumentException((unset.size() == 1
                    ? "environment variable " + unset.get(0) + " is not set and has no default"
                    : "environment variables " + String.join(", ", unset) + " are not set and have no default")
                    + " (write ${" + unset.get(0) + ":default} to give one)");
        }
        return out.toString();
    }
}
