package io.larder.redis.archive;

import io.larder.Query;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import org.jspecify.annotations.Nullable;

/**
 * The bytes of a sealed chunk (see {@code KEYS.md}, "archive layout"): a small uncompressed
 * header with the chunk's {@link TermTable term table}, then one LZ4 block of the records, each
 * an id, a time (as a delta from the chunk's first), its terms as table indexes, and its value.
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

    private ChunkCodec() {
    }

    /** A chunk of {@code entries} (at least one), sorted here by time then id. */
    static byte[] chunk(List<Entry> entries) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Entry.ORDER);
        Map<Query.Term, Integer> table = new LinkedHashMap<>();
        for (Entry e : sorted) {
            for (Query.Term t : e.terms()) {
                table.putIfAbsent(t, table.size());
            }
        }
        long first = sorted.get(0).time();
        int room = 0;
        for (Entry e : sorted) {
            room += e.id().length() * 3 + e.value().length + 25 + e.terms().size() * 5;   // varints at their longest
        }
        ByteWriter payload = new ByteWriter(room);
        for (Entry e : sorted) {
            byte[] id = e.id().getBytes(StandardCharsets.UTF_8);
            payload.varint(id.length).raw(id).varint(e.time() - first).varint(e.terms().size());
            for (Query.Term t : e.terms()) {
                payload.varint(Objects.requireNonNull(table.get(t), "every term was numbered above"));
            }
            payload.varint(e.value().length).raw(e.value());
        }
        ByteWriter terms = new ByteWriter(table.size() * 24);
        for (Query.Term t : table.keySet()) {
            byte[] b = TermTable.bytes(t);
            terms.u16(b.length).raw(b);
        }
        byte[] raw = payload.toByteArray();
        byte[] packed = new byte[COMPRESSOR.maxCompressedLength(raw.length)];
        int packedLength = COMPRESSOR.compress(raw, 0, raw.length, packed, 0, packed.length);
        ByteWriter out = new ByteWriter(31 + terms.size() + packedLength);
        out.raw(MAGIC).u8(VERSION).u32(sorted.size()).i64(first).i64(sorted.get(sorted.size() - 1).time())
                .u32(terms.size()).raw(terms.toByteArray()).u32(raw.length);
        return out.raw(packed, 0, packedLength).toByteArray();
    }

    /** A reader at the record count of a chunk's header, after checking magic and version. */
    private static ByteReader header(byte[] chunk) {
        if (chunk.length < 31 || chunk[0] != MAGIC[0] || chunk[1] != MAGIC[1]) {
            throw new IllegalArgumentException("not an archive chunk (bad magic)");
        }
        ByteReader in = new ByteReader(chunk, 2);
        int version = in.u8();
        if (version != VERSION) {
            throw new IllegalArgumentException("archive chunk format " + version + " is unknown (this reader knows " + VERSION + ")");
        }
        return in;
    }

    /** The time of a chunk's newest record, read from its header alone. */
    static long lastTime(byte[] chunk) {
        ByteReader in = header(chunk);
        in.u32();
        in.i64();
        return in.i64();
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
    static @Nullable Entry find(byte[] chunk, String id) {
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
     * {@code [from, to)} and, when {@code needle} (see {@link TermTable#needle}) is given, that carry its
     * term. The chunk is decompressed into a buffer of {@code payloads}; nothing of a record is
     * copied until the caller asks its {@link Hit} for it.
     */
    static void scan(byte[] chunk, long from, long to, byte @Nullable [] needle, Payloads payloads, List<Hit> out) {
        ByteReader in = header(chunk);
        int count = (int) in.u32();
        long first = in.i64();
        in.i64();
        int termsLength = in.length32();
        TermTable table = new TermTable(chunk, in.skip(termsLength), in.pos());
        int wanted = needle == null ? -1 : table.indexOf(needle);
        if (needle != null && wanted < 0) {
            return;
        }
        int rawLength = (int) in.u32();
        int packedLength = chunk.length - in.pos();
        if ((long) packedLength * MAX_RATIO + 64 < rawLength) {
            throw new IllegalArgumentException("archive chunk claims " + rawLength + " bytes in an lz4 block of " + packedLength);
        }
        byte[] raw = payloads.take(rawLength);
        try {
            int unpacked = DECOMPRESSOR.decompress(chunk, in.pos(), packedLength, raw, 0, rawLength);
            if (unpacked != rawLength) {
                throw new IllegalArgumentException("archive chunk's lz4 block holds " + unpacked + " bytes, not " + rawLength);
            }
        } catch (LZ4Exception e) {
            throw new IllegalArgumentException("archive chunk's lz4 block is damaged: " + e.getMessage(), e);
        }
        ByteReader p = new ByteReader(raw, 0, rawLength);
        for (int i = 0; i < count; i++) {
            int idLength = p.length();
            int idAt = p.skip(idLength);
            long time = first + p.varint();
            int n = (int) p.varint();
            int termsAt = p.pos();
            boolean match = needle == null;
            for (int j = 0; j < n; j++) {
                long t = p.varint();
                if (t >= table.size()) {
                    throw new IllegalArgumentException("archive chunk names term " + t + " of a table of " + table.size());
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
}
