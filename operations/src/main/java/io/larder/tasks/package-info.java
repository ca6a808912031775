/**
 * Long generation tasks on the port: {@link io.larder.tasks.GenerationTasks} starts them, records
 * their progress (never backwards), finishes them, lists a user's pending ones, reports stalled
 * ones, and wakes waiters and listeners through the backend's signals. Non-null unless documented.
 */
@NullMarked
package io.larder.tasks;

import org.jspecify.annotations.NullMarked;
