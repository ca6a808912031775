package io.larder.tck;

import static io.larder.tck.ContractFixture.runConcurrently;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.Signals;
import io.larder.tasks.GenerationTasks;
import io.larder.tasks.Task;
import io.larder.tasks.TaskSettings;
import io.larder.tasks.TaskStatus;
import io.larder.tasks.TaskUpdate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link GenerationTasks}: progress that never goes backwards, finishing once, the pending set,
 * stalled workers, waiting and listening without polling, expiry, and bad input. Each behaviour
 * works in a store of its own.
 */
public abstract class GenerationTasksContract extends ContractSuite {

    /** Tasks in a fresh store, with {@code settings} applied over the defaults. */
    protected GenerationTasks tasks(TaskSettings.Builder settings) {
        return GenerationTasks.open(larder(), settings.store(freshName()).build());
    }

    /** Tasks in a fresh store, as the defaults say. */
    protected GenerationTasks tasks() {
        return tasks(TaskSettings.builder());
    }

    @Test
    void aStartedTaskIsGeneratingAtZeroAndPending() {
        GenerationTasks tasks = tasks();
        Task t = tasks.start("1001", "training_plan");
        assertThat(t.status()).isEqualTo(TaskStatus.GENERATING);
        assertThat(t.progress()).isZero();
        assertThat(t.id()).matches("1001\\.[A-Za-z0-9_-]{22}");
        assertThat(tasks.find(t.id())).contains(t);
        assertThat(tasks.pending("1001")).extracting(Task::id).containsExactly(t.id());
    }

    @Test
    void progressIsKeptAndALateLowerReportIsIgnored() {
        GenerationTasks tasks = tasks();
        Task t = tasks.start("1001", "training_plan");
        assertThat(tasks.progress(t.id(), 10)).get().extracting(Task::progress).isEqualTo(10);
        assertThat(tasks.progress(t.id(), 60)).get().extracting(Task::progress).isEqualTo(60);
        assertThat(tasks.progress(t.id(), 30)).get().extracting(Task::progress).isEqualTo(60);
        assertThat(tasks.find(t.id())).get().extracting(Task::progress).isEqualTo(60);
    }

    @Test
    void concurrentWorkersLeaveTheHighestProgressAnyOfThemReported() throws Exception {
        GenerationTasks tasks = tasks();
        Task t = tasks.start("1001", "training_plan");
        AtomicInteger highest = new AtomicInteger();
        runConcurrently(6, w -> {
            Random random = new Random(w);
            for (int i = 0; i < 10; i++) {
                int p = random.nextInt(100);
                highest.accumulateAndGet(p, Math::max);
                tasks.progress(t.id(), p);
            }
        });
        assertThat(tasks.find(t.id())).get().extracting(Task::progress).isEqualTo(highest.get());
    }

    @Test
    void completingStoresTheResultAndTakesTheTaskOutOfThePendingSet() {
        GenerationTasks tasks = tasks();
        Task t = tasks.start("1001", "training_plan");
        Task other = tasks.start("1001", "diet_plan");
        tasks.progress(t.id(), 40);
        Task done = tasks.complete(t.id(), "{\"weeks\":12}").orElseThrow();
        assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(done.progress()).isEqualTo(100);
        assertThat(done.result()).isEqualTo("{\"weeks\":12}");
        assertThat(tasks.find(t.id())).contains(done);
        assertThat(tasks.pending("1001")).extracting(Task::id).containsExactly(other.id());
    }

    @Test
    void theFirstFinishIsFinal() {
        GenerationTasks tasks = tasks();
        Task t = tasks.start("1001", "training_plan");
        tasks.progress(t.id(), 70);
        Task failed = tasks.fail(t.id(), "model timed out").orElseThrow();
        assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(failed.error()).isEqualTo("model timed out");
        assertThat(failed.progress()).isEqualTo(70);
        assertThat(tasks.complete(t.id(), "late")).contains(failed);
        assertThat(tasks.progress(t.id(), 90)).contains(failed);
        assertThat(tasks.pending("1001")).isEmpty();
    }

    @Test
    void theTaskOfASilentWorkerIsReportedStalledUntilItReportsAgain() {
        GenerationTasks tasks = tasks(TaskSettings.builder().stallAfter(tick().multipliedBy(2)));
        Task t = tasks.start("1001", "training_plan");
        advance(3);
        assertThat(tasks.find(t.id())).get().extracting(Task::status).isEqualTo(TaskStatus.STALLED);
        assertThat(tasks.pending("1001")).extracting(Task::status).containsExactly(TaskStatus.STALLED);
        assertThat(tasks.progress(t.id(), 0)).as("an equal report says the worker lives").get().extracting(Task::status)
                .isEqualTo(TaskStatus.GENERATING);
    }

