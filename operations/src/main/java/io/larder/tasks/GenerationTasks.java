package io.larder.tasks;

import io.larder.Larder;
import io.larder.Signals;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Long generation tasks on any backend: one store, partitioned by user and indexed by status, so a
 * user's pending tasks are one index of one partition, and a task leaves them in the same write
 * that finishes it. A task id names its user, so every call by id is one read of one key.
 * Progress never goes backwards; the first finish (complete or fail) is final; a task whose
 * worker has not reported for {@link TaskSettings#stallAfter()} is reported
 * {@link TaskStatus#STALLED}. Waiters and listeners are woken through the backend's
 * {@linkplain Larder#signals() signals} (Redis {@code PUBLISH}), never by polling. Tasks expire
 * 24 hours after their last write by default. Thread-safe.
 *
 * <pre>{@code
 * GenerationTasks tasks = GenerationTasks.open(larder);
 * Task t = tasks.start("1001", "training_plan");
 * tasks.progress(t.id(), 60);                       // a worker, anywhere
 * tasks.complete(t.id(), planJson);                 // or fail(t.id(), "model timed out")
 * Optional<Task> done = tasks.await(t.id(), Duration.ofSeconds(30));   // returns as soon as it finishes
 * tasks.pending("1001");
 * }</pre>
 *
 * <p>When the backend cannot be reached every method raises
 * {@link io.larder.StorageUnavailableException}, counted under {@code larder.operation} with
 * outcome {@code unavailable}. Calls by an id that names no task (unknown, expired, malformed)
 * return empty and write nothing.
 */
public interface GenerationTasks {

    /**
     * The tasks of {@code larder}, configured by its {@code larder.tasks} section (the defaults
     * where it says nothing).
     *
     * @throws io.larder.ConfigurationException when the task store's name is also declared under {@code larder.stores}
     */
    static GenerationTasks open(Larder larder) {
        return open(larder, TaskSettings.from(larder.section(TaskSettings.SECTION)));
    }

    /** The tasks of {@code larder}, configured by {@code settings}. */
    static GenerationTasks open(Larder larder, TaskSettings settings) {
        return new StoreTasks(larder, settings);
    }

    /**
     * Starts a task of {@code type} for {@code userId}, at progress 0.
     *
     * @throws IllegalArgumentException for an empty user id or type, or one over 512 characters
     */
    Task start(String userId, String type);

    /**
     * Records that the task is {@code percent} done. A report lower than the progress already
     * stored (a late one) is ignored; an equal one says the worker lives. A finished task is left as it is.
     *
     * @return the task as it now stands; empty when no such task
     * @throws IllegalArgumentException for a percent outside 0-100
     */
    Optional<Task> progress(String taskId, int percent);

    /**
     * Finishes the task with its result (progress 100), unless it already finished.
     *
     * @return the task as it now stands; empty when no such task
     * @throws io.larder.RecordTooLargeException when the result exceeds the store's value size
     */
    Optional<Task> complete(String taskId, String result);

    /**
     * Finishes the task with an error, unless it already finished.
     *
     * @return the task as it now stands; empty when no such task
     */
    Optional<Task> fail(String taskId, String error);

    /** The task, stalled if its worker has been silent for the stall time; empty when no such task. */
    Optional<Task> find(String taskId);

    /**
     * The unfinished tasks of {@code userId} (generating or stalled), oldest first.
     *
     * @throws IllegalArgumentException for an empty user id, or one over 512 characters
     */
    List<Task> pending(String userId);

    /**
     * Waits until the task finishes or {@code timeout} passes, woken by the finish's signal, and
     * returns the task as it then stands (check {@link Task#isFinished()}).
     *
     * @return empty when no such task
     * @throws InterruptedException when the waiting thread is interrupted
     */
    Optional<Task> await(String taskId, Duration timeout) throws InterruptedException;

    /**
     * Calls {@code listener} with every report on the task from now on (progress, completion,
     * failure), on the backend's signal thread; close the subscription to stop.
     *
     * @throws IllegalArgumentException when {@code taskId} is not a task id
     */
    Signals.Subscription listen(String taskId, Consumer<TaskUpdate> listener);

    /** The settings in force. */
    TaskSettings settings();
}
