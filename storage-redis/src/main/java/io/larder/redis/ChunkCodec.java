package io.larder.redis;

import io.larder.Query;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
    private static final int MAX_REUSED = 1 << 20;
    private static final ThreadLocal<byte[]> PAYLOAD = ThreadLocal.withInitial(() -> new byte[1 << 16]);

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
        boolean has(Query.Term term) {
            return terms.contains(term);
        }
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

    /** The chunk's first (oldest) time, from its header. */
    static long firstTime(byte[] chunk) {
        return header(chunk).i64();
    }

    /** The chunk's last (newest) time, from its header. */
    static long lastTime(byte[] chunk) {
        Reader in = header(chunk);
        in.i64();
        return in.i64();
    }

    /** A reader at the first time of a chunk's header, after checking magic and version. */
    private static Reader header(byte[] chunk) {
        if (chunk.length < 31 || chunk[0] != MAGIC[0] || chunk[1] != MAGIC[1]) {
            throw new IllegalArgumentException("not an archive chunk (bad magic)");
        }
        Reader in = new Reader(chunk, 2);
        int version = in.u8();
        if (version != VERSION) {
            throw new IllegalArgumentException("archive chunk format " + version + " is unknown (this reader knows " + VERSION + ")");
        }
        in.u32();
        return in;
    }

    /** The records of a chunk, in time then id order. */
    static List<Entry> entries(byte[] chunk) {
        return entries(chunk, Long.MIN_VALUE, Long.MAX_VALUE, true);
    }

    /**
     * The records of a chunk whose time is in {@code [from, to)}, in time then id order; the others
     * are skipped undecoded. Without {@code withTerms} their terms are skipped too and read as none:
     * for reads that do not filter by term, never for records written back.
     */
    static List<Entry> entries(byte[] chunk, long from, long to, boolean withTerms) {
        Reader in = header(chunk);
        in.pos = 3;
        int count = (int) in.u32();
        long first = in.i64();
        in.i64();
        int termsLength = (int) in.u32();
        int termsEnd = in.pos + termsLength;
        List<Query.Term> table = new ArrayList<>();
        while (in.pos < termsEnd) {
            table.add(term(in.bytes(in.u16())));
        }
        int rawLength = (int) in.u32();
        int packedLength = chunk.length - in.pos;
        if ((long) packedLength * MAX_RATIO + 64 < rawLength) {
            throw new IllegalArgumentException("archive chunk claims " + rawLength + " bytes in an lz4 block of " + packedLength);
        }
        // every entry copies what it keeps out of the payload, so one buffer per thread serves every read
        byte[] raw = rawLength <= MAX_REUSED ? reused(rawLength) : new byte[rawLength];
        try {
            int unpacked = DECOMPRESSOR.decompress(chunk, in.pos, packedLength, raw, 0, rawLength);
            if (unpacked != rawLength) {
                throw new IllegalArgumentException("archive chunk's lz4 block holds " + unpacked + " bytes, not " + rawLength);
            }
        } catch (LZ4Exception e) {
            throw new IllegalArgumentException("archive chunk's lz4 block is damaged: " + e.getMessage(), e);
        }
        Reader p = new Reader(raw, 0, rawLength);
        List<Entry> out = new ArrayList<>(Math.min(count, 1024));
        for (int i = 0; i < count; i++) {
            int idLength = p.length();
            int idAt = p.skip(idLength);
            long time = first + p.varint();
            int n = (int) p.varint();
            if (time < from || time >= to) {
                for (int j = 0; j < n; j++) {
                    p.varint();
                }
                p.skip(p.length());
                continue;
            }
            List<Query.Term> terms = withTerms ? new ArrayList<>(n) : List.of();
            for (int j = 0; j < n; j++) {
                long t = p.varint();
                if (t >= table.size()) {
                    throw new IllegalArgumentException("archive chunk names term " + t + " of a table of " + table.size());
                }
                if (withTerms) {
                    terms.add(table.get((int) t));
                }
            }
            String id = new String(raw, idAt, idLength, StandardCharsets.UTF_8);
            out.add(new Entry(id, time, terms, p.bytes(p.varint())));
        }
        return out;
    }

    /** This thread's payload buffer, grown to hold at least {@code length} bytes. */
    private static byte[] reused(int length) {
        byte[] b = PAYLOAD.get();
        if (b.length < length) {
            b = new byte[Math.max(length, b.length * 2)];
            PAYLOAD.set(b);
        }
        return b;
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

    /** The record a tail entry holds under {@code id}. */
    static Entry fromTail(String id, byte[] entry) {
        return fromTail(id, entry, Long.MIN_VALUE, Long.MAX_VALUE, true);
    }

    /** As {@link #entries(byte[], long, long, boolean)}, for a tail entry: null when its time is not in {@code [from, to)}. */
    static Entry fromTail(String id, byte[] entry, long from, long to, boolean withTerms) {
        Reader in = new Reader(entry, 0);
        long time = in.i64();
        if (time < from || time >= to) {
            return null;
        }
        int n = (int) in.varint();
        List<Query.Term> terms = withTerms ? new ArrayList<>(n) : List.of();
        for (int i = 0; i < n; i++) {
            int length = in.length();
            if (withTerms) {
                terms.add(term(java.util.Arrays.copyOfRange(entry, in.skip(length), in.pos)));
            } else {
                in.skip(length);
            }
        }
        return new Entry(id, time, terms, in.bytes(entry.length - in.pos));
    }

    private static byte[] termBytes(Query.Term t) {
        return (t.field() + '\0' + t.value()).getBytes(StandardCharsets.UTF_8);
    }

    private static Query.Term term(byte[] b) {
        String s = new String(b, StandardCharsets.UTF_8);
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

        /** A varint that counts bytes still ahead. */
        int length() {
            long n = varint();
            if (n < 0 || pos + n > end) {
                throw new IllegalArgumentException("archive bytes end early: want " + n + " at " + pos);
            }
            return (int) n;
        }

        /** Moves past {@code n} bytes (checked by {@link #length()}); returns where they start. */
        int skip(int n) {
            int at = pos;
            pos += n;
            return at;
        }

        byte[] bytes(long n) {
            if (n < 0 || pos + n > end) {
                throw new IllegalArgumentException("archive bytes end early: want " + n + " at " + pos);
            }
            byte[] out = java.util.Arrays.copyOfRange(b, pos, pos + (int) n);
            pos += (int) n;
            return out;
        }
    }
}
