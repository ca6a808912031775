package io.larder.redis.archive;

import io.larder.Query;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How the archive writes an indexed field value ({@code field NUL value}, UTF-8), and a chunk's
 * term table read in place: its size at once, its terms when first asked. The table stays
 * outside the chunk's LZ4 block, so a Lua script can skip a chunk that lacks a term by looking
 * for its {@link #needle}. Not thread-safe (one per chunk read).
 */
final class TermTable {
    private final byte[] chunk;
    private final int from;
    private final int to;
    private final int size;
    private @Nullable List<Query.Term> terms;

    /** The table of {@code chunk} between {@code from} and {@code to}: entries of a u16 length, then a term. */
    TermTable(byte[] chunk, int from, int to) {
        this.chunk = chunk;
        this.from = from;
        this.to = to;
        ByteReader in = new ByteReader(chunk, from, to);
        int n = 0;
        while (in.pos() < to) {
            in.skip(in.length16());
            n++;
        }
        this.size = n;
    }

    /** The needle a script looks for in a chunk's term table: uint16 length, then {@code field NUL value}. */
    static byte[] needle(Query.Term term) {
        byte[] t = bytes(term);
        byte[] out = new byte[t.length + 2];
        out[0] = (byte) (t.length >>> 8);
        out[1] = (byte) t.length;
        System.arraycopy(t, 0, out, 2, t.length);
        return out;
    }

    /** A term's bytes: {@code field NUL value}, UTF-8. */
    static byte[] bytes(Query.Term t) {
        return (t.field() + '\0' + t.value()).getBytes(StandardCharsets.UTF_8);
    }

    /** The term written by {@link #bytes} at {@code at} of {@code b}. */
    static Query.Term term(byte[] b, int at, int length) {
        String s = new String(b, at, length, StandardCharsets.UTF_8);
        int nul = s.indexOf('\0');
        return new Query.Term(s.substring(0, nul), s.substring(nul + 1));
    }

    /** How many terms the table holds. */
    int size() {
        return size;
    }

    /** The index of the entry equal to {@code needle} (u16 length, then the term), or -1. */
    int indexOf(byte[] needle) {
        ByteReader in = new ByteReader(chunk, from, to);
        for (int i = 0; in.pos() < to; i++) {
            int at = in.pos();
            in.skip(in.length16());
            if (Arrays.equals(chunk, at, in.pos(), needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }

    /** The table's terms, in table order (a record names its terms by this index). */
    List<Query.Term> terms() {
        if (terms == null) {
            List<Query.Term> t = new ArrayList<>(size);
            ByteReader in = new ByteReader(chunk, from, to);
            while (in.pos() < to) {
                int length = in.length16();
                t.add(term(chunk, in.skip(length), length));
            }
            terms = t;
        }
        return terms;
    }
}
