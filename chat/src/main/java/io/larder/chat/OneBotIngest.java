package io.larder.chat;

import static io.larder.chat.BuilderGuard.once;
import static io.larder.chat.BuilderGuard.nonNegative;
import static io.larder.chat.BuilderGuard.positive;

import io.larder.StorageUnavailableException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live ingestion: OneBot v11 events submitted one at a time (by a bot, {@code larder serve}, a
 * pipe, a tailed log) and written to a {@link ChatArchive} in batches, by size and by time:
 * batches are started when {@link Builder#batchSize} events wait to be written, or
 * {@link Builder#maxDelay} after the oldest event arrived, whichever is first. The future {@link #submit} returns completes
 * only once the event's batch is stored, so whoever acknowledges on it acknowledges stored events
 * only; when the write fails every future of the batch fails with the storage's error, and sending
 * the events again is safe (appends and recalls are idempotent). Batches are written by
 * {@link Builder#writers} named daemon threads, each group's events always by the same one, in
 * their order (within a batch messages before recalls), while other groups' batches are written
 * beside them.
 *
 * <p>A batch that fails may have stored messages it did not count in the daily counts: once a later
 * batch of its writer is written, its groups' counts are checked against the stores and counted again
 * if short (logged, and listed in {@link ImportReport#recounted}).
 *
 * <p>Back-pressure: at most {@link Builder#maxPending} events wait to be written; {@link #submit}
 * <em>blocks</em> its caller while that many wait, so a fast sender is slowed to the speed of the
 * storage rather than refused (a server calls it off its I/O threads). Thread-safe.
 *
 * <pre>{@code
 * try (OneBotIngest ingest = OneBotIngest.builder(archive).build()) {
 *     ingest.submit(eventJson).thenAccept(accepted -> acknowledge(accepted));
 * }
 * }</pre>
 */
public final class OneBotIngest implements AutoCloseable {
    /** Events per batch unless the builder says otherwise. */
    public static final int DEFAULT_BATCH_SIZE = 500;
    /** The longest an event waits for its batch unless the builder says otherwise. */
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(1);
    /** Events waiting to be written before {@link #submit} blocks, unless the builder says otherwise. */
    public static final int DEFAULT_MAX_PENDING = 20_000;
    /** Writing threads unless the builder says otherwise. */
    public static final int DEFAULT_WRITERS = 2;
    /**
     * Messages a run remembers having stored (the most recent ones, about 5 MB), so that one arriving
     * again is reported as sent again, not as archived before: redeliveries come seconds apart.
     */
    public static final int REMEMBERED = 50_000;

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final Logger LOG = LoggerFactory.getLogger(OneBotIngest.class);

    private final ChatArchive archive;
    private final int batchSize;
    private final long maxDelayNanos;
    private final int maxPending;
    private final int maxRefusals;
    private final Lane[] lanes;
    private final @Nullable Consumer<RuntimeException> onFailure;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition room = lock.newCondition();
    private final Condition written = lock.newCondition();
    /** Events submitted and not written yet; of them, those not taken into a batch yet. */
    private int pending;
    private int waiting;
    private long enqueued;
    private long flushTo;
    private boolean closed;
    private volatile @Nullable RuntimeException lastFailure;

    private long events;
    private long taken;
    private long duplicates;
    private long resent;
    /** The keys of the messages this run stored most recently, to tell a message sent again from one archived before. */
    private final Map<String, Boolean> stored = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };
    /** The groups where this run met messages archived before it: whose counts {@link #mendCounts} checks. */
    private final Set<String> metBefore = new HashSet<>();
    private final List<GroupCount> recounted = new ArrayList<>();
    private long applied;
    private long repeated;
    private long unknown;
    private long refused;
    private long failed;
    private final Map<String, Long> skipped = new TreeMap<>();
    private final List<ImportReport.Refusal> refusals = new ArrayList<>();

    /** One writing thread and the events of its groups, in arrival order; guarded by {@code lock}. */
    private final class Lane {
        private final ArrayDeque<Entry> queue = new ArrayDeque<>();
        private final Condition work = lock.newCondition();
        private final Thread writer;
        /** The sequence number of the last event given to this lane, and of the last one written (stored or failed). */
        private long last;
        private long done;
        /** Groups of this lane's failed batches, whose counts are checked once a later batch is written; touched by the writer only. */
        private final Set<String> unsure = new HashSet<>();
        /** The batch the writer is writing, or null; and whether a bounded close gave it up (and counted it failed). */
        private @Nullable List<Entry> inFlight;
        private boolean abandoned;

        private Lane(String threadName) {
            writer = new Thread(() -> writeLoop(this), threadName);
            writer.setDaemon(true);
        }
    }

    /** An event waiting for its batch; {@code future} is null when nobody waits on it (an import). */
    private record Entry(OneBotEvents.Event event, @Nullable CompletableFuture<Accepted> future, long seq, long arrived) {
    }

    private OneBotIngest(Builder b) {
        this.archive = b.archive;
        this.batchSize = b.batchSize == null ? DEFAULT_BATCH_SIZE : b.batchSize;
        this.maxDelayNanos = (b.maxDelay == null ? DEFAULT_MAX_DELAY : b.maxDelay).toNanos();
        this.maxPending = b.maxPending == null ? Math.max(DEFAULT_MAX_PENDING, batchSize) : b.maxPending;
        if (maxPending < batchSize) {
            throw new IllegalArgumentException("max pending (" + maxPending + ") must be at least the batch size ("
                    + batchSize + ")");
        }
        this.maxRefusals = b.maxRefusals == null ? 100 : b.maxRefusals;
        this.onFailure = b.onFailure;
        int writers = b.writers == null ? DEFAULT_WRITERS : b.writers;
        this.lanes = new Lane[writers];
        String thread = "larder-ingest-" + archive.name() + "-" + THREADS.incrementAndGet();
        for (int i = 0; i < writers; i++) {
            lanes[i] = new Lane(writers == 1 ? thread : thread + "-" + (i + 1));
        }
        for (Lane lane : lanes) {
            lane.writer.start();
        }
    }

    /** A builder writing to {@code archive}: batches of 500, written at most 1 s after their first event, 20,000 pending. */
    public static Builder builder(ChatArchive archive) {
        return new Builder(archive);
    }

    /**
     * Submits one event (its JSON text). The future completes with what the archive did once the
     * event is stored (at once for an event the archive skips), or exceptionally: with an
     * {@link EventRefusedException} at once when the text is not an event the archive can read
     * (nothing stored), with the storage's exception when its batch could not be written. Blocks
     * while {@link Builder#maxPending} events wait to be written. Callbacks attached without an
     * executor run on the writing thread: they must not block (use the {@code ...Async} forms).
     *
     * @throws IllegalStateException when the ingestion is closed
     */
    public CompletableFuture<Accepted> submit(String eventJson) {
        Objects.requireNonNull(eventJson, "eventJson");
        CompletableFuture<Accepted> future = new CompletableFuture<>();
        OneBotEvents.Event event;
        try {
            event = EventReader.read(eventJson);
        } catch (EventRefusedException e) {
            refuse(e.reason());
            future.completeExceptionally(e);
            return future;
        }
        enqueue(event, future);
        return future;
    }

    /** Submits one line of a log: as {@link #submit}, nobody waiting on the outcome (it is counted). */
    void submitLine(String text) {
        OneBotEvents.Event event;
        try {
            event = EventReader.read(text);
        } catch (EventRefusedException e) {
            refuse(e.reason());
            return;
        }
        enqueue(event, null);
    }

    /** Counts a line refused before it could be read as an event (too long, not in the log's encoding). */
    void refuse(String reason) {
        lock.lock();
        try {
            checkOpen();
            events++;
            refused++;
            if (refusals.size() < maxRefusals) {
                refusals.add(new ImportReport.Refusal(events, reason));
            }
        } finally {
            lock.unlock();
        }
    }

    /** Counts a line set aside before it was read as an event (a blank line). */
    void skip(String kind) {
        lock.lock();
        try {
            checkOpen();
            events++;
            skipped.merge(kind, 1L, Long::sum);
        } finally {
            lock.unlock();
        }
    }

    private void enqueue(OneBotEvents.Event event, @Nullable CompletableFuture<Accepted> future) {
        lock.lock();
        try {
            checkOpen();
            if (event instanceof OneBotEvents.Skipped s) {
                events++;
                skipped.merge(s.kind(), 1L, Long::sum);
                if (future != null) {
                    future.complete(Accepted.skipped(s.kind()));
                }
                return;
            }
            while (pending >= maxPending) {
                room.awaitUninterruptibly();
                checkOpen();
            }
            events++;
            pending++;
            waiting++;
            Lane lane = laneOf(event);
            lane.queue.add(new Entry(event, future, ++enqueued, System.nanoTime()));
            lane.last = enqueued;
            if (waiting == batchSize) {
                for (Lane l : lanes) {
                    l.work.signal();
                }
            } else if (lane.queue.size() == 1) {
                lane.work.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The lane of the event's group: a group's events are always written by one thread, in their order. */
    private Lane laneOf(OneBotEvents.Event event) {
        if (lanes.length == 1) {
            return lanes[0];
        }
        return lanes[GroupLocks.stripe(groupOf(event)) % lanes.length];
    }

    private static String groupOf(OneBotEvents.Event event) {
        return event instanceof OneBotEvents.Posted p ? p.message().groupId() : ((OneBotEvents.Recalled) event).recall().groupId();
    }

    /**
     * Writes every event submitted before this call and waits until they are written (stored, or
     * failed: their futures say which).
     */
    public void flush() {
        lock.lock();
        try {
            flushTo = Math.max(flushTo, enqueued);
            long[] targets = new long[lanes.length];
            for (int i = 0; i < lanes.length; i++) {
                targets[i] = lanes[i].last;
                lanes[i].work.signal();
            }
            for (int i = 0; i < lanes.length; i++) {
                while (lanes[i].done < targets[i]) {
                    written.awaitUninterruptibly();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** What was submitted so far, and what became of it; events still waiting are not counted yet. */
    public ImportReport report() {
        lock.lock();
        try {
            return new ImportReport(events - pending, taken, duplicates, resent, applied, repeated, unknown, skipped, refused,
                    refusals, failed, recounted);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Checks the daily counts of each group in which this run met messages archived before it, and
     * counts again those found short ({@link ChatArchive#checkCounts}, {@link ChatArchive#recountGroup}):
     * a run resuming an import that failed or was killed between storing a batch and counting it
     * leaves the counts exact, and its {@link #report} names those groups. Call it once everything
     * submitted is written ({@link #flush}), while no other process appends to those groups.
     */
    void mendCounts() {
        List<String> groups;
        lock.lock();
        try {
            groups = new ArrayList<>(metBefore);
            metBefore.clear();
        } finally {
            lock.unlock();
        }
        mend(groups);
    }

    /** Checks the counts of {@code groups} and counts again those found short, reporting them; returns those. */
    private List<GroupCount> mend(Collection<String> groups) {
        List<String> sorted = new ArrayList<>(groups);
        sorted.sort(null);
        List<GroupCount> mended = new ArrayList<>();
        for (String group : sorted) {
            GroupCount found = archive.checkCounts(group);
            if (found.isShort()) {
                archive.recountGroup(group);
                mended.add(found);
                lock.lock();
                try {
                    recounted.add(found);
                } finally {
                    lock.unlock();
                }
            }
        }
        return mended;
    }

    /** The error of the last batch that could not be written, if any; nullable. */
    @Nullable RuntimeException lastFailure() {
        return lastFailure;
    }

    /**
     * Ends the ingestion after {@code cause} made a batch fail: every event still waiting for a batch
     * is failed at once (counted as failed, its future completed exceptionally with {@code cause})
     * instead of written, then the writing threads stop once their batches in flight are done. What a
     * batch import does when the storage fails: none of those events was acknowledged to anyone, and
     * writing each waiting batch against a server that does not answer would wait out one more
     * timeout each.
     */
    void abort(RuntimeException cause) {
        giveUp(cause, false);
        close();
    }

    /**
     * Writes every event submitted before, completes every future, and stops the writing threads;
     * a later {@link #submit} is refused. Waits for the last batches however long they take.
     */
    @Override
    public void close() {
        stopWriters(null);
    }

    /**
     * {@link #close()}, waiting at most {@code within} for the batches: the events not written by then
     * (waiting, or in a batch the storage has not answered) are failed, counted as failed and never
     * acknowledged, and the writing threads are left to end on their own (they are daemons). What a
     * server that must stop does when its storage stopped answering: the senders were not told those
     * events were stored, so they send them again, and a batch the storage still writes late is stored
     * once. Returns the events failed so.
     */
    public long close(Duration within) {
        stopWriters(within);
        return giveUp(new StorageUnavailableException("the storage did not store it within "
                + (within.toSeconds() > 0 ? within.toSeconds() + " s" : within.toMillis() + " ms") + " of the stop"), true);
    }

    /** Refuses later submissions and waits for the writing threads to end: at most {@code within}, or for ever when null. */
    private void stopWriters(@Nullable Duration within) {
        lock.lock();
        try {
            closed = true;
            for (Lane lane : lanes) {
                lane.work.signal();
            }
            room.signalAll();
        } finally {
            lock.unlock();
        }
        long deadline = within == null ? 0 : System.nanoTime() + within.toNanos();
        boolean interrupted = false;
        for (Lane lane : lanes) {
            while (lane.writer.isAlive()) {
                long leftMillis = within == null ? 0 : (deadline - System.nanoTime()) / 1_000_000;
                if (within != null && leftMillis <= 0) {
                    break;
                }
                try {
                    lane.writer.join(leftMillis);             // 0: until it ends
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Fails every event waiting for a batch and, with {@code inFlightToo}, those of the batches being
     * written (their writers no longer count them): counted as failed, futures completed with
     * {@code cause}, never written by this ingestion. Returns how many.
     */
    private long giveUp(RuntimeException cause, boolean inFlightToo) {
        List<Entry> dropped = new ArrayList<>();
        lock.lock();
        try {
            for (Lane lane : lanes) {
                waiting -= lane.queue.size();
                dropped.addAll(lane.queue);
                lane.queue.clear();
                if (inFlightToo && lane.inFlight != null && !lane.abandoned) {
                    dropped.addAll(lane.inFlight);
                    lane.abandoned = true;
                }
                lane.done = Math.max(lane.done, lane.last);   // a flush waits for nothing given up
            }
            pending -= dropped.size();
            failed += dropped.size();
            room.signalAll();
            written.signalAll();
        } finally {
            lock.unlock();
        }
        for (Entry e : dropped) {
            if (e.future() != null) {
                e.future().completeExceptionally(cause);
            }
        }
        return dropped.size();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the ingestion into " + archive.name() + " is closed");
        }
    }

    private void writeLoop(Lane lane) {
        while (true) {
            List<Entry> batch = next(lane);
            if (batch == null) {
                return;
            }
            write(lane, batch);
        }
    }

    /**
     * The lane's next batch, up to a batch size of its events, once it is due: a batch size of
     * events waiting in all lanes together, the lane's oldest old enough, flushed or closing.
     * {@code null} once closed and empty.
     */
    private @Nullable List<Entry> next(Lane lane) {
        lock.lock();
        try {
            while (true) {
                Entry head = lane.queue.peek();
                if (head == null) {
                    if (closed) {
                        return null;
                    }
                    lane.work.awaitUninterruptibly();
                    continue;
                }
                long wait = head.arrived() + maxDelayNanos - System.nanoTime();
                if (waiting >= batchSize || closed || head.seq() <= flushTo || wait <= 0) {
                    List<Entry> batch = new ArrayList<>(Math.min(batchSize, lane.queue.size()));
                    while (batch.size() < batchSize && !lane.queue.isEmpty()) {
                        batch.add(lane.queue.poll());
                    }
                    waiting -= batch.size();
                    lane.inFlight = batch;
                    return batch;
                }
                try {
                    lane.work.awaitNanos(wait);
                } catch (InterruptedException e) {
                    // nobody interrupts this thread but a dying JVM: keep writing what was acknowledged-to-be
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes a batch. A batch that fails may have stored some of its messages without counting them,
     * and a server that did not answer in time may still run its commands once it does, so its groups'
     * counts are checked, and counted again if short, once the lane's next batch is written and
     * acknowledged (a {@link #flush} waits for it): a live ingestion mends them once the storage
     * answers again.
     */
    private void write(Lane lane, List<Entry> batch) {
        List<OneBotEvents.Event> events = new ArrayList<>(batch.size());
        batch.forEach(e -> events.add(e.event()));
        List<Accepted> outcomes = null;
        Throwable failure = null;
        RuntimeException error = null;                        // the failure as the ingestion reports it
        try {
            outcomes = EventBatch.write(archive, events);
        } catch (Throwable t) {
            failure = t;
            error = t instanceof RuntimeException r ? r : new IllegalStateException(t);
            events.forEach(e -> lane.unsure.add(groupOf(e)));
        }
        lock.lock();
        try {
            // a batch a bounded close gave up is counted failed already, and nobody was told it was stored
            if (!lane.abandoned) {
                if (outcomes != null) {
                    outcomes.forEach(this::count);
                } else {
                    failed += batch.size();
                    lastFailure = error;
                }
                pending -= batch.size();
            }
            lane.inFlight = null;
            lane.abandoned = false;
            room.signalAll();
        } finally {
            lock.unlock();
        }
        // futures complete outside the lock, and before a flush returns, so that it sees them done
        for (int i = 0; i < batch.size(); i++) {
            CompletableFuture<Accepted> f = batch.get(i).future();
            if (f != null) {
                if (outcomes != null) {
                    f.complete(outcomes.get(i));
                } else {
                    f.completeExceptionally(failure);
                }
            }
        }
        if (error != null && onFailure != null && !(failure instanceof Error)) {
            onFailure.accept(error);
        }
        if (outcomes != null && !lane.unsure.isEmpty()) {
            try {
                for (GroupCount c : mend(lane.unsure)) {
                    LOG.warn("the daily counts of group {} missed {} a failed batch had stored: counted again",
                            c.groupId(), c.missing() == 1 ? "1 message" : c.missing() + " messages");
                }
                lane.unsure.clear();
            } catch (RuntimeException e) {
                // the storage failed again: the groups stay unsure until a later batch is written
            }
        }
        lock.lock();
        try {
            lane.done = Math.max(lane.done, batch.get(batch.size() - 1).seq());
            written.signalAll();
        } finally {
            lock.unlock();
        }
        if (failure instanceof Error e) {
            throw e;
        }
    }

    private void count(Accepted a) {
        switch (a.outcome()) {
            case STORED -> {
                taken++;
                stored.put(a.groupId() + ":" + a.messageId(), Boolean.TRUE);
            }
            case DUPLICATE -> {
                if (stored.containsKey(a.groupId() + ":" + a.messageId())) {
                    resent++;
                } else {
                    duplicates++;
                    metBefore.add(a.groupId());
                }
            }
            case RECALL_APPLIED -> applied++;
            case RECALL_REPEATED -> repeated++;
            case RECALL_PENDING -> unknown++;
            case SKIPPED -> skipped.merge(a.kind(), 1L, Long::sum);
            default -> throw new IllegalStateException(a.outcome().toString());
        }
    }

    /** Builds a {@link OneBotIngest}; each setting once. Not thread-safe. */
    public static final class Builder {
        private final ChatArchive archive;
        private @Nullable Integer batchSize;
        private @Nullable Duration maxDelay;
        private @Nullable Integer maxPending;
        private @Nullable Integer maxRefusals;
        private @Nullable Integer writers;
        private @Nullable Consumer<RuntimeException> onFailure;

        private Builder(ChatArchive archive) {
            this.archive = Objects.requireNonNull(archive, "archive");
        }

        /** Events written per batch ({@value OneBotIngest#DEFAULT_BATCH_SIZE}). */
        public Builder batchSize(int n) {
            batchSize = once(batchSize, positive(n, "batch size"), "batch size");
            return this;
        }

        /** The longest an event waits for its batch to be written, from its arrival (1 s); at least 1 ms. */
        public Builder maxDelay(Duration value) {
            if (value != null && value.compareTo(Duration.ofMillis(1)) < 0) {
                throw new IllegalArgumentException("max delay must be at least 1 ms: " + value);
            }
            maxDelay = once(maxDelay, value, "max delay");
            return this;
        }

        /** Events waiting to be written before {@link OneBotIngest#submit} blocks (20,000, at least the batch size). */
        public Builder maxPending(int n) {
            maxPending = once(maxPending, positive(n, "max pending"), "max pending");
            return this;
        }

        /** How many refusals the report names (100); all are counted. */
        public Builder maxRefusals(int n) {
            maxRefusals = once(maxRefusals, nonNegative(n, "max refusals"), "max refusals");
            return this;
        }

        /**
         * How many threads write ({@value OneBotIngest#DEFAULT_WRITERS}): each group's events go to
         * one of them, always the same, so a group's events are written in their order while
         * other groups' are written beside them, the server working on one batch while the next
         * is prepared. Once a batch size of events waits, in all writers together, each writer
         * takes up to a batch size of its own. At least 1.
         */
        public Builder writers(int n) {
            writers = once(writers, positive(n, "writers"), "writers");
            return this;
        }

        /**
         * Called on the writing thread with the error of each batch that could not be written, after
         * its futures failed: how a reader blocked elsewhere (a followed log waiting for lines) learns
         * of it at once. Keep it short; it must not throw.
         */
        public Builder onFailure(Consumer<RuntimeException> listener) {
            onFailure = once(onFailure, listener, "on failure");
            return this;
        }

        /** The ingestion, its writing threads started. */
        public OneBotIngest build() {
            return new OneBotIngest(this);
        }
    }
}
