package io.larder.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Durations as a file writes them, and the closest-word suggestion. */
class DurationsTest {

    @Test
    void unitsAndTheirCombinationsAndIsoAreRead() {
        assertThat(Durations.parse("100ms")).isEqualTo(Duration.ofMillis(100));
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("PT30S")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("P7D")).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.parse("0")).isZero();
    }

    @Test
    void aBareNumberIsAGuessAndIsRefused() {
        assertThatThrownBy(() -> Durations.parse("30")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Durations.parse("30 s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Durations.parse("PTfoo")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Durations.parse("99999999999999999999d")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theClosestWordIsSuggestedOnlyWhenItIsClose() {
        assertThat(Suggestions.closest("treshold", List.of("algorithm", "threshold"))).contains("threshold");
        assertThat(Suggestions.closest("key_prefix", List.of("key-prefix", "codec"))).contains("key-prefix");
        assertThat(Suggestions.closest("bananas", List.of("size", "max"))).isEmpty();
        assertThat(Suggestions.closest("xy", List.of("id"))).isEmpty();
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
    }
}
