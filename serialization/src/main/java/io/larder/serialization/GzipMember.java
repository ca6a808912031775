package io.larder.serialization;

import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * One gzip member (RFC 1952), as {@code gzip.decompress} in Python or {@code zcat} reads it.
 * The header is the one JDK 17's {@code GZIPOutputStream} also writes (no modification time,
 * OS "unknown"); we write it ourselves so a record is deflated with the scratch's reused
 * {@link Deflater} into its reused buffer, with no stream per record. Reading accepts any valid
 * member and nothing after it: JDK 17's {@code GZIPInputStream} reads on into a second member and
 * silently drops trailing bytes that are not one, so we parse the header and trailer here and
 * inflate with a raw {@link Inflater}. Thread-safe.
 */
final class GzipMember {
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    private static final int TRAILER = 8;
    // deflate expands at most 1032:1; a larger claim is a lie we refuse before allocating for it
    private static final int MAX_RATIO = 1032;
    // the output buffer starts at the declared length up to this, and doubles only as real bytes arrive
    private static final int FIRST_BUFFER = 64 * 1024;
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;

    private GzipMember() {
    }

    /** Compresses {@code src[0 .. len)} into the scratch's packed buffer; returns the member's length. */
    static int compress(byte[] src, int len, EncodeScratch scratch) {
        Deflater deflater = scratch.deflater();
        deflater.setInput(src, 0, len);
        deflater.finish();
        byte[] dst = scratch.packed(HEADER.length + len + (len >> 3) + 64 + TRAILER);
        System.arraycopy(HEADER, 0, dst, 0, HEADER.length);
        int pos = HEADER.length;
        while (!deflater.finished()) {
            if (pos == dst.length) {
                dst = scratch.growPacked(pos);
            }
            pos += deflater.deflate(dst, pos, dst.length - pos);
        }
        if (dst.length - pos < TRAILER) {
            dst = scratch.growPacked(pos + TRAILER);
        }
        CRC32 crc = new CRC32();
        crc.update(src, 0, len);
        pos = putIntLittleEndian(dst, pos, (int) crc.getValue());
        return putIntLittleEndian(dst, pos, len);
    }

    /**
     * The {@code rawLength} bytes that the member {@code src[off .. off + len)} holds. Inflates
     * into a buffer that grows with what the deflate data really yields, so a member that lies
     * about its length costs what it holds, not what it claims; refuses a member that holds more
     * or less than {@code rawLength}, a damaged one, and any byte after its trailer.
     */
    static byte[] decompress(byte[] src, int off, int len, int rawLength) {
        if ((long) len * MAX_RATIO + 64 < rawLength) {
            throw new IllegalArgumentException("declared length " + rawLength + " but a gzip member of " + len
                    + " bytes cannot hold that many");
        }
        int end = off + len;
        int data = skipHeader(src, off, end);
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(src, data, end - data);
            byte[] out = new byte[Math.min(rawLength, FIRST_BUFFER)];
            byte[] probe = new byte[1];
            int n = 0;
            while (!inflater.finished()) {
                int got;
                if (n == rawLength) {
                    // the declared length is reached: one more byte means the member holds more
                    got = inflater.inflate(probe);
                    if (got > 0) {
                        throw new IllegalArgumentException("declared length " + rawLength + " but the gzip member holds more");
                    }
                } else {
                    if (n == out.length) {
                        out = Arrays.copyOf(out, (int) Math.min(rawLength, 2L * n));
                    }
                    got = inflater.inflate(out, n, out.length - n);
                    n += got;
                }
                if (got == 0 && !inflater.finished() && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalArgumentException("gzip member damaged: its deflate data ends before the stream does");
                }
            }
            if (n < rawLength) {
                throw new IllegalArgumentException("declared length " + rawLength + " but the gzip member holds " + n + " bytes");
            }
            checkTrailer(src, end - inflater.getRemaining(), end, out);
            return out;
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("gzip member damaged: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    /** Where the deflate data starts: after the fixed header and the optional fields its flags name. */
    private static int skipHeader(byte[] src, int off, int end) {
        if (end - off < HEADER.length || src[off] != HEADER[0] || src[off + 1] != HEADER[1]) {
            throw new IllegalArgumentException("gzip member damaged: Not in GZIP format");
        }
        if (src[off + 2] != 8) {
            throw new IllegalArgumentException("gzip member damaged: compression method " + (src[off + 2] & 0xFF)
                    + " is not deflate (8)");
        }
        int flags = src[off + 3] & 0xFF;
        if ((flags & 0xE0) != 0) {
            throw new IllegalArgumentException("gzip member damaged: reserved header flags are set");
        }
        int at = off + HEADER.length;
        if ((flags & FEXTRA) != 0) {
            at = need(at, 2, end);
            at = need(at, (src[at - 2] & 0xFF) | (src[at - 1] & 0xFF) << 8, end);
        }
        if ((flags & FNAME) != 0) {
            at = afterZero(src, at, end);
        }
        if ((flags & FCOMMENT) != 0) {
            at = afterZero(src, at, end);
        }
        if ((flags & FHCRC) != 0) {
            CRC32 crc = new CRC32();
            crc.update(src, off, at - off);
            at = need(at, 2, end);
            if (((src[at - 2] & 0xFF) | (src[at - 1] & 0xFF) << 8) != ((int) crc.getValue() & 0xFFFF)) {
                throw new IllegalArgumentException("gzip member damaged: Corrupt GZIP header");
            }
        }
        return at;
    }

    /** Checks CRC-32 and ISIZE, and that the trailer is the last thing in the value. */
    private static void checkTrailer(byte[] src, int at, int end, byte[] out) {
        if (end - at < TRAILER) {
            throw new IllegalArgumentException("gzip member damaged: its trailer is cut short");
        }
        CRC32 crc = new CRC32();
        crc.update(out);
        if (intLittleEndian(src, at) != (int) crc.getValue() || intLittleEndian(src, at + 4) != out.length) {
            throw new IllegalArgumentException("gzip member damaged: Corrupt GZIP trailer");
        }
        if (end - at > TRAILER) {
            throw new IllegalArgumentException((end - at - TRAILER) + " bytes follow the gzip member; a value holds one member");
        }
    }

    private static int need(int at, int n, int end) {
        if (end - at < n) {
            throw new IllegalArgumentException("gzip member damaged: its header is cut short");
        }
        return at + n;
    }

    private static int afterZero(byte[] src, int at, int end) {
        for (int i = at; i < end; i++) {
            if (src[i] == 0) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("gzip member damaged: its header is cut short");
    }

    private static int intLittleEndian(byte[] src, int at) {
        return (src[at] & 0xFF) | (src[at + 1] & 0xFF) << 8 | (src[at + 2] & 0xFF) << 16 | (src[at + 3] & 0xFF) << 24;
    }

    private static int putIntLittleEndian(byte[] dst, int pos, int v) {
        dst[pos] = (byte) v;
        dst[pos + 1] = (byte) (v >>> 8);
        dst[pos + 2] = (byte) (v >>> 16);
        dst[pos + 3] = (byte) (v >>> 24);
        return pos + 4;
    }
}
