package io.larder.cli.serve;

import io.larder.chat.Accepted;
import io.larder.chat.EventRefusedException;
import io.larder.chat.OneBotIngest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

/** A sink over the chat archive's live ingestion: its batches, its back-pressure, its acknowledgement after storage. Thread-safe. */
final class IngestSink implements EventSink {
    private final OneBotIngest ingest;
    private final AtomicLong pending = new AtomicLong();

    IngestSink(OneBotIngest ingest) {
        this.ingest = ingest;
    }

    @Override
    public CompletableFuture<Outcome> submit(String eventJson) {
        pending.incrementAndGet();
        CompletableFuture<Accepted> f;
        try {
            f = ingest.submit(eventJson);
        } catch (RuntimeException e) {
            pending.decrementAndGet();
            throw e;
        }
        return f.handle((accepted, failure) -> {
            pending.decrementAndGet();
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                if (cause instanceof EventRefusedException refused) {
                    return new Outcome(Outcome.Kind.REFUSED, refused.reason());
                }
                throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
            }
            return switch (accepted.outcome()) {
                case STORED, RECALL_APPLIED, RECALL_PENDING -> new Outcome(Outcome.Kind.STORED, "");
                case DUPLICATE, RECALL_REPEATED -> new Outcome(Outcome.Kind.DUPLICATE, "");
                case SKIPPED -> new Outcome(Outcome.Kind.IGNORED, accepted.kind());
            };
        });
    }

    @Override
    public long pending() {
        return pending.get();
    }

    @Override
    public void close() {
        ingest.close();
    }

    @Override
    public long close(Duration within) {
        return ingest.close(within);
    }
}
