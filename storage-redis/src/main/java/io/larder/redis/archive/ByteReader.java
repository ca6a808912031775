package io.larder.redis.archive;

/**
 * Reads back what {@link ByteWriter} writes, in place; a short or damaged input raises an
 * {@link IllegalArgumentException}, which readers of stored bytes turn into a corrupt record.
 * Not thread-safe.
 */
final class ByteReader {
    private final byte[] b;
    private final int end;
    private int pos;

    ByteReader(byte[] b, int pos) {
        this(b, pos, b.length);
    }

    /** Reads {@code b} up to {@code end}, exclusive. */
    ByteReader(byte[] b, int pos, int end) {
        this.b = b;
        this.pos = pos;
        this.end = end;
    }

    /** Where the next read starts. */
    int pos() {
        return pos;
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