    @Test
    void awaitReturnsAsSoonAsTheTaskFinishesWithoutWaitingForItsTimeout() throws Exception {
        GenerationTasks tasks = tasks();
        Task t = tasks.start("1001", "training_plan");
        CompletableFuture<Optional<Task>> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return tasks.await(t.id(), Duration.ofMinutes(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300);
        tasks.complete(t.id(), "plan");
        // if the finish did not wake the waiter, it would sit out its ten minutes
        assertThat(waiting.get(60, TimeUnit.SECONDS)).get().extracting(Task::status).isEqualTo(TaskStatus.COMPLETED);
    }

    @Test
    void awaitingAFinishedTaskReturnsItAndATimeoutReturnsTheTaskAsItStands() throws Exception {
        GenerationTasks tasks = tasks();
        Task done = tasks.start("1001", "training_plan");
        tasks.fail(done.id(), "no");
        assertThat(tasks.await(done.id(), Duration.ofMinutes(10))).get().extracting(Task::status).isEqualTo(TaskStatus.FAILED);
        Task running = tasks.start("1001", "training_plan");
        tasks.progress(running.id(), 20);
        Task stands = tasks.await(running.id(), Duration.ofMillis(200)).orElseThrow();
        assertThat(stands.isFinished()).isFalse();
        assertThat(stands.progress()).isEqualTo(20);
        assertThat(tasks.await(running.id().replace("1001.", "1002."), Duration.ofMinutes(10))).isEmpty();
    }

    @Test
    void aListenerHearsEveryReportThatTookAndNoLateOne() throws Exception {
        GenerationTasks tasks = tasks();
        Task t = tasks.start("1001", "training_plan");
        BlockingQueue<TaskUpdate> heard = new LinkedBlockingQueue<>();
        try (Signals.Subscription s = tasks.listen(t.id(), heard::add)) {
            tasks.progress(t.id(), 20);
            tasks.progress(t.id(), 50);
            tasks.progress(t.id(), 30);
            tasks.complete(t.id(), "plan");
            List<TaskUpdate> got = List.of(heard.poll(10, TimeUnit.SECONDS), heard.poll(10, TimeUnit.SECONDS),
                    heard.poll(10, TimeUnit.SECONDS));
            assertThat(got).containsExactly(new TaskUpdate(t.id(), TaskStatus.GENERATING, 20),
                    new TaskUpdate(t.id(), TaskStatus.GENERATING, 50), new TaskUpdate(t.id(), TaskStatus.COMPLETED, 100));
            assertThat(heard.poll(200, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void aTaskExpiresAfterItsLastWriteAndLeavesThePendingSet() {
        GenerationTasks tasks = tasks(TaskSettings.builder().expiry(tick().multipliedBy(3)).stallAfter(tick().multipliedBy(100)));
        Task t = tasks.start("1001", "training_plan");
        advance(2);
        tasks.progress(t.id(), 10);
        advance(2);
        assertThat(tasks.find(t.id())).as("a write restarts the expiry").isPresent();
        advance(4);
        assertThat(tasks.find(t.id())).isEmpty();
        assertThat(tasks.pending("1001")).isEmpty();
    }

    @Test
    void progressOutsideZeroToAHundredIsRefusedAndWritesNothing() {
        GenerationTasks tasks = tasks();
        Task t = tasks.start("1001", "training_plan");
        tasks.progress(t.id(), 40);
        assertThatThrownBy(() -> tasks.progress(t.id(), -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> tasks.progress(t.id(), 101)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("101");
        assertThat(tasks.find(t.id())).get().extracting(Task::progress).isEqualTo(40);
    }

    @Test
    void textThatIsNoTaskIdFindsAndWritesNothing() {
        GenerationTasks tasks = tasks();
        Task kept = tasks.start("1001", "training_plan");
        for (String id : List.of("", "1001", "1001.", "1001.short", "{1001}.x", kept.id().replace("1001.", "1002."),
                kept.id() + "x", "%zz." + kept.id(), "x".repeat(1 << 20))) {
            assertThat(tasks.find(id)).isEmpty();
            assertThat(tasks.progress(id, 50)).isEmpty();
            assertThat(tasks.complete(id, "r")).isEmpty();
            assertThat(tasks.fail(id, "e")).isEmpty();
        }
        assertThatThrownBy(() -> tasks.listen("1001.short", u -> { })).isInstanceOf(IllegalArgumentException.class);
        assertThat(tasks.find(kept.id())).contains(kept);
        assertThat(tasks.pending("1002")).isEmpty();
    }

    @Test
    void badUserIdsAndTypesAreRefusedAndOddOnesAreKeptApart() {
        GenerationTasks tasks = tasks();
        assertThatThrownBy(() -> tasks.start("", "plan")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tasks.start("1001", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tasks.start("x".repeat(1 << 20), "plan")).isInstanceOf(IllegalArgumentException.class);
        String odd = "u{1}:\n%.";
        Task t = tasks.start(odd, "plan");
        tasks.start("u{1}", "plan");
        assertThat(tasks.find(t.id())).get().extracting(Task::userId).isEqualTo(odd);
        assertThat(tasks.pending(odd)).extracting(Task::id).containsExactly(t.id());
    }

    @Test
    void startsFinishesAndStatusesAreCounted() {
        GenerationTasks tasks = tasks(TaskSettings.builder().countInterval(Duration.ZERO));
        Task a = tasks.start("1001", "plan");
        Task b = tasks.start("1001", "plan");
        tasks.start("1002", "plan");
        tasks.complete(a.id(), "r");
        tasks.fail(b.id(), "e");
        tasks.fail(b.id(), "again");
        String store = tasks.settings().store();
        assertThat(registry().get("larder.tasks.started").tag("store", store).counter().count()).isEqualTo(3.0);
        assertThat(registry().get("larder.tasks.finished").tag("store", store).tag("status", "completed").counter().count())
                .isEqualTo(1.0);
        assertThat(registry().get("larder.tasks.finished").tag("store", store).tag("status", "failed").counter().count())
                .isEqualTo(1.0);
        assertThat(registry().get("larder.tasks").tag("store", store).tag("status", "generating").gauge().value()).isEqualTo(1.0);
        assertThat(registry().get("larder.tasks").tag("store", store).tag("status", "completed").gauge().value()).isEqualTo(1.0);
        assertThat(registry().get("larder.tasks").tag("store", store).tag("status", "stalled").gauge().value()).isZero();
    }
}
