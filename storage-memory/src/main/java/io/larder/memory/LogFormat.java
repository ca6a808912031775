package io.larder.memory;

import io.larder.Key;
import io.larder.Query;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * The bytes of the memory adapter's append-only log, format 1: a header, then records, each
 * framed by its length and a CRC32C so a torn or damaged one is told apart from a whole one.
 *
 * <pre>
 * header:  "LARDERLOG" | format u32 = 1 | generation u64 | CRC32C of the bytes before it u32
 * record:  body length u32 | CRC32C of (length, body) u32 | body
 * body:    STORE  1 | store | partitioned u8 | index count u32 | index name *
 *          PUT    2 | store | key | time i64 | term count u32 | { field | value } * | expire-at i64 | value
 *          DELETE 3 | store | key
 *          TOUCH  4 | store | key | expire-at i64
 * key:     has partition u8 | [partition] | id
 * text and value: length u32 | bytes (text as UTF-8)
 * </pre>
 *
 * A PUT carries the whole record, not a change, so replaying a record twice, or on top of a
 * snapshot that already holds it, gives the same result. Numbers are big-endian. Stateless.
 */
final class LogFormat {
    static final byte[] MAGIC = "LARDERLOG".getBytes(StandardCharsets.US_ASCII);
    static final int FORMAT = 1;
    static final int HEADER_BYTES = MAGIC.length + 4 + 8 + 4;
    /** Length and checksum before each body. */
    static final int FRAME_BYTES = 8;

    static final byte STORE = 1;
    static final byte PUT = 2;
    static final byte DELETE = 3;
    static final byte TOUCH = 4;

    /** One change the log holds, read back. */
    sealed interface Change {
        /** The store it changes. */
        String store();
    }

    /** A store's shape, written before its first change in each log file. */
    record Declared(String store, boolean partitioned, List<String> indexes) implements Change {
    }

    /** A record written whole. */
    record Put(String store, Key key, Entry entry) implements Change {
    }

    /** A record removed. */
    record Delete(String store, Key key) implements Change {
    }

    /** A record's expiry moved (sliding expiry, refreshed by a read). */
    record Touch(String store, Key key, long expireAt) implements Change {
    }

