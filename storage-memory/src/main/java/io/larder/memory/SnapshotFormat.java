package io.larder.memory;

import io.larder.Key;
import io.larder.Query;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * The bytes of a snapshot file, format 2. A fixed header, then a body covered by a CRC32C:
 *
 * <pre>
 * header: "LARDERSNAP" | format u32 = 2 | log generation u64 | body length u64 | CRC32C of (log generation, body) u32
 * body:   { 1 | store } * 0
 * store:  name | partitioned u8 | index count u32 | index name * | { 1 | record } * 0
 * record: has partition u8 | [partition] | id | time i64 | term count u32 | { field | value } * | expire-at i64 | value
 * text and value: length u32 | bytes (text as UTF-8)
 * </pre>
 *
 * The log generation is the first generation of the append-only log the snapshot does not hold:
 * start replays that one and every later one over it. Format 1, written before the log
 * existed, has no such field and reads as generation 0. Numbers are big-endian. Reading checks
 * the magic, the format, the length and the checksum before it parses anything. Stateless.
 */
final class SnapshotFormat {
    static final byte[] MAGIC = "LARDERSNAP".getBytes(StandardCharsets.US_ASCII);
    static final int FORMAT = 2;
    static final int HEADER_BYTES = MAGIC.length + 4 + 8 + 8 + 4;
    private static final int FORMAT_1_HEADER_BYTES = MAGIC.length + 4 + 8 + 4;

    /**
     * What a snapshot holds.
     *
     * @param stores every store by name, in file order
     * @param logGeneration the first log generation it does not hold
     */
    record Contents(Map<String, StoreImage> stores, long logGeneration) {
        /** What a missing snapshot holds: nothing, and no log is folded into it. */
        static final Contents EMPTY = new Contents(Map.of(), 0);
    }
    private static final int BUFFER = 1 << 16;

    /** Why a file is not a snapshot this build can read; the message says what is wrong. */
    static final class Unreadable extends IOException {
        private static final long serialVersionUID = 1L;

        Unreadable(String problem) {
            super(problem);
        }
    }

    private SnapshotFormat() {
    }

