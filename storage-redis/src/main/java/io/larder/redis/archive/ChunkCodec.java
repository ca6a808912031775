package io.larder.redis.archive;

import io.larder.Query;
import io.larder.spi.Position;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * The bytes of the archive layout (see {@code KEYS.md}, "archive layout"): a sealed chunk of
 * records (a small uncompressed header with the chunk's term table, then one LZ4 block of the
 * records), and a tail entry (one record, uncompressed, under its id in the tail hash). The
 * term table stays outside the LZ4 block so a Lua script can skip a chunk that lacks a term.
 * Stateless and thread-safe.
 */
final class ChunkCodec {
    static final int VERSION = 1;
    private static final byte[] MAGIC = {'L', 'C'};
    private static final LZ4Factory LZ4 = LZ4Factory.fastestInstance();
    // the high-compression coder writes the same block format, about a quarter smaller on chat, and any LZ4 block
    // decoder reads it as fast. Level 4: on 256-message chunks of chat it packs 39.2 B/message at ~160 MB/s,
    // level 9 (the default) 38.9 at ~80 MB/s, level 12 the same at ~20 MB/s; the fast coder 51.8
    private static final LZ4Compressor COMPRESSOR = LZ4.highCompressor(4);
    private static final LZ4SafeDecompressor DECOMPRESSOR = LZ4.safeDecompressor();
    private static final int MAX_RATIO = 256;

    /** Orders records as every index does: time, then id. */
    static final Comparator<Entry> ORDER = Comparator.comparingLong(Entry::time).thenComparing(Entry::id);

    private ChunkCodec() {
    }

    /**
     * One record of the archive.
     *
     * @param id its id
     * @param time its time, epoch ms
     * @param terms its indexed field values
     * @param value its stored bytes (the value frame)
     */
    record Entry(String id, long time, List<Query.Term> terms, byte[] value) {
    }

    /** The needle a script looks for in a chunk's term table: uint16 length, then {@code field NUL value}. */
    static byte[] needle(Query.Term term) {
        byte[] t = termBytes(term);
        byte[] out = new byte[t.length + 2];
        out[0] = (byte) (t.length >>> 8);
        out[1] = (byte) t.length;
        System.arraycopy(t, 0, out, 2, t.length);
        return out;
    }

