package io.larder.cli.serve;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.io.Content;

/**
 * Reads a request body of at most {@code max} bytes without blocking a thread. A body over the
 * limit is read on and dropped, up to {@code drainUpTo} bytes in all, so that the client has sent
 * it whole when it is answered 413 and reads that answer (a server that closes while the client
 * still sends makes the client's TCP stack see a reset, and the answer is lost); past that it stops
 * reading. Memory stays within the limit whatever the body's size. Used once.
 */
final class BoundedBody implements Runnable {
    /** The body passed the limit: it was read to its end and dropped ({@link #drained}), or left unread. */
    static final class TooLargeException extends Exception {
        private static final long serialVersionUID = 1L;
        final boolean drained;

        TooLargeException(boolean drained) {
            super("body over the limit", null, false, false);
            this.drained = drained;
        }
    }

    private final Content.Source source;
    private final int max;
    private final long drainUpTo;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private long read;
    private final CompletableFuture<byte[]> done = new CompletableFuture<>();

    private BoundedBody(Content.Source source, int max, long drainUpTo) {
        this.source = source;
        this.max = max;
        this.drainUpTo = drainUpTo;
    }

    /**
     * The body of {@code source}, or a {@link TooLargeException} once it passes {@code max} bytes,
     * after reading and dropping the rest when the whole body is at most {@code drainUpTo} bytes.
     */
    static CompletableFuture<byte[]> read(Content.Source source, int max, long drainUpTo) {
        BoundedBody body = new BoundedBody(source, max, drainUpTo);
        body.run();
        return body.done;
    }

    @Override
    public void run() {
        while (true) {
            Content.Chunk chunk = source.read();
            if (chunk == null) {
                source.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                done.completeExceptionally(chunk.getFailure());
                return;
            }
            ByteBuffer b = chunk.getByteBuffer();
            read += b.remaining();
            if (read > drainUpTo) {
                chunk.release();
                TooLargeException tooLarge = new TooLargeException(false);
                source.fail(tooLarge);
                done.completeExceptionally(tooLarge);
                return;
            }
            if (read <= max) {
                byte[] copy = new byte[b.remaining()];
                b.get(copy);
                bytes.writeBytes(copy);
            } else if (bytes.size() > 0) {
                bytes.reset();                         // over the limit: what was kept goes, the rest is dropped
            }
            boolean last = chunk.isLast();
            chunk.release();
            if (last) {
                if (read > max) {
                    done.completeExceptionally(new TooLargeException(true));
                } else {
                    done.complete(bytes.toByteArray());
                }
                return;
            }
        }
    }
}
