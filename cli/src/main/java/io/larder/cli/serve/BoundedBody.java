package io.larder.cli.serve;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.io.Content;

/**
 * Reads a request body of at most {@code max} bytes without blocking a thread; stops reading as
 * soon as the body passes the limit, so a 50 MB body costs no more memory than the limit. Used once.
 */
final class BoundedBody implements Runnable {
    /** The body passed the limit; nothing more of it was read. */
    static final class TooLargeException extends Exception {
        private static final long serialVersionUID = 1L;

        TooLargeException() {
            super("body over the limit", null, false, false);
        }
    }

    private final Content.Source source;
    private final int max;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> done = new CompletableFuture<>();

    private BoundedBody(Content.Source source, int max) {
        this.source = source;
        this.max = max;
    }

    /** The body of {@code source}, or a {@link TooLargeException} once it passes {@code max} bytes. */
    static CompletableFuture<byte[]> read(Content.Source source, int max) {
        BoundedBody body = new BoundedBody(source, max);
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
            if (bytes.size() + b.remaining() > max) {
                chunk.release();
                TooLargeException tooLarge = new TooLargeException();
                source.fail(tooLarge);
                done.completeExceptionally(tooLarge);
                return;
            }
            byte[] copy = new byte[b.remaining()];
            b.get(copy);
            bytes.writeBytes(copy);
            boolean last = chunk.isLast();
            chunk.release();
            if (last) {
                done.complete(bytes.toByteArray());
                return;
            }
        }
    }
}
