package io.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine.TypeConversionException;

class TimeArgumentTest {

    @ParameterizedTest
    @CsvSource({
            "2026-11-01,                2026-10-31T16:00:00Z",
            "2026-11-01 08:30,          2026-11-01T00:30:00Z",
            "2026-11-01T08:30:15,       2026-11-01T00:30:15Z",
            "2026-11-01T00:30:00Z,      2026-11-01T00:30:00Z",
            "2026-11-01T08:30:00+08:00, 2026-11-01T00:30:00Z"})
    void timesWithoutAnOffsetAreShanghaiTime(String given, String expected) {
        assertThat(TimeArgument.parse(given, TimeArgument.ZONE)).isEqualTo(Instant.parse(expected));
    }

    @Test
    void anythingElseIsRefusedWithExamples() {
        assertThatThrownBy(() -> TimeArgument.parse("2026-13-01", TimeArgument.ZONE)).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("2026-11-01").hasMessageContaining("'2026-13-01'");
    }

    @Test
    void aTimeWithoutAnOffsetIsReadInTheZoneGiven() {
        assertThat(TimeArgument.parse("2026-11-01 08:30", ZoneOffset.UTC)).isEqualTo(Instant.parse("2026-11-01T08:30:00Z"));
    }
}
