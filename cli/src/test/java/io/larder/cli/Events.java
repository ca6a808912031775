package io.larder.cli;

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

    static String recall(long id, long group, long operator, long time) {
        return String.format(Locale.ROOT, "{\"time\":%d,\"self_id\":10001,\"post_type\":\"notice\",\"notice_type\":\"group_recall\","
                + "\"group_id\":%d,\"user_id\":%d,\"operator_id\":%d,\"message_id\":%d}", time, group, operator, operator, id);
    }

    static String heartbeat(long time) {
        return "{\"time\":" + time + ",\"self_id\":10001,\"post_type\":\"meta_event\",\"meta_event_type\":\"heartbeat\"}";
    }
}
