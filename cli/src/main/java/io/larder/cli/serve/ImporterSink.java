package io.larder.cli.serve;

import io.larder.chat.ChatArchive;
import io.larder.chat.ImportReport;
import io.larder.chat.OneBotImporter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A sink over the importer: events queue (bounded: a full queue blocks the caller), one thread
 * stores them in batches of up to {@code batch} events or whatever arrived within
 * {@code flushAfter} of the first, then completes their futures. Stands in for the chat module's
 * live ingestion until the server is built on it. Thread-safe.
 */
final class ImporterSink implements EventSink {
    private static final Pending STOP = new Pending("", new CompletableFuture<>());

    private final ChatArchive archive;
    private final int batch;
    private final long flushAfterNanos;
    private final BlockingQueue<Pending> queue;
    private final AtomicLong pending = new AtomicLong();
    private final Thread writer;
    private volatile boolean closed;

    private record Pending(String json, CompletableFuture<Outcome> done) {
    }

    ImporterSink(ChatArchive archive, int batch, Duration flushAfter, int capacity) {
        this.archive = archive;
        this.batch = batch;
        this.flushAfterNanos = flushAfter.toNanos();
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writer = new Thread(this::run, "larder-serve-writer");
        writer.start();
    }

    @Override
    public CompletableFuture<Outcome> submit(String eventJson) {
        if (closed) {
            throw new IllegalStateException("the sink is closed");
        }
        Pending p = new Pending(eventJson.replace('\n', ' ').replace('\r', ' '), new CompletableFuture<>());
        pending.incrementAndGet();
        try {
            queue.put(p);
        } catch (InterruptedException e) {
            pending.decrementAndGet();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the sink was full", e);
        }
        return p.done();
    }

    @Override
    public long pending() {
        return pending.get();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            queue.put(STOP);
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<Pending> taken = new ArrayList<>(batch);
        boolean stop = false;
        while (!stop) {
            try {
                Pending first = queue.take();
                if (first == STOP) {
                    break;
                }
                taken.add(first);
                long deadline = System.nanoTime() + flushAfterNanos;
                while (taken.size() < batch) {
                    Pending next = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    if (next == STOP) {
                        stop = true;
                        break;
                    }
                    taken.add(next);
                }
            } catch (InterruptedException e) {
                stop = true;
            }
            store(taken);
            taken.clear();
        }
        List<Pending> rest = new ArrayList<>();
        queue.drainTo(rest);
        rest.remove(STOP);
        store(rest);
    }

    private void store(List<Pending> events) {
        if (events.isEmpty()) {
            return;
        }
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        for (Pending p : events) {
            lines.writeBytes(p.json().getBytes(StandardCharsets.UTF_8));
            lines.write('\n');
        }
        try {
            ImportReport report = OneBotImporter.builder().batchSize(events.size()).maxRefusals(events.size())
                    .maxLineBytes(Integer.MAX_VALUE - 16).build()
                    .importFrom(new ByteArrayInputStream(lines.toByteArray()), archive);
            Map<Long, String> refused = new HashMap<>();
            for (ImportReport.Refusal r : report.refusals()) {
                refused.put(r.line(), r.reason());
            }
            for (int i = 0; i < events.size(); i++) {
                String reason = refused.get((long) i + 1);
                pending.decrementAndGet();
                events.get(i).done().complete(reason == null ? new Outcome(Outcome.Kind.STORED, "")
                        : new Outcome(Outcome.Kind.REFUSED, reason));
            }
        } catch (RuntimeException e) {
            for (Pending p : events) {
                pending.decrementAndGet();
                p.done().completeExceptionally(e);
            }
        }
    }
}
