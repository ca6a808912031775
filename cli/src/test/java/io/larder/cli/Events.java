package io.larder.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** OneBot v11 event lines written by hand, for tests that assert exact output. */
final class Events {
    /** 2026-11-01 08:00 in Shanghai, in epoch seconds. */
    static final long EIGHT_AM = 1_793_491_200L;

    private Events() {
    }

    static String message(long id, long group, long user, String name, long time, String text) {
        return String.format(Locale.ROOT, "{\"time\":%d,\"self_id\":10001,\"post_type\":\"message\",\"message_type\":\"group\","
                + "\"sub_type\":\"normal\",\"message_id\":%d,\"group_id\":%d,\"user_id\":%d,\"message\":[{\"type\":\"text\","
                + "\"data\":{\"text\":\"%s\"}}],\"raw_message\":\"%s\",\"font\":0,\"sender\":{\"user_id\":%d,\"nickname\":\"%s\","
                + "\"card\":\"\",\"role\":\"member\"}}", time, id, group, user, text, text, user, name);
    }

    /**
     * Writes a log of {@code count} messages into {@code file}, a second apart from {@link #EIGHT_AM}:
     * ids from {@code firstId}, in groups 100 to {@code 100 + groups - 1}, from senders 7 to
     * {@code 7 + users - 1}, each text naming its number. Returns {@code file}.
     */
    static Path writeLog(Path file, int count, long firstId, int groups, int users) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < count; i++) {
                w.write(message(firstId + i, 100 + i % groups, 7 + i % users, "群友", EIGHT_AM + i, "第 " + i + " 条"));
                w.write('\n');
            }
        }
        return file;
    }

    static String recall(long id, long group, long operator, long time) {
        return String.format(Locale.ROOT, "{\"time\":%d,\"self_id\":10001,\"post_type\":\"notice\",\"notice_type\":\"group_recall\","
                + "\"group_id\":%d,\"user_id\":%d,\"operator_id\":%d,\"message_id\":%d}", time, group, operator, operator, id);
    }

    static String heartbeat(long time) {
        return "{\"time\":" + time + ",\"self_id\":10001,\"post_type\":\"meta_event\",\"meta_event_type\":\"heartbeat\"}";
    }
}
