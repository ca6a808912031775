package io.larder.serialization;

import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * One raw LZ4 block (no LZ4 frame, no length prefix: the value frame carries the length).
 * Decompression goes only through the safe decompressor, which never reads or writes outside
 * the given ranges whatever the input. Stateless and thread-safe.
 */
final class Lz4Block {
    private static final LZ4Factory FACTORY = LZ4Factory.fastestInstance();
    private static final LZ4Compressor COMPRESSOR = FACTORY.fastCompressor();
    private static final LZ4SafeDecompressor DECOMPRESSOR = FACTORY.safeDecompressor();
    // A byte of an LZ4 block yields at most 255 bytes (a match-length extension byte); a larger
    // claim is a lie we refuse before allocating for it.
    private static final int MAX_RATIO = 256;

    private Lz4Block() {
    }

    /** Compresses {@code src[0 .. len)} into the scratch's packed buffer; returns the compressed length. */
    static int compress(byte[] src, int len, EncodeScratch scratch) {
        byte[] dst = scratch.packed(COMPRESSOR.maxCompressedLength(len));
        return COMPRESSOR.compress(src, 0, len, dst, 0, dst.length);
    }

    /** The {@code rawLength} bytes that {@code src[off .. off + len)} holds. */
    static byte[] decompress(byte[] src, int off, int len, int rawLength) {
        if ((long) len * MAX_RATIO + 64 < rawLength) {
            throw new IllegalArgumentException("declared length " + rawLength + " but an lz4 block of " + len
                    + " bytes cannot hold that many");
        }
        byte[] out = new byte[rawLength];
        int n;
        try {
            n = DECOMPRESSOR.decompress(src, off, len, out, 0, rawLength);
        } catch (LZ4Exception e) {
            throw new IllegalArgumentException("lz4 block damaged: " + e.getMessage(), e);
        }
        if (n != rawLength) {
            throw new IllegalArgumentException("declared length " + rawLength + " but the lz4 block holds " + n + " bytes");
        }
        return out;
    }
}
