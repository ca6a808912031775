package io.larder.redis.archive;

import java.io.ByteArrayOutputStream;

/** A growing byte buffer with the few encodings the archive's formats use (big-endian, unsigned varints). Not thread-safe. */
final class ByteWriter extends ByteArrayOutputStream {
    ByteWriter(int size) {
        super(Math.max(16, size));
    }

    ByteWriter raw(byte[] b) {
        write(b, 0, b.length);
        return this;
    }

    ByteWriter u8(int v) {
        write(v);
        return this;
    }

    ByteWriter u16(int v) {
        write(v >>> 8);
        write(v);
        return this;
    }

    ByteWriter u32(long v) {
        for (int s = 24; s >= 0; s -= 8) {
            write((int) (v >>> s));
        }
        return this;
    }

    ByteWriter i64(long v) {
        for (int s = 56; s >= 0; s -= 8) {
            write((int) (v >>> s));
        }
        return this;
    }

    ByteWriter varint(long v) {
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
