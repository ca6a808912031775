package io.larder.testkit;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The record the contract stores: partitioned by {@code group}, timed by {@code at}, indexed by
 * {@code author} and {@code kind}, with an optional expiry instant and an unindexed {@code mood}.
 * {@code id} is null for a note that lets the store assign it ({@link #withoutId()}); {@code group}
 * is null only in a note a contract expects to be refused for its missing partition.
 */
public record Note(@Nullable String id, @Nullable String group, String author, String kind, long at, @Nullable Long expiresAt, String mood,
                   String text, List<String> tags) {

    /** A note with the given identity and time, and plain other fields. */
    public static Note of(@Nullable String id, String group, String author, long at) {
        return new Note(id, group, author, "text", at, null, "calm", "note " + id, List.of("a", "b"));
    }

    /** This note with another author. */
    public Note byAuthor(String a) {
        return new Note(id, group, a, kind, at, expiresAt, mood, text, tags);
    }

    /** This note with another kind. */
    public Note ofKind(String k) {
        return new Note(id, group, author, k, at, expiresAt, mood, text, tags);
    }

    /** This note at another time. */
    public Note at(long t) {
        return new Note(id, group, author, kind, t, expiresAt, mood, text, tags);
    }

    /** This note with another text. */
    public Note saying(String t) {
        return new Note(id, group, author, kind, at, expiresAt, mood, t, tags);
    }

    /** This note with another mood. */
    public Note feeling(String m) {
        return new Note(id, group, author, kind, at, expiresAt, m, text, tags);
    }

    /** This note expiring at {@code millis}. */
    public Note expiringAt(@Nullable Long millis) {
        return new Note(id, group, author, kind, at, millis, mood, text, tags);
    }

    /** This note without an id. */
    public Note withoutId() {
        return new Note(null, group, author, kind, at, expiresAt, mood, text, tags);
    }
}
