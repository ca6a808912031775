package io.larder;

import io.larder.spi.Position;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque cursor of a page: the position of its last record and the query's order, so a
 * cursor handed to a query of the other order is refused rather than silently misread.
 */
final class Cursors {
    private static final String VERSION = "c1";

    private Cursors() {
    }

    static String encode(Position after, boolean newestFirst) {
        String text = VERSION + (newestFirst ? 'd' : 'a') + ':' + after.time() + ':' + after.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static Position decode(String cursor, boolean newestFirst) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a Larder cursor: '" + cursor + "'", e);
        }
        String[] parts = text.split(":", 3);
        if (parts.length != 3 || parts[0].length() != 3 || !parts[0].startsWith(VERSION)) {
            throw new IllegalArgumentException("not a Larder cursor: '" + cursor + "'");
        }
        char order = parts[0].charAt(2);
        if (order != (newestFirst ? 'd' : 'a')) {
            throw new IllegalArgumentException("the cursor belongs to a " + (order == 'd' ? "newest" : "oldest")
                    + "-first query; continue with the same order");
        }
        try {
            return new Position(Long.parseLong(parts[1]), parts[2]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a Larder cursor: '" + cursor + "'", e);
        }
    }
}
