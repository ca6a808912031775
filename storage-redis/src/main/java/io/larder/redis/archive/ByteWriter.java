package io.larder.redis.archive;

import java.util.Arrays;

/**
 * A growing byte buffer with the few encodings the archive's formats use (big-endian, unsigned
 * varints). Unlike {@code ByteArrayOutputStream} it takes no lock per byte written, and a chunk's
 * varints are most of its writes. Not thread-safe.
 */
final class ByteWriter {
    private byte[] buf;
    private int size;

    ByteWriter(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    /** Room for {@code more} bytes after those written. */
    private void room(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }

    ByteWriter raw(byte[] b) {
        return raw(b, 0, b.length);
    }

    ByteWriter raw(byte[] b, int from, int length) {
        room(length);
        System.arraycopy(b, from, buf, size, length);
        size += length;
        return this;
    }

    ByteWriter u8(int v) {
        room(1);
        buf[size++] = (byte) v;
        return this;
    }

    ByteWriter u16(int v) {
        return u8(v >>> 8).u8(v);
    }

    ByteWriter u32(long v) {
        room(4);
        for (int s = 24; s >= 0; s -= 8) {
            buf[size++] = (byte) (v >>> s);
        }
        return this;
    }

    ByteWriter i64(long v) {
        room(8);
        for (int s = 56; s >= 0; s -= 8) {
            buf[size++] = (byte) (v >>> s);
        }
        return this;
    }

    ByteWriter varint(long v) {
        if (v < 0) {
            throw new IllegalArgumentException("negative varint " + v);
        }
        room(10);
        while (v >= 0x80) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
        return this;
    }

    /** How many bytes were written. */
    int size() {
        return size;
    }

    /** The bytes written: the buffer itself when it is exactly full, else a copy. */
    byte[] toByteArray() {
        return size == buf.length ? buf : Arrays.copyOf(buf, size);
    }
}
