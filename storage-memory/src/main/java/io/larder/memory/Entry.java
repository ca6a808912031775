package io.larder.memory;

import io.larder.Query;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One stored record. Immutable and replaced whole on every change, so a reader always sees one
 * consistent version of value, time, terms and expiry.
 */
final class Entry {
    private final byte[] value;
    private final long time;
    private final List<Query.Term> terms;
    private final long expireAt;

    Entry(byte[] value, long time, List<Query.Term> terms, long expireAt) {
        this.value = value;
        this.time = time;
        this.terms = List.copyOf(terms);
        this.expireAt = expireAt;
    }

    /** The stored bytes; callers must not change them. */
    byte[] value() {
        return value;
    }

    long time() {
        return time;
    }

    List<Query.Term> terms() {
        return terms;
    }

    /** Epoch milliseconds, or 0 for never. */
    long expireAt() {
        return expireAt;
    }

    boolean isExpired(long now) {
        return expireAt != 0 && expireAt <= now;
    }

    /** Whether this version of the record sits at {@code time} in the index of {@code term} (null: the timeline). */
    boolean isIndexedAt(Query.@Nullable Term term, long at) {
        return time == at && (term == null || terms.contains(term));
    }

    Entry withExpireAt(long at) {
        return new Entry(value, time, terms, at);
    }

    /** This entry keeping only the terms of {@code fields}. */
    Entry keepingFields(List<String> fields) {
        if (terms.stream().allMatch(t -> fields.contains(t.field()))) {
            return this;
        }
        return new Entry(value, time, terms.stream().filter(t -> fields.contains(t.field())).toList(), expireAt);
    }
}
