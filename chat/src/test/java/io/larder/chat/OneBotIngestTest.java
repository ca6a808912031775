package io.larder.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.larder.StorageUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OneBotIngestTest {
    private static final String GROUP = "600000123";
    private static final Duration LONG = Duration.ofHours(1);

    private final MemoryArchives memory = new MemoryArchives();
    private final ChatArchive archive = memory.archive;
    private final List<OneBotIngest> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(OneBotIngest::close);
        memory.close();
    }

    static String message(long id, String text) {
        return messageIn(GROUP, id, text);
    }

    static String messageIn(String group, long id, String text) {
        return "{\"time\":1763728500,\"post_type\":\"message\",\"message_type\":\"group\",\"message_id\":" + id
                + ",\"group_id\":" + group + ",\"user_id\":20000042,\"message\":\"" + text + "\",\"sender\":{\"nickname\":\"小明\"}}";
    }

    static String recall(long id, long operator) {
        return recall(GROUP, id, operator);
    }

    static String recall(String group, long id, long operator) {
        return "{\"time\":1763728600,\"post_type\":\"notice\",\"notice_type\":\"group_recall\",\"group_id\":" + group
                + ",\"user_id\":20000042,\"operator_id\":" + operator + ",\"message_id\":" + id + "}";
    }

    private static final String HEARTBEAT = "{\"post_type\":\"meta_event\",\"meta_event_type\":\"heartbeat\"}";

    private OneBotIngest ingest(int batchSize, Duration maxDelay, int maxPending) {
        OneBotIngest i = OneBotIngest.builder(archive).batchSize(batchSize).maxDelay(maxDelay).maxPending(maxPending).build();
        opened.add(i);
        return i;
    }

    private static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    private static Accepted accepted(String kind, Accepted.Outcome outcome, long id) {
        return new Accepted(outcome, kind, GROUP, Long.toString(id));
    }

    // ---- accept, one event at a time

    @Test
    void acceptSaysWhatEachEventDidAndTheSameEventAgainChangesNothing() {
        assertThat(archive.accept(message(1, "one"))).isEqualTo(accepted("message", Accepted.Outcome.STORED, 1));
        assertThat(archive.accept(message(1, "one"))).isEqualTo(accepted("message", Accepted.Outcome.DUPLICATE, 1));
        assertThat(archive.accept(recall(1, 7))).isEqualTo(accepted("recall", Accepted.Outcome.RECALL_APPLIED, 1));
        assertThat(archive.accept(recall(1, 7))).isEqualTo(accepted("recall", Accepted.Outcome.RECALL_REPEATED, 1));
        assertThat(archive.accept(HEARTBEAT)).isEqualTo(new Accepted(Accepted.Outcome.SKIPPED, "meta_event.heartbeat", null, null));
        assertThat(archive.find(GROUP, "1")).isEmpty();
        assertThat(archive.findIncludingDeleted(GROUP, "1").orElseThrow().deletedBy()).isEqualTo("7");
    }

    @Test
    void aRecallAcceptedBeforeItsMessageDeletesItWhenItComes() {
        assertThat(archive.accept(recall(2, 7)).outcome()).isEqualTo(Accepted.Outcome.RECALL_PENDING);
        assertThat(archive.accept(message(2, "two")).outcome()).isEqualTo(Accepted.Outcome.STORED);
        assertThat(archive.find(GROUP, "2")).isEmpty();
        assertThat(archive.findIncludingDeleted(GROUP, "2").orElseThrow().deletedAt()).isEqualTo(1_763_728_600_000L);
    }

    @Test
    void aMalformedEventIsRefusedNamingItsFieldAndNothingIsStored() {
        assertThatThrownBy(() -> archive.accept(message(3, "x").replace("\"group_id\":" + GROUP + ",", "")))
                .isInstanceOfSatisfying(EventRefusedException.class, e -> {
                    assertThat(e.field()).isEqualTo("group_id");
                    assertThat(e.reason()).isEqualTo("missing field 'group_id'");
                });
        assertThatThrownBy(() -> archive.accept(message(3, "x").replace("\"time\":1763728500", "\"time\":\"noon\"")))
                .isInstanceOfSatisfying(EventRefusedException.class, e -> assertThat(e.field()).isEqualTo("time"));
        assertThatThrownBy(() -> archive.accept("{\"post_type\":\"mess"))
                .isInstanceOfSatisfying(EventRefusedException.class, e -> {
                    assertThat(e.field()).isNull();
                    assertThat(e.reason()).startsWith("malformed JSON");
                });
        assertThat(archive.groups()).isEmpty();
    }

    @Test
    void aRecallWaitsForItsMessageNoLongerThanThePendingRecallAge() {
        ChatArchive shortWait = ChatArchive.builder(memory.larder).name("short").pendingRecallAge(Duration.ofDays(2)).build();
        assertThat(shortWait.pendingRecallAge()).isEqualTo(Duration.ofDays(2));
        assertThat(archive.pendingRecallAge()).isEqualTo(ChatArchive.DEFAULT_PENDING_RECALL_AGE);
        shortWait.accept(recall(4, 7));
        shortWait.accept(recall(5, 7));
        memory.clock.advance(Duration.ofDays(1));
        shortWait.accept(message(4, "within the age"));
        memory.clock.advance(Duration.ofDays(1).plusMinutes(1));
        shortWait.accept(message(5, "after it"));
        assertThat(shortWait.find(GROUP, "4")).isEmpty();
        assertThat(shortWait.find(GROUP, "5")).isPresent();
        assertThatThrownBy(() -> ChatArchive.builder(memory.larder).pendingRecallAge(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- ingest, in batches

    @Test
    void anEventIsAcknowledgedOnlyOnceStoredAndWithinTheDelayWithoutAFullBatch() throws Exception {
        OneBotIngest ingest = ingest(500, Duration.ofMillis(200), 1000);
        CompletableFuture<Boolean> storedWhenAcknowledged =
                ingest.submit(message(10, "hi")).thenApply(a -> archive.find(GROUP, "10").isPresent());
        assertThat(storedWhenAcknowledged.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(ingest.report().taken()).isEqualTo(1);
    }

    @Test
    void aFullBatchIsWrittenAtOnceAndAPartialOneWaitsForItsDelayOrAFlush() throws Exception {
        OneBotIngest ingest = ingest(3, LONG, 10);
        List<CompletableFuture<Accepted>> full = List.of(ingest.submit(message(1, "a")), ingest.submit(message(2, "b")),
                ingest.submit(message(3, "c")));
        CompletableFuture.allOf(full.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        CompletableFuture<Accepted> partial = ingest.submit(message(4, "d"));
        Thread.sleep(300);
        assertThat(partial).isNotDone();
        assertThat(archive.find(GROUP, "4")).isEmpty();
        ingest.flush();
        assertThat(partial).isDone();
        assertThat(partial.get()).isEqualTo(accepted("message", Accepted.Outcome.STORED, 4));
    }

    /** A group whose events the other of two writers takes. */
    private static String groupOfTheOtherWriter() {
        for (long g = 600000124L; ; g++) {
            if (GroupLocks.stripe(Long.toString(g)) % 2 != GroupLocks.stripe(GROUP) % 2) {
                return Long.toString(g);
            }
        }
    }

    @Test
    void aGroupWhoseWriteIsHeldBackDoesNotHoldBackAGroupOfTheOtherWriter() throws Exception {
        OneBotIngest ingest = OneBotIngest.builder(archive).batchSize(1).maxDelay(LONG).writers(2).build();
        opened.add(ingest);
        String other = groupOfTheOtherWriter();
        GroupLocks.Held held = archive.writes.lock(List.of(GROUP));
        CompletableFuture<Accepted> blocked;
        try {
            blocked = ingest.submit(message(1, "held back"));
            CompletableFuture<Accepted> beside = ingest.submit(messageIn(other, 2, "written beside it"));
            assertThat(beside.get(30, TimeUnit.SECONDS).outcome()).isEqualTo(Accepted.Outcome.STORED);
            assertThat(archive.find(other, "2")).isPresent();
            assertThat(blocked).isNotDone();
        } finally {
            held.release();
        }
        assertThat(blocked.get(30, TimeUnit.SECONDS).outcome()).isEqualTo(Accepted.Outcome.STORED);
        assertThat(ingest.report().taken()).isEqualTo(2);
    }

    @Test
    void aFlushWaitsForEveryWriterAndAGroupsEventsKeepTheirOrderAcrossBatches() throws Exception {
        // batches of one: a recall and its message are written one after the other, not in one batch
        OneBotIngest ingest = OneBotIngest.builder(archive).batchSize(1).maxDelay(LONG).writers(3).build();
        opened.add(ingest);
        List<String> groups = new ArrayList<>();
        List<CompletableFuture<Accepted>> recalls = new ArrayList<>();
        for (int g = 0; g < 12; g++) {
            groups.add(Long.toString(600000200L + g));
        }
        for (int round = 0; round < 5; round++) {
            for (String g : groups) {
                // a recall before its message: written in order, it waits for it; out of order it would find it
                recalls.add(ingest.submit(recall(g, 100 + round, 9)));
                ingest.submit(messageIn(g, 100 + round, "gone"));
            }
            ingest.flush();
        }
        assertThat(recalls).allSatisfy(r -> assertThat(r).isDone());
        assertThat(recalls).extracting(r -> r.join().outcome()).containsOnly(Accepted.Outcome.RECALL_PENDING);
        ImportReport report = ingest.report();
        assertThat(report.taken()).isEqualTo(60);
        assertThat(report.recallsUnknown()).isEqualTo(60);
        for (String g : groups) {
            assertThat(archive.find(g, "100")).isEmpty();
            assertThat(archive.findIncludingDeleted(g, "104").orElseThrow().deletedBy()).isEqualTo("9");
        }
    }

    @Test
    void withinABatchMessagesAreWrittenBeforeRecalls() throws Exception {
        OneBotIngest ingest = ingest(10, LONG, 10);
        CompletableFuture<Accepted> r = ingest.submit(recall(5, 9));
        CompletableFuture<Accepted> m = ingest.submit(message(5, "soon gone"));
        ingest.flush();
        assertThat(r.get().outcome()).isEqualTo(Accepted.Outcome.RECALL_APPLIED);
        assertThat(m.get().outcome()).isEqualTo(Accepted.Outcome.STORED);
        assertThat(ingest.report().recallsUnknown()).isZero();
    }

    @Test
    void aMalformedEventIsRefusedAtOnceAndCountedWithItsNumber() {
        OneBotIngest ingest = ingest(10, LONG, 10);
        ingest.submit(HEARTBEAT);
        CompletableFuture<Accepted> bad = ingest.submit("<html>502</html>");
        assertThat(bad).isCompletedExceptionally();
        assertThatThrownBy(bad::join).hasCauseInstanceOf(EventRefusedException.class);
        ImportReport r = ingest.report();
        assertThat(r.refused()).isEqualTo(1);
        assertThat(r.refusals()).extracting(ImportReport.Refusal::line).containsExactly(2L);
        assertThat(r.skipped()).containsEntry("meta_event.heartbeat", 1L);
        assertThat(r.lines()).isEqualTo(2);
    }

    @Test
    void submitBlocksWhileMaxPendingEventsWaitToBeWritten() throws Exception {
        OneBotIngest ingest = ingest(1, LONG, 2);
        ExecutorService sender = Executors.newSingleThreadExecutor();
        GroupLocks.Held held = archive.writes.lockAll();
        Future<CompletableFuture<Accepted>> third;
        CompletableFuture<Accepted> first;
        try {
            first = ingest.submit(message(1, "being written"));
            ingest.submit(message(2, "waiting"));
            third = sender.submit(() -> ingest.submit(message(3, "blocked")));
            Thread.sleep(300);
            assertThat(third).isNotDone();
            assertThat(first).isNotDone();
        } finally {
            held.release();
        }
        assertThat(third.get(30, TimeUnit.SECONDS).get(30, TimeUnit.SECONDS).outcome()).isEqualTo(Accepted.Outcome.STORED);
        sender.shutdown();
        assertThat(ingest.report().taken()).isEqualTo(3);
    }

    @Test
    void closeStoresEverythingSubmittedAndCompletesEveryFuture() {
        OneBotIngest ingest = OneBotIngest.builder(archive).batchSize(100).maxDelay(LONG).build();
        List<CompletableFuture<Accepted>> futures = submitted(ingest, 250);
        ingest.close();
        assertThat(futures).allSatisfy(f -> assertThat(f.join().outcome()).isEqualTo(Accepted.Outcome.STORED));
        assertThat(ingest.report().taken()).isEqualTo(250);
        assertThatThrownBy(() -> ingest.submit(message(999, "late"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aBoundedCloseFailsWhatTheStorageHasNotStoredInTimeAndCountsItOnce() throws Exception {
        OneBotIngest ingest = OneBotIngest.builder(archive).batchSize(2).maxDelay(LONG).writers(1).build();
        CompletableFuture<Accepted> stored = ingest.submit(message(1, "stored first"));
        ingest.submit(message(2, "stored first too")).get(30, TimeUnit.SECONDS);
        GroupLocks.Held held = archive.writes.lock(List.of(GROUP));   // the storage stops answering
        List<CompletableFuture<Accepted>> late = new ArrayList<>();
        try {
            for (int i = 3; i <= 7; i++) {
                late.add(ingest.submit(message(i, "late " + i)));   // one batch of 2 in flight, 3 waiting
            }
            assertThat(ingest.close(Duration.ofMillis(200))).isEqualTo(5);
            assertThat(late).allSatisfy(f -> assertThat(catchThrowableOfType(f::get, ExecutionException.class).getCause())
                    .isInstanceOf(StorageUnavailableException.class).hasMessageContaining("within 200 ms of the stop"));
        } finally {
            held.release();
        }
        assertThat(stored.get().outcome()).isEqualTo(Accepted.Outcome.STORED);
        waitFor("the batch in flight to be written late", () -> archive.find(GROUP, "4").isPresent());
        assertThat(archive.find(GROUP, "5")).as("never written: it waited").isEmpty();
        ImportReport report = ingest.report();
        assertThat(report.taken()).isEqualTo(2);
        assertThat(report.failed()).as("counted once, though the batch in flight was stored late").isEqualTo(5);
        assertThat(report.lines()).isEqualTo(7);
    }

    /** Submits messages 0 to {@code n - 1}; returns their futures. */
    private static List<CompletableFuture<Accepted>> submitted(OneBotIngest ingest, int n) {
        List<CompletableFuture<Accepted>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            futures.add(ingest.submit(message(i, "m" + i)));
        }
        return futures;
    }

    @Test
    void aBatchThatCannotBeWrittenFailsEveryFutureOfItAndIsCounted() throws Exception {
        OneBotIngest ingest = ingest(10, LONG, 100);
        memory.larder.close();
        CompletableFuture<Accepted> a = ingest.submit(message(1, "a"));
        CompletableFuture<Accepted> b = ingest.submit(recall(1, 7));
        ingest.flush();
        assertThat(a).isCompletedExceptionally();
        assertThat(b).isCompletedExceptionally();
        ExecutionException failure = catchThrowableOfType(a::get, ExecutionException.class);
        assertThat(failure.getCause()).isInstanceOf(RuntimeException.class);
        assertThat(ingest.report().failed()).isEqualTo(2);
        assertThat(ingest.report().taken()).isZero();
    }

    @Test
    void anAbortFailsEveryEventStillWaitingWithoutWritingIt() {
        OneBotIngest ingest = OneBotIngest.builder(archive).batchSize(100).maxDelay(LONG).build();
        List<CompletableFuture<Accepted>> futures = submitted(ingest, 50);
        RuntimeException cause = new StorageUnavailableException("Redis did not answer");

        ingest.abort(cause);
        ingest.flush();                                     // waits for nothing dropped

        assertThat(futures).allSatisfy(f -> assertThat(catchThrowableOfType(f::get, ExecutionException.class))
                .hasCause(cause));
        assertThat(ingest.report().failed()).isEqualTo(50);
        assertThat(ingest.report().taken()).isZero();
        assertThat(ingest.report().lines()).isEqualTo(50);
        assertThat(archive.find(GROUP, "0")).isEmpty();
        assertThat(archive.find(GROUP, "49")).isEmpty();
        assertThatThrownBy(() -> ingest.submit(message(999, "late"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void manySendersAtOnceAreEachAcknowledgedAndCountedOnce() throws Exception {
        OneBotIngest ingest = ingest(64, Duration.ofMillis(50), 256);
        ExecutorService senders = Executors.newFixedThreadPool(4);
        List<Future<List<CompletableFuture<Accepted>>>> sent = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            sent.add(senders.submit(() -> {
                List<CompletableFuture<Accepted>> out = new ArrayList<>();
                for (int i = 0; i < 500; i++) {
                    out.add(ingest.submit(message(i, "m" + i)));    // every sender sends the same 500
                }
                return out;
            }));
        }
        long stored = 0;
        for (Future<List<CompletableFuture<Accepted>>> f : sent) {
            for (CompletableFuture<Accepted> a : f.get(60, TimeUnit.SECONDS)) {
                stored += a.get(60, TimeUnit.SECONDS).outcome() == Accepted.Outcome.STORED ? 1 : 0;
            }
        }
        senders.shutdown();
        assertThat(stored).isEqualTo(500);
        ImportReport r = ingest.report();
        assertThat(r.taken()).isEqualTo(500);
        assertThat(r.resent()).isEqualTo(1500);
        assertThat(r.duplicates()).isZero();
        assertThat(r.lines()).isEqualTo(2000);
    }

    @Test
    void theBuilderRefusesASettingMadeTwiceAndPendingBelowTheBatch() {
        assertThatThrownBy(() -> OneBotIngest.builder(archive).batchSize(2).batchSize(3)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> OneBotIngest.builder(archive).batchSize(10).maxPending(5).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max pending");
        assertThatThrownBy(() -> OneBotIngest.builder(archive).maxDelay(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theWritingThreadIsNamedAndADaemon() throws Exception {
        ingest(10, LONG, 10);
        waitFor("the writer", () -> Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith("larder-ingest-chat-") && t.isDaemon()));
    }
}