    /** A chunk of {@code entries} (at least one), sorted here by time then id. */
    static byte[] chunk(List<Entry> entries) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(ORDER);
        Map<Query.Term, Integer> table = new LinkedHashMap<>();
        for (Entry e : sorted) {
            for (Query.Term t : e.terms()) {
                table.putIfAbsent(t, table.size());
            }
        }
        long first = sorted.get(0).time();
        Bytes payload = new Bytes(sorted.size() * 256);
        for (Entry e : sorted) {
            byte[] id = e.id().getBytes(StandardCharsets.UTF_8);
            payload.varint(id.length).raw(id).varint(e.time() - first).varint(e.terms().size());
            for (Query.Term t : e.terms()) {
                payload.varint(table.get(t));
            }
            payload.varint(e.value().length).raw(e.value());
        }
        Bytes terms = new Bytes(table.size() * 24);
        for (Query.Term t : table.keySet()) {
            byte[] b = termBytes(t);
            terms.u16(b.length).raw(b);
        }
        byte[] raw = payload.toByteArray();
        byte[] packed = new byte[COMPRESSOR.maxCompressedLength(raw.length)];
        int packedLength = COMPRESSOR.compress(raw, 0, raw.length, packed, 0, packed.length);
        Bytes out = new Bytes(31 + terms.size() + packedLength);
        out.raw(MAGIC).u8(VERSION).u32(sorted.size()).i64(first).i64(sorted.get(sorted.size() - 1).time())
                .u32(terms.size()).raw(terms.toByteArray()).u32(raw.length);
        out.write(packed, 0, packedLength);
        return out.toByteArray();
    }

    /** A reader at the record count of a chunk's header, after checking magic and version. */
    private static Reader header(byte[] chunk) {
        if (chunk.length < 31 || chunk[0] != MAGIC[0] || chunk[1] != MAGIC[1]) {
            throw new IllegalArgumentException("not an archive chunk (bad magic)");
        }
        Reader in = new Reader(chunk, 2);
        int version = in.u8();
        if (version != VERSION) {
            throw new IllegalArgumentException("archive chunk format " + version + " is unknown (this reader knows " + VERSION + ")");
        }
        return in;
    }

    /** The records of a chunk, in time then id order, every byte copied out. */
    static List<Entry> entries(byte[] chunk) {
        List<Hit> hits = hits(chunk);
        List<Entry> out = new ArrayList<>(hits.size());
        for (Hit h : hits) {
            out.add(h.entry());
        }
        return out;
    }

    /** The record of a chunk under {@code id}, copied out, or null; the chunk's other records are not decoded. */
    static Entry find(byte[] chunk, String id) {
        byte[] wanted = id.getBytes(StandardCharsets.UTF_8);
        for (Hit h : hits(chunk)) {
            if (h.hasId(wanted)) {
                return h.entry();
            }
        }
        return null;
    }

    /** Every record of a chunk as a hit, in this thread's scratch buffers. */
    private static List<Hit> hits(byte[] chunk) {
        List<Hit> hits = new ArrayList<>();
        scan(chunk, Long.MIN_VALUE, Long.MAX_VALUE, null, Payloads.scratch(), hits);
        return hits;
    }

    /**
     * Adds to {@code out}, in time then id order, the records of a chunk whose time is in
     * {@code [from, to)} and, when {@code needle} (see {@link #needle}) is given, that carry its
     * term. The chunk is decompressed into a buffer of {@code payloads}; nothing of a record is
     * copied until the caller asks its {@link Hit} for it.
     */
    static void scan(byte[] chunk, long from, long to, byte[] needle, Payloads payloads, List<Hit> out) {
        Reader in = header(chunk);
        int count = (int) in.u32();
        long first = in.i64();
        in.i64();
        int termsLength = in.length32();
        Table table = new Table(chunk, in.skip(termsLength), in.pos);
        int wanted = needle == null ? -1 : table.indexOf(needle);
        if (needle != null && wanted < 0) {
            return;
        }
        int rawLength = (int) in.u32();
        int packedLength = chunk.length - in.pos;
        if ((long) packedLength * MAX_RATIO + 64 < rawLength) {
            throw new IllegalArgumentException("archive chunk claims " + rawLength + " bytes in an lz4 block of " + packedLength);
        }
        byte[] raw = payloads.take(rawLength);
        try {
            int unpacked = DECOMPRESSOR.decompress(chunk, in.pos, packedLength, raw, 0, rawLength);
            if (unpacked != rawLength) {
                throw new IllegalArgumentException("archive chunk's lz4 block holds " + unpacked + " bytes, not " + rawLength);
            }
        } catch (LZ4Exception e) {
            throw new IllegalArgumentException("archive chunk's lz4 block is damaged: " + e.getMessage(), e);
        }
        Reader p = new Reader(raw, 0, rawLength);
        for (int i = 0; i < count; i++) {
            int idLength = p.length();
            int idAt = p.skip(idLength);
            long time = first + p.varint();
            int n = (int) p.varint();
            int termsAt = p.pos;
            boolean match = needle == null;
            for (int j = 0; j < n; j++) {
                long t = p.varint();
                if (t >= table.size) {
                    throw new IllegalArgumentException("archive chunk names term " + t + " of a table of " + table.size);
                }
                match |= t == wanted;
            }
            int valueLength = p.length();
            int valueAt = p.skip(valueLength);
            if (match && time >= from && time < to) {
                out.add(new Hit(time, raw, idAt, idLength, raw, valueAt, valueLength, table, termsAt, n));
            }
        }
    }

    /** A tail entry: time, terms, then the value to the end. */
    static byte[] tailEntry(long time, List<Query.Term> terms, byte[] value) {
        Bytes out = new Bytes(value.length + 16 + terms.size() * 24);
        out.i64(time).varint(terms.size());
        for (Query.Term t : terms) {
            byte[] b = termBytes(t);
            out.varint(b.length).raw(b);
        }
        return out.raw(value).toByteArray();
    }

    /** The record a tail entry holds under {@code id}, every byte copied out. */
    static Entry fromTail(String id, byte[] entry) {
        byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
        return tailHit(idBytes, entry, Long.MIN_VALUE, Long.MAX_VALUE, null).entry();
    }

    /**
     * As {@link #scan}, for the tail entry {@code entry} under the id {@code id}: its hit, or null
     * when its time is not in {@code [from, to)} or it lacks the {@code needle}'s term.
     */
    static Hit tailHit(byte[] id, byte[] entry, long from, long to, byte[] needle) {
        Reader in = new Reader(entry, 0);
        long time = in.i64();
        if (time < from || time >= to) {
            return null;
        }
        int n = (int) in.varint();
        int termsAt = in.pos;
        boolean match = needle == null;
        for (int i = 0; i < n; i++) {
            int length = in.length();
            int at = in.skip(length);
            match |= needle != null && Arrays.equals(entry, at, at + length, needle, 2, needle.length);
        }
        return match ? new Hit(time, id, 0, id.length, entry, in.pos, entry.length - in.pos, null, termsAt, n) : null;
    }

    /**
     * A record a read found, in a chunk or a tail entry: its time, and where its id, terms and
     * value lie in the bytes read. Its id is decoded, and its value copied, only when asked, so a
     * read pays for the records it keeps and not for every record it passes. Valid until the
     * {@link Payloads} of the read are handed out again.
     */
    static final class Hit {
        /** Orders hits as {@link ChunkCodec#ORDER} orders records: time, then id (decoded only on equal times). */
        static final Comparator<Hit> ORDER = Comparator.<Hit>comparingLong(h -> h.time).thenComparing(Hit::id);

        final long time;
        private final byte[] idBytes;
        private final int idAt;
        private final int idLength;
        private final byte[] bytes;
        private final int valueAt;
        private final int valueLength;
        private final Table table;
        private final int termsAt;
        private final int termCount;
        private String id;

        private Hit(long time, byte[] idBytes, int idAt, int idLength, byte[] bytes, int valueAt, int valueLength,
                Table table, int termsAt, int termCount) {
            this.time = time;
            this.idBytes = idBytes;
            this.idAt = idAt;
            this.idLength = idLength;
            this.bytes = bytes;
            this.valueAt = valueAt;
            this.valueLength = valueLength;
            this.table = table;
            this.termsAt = termsAt;
            this.termCount = termCount;
        }

        String id() {
            if (id == null) {
                id = new String(idBytes, idAt, idLength, StandardCharsets.UTF_8);
            }
            return id;
        }

        boolean hasId(byte[] wanted) {
            return Arrays.equals(idBytes, idAt, idAt + idLength, wanted, 0, wanted.length);
        }

        /** A copy of the stored value. */
        byte[] value() {
            return Arrays.copyOfRange(bytes, valueAt, valueAt + valueLength);
        }

        /** Where this record sits against a cursor's position: negative before it, 0 at it, positive after. */
        int compareTo(Position position) {
            int c = Long.compare(time, position.time());
            return c != 0 ? c : id().compareTo(position.id());
        }

        /** The record, its terms decoded and its bytes copied. */
        Entry entry() {
            List<Query.Term> terms = new ArrayList<>(termCount);
            Reader in = new Reader(bytes, termsAt);
            for (int i = 0; i < termCount; i++) {
                if (table != null) {
                    terms.add(table.terms().get((int) in.varint()));
                } else {
                    int length = in.length();
                    terms.add(term(bytes, in.skip(length), length));
                }
            }
            return new Entry(id(), time, terms, value());
        }
    }

    /** A chunk's term table, read in place: its size at once, its terms when first asked. */
    private static final class Table {
        private final byte[] chunk;
        private final int from;
        private final int to;
        private final int size;
        private List<Query.Term> terms;

        Table(byte[] chunk, int from, int to) {
            this.chunk = chunk;
            this.from = from;
            this.to = to;
            Reader in = new Reader(chunk, from, to);
            int n = 0;
            while (in.pos < to) {
                in.skip(in.length16());
                n++;
            }
            this.size = n;
        }

        /** The index of the entry equal to {@code needle} (u16 length, then the term), or -1. */
        int indexOf(byte[] needle) {
            Reader in = new Reader(chunk, from, to);
            for (int i = 0; in.pos < to; i++) {
                int at = in.pos;
                in.skip(in.length16());
                if (Arrays.equals(chunk, at, in.pos, needle, 0, needle.length)) {
                    return i;
                }
            }
            return -1;
        }

        List<Query.Term> terms() {
            if (terms == null) {
                List<Query.Term> t = new ArrayList<>(size);
                Reader in = new Reader(chunk, from, to);
                while (in.pos < to) {
                    int length = in.length16();
                    t.add(term(chunk, in.skip(length), length));
                }
                terms = t;
            }
            return terms;
        }
    }

    /**
     * The buffers reads decompress chunks into, one set per thread and kind of read, handed out
     * again by the thread's next read of that kind: a read keeps its {@link Hit}s only until it has
     * copied out what it keeps. A thread keeps at most {@value #MAX_RETAINED} bytes of them; a read
     * that needs more gets buffers it does not keep.
     */
    static final class Payloads {
        private static final int MAX_RETAINED = 2 << 20;
        private static final ThreadLocal<Payloads> PAGES = ThreadLocal.withInitial(Payloads::new);
        private static final ThreadLocal<Payloads> SCRATCH = ThreadLocal.withInitial(Payloads::new);
        private final List<byte[]> buffers = new ArrayList<>();
        private int used;
        private long retained;

        private Payloads() {
        }

        /** This thread's buffers for a page of a range read; the hits of its previous page are invalid from now. */
        static Payloads forPage() {
            return PAGES.get().reset();
        }

        /** This thread's buffers for a read that copies out every record at once. */
        private static Payloads scratch() {
            return SCRATCH.get().reset();
        }

        private Payloads reset() {
            used = 0;
            return this;
        }

        /** A buffer of at least {@code length} bytes that no hit of this read points into. */
        byte[] take(int length) {
            byte[] free = used < buffers.size() ? buffers.get(used) : null;
            if (free != null && free.length >= length) {
                used++;
                return free;
            }
            int size = Math.max(length, 1 << 16);
            long after = retained - (free == null ? 0 : free.length) + size;
            if (after > MAX_RETAINED) {
                return new byte[length];
            }
            byte[] b = new byte[size];
            if (free == null) {
                buffers.add(b);
            } else {
                buffers.set(used, b);
            }
            retained = after;
            used++;
            return b;
        }
    }

    private static byte[] termBytes(Query.Term t) {
        return (t.field() + '\0' + t.value()).getBytes(StandardCharsets.UTF_8);
    }

    private static Query.Term term(byte[] b, int at, int length) {
        String s = new String(b, at, length, StandardCharsets.UTF_8);
        int nul = s.indexOf('\0');
        return new Query.Term(s.substring(0, nul), s.substring(nul + 1));
    }

    /** A growing byte buffer with the few encodings the formats use. */
    private static final class Bytes extends ByteArrayOutputStream {
        Bytes(int size) {
            super(Math.max(16, size));
        }

        Bytes raw(byte[] b) {
            write(b, 0, b.length);
            return this;
        }

        Bytes u8(int v) {
            write(v);
            return this;
        }

        Bytes u16(int v) {
            write(v >>> 8);
            write(v);
            return this;
        }

        Bytes u32(long v) {
            for (int s = 24; s >= 0; s -= 8) {
                write((int) (v >>> s));
            }
            return this;
        }

        Bytes i64(long v) {
            for (int s = 56; s >= 0; s -= 8) {
                write((int) (v >>> s));
            }
            return this;
        }

        Bytes varint(long v) {
            if (v < 0) {
                throw new IllegalArgumentException("negative varint " + v);
            }
            while (v >= 0x80) {
                write((int) (v & 0x7F) | 0x80);
                v >>>= 7;
            }
            write((int) v);
            return this;
        }
    }

    /** Reads the encodings back; a short or damaged input raises an IllegalArgumentException. */
    private static final class Reader {
        private final byte[] b;
        private final int end;
        private int pos;

        Reader(byte[] b, int pos) {
            this(b, pos, b.length);
        }

        /** Reads {@code b} up to {@code end}, exclusive. */
        Reader(byte[] b, int pos, int end) {
            this.b = b;
            this.pos = pos;
            this.end = end;
        }

        int u8() {
            if (pos >= end) {
                throw new IllegalArgumentException("archive bytes end early at " + pos);
            }
            return b[pos++] & 0xFF;
        }

        int u16() {
            return (u8() << 8) | u8();
        }

        long u32() {
            return ((long) u16() << 16) | u16();
        }

        long i64() {
            return (u32() << 32) | u32();
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int x = u8();
                v |= (long) (x & 0x7F) << shift;
                if (x < 0x80) {
                    return v;
                }
            }
            throw new IllegalArgumentException("archive varint too long at " + pos);
        }

        /** A u16 that counts bytes still ahead. */
        int length16() {
            return ahead(u16());
        }

        /** A u32 that counts bytes still ahead. */
        int length32() {
            return ahead(u32());
        }

        private int ahead(long n) {
            if (n < 0 || pos + n > end) {
                throw new IllegalArgumentException("archive bytes end early: want " + n + " at " + pos);
            }
            return (int) n;
        }

        /** A varint that counts bytes still ahead. */
        int length() {
            return ahead(varint());
        }

        /** Moves past {@code n} bytes (checked by a {@code length} method); returns where they start. */
        int skip(int n) {
            int at = pos;
            pos += n;
            return at;
        }
    }
}
