package io.larder.chat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * The cursor of an archive page: the shard it stopped in and the store's own cursor there
 * (absent when the next page starts at the next shard's edge). Opaque to callers.
 *
 * @param label the shard's label
 * @param inner the store's cursor; nullable
 */
record ArchiveCursor(String label, @Nullable String inner) {
    private static final String VERSION = "a1";

    String encode() {
        String text = VERSION + '|' + label + '|' + (inner == null ? "" : inner);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static ArchiveCursor decode(String cursor) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a chat archive cursor: '" + cursor + "'", e);
        }
        String[] parts = text.split("\\|", 3);
        if (parts.length != 3 || !parts[0].equals(VERSION) || parts[1].isEmpty()) {
            throw new IllegalArgumentException("not a chat archive cursor: '" + cursor + "'");
        }
        return new ArchiveCursor(parts[1], parts[2].isEmpty() ? null : parts[2]);
    }
}
