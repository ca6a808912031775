package io.larder.serialization;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;

/**
 * One gzip member (RFC 1952), as {@code gzip.decompress} in Python or {@code zcat} reads it.
 * We write the header ourselves, with no modification time and OS "unknown", so equal records
 * give equal bytes on every machine and JDK. Reading accepts any valid member. Thread-safe.
 */
final class GzipMember {
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    private static final int TRAILER = 8;
    // deflate expands at most 1032:1; a larger claim is a lie we refuse before allocating for it
    private static final int MAX_RATIO = 1032;

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

    /** The {@code rawLength} bytes that the member {@code src[off .. off + len)} holds. */
    static byte[] decompress(byte[] src, int off, int len, int rawLength) {
        if ((long) len * MAX_RATIO + 64 < rawLength) {
            throw new IllegalArgumentException("declared length " + rawLength + " but a gzip member of " + len
                    + " bytes cannot hold that many");
        }
        byte[] out = new byte[rawLength];
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(src, off, len), 512)) {
            int n = in.readNBytes(out, 0, rawLength);
            if (n < rawLength) {
                throw new IllegalArgumentException("declared length " + rawLength + " but the gzip member holds " + n + " bytes");
            }
            // reading on checks the CRC and length in the trailer, and that nothing follows
            if (in.read() != -1) {
                throw new IllegalArgumentException("declared length " + rawLength + " but the gzip member holds more");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("gzip member damaged: " + e.getMessage(), e);
        }
        return out;
    }

    private static int putIntLittleEndian(byte[] dst, int pos, int v) {
        dst[pos] = (byte) v;
        dst[pos + 1] = (byte) (v >>> 8);
        dst[pos + 2] = (byte) (v >>> 16);
        dst[pos + 3] = (byte) (v >>> 24);
        return pos + 4;
    }
}
