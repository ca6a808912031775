package io.larder.tasks;

/** Where a generation task stands. */
public enum TaskStatus {
    /** Started, not finished; its worker reported progress within the stall time. */
    GENERATING,
    /** Not finished, and no progress for the stall time: its worker may have died. Reported, never stored. */
    STALLED,
    /** Finished with a result. */
    COMPLETED,
    /** Finished with an error. */
    FAILED;

    /** Whether a task in this status is done for good. */
    public boolean isFinished() {
        return this == COMPLETED || this == FAILED;
    }
}
