package io.larder.serialization;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.jspecify.annotations.Nullable;

/**
 * Per-thread buffers an encode writes into, so that the hot path allocates only the array it
 * returns, and the thread's JSON generator writing into them (a generator costs half a dozen
 * objects to make, and can write any number of documents in turn). The buffers keep the size of
 * the largest recent value up to {@link #RETAINED}; a larger one is dropped after use so one big
 * record does not pin memory in every thread. Confined to one thread between {@link #acquire()}
 * and {@link #release()}.
 */
final class EncodeScratch extends OutputStream {
    private static final int INITIAL = 1024;
    private static final int RETAINED = 1 << 20;
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;
    private static final ThreadLocal<EncodeScratch> LOCAL = ThreadLocal.withInitial(() -> new EncodeScratch(false));

    private byte[] raw = new byte[INITIAL];
    private int size;
    private byte[] packed = new byte[INITIAL];
    // both made on first use, and dropped when a nested scratch is released or a write fails
    private @Nullable Deflater deflater;
    private @Nullable JsonGenerator json;
    private boolean inUse;
    private final boolean nested;

    private EncodeScratch(boolean nested) {
        this.nested = nested;
    }

    /** This thread's scratch, or a fresh one if an encode on this thread is already using it. */
    static EncodeScratch acquire() {
        EncodeScratch s = LOCAL.get();
        if (s.inUse) {
            s = new EncodeScratch(true);
        }
        s.inUse = true;
        s.size = 0;
        return s;
    }

    /** Whether this encode runs inside another on the same thread. */
    boolean nested() {
        return nested;
    }

    void release() {
        inUse = false;
        if (raw.length > RETAINED) {
            raw = new byte[INITIAL];
        }
        if (packed.length > RETAINED) {
            packed = new byte[INITIAL];
        }
        if (deflater != null && nested) {
            deflater.end();
            deflater = null;
        }
    }

    /**
     * This thread's JSON generator, writing into this scratch; made by {@code writer} on first use.
     * Every writer of the JSON codec comes from one mapper, so any of them may write through it.
     */
    JsonGenerator json(ObjectWriter writer) throws IOException {
        if (json == null) {
            json = writer.createGenerator(this, JsonEncoding.UTF8);
            // documents follow one another in this generator: nothing may go between them
            json.setRootValueSeparator(null);
        }
        return json;
    }

    /** Forgets the JSON generator: a write that failed may have left it inside a document. */
    void dropJson() {
        json = null;
    }

    /** The encoded record written so far: {@code raw()[0 .. size())}. */
    byte[] raw() {
        return raw;
    }

    int size() {
        return size;
    }

    /** A buffer for compressed output of at least {@code capacity} bytes; its content is undefined. */
    byte[] packed(int capacity) {
        if (packed.length < capacity) {
            packed = new byte[capacity];
        }
        return packed;
    }

    /** The compressed-output buffer grown to hold more, keeping its first {@code used} bytes. */
    byte[] growPacked(int used) {
        packed = Arrays.copyOf(packed, grown(packed.length, used + 1));
        return packed;
    }

    /** This thread's deflater, reset, writing a raw deflate stream (the gzip wrapper is ours). */
    Deflater deflater() {
        if (deflater == null) {
            deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        } else {
            deflater.reset();
        }
        return deflater;
    }

    @Override
    public void write(int b) throws IOException {
        ensure(1);
        raw[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        ensure(len);
        System.arraycopy(b, off, raw, size, len);
        size += len;
    }

    private void ensure(int more) throws IOException {
        long needed = (long) size + more;
        if (needed > MAX_ARRAY) {
            throw new IOException("encoded record exceeds " + MAX_ARRAY + " bytes");
        }
        if (needed > raw.length) {
            raw = Arrays.copyOf(raw, grown(raw.length, (int) needed));
        }
    }

    private static int grown(int current, int needed) {
        return (int) Math.min(MAX_ARRAY, Math.max(needed, (long) current * 2));
    }
}