    /** Bytes that are not a log this build can read; the message says what is wrong. */
    static final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreadable(String problem) {
            super(problem);
        }
    }

    private LogFormat() {
    }

    static ByteBuffer header(long generation) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES).put(MAGIC).putInt(FORMAT).putLong(generation);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        return b.putInt((int) crc.getValue()).flip();
    }

    /** The generation a header names. */
    static long generation(ByteBuffer header) throws Unreadable {
        if (header.remaining() < HEADER_BYTES) {
            throw new Unreadable("its " + HEADER_BYTES + "-byte header is cut short at " + header.remaining() + " bytes");
        }
        byte[] magic = new byte[MAGIC.length];
        header.get(header.position(), magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new Unreadable("it is not a Larder log: it does not start with \"LARDERLOG\"");
        }
        CRC32C crc = new CRC32C();
        crc.update(header.duplicate().limit(header.position() + HEADER_BYTES - 4));
        if (header.getInt(header.position() + HEADER_BYTES - 4) != (int) crc.getValue()) {
            throw new Unreadable("its header is damaged");
        }
        int format = header.getInt(header.position() + MAGIC.length);
        if (format != FORMAT) {
            throw new Unreadable("it has log format " + format + "; this build reads format " + FORMAT);
        }
        return header.getLong(header.position() + MAGIC.length + 4);
    }

    static byte[] declared(String store, boolean partitioned, List<String> indexes) {
        byte[] name = utf8(store);
        byte[][] names = indexes.stream().map(LogFormat::utf8).toArray(byte[][]::new);
        int size = 1 + text(name) + 1 + 4;
        for (byte[] n : names) {
            size += text(n);
        }
        ByteBuffer b = begin(size).put(STORE);
        putText(b, name).put((byte) (partitioned ? 1 : 0)).putInt(names.length);
        for (byte[] n : names) {
            putText(b, n);
        }
        return seal(b);
    }

    static byte[] put(byte[] store, Key key, Entry e) {
        String p = key.partition();
        byte[] partition = p == null ? null : utf8(p);
        byte[] id = utf8(key.id());
        List<Query.Term> terms = e.terms();
        byte[][] texts = new byte[terms.size() * 2][];
        int size = 1 + text(store) + key(partition, id) + 8 + 4 + 8 + text(e.value());
        for (int i = 0; i < terms.size(); i++) {
            texts[2 * i] = utf8(terms.get(i).field());
            texts[2 * i + 1] = utf8(terms.get(i).value());
            size += text(texts[2 * i]) + text(texts[2 * i + 1]);
        }
        ByteBuffer b = begin(size).put(PUT);
        putKey(putText(b, store), partition, id).putLong(e.time()).putInt(terms.size());
        for (byte[] t : texts) {
            putText(b, t);
        }
        b.putLong(e.expireAt());
        putText(b, e.value());
        return seal(b);
    }

    static byte[] delete(byte[] store, Key key) {
        String p = key.partition();
        byte[] partition = p == null ? null : utf8(p);
        byte[] id = utf8(key.id());
        ByteBuffer b = begin(1 + text(store) + key(partition, id)).put(DELETE);
        putKey(putText(b, store), partition, id);
        return seal(b);
    }

    static byte[] touch(byte[] store, Key key, long expireAt) {
        String p = key.partition();
        byte[] partition = p == null ? null : utf8(p);
        byte[] id = utf8(key.id());
        ByteBuffer b = begin(1 + text(store) + key(partition, id) + 8).put(TOUCH);
        putKey(putText(b, store), partition, id).putLong(expireAt);
        return seal(b);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether {@code frame} (length and checksum) and {@code body} make a whole record. */
    static boolean intact(int length, int checksum, ByteBuffer body) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(4).putInt(0, length));
        crc.update(body.duplicate());
        return (int) crc.getValue() == checksum;
    }

    /** The change a whole record's body holds. */
    static Change read(ByteBuffer body) throws Unreadable {
        try {
            byte kind = body.get();
            String store = text(body);
            Change change = switch (kind) {
                case STORE -> {
                    boolean partitioned = flag(body);
                    int n = count(body);
                    List<String> indexes = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        indexes.add(text(body));
                    }
                    yield new Declared(store, partitioned, indexes);
                }
                case PUT -> {
                    Key key = key(body);
                    long time = body.getLong();
                    int n = count(body);
                    List<Query.Term> terms = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        terms.add(new Query.Term(text(body), text(body)));
                    }
                    long expireAt = body.getLong();
                    yield new Put(store, key, new Entry(bytes(body), time, terms, expireAt));
                }
                case DELETE -> new Delete(store, key(body));
                case TOUCH -> new Touch(store, key(body), body.getLong());
                default -> throw new Unreadable("it holds a record of unknown kind " + kind);
            };
            if (body.hasRemaining()) {
                throw new Unreadable("a record holds " + body.remaining() + " bytes after its end");
            }
            return change;
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new Unreadable("a record's content is damaged though its checksum matches (" + e + ")");
        }
    }

    // ---- writing

    private static ByteBuffer begin(int bodySize) {
        return ByteBuffer.allocate(FRAME_BYTES + bodySize).position(FRAME_BYTES);
    }

    /** Fills in the length and the checksum over length and body. */
    private static byte[] seal(ByteBuffer b) {
        int length = b.position() - FRAME_BYTES;
        b.putInt(0, length);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, 4);
        crc.update(b.array(), FRAME_BYTES, length);
        b.putInt(4, (int) crc.getValue());
        return b.array();
    }

    private static int text(byte[] bytes) {
        return 4 + bytes.length;
    }

    private static int key(byte @Nullable [] partition, byte[] id) {
        return 1 + (partition == null ? 0 : text(partition)) + text(id);
    }

    private static ByteBuffer putText(ByteBuffer b, byte[] bytes) {
        return b.putInt(bytes.length).put(bytes);
    }

    private static ByteBuffer putKey(ByteBuffer b, byte @Nullable [] partition, byte[] id) {
        b.put((byte) (partition == null ? 0 : 1));
        if (partition != null) {
            putText(b, partition);
        }
        return putText(b, id);
    }

    // ---- reading

    private static Key key(ByteBuffer b) throws Unreadable {
        String partition = flag(b) ? text(b) : null;
        String id = text(b);
        return partition == null ? Key.of(id) : Key.of(partition, id);
    }

    private static boolean flag(ByteBuffer b) throws Unreadable {
        byte f = b.get();
        if (f != 0 && f != 1) {
            throw new Unreadable("a record holds flag " + f + " where 0 or 1 belongs");
        }
        return f == 1;
    }

    private static int count(ByteBuffer b) throws Unreadable {
        int n = b.getInt();
        if (n < 0 || n > b.remaining()) {
            throw new Unreadable("a record names " + n + " items in " + b.remaining() + " bytes");
        }
        return n;
    }

    private static byte[] bytes(ByteBuffer b) throws Unreadable {
        byte[] out = new byte[count(b)];
        b.get(out);
        return out;
    }

    private static String text(ByteBuffer b) throws Unreadable {
        return new String(bytes(b), StandardCharsets.UTF_8);
    }
}
