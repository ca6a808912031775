package io.larder.tasks;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A long generation task (a training plan, a summary) as its owner and its worker see it: the
 * seed's {@code task_id}, {@code user_id}, {@code type}, {@code status}, {@code progress} 0-100,
 * {@code result_data}, {@code error_message} and {@code created_at}, plus when its worker last
 * reported. Immutable.
 *
 * @param id the task id, which also names the user: enough to find the task
 * @param userId whose task it is
 * @param type what it generates ({@code training_plan})
 * @param status where it stands; {@link TaskStatus#STALLED} is reported, never stored
 * @param progress percent done, 0-100, never lower than an earlier report
 * @param result the result once completed, else {@code null}
 * @param error the error once failed, else {@code null}
 * @param createdAt when it started
 * @param updatedAt when its worker last reported
 */
public record Task(String id, String userId, String type, TaskStatus status, int progress, @Nullable String result,
                   @Nullable String error, Instant createdAt, Instant updatedAt) {

    /** Checks the required parts. */
    public Task {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** Whether the task is done for good (completed or failed). */
    public boolean isFinished() {
        return status.isFinished();
    }

    Task progressed(int percent, Instant at) {
        return new Task(id, userId, type, status, percent, result, error, createdAt, at);
    }

    Task finished(TaskStatus how, @Nullable String resultData, @Nullable String errorMessage, Instant at) {
        return new Task(id, userId, type, how, how == TaskStatus.COMPLETED ? 100 : progress, resultData, errorMessage,
                createdAt, at);
    }

    Task as(TaskStatus reported) {
        return new Task(id, userId, type, reported, progress, result, error, createdAt, updatedAt);
    }
}
