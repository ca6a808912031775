package io.larder.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.content.ByteBufferContentSource;
import org.junit.jupiter.api.Test;

class BoundedBodyTest {
    private static ByteBufferContentSource body(int chunks, int size) {
        ByteBuffer[] buffers = new ByteBuffer[chunks];
        for (int i = 0; i < chunks; i++) {
            buffers[i] = ByteBuffer.wrap(new byte[size]);
        }
        return new ByteBufferContentSource(buffers);
    }

    private static BoundedBody.TooLargeException refusal(CompletableFuture<byte[]> read) throws InterruptedException {
        try {
            read.get();
            throw new AssertionError("the body was accepted");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(BoundedBody.TooLargeException.class);
            return (BoundedBody.TooLargeException) e.getCause();
        }
    }

    @Test
    void aBodyWithinTheLimitIsReadWhole() throws Exception {
        assertThat(BoundedBody.read(body(4, 100), 400, 1000).get()).hasSize(400);
    }

    @Test
    void aBodyOverTheLimitIsReadToItsEndBeforeItIsRefused() throws Exception {
        ByteBufferContentSource source = body(9, 100);
        assertThat(refusal(BoundedBody.read(source, 400, 1000)).drained).isTrue();
        Content.Chunk end = source.read();
        assertThat(end).isNotNull();
        assertThat(end.isLast()).isTrue();
        assertThat(Content.Chunk.isFailure(end)).isFalse();
    }

    @Test
    void aBodyPastWhatIsDrainedIsLeftUnread() throws Exception {
        ByteBufferContentSource source = body(20, 100);
        assertThat(refusal(BoundedBody.read(source, 400, 1000)).drained).isFalse();
        assertThat(Content.Chunk.isFailure(source.read())).isTrue();
    }
}
