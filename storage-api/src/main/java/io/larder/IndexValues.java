package io.larder;

import java.time.Instant;
import java.util.Objects;

/** How a field value becomes index text: one rule, used for writes and for queries alike. */
final class IndexValues {
    private IndexValues() {
    }

    static String text(Object value) {
        Objects.requireNonNull(value, "value");
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value instanceof Instant i) {
            return Long.toString(i.toEpochMilli());
        }
        return value.toString();
    }
}
