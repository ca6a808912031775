package io.larder.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.ConfigurationException;
import io.larder.spi.LimitCall;
import io.larder.spi.LimitLayout;
import io.larder.spi.LimitRule;
import io.larder.testkit.TestClock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Memory's own side of the limits: subjects that ran out go without anyone asking, and one name holds one set of limits. */
class MemoryLimitsTest {
    private final TestClock clock = TestClock.virtual();
    private final MemoryBackend memory = MemoryBackend.create();
    private final LimitLayout layout = new LimitLayout("larder:", "api", ZoneOffset.UTC,
            List.of(LimitRule.fixed(5, Duration.ofMinutes(1)), LimitRule.smooth(10, Duration.ofSeconds(1), 3)));

    @Test
    void subjectsWhoseCountersRanOutAreRemovedByTheCallsThatFollow() {
        MemoryLimits limits = (MemoryLimits) memory.openLimits(layout, clock);
        for (int i = 0; i < 1_000; i++) {
            limits.apply(LimitCall.acquire("user-" + i, 1));
        }
        assertThat(limits.subjectsHeld()).isEqualTo(1_000);
        clock.advance(Duration.ofMinutes(2));
        for (int i = 0; i < 250; i++) {
            limits.apply(LimitCall.acquire("active", 1));
        }
        assertThat(limits.subjectsHeld()).as("each call takes up to two run-out subjects away").isEqualTo(1_000 - 500 + 1);
        for (int i = 0; i < 250; i++) {
            limits.apply(LimitCall.peek("active", 1));
        }
        assertThat(limits.subjectsHeld()).isEqualTo(1);
    }

    @Test
    void aNameOpenWithSomeLimitsRefusesOthers() {
        memory.openLimits(layout, clock);
        assertThat(memory.openLimits(layout, TestClock.virtual())).isSameAs(memory.openLimits(layout, clock));
        LimitLayout other = new LimitLayout("larder:", "api", ZoneOffset.UTC, List.of(LimitRule.fixed(6, Duration.ofMinutes(1))));
        assertThatThrownBy(() -> memory.openLimits(other, clock)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("already open");
    }
}
