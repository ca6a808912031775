package io.larder.memory;

/** The record these tests store: partitioned by group, timed by {@code at}, indexed by sender. */
record Msg(String id, String group, String sender, long at, Long expiresAt, String text) {
    static Msg of(String id, String group, String sender, long at) {
        return new Msg(id, group, sender, at, null, "message " + id);
    }
}
