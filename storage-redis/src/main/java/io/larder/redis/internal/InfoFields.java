package io.larder.redis.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** The text of {@code INFO} as field to value. */
public final class InfoFields {
    private InfoFields() {
    }

    /** Parses {@code field:value} lines, skipping section headers and blank lines. */
    public static Map<String, String> parse(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : text.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return fields;
    }
}
