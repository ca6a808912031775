package io.larder.tasks;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a task's listener hears when its worker reports: the status and progress the report left,
 * as carried by the signal (a listener that needs the result reads the task).
 *
 * @param taskId the task
 * @param status its status after the report (never {@link TaskStatus#STALLED})
 * @param progress its progress after the report
 */
public record TaskUpdate(String taskId, TaskStatus status, int progress) {
    /** Checks every part. */
    public TaskUpdate {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(status, "status");
    }

    /** The signal's text: status and progress. */
    String message() {
        return status.name() + " " + progress;
    }

    /** The update a signal's text gives, or {@code null} for text no task published. */
    static @Nullable TaskUpdate parse(String taskId, String message) {
        int space = message.indexOf(' ');
        if (space < 0) {
            return null;
        }
        try {
            TaskStatus status = TaskStatus.valueOf(message.substring(0, space));
            int progress = Integer.parseInt(message.substring(space + 1));
            return status == TaskStatus.STALLED || progress < 0 || progress > 100 ? null : new TaskUpdate(taskId, status, progress);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
