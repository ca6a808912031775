package io.larder.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.testkit.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How long a failed write weighs on the health page, and when a stored one lightens it. */
class WriteWatchTest {
    private final TestClock clock = TestClock.virtual();
    private final WriteWatch watch = new WriteWatch(clock);

    @Test
    void aFailureWithNothingStoredAfterItIsFailingForThirtySecondsThenNoLonger() {
        watch.stored();
        clock.advance(Duration.ofSeconds(1));
        watch.failed("Redis at h:1 is full");
        assertThat(watch.state()).isEqualTo(WriteWatch.State.FAILING);
        assertThat(watch.details()).containsEntry("failure", "Redis at h:1 is full").containsKeys("last_stored", "last_failed");

        clock.advance(WriteWatch.RECENT);
        assertThat(watch.state()).isEqualTo(WriteWatch.State.FAILING);
        clock.advance(Duration.ofMillis(1));
        assertThat(watch.state()).as("no event since: back to the backend's own check").isEqualTo(WriteWatch.State.TAKING);
        assertThat(watch.details()).as("still shown").containsEntry("failure", "Redis at h:1 is full");
    }

    @Test
    void aWriteStoredAfterTheFailureMakesItSomeFailing() {
        assertThat(watch.state()).isEqualTo(WriteWatch.State.TAKING);
        assertThat(watch.details()).isEmpty();
        watch.failed("refused");
        clock.advance(Duration.ofMillis(1));
        watch.stored();
        assertThat(watch.state()).isEqualTo(WriteWatch.State.SOME_FAILING);
    }

    @Test
    void aFailingBackendIsLoggedOnceASecondNotOnceAnEvent() {
        assertThat(watch.failed("down")).isTrue();
        for (int i = 0; i < 1000; i++) {
            assertThat(watch.failed("down")).isFalse();
        }
        clock.advance(WriteWatch.LOG_EVERY);
        assertThat(watch.failed("down")).as("a second later, with the count of those not logged").isTrue();
        assertThat(watch.failed("down")).isFalse();
    }
}