    /** Writes header and body at the start of {@code file}; the caller forces and closes it. */
    static void write(FileChannel file, List<StoreImage> stores, long logGeneration) throws IOException {
        CRC32C crc = new CRC32C();
        crc.update(generationBytes(logGeneration));
        file.position(HEADER_BYTES);
        OutputStream raw = Channels.newOutputStream(file);
        // buffer before checksumming, so the CRC sees large chunks rather than single bytes
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new CheckedOutputStream(raw, crc), BUFFER));
        for (StoreImage store : stores) {
            out.writeByte(1);
            writeStore(out, store);
        }
        out.writeByte(0);
        out.flush();
        long bodyLength = file.position() - HEADER_BYTES;
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).put(MAGIC).putInt(FORMAT).putLong(logGeneration)
                .putLong(bodyLength).putInt((int) crc.getValue()).flip();
        while (header.hasRemaining()) {
            file.write(header, header.position());
        }
    }

    private static void writeStore(DataOutputStream out, StoreImage store) throws IOException {
        writeText(out, store.name());
        out.writeBoolean(store.partitioned());
        out.writeInt(store.indexes().size());
        for (String index : store.indexes()) {
            writeText(out, index);
        }
        for (Map.Entry<Key, Entry> en : store.records()) {
            Key key = en.getKey();
            Entry e = en.getValue();
            out.writeByte(1);
            String partition = key.partition();
            out.writeBoolean(partition != null);
            if (partition != null) {
                writeText(out, partition);
            }
            writeText(out, key.id());
            out.writeLong(e.time());
            out.writeInt(e.terms().size());
            for (Query.Term t : e.terms()) {
                writeText(out, t.field());
                writeText(out, t.value());
            }
            out.writeLong(e.expireAt());
            out.writeInt(e.value().length);
            out.write(e.value());
        }
        out.writeByte(0);
    }

    private static void writeText(DataOutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /** Reads a whole snapshot. */
    static Contents read(FileChannel file) throws IOException {
        long size = file.size();
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        while (header.hasRemaining() && file.read(header, header.position()) > 0) {
            // keep reading until the header is full or the file ends
        }
        header.flip();
        int headerBytes = checkHeader(header, size);
        long logGeneration = headerBytes == HEADER_BYTES ? header.getLong(MAGIC.length + 4) : 0;
        long bodyLength = header.getLong(headerBytes - 12);
        int storedCrc = header.getInt(headerBytes - 4);
        // format 2 checks its log generation with the body: a flipped bit there would skip logs
        int actualCrc = checksum(file, headerBytes, bodyLength, headerBytes == HEADER_BYTES ? logGeneration : -1);
        if (actualCrc != storedCrc) {
            throw new Unreadable("is damaged: its CRC32C is " + hex(actualCrc) + ", the header says " + hex(storedCrc));
        }
        if (logGeneration < 0) {
            throw new Unreadable("is damaged: it names log generation " + logGeneration);
        }
        file.position(headerBytes);
        DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(file), BUFFER));
        try {
            return new Contents(readBody(new Body(in, bodyLength)), logGeneration);
        } catch (EOFException e) {
            throw new Unreadable("is damaged: its body ends in the middle of a record although its checksum matches");
        }
    }

    /** Checks the header against the file; returns its length, which its format decides. */
    private static int checkHeader(ByteBuffer header, long size) throws Unreadable {
        int magicSeen = Math.min(header.remaining(), MAGIC.length);
        byte[] start = new byte[magicSeen];
        header.get(0, start);
        if (!Arrays.equals(start, 0, magicSeen, MAGIC, 0, magicSeen) || size == 0) {
            throw new Unreadable(size == 0 ? "is empty" : "is not a Larder snapshot: it does not start with \"LARDERSNAP\"");
        }
        if (header.remaining() < MAGIC.length + 4) {
            throw new Unreadable("is truncated: it holds " + size + " bytes, less than a header");
        }
        int format = header.getInt(MAGIC.length);
        if (format != FORMAT && format != 1) {
            throw new Unreadable("has snapshot format " + format + "; this build reads formats 1 and " + FORMAT);
        }
        int headerBytes = format == FORMAT ? HEADER_BYTES : FORMAT_1_HEADER_BYTES;
        if (header.remaining() < headerBytes) {
            throw new Unreadable("is truncated: it holds " + size + " bytes, less than the " + headerBytes + "-byte header");
        }
        long bodyLength = header.getLong(headerBytes - 12);
        long actual = size - headerBytes;
        if (bodyLength < 0 || actual < bodyLength) {
            throw new Unreadable("is truncated: its header announces " + bodyLength + " bytes of body, the file holds " + actual);
        }
        if (actual > bodyLength) {
            throw new Unreadable("is damaged: it holds " + (actual - bodyLength) + " bytes after the end of its body");
        }
        return headerBytes;
    }

    private static int checksum(FileChannel file, int headerBytes, long bodyLength, long logGeneration) throws IOException {
        CRC32C crc = new CRC32C();
        if (logGeneration >= 0) {
            crc.update(generationBytes(logGeneration));
        }
        ByteBuffer chunk = ByteBuffer.allocate(BUFFER);
        long at = headerBytes;
        long end = headerBytes + bodyLength;
        while (at < end) {
            chunk.clear().limit((int) Math.min(BUFFER, end - at));
            int n = file.read(chunk, at);
            if (n < 0) {
                throw new Unreadable("is truncated: it ended while being read");
            }
            at += n;
            crc.update(chunk.flip());
        }
        return (int) crc.getValue();
    }

    /** The body's stream and its length, to refuse lengths no record of this file can have. */
    private record Body(DataInputStream in, long length) {
        int count(String what) throws IOException {
            int n = in.readInt();
            if (n < 0 || n > length) {
                throw new Unreadable("is damaged: it names " + n + " " + what);
            }
            return n;
        }

        byte[] bytes(String what) throws IOException {
            byte[] b = new byte[count("bytes of " + what)];
            in.readFully(b);
            return b;
        }

        String text(String what) throws IOException {
            return new String(bytes(what), StandardCharsets.UTF_8);
        }

        boolean more(String what) throws IOException {
            int marker = in.readUnsignedByte();
            if (marker > 1) {
                throw new Unreadable("is damaged: marker " + marker + " where a " + what + " or its end belongs");
            }
            return marker == 1;
        }
    }

    private static Map<String, StoreImage> readBody(Body body) throws IOException {
        Map<String, StoreImage> stores = new LinkedHashMap<>();
        while (body.more("store")) {
            String name = body.text("store name");
            boolean partitioned = body.in().readBoolean();
            int indexCount = body.count("indexes");
            List<String> indexes = new ArrayList<>(indexCount);
            for (int i = 0; i < indexCount; i++) {
                indexes.add(body.text("index name"));
            }
            List<Map.Entry<Key, Entry>> records = new ArrayList<>();
            while (body.more("record")) {
                records.add(readRecord(body, name, partitioned));
            }
            if (stores.put(name, new StoreImage(name, partitioned, indexes, records)) != null) {
                throw new Unreadable("is damaged: it holds store '" + name + "' twice");
            }
        }
        return stores;
    }

    private static Map.Entry<Key, Entry> readRecord(Body body, String store, boolean partitioned) throws IOException {
        boolean hasPartition = body.in().readBoolean();
        if (hasPartition != partitioned) {
            throw new Unreadable("is damaged: store '" + store + "' holds a key " + (hasPartition ? "with" : "without")
                    + " a partition");
        }
        String partition = hasPartition ? body.text("partition") : null;
        String id = body.text("id");
        if (id.isEmpty() || partition != null && partition.isEmpty()) {
            throw new Unreadable("is damaged: store '" + store + "' holds a key with an empty id or partition");
        }
        Key key = partition == null ? Key.of(id) : Key.of(partition, id);
        long time = body.in().readLong();
        int termCount = body.count("terms");
        List<Query.Term> terms = new ArrayList<>(termCount);
        for (int i = 0; i < termCount; i++) {
            terms.add(new Query.Term(body.text("field"), body.text("value")));
        }
        long expireAt = body.in().readLong();
        byte[] value = body.bytes("value");
        return Map.entry(key, new Entry(value, time, terms, expireAt));
    }

    private static ByteBuffer generationBytes(long logGeneration) {
        return ByteBuffer.allocate(8).putLong(0, logGeneration);
    }

    private static String hex(int crc) {
        return HexFormat.of().toHexDigits(crc);
    }
}
