package io.larder.testkit;

import java.time.Duration;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** Waits for a condition by polling: short intervals first, since local servers answer in milliseconds. */
final class Poll {

    private Poll() {
    }

    /**
     * Polls until {@code probe} returns a non-null value and returns it. A probe throwing
     * {@link TestkitException} counts as "not yet"; the last such failure is reported on timeout.
     */
    static <T> T until(Duration timeout, String what, Supplier<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pauseMillis = 5;
        @Nullable TestkitException last = null;
        while (true) {
            try {
                T value = probe.get();
                if (value != null) {
                    return value;
                }
            } catch (TestkitException e) {
                last = e;
            }
            if (System.nanoTime() - deadline > 0) {
                String reason = last == null ? "" : "; last failure: " + last.getMessage();
                throw new TestkitException("timed out after " + timeout.toMillis() + " ms waiting for " + what + reason, last);
            }
            sleep(pauseMillis);
            pauseMillis = Math.min(pauseMillis * 2, 100);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestkitException("interrupted", e);
        }
    }
}
