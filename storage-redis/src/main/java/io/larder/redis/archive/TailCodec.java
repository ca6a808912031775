package io.larder.redis.archive;

import io.larder.Query;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The bytes of a tail entry (see {@code KEYS.md}, "archive layout"): one record, uncompressed,
 * under its id in the partition's tail hash: its time (i64), its terms (a varint count, then each
 * as a varint length and {@code field NUL value}), then its value to the end. Stateless.
 */
final class TailCodec {
    private TailCodec() {
    }

    /** A tail entry: time, terms, then the value to the end. */
    static byte[] encode(long time, List<Query.Term> terms, byte[] value) {
        ByteWriter out = new ByteWriter(value.length + 16 + terms.size() * 24);
        out.i64(time).varint(terms.size());
        for (Query.Term t : terms) {
            byte[] b = TermTable.bytes(t);
            out.varint(b.length).raw(b);
        }
        return out.raw(value).toByteArray();
    }

    /** The record a tail entry holds under {@code id}, every byte copied out. */
    static Entry decode(String id, byte[] entry) {
        byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
        return Objects.requireNonNull(hit(idBytes, entry, Long.MIN_VALUE, Long.MAX_VALUE, null), "an unbounded match takes every entry")
                .entry();
    }

    /**
     * As {@link ChunkCodec#scan}, for the tail entry {@code entry} under the id {@code id}: its hit,
     * or null when its time is not in {@code [from, to)} or it lacks the {@code needle}'s term.
     */
    static @Nullable Hit hit(byte[] id, byte[] entry, long from, long to, byte @Nullable [] needle) {
        ByteReader in = new ByteReader(entry, 0);
        long time = in.i64();
        if (time < from || time >= to) {
            return null;
        }
        int n = (int) in.varint();
        int termsAt = in.pos();
        boolean match = needle == null;
        for (int i = 0; i < n; i++) {
            int length = in.length();
            int at = in.skip(length);
            match |= needle != null && Arrays.equals(entry, at, at + length, needle, 2, needle.length);
        }
        return match ? new Hit(time, id, 0, id.length, entry, in.pos(), entry.length - in.pos(), null, termsAt, n) : null;
    }
}
