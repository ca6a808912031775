package io.larder.cli.serve;

import io.larder.chat.ChatArchive;
import io.larder.chat.OneBotIngest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Where the server hands each event: completes once the event is stored (or known to need no
 * storing), never before. The server's one dependency on the chat archive's live ingestion, so
 * the wire code can be tested and measured on its own. Thread-safe.
 */
public interface EventSink extends AutoCloseable {
    /**
     * A sink storing into {@code archive} in batches of up to {@code batch} events, or what
     * arrived within {@code flushAfter} of a batch's first event; at most {@code capacity} events
     * wait, then {@link #submit} blocks.
     */
    static EventSink over(ChatArchive archive, int batch, Duration flushAfter, int capacity) {
        return new IngestSink(OneBotIngest.builder(archive).batchSize(batch).maxDelay(flushAfter)
                .maxPending(Math.max(capacity, batch)).build());
    }

    /**
     * Hands over one event as received. May block while the sink is full (back-pressure); the
     * future fails with the storage error when the event's batch could not be stored.
     */
    CompletableFuture<Outcome> submit(String eventJson);

    /** Events handed over and not yet stored. */
    long pending();

    /** Stores everything handed over, then releases the sink; later submissions are refused. */
    @Override
    void close();

    /**
     * {@link #close()}, waiting at most {@code within} for the storage: the events it has not stored
     * by then fail (their futures complete exceptionally), never acknowledged. Returns how many.
     */
    long close(Duration within);

    /**
     * What became of one stored event.
     *
     * @param kind stored, a duplicate of one stored before, or nothing to store
     * @param detail a few words for an ignored event (its post_type), empty otherwise
     */
    record Outcome(Kind kind, String detail) {
        /** The outcomes a client can tell apart. */
        public enum Kind {
            /** A message taken or a recall applied or remembered. */
            STORED,
            /** Already archived: nothing changed. */
            DUPLICATE,
            /** An event the archive keeps nothing of (heartbeats, notices it does not index). */
            IGNORED,
            /** Not an event the archive can read, with the reason in {@link Outcome#detail()}. */
            REFUSED
        }
    }
}
