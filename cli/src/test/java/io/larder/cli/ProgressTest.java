package io.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {
    private final AtomicLong nanos = new AtomicLong();
    private final StringWriter err = new StringWriter();

    private Progress progress(boolean terminal) {
        return new Progress(new PrintWriter(err, true), terminal, "importing x.jsonl", "lines", nanos::get);
    }

    @Test
    void plainOutputPrintsALineEveryFiveSeconds() {
        Progress p = progress(false);
        nanos.set(4_000_000_000L);
        p.update(10, Double.NaN);
        assertThat(err.toString()).isEmpty();
        nanos.set(5_000_000_000L);
        p.update(20, Double.NaN);

        assertThat(err.toString()).isEqualTo("importing x.jsonl: 20 lines  4/s  5.0 s\n");
    }

    @Test
    void plainOutputPrintsALineEveryHundredThousandItems() {
        Progress p = progress(false);
        nanos.set(1_000_000_000L);
        p.update(99_999, Double.NaN);
        p.update(100_000, 0.5);
        p.update(150_000, 0.75);
        p.update(200_001, 1);

        assertThat(err.toString().lines()).containsExactly(
                "importing x.jsonl: 50%  100,000 lines  100,000/s  1.0 s",
                "importing x.jsonl: 100%  200,001 lines  200,001/s  1.0 s");
    }

    @Test
    void aTerminalGetsABarRedrawnInPlaceAndWipedAtTheEnd() {
        Progress p = progress(true);
        nanos.set(100_000_000L);
        p.update(5, 0.1);
        assertThat(err.toString()).as("quick work draws nothing").isEmpty();
        nanos.set(2_000_000_000L);
        p.update(1000, 0.5);
        nanos.set(2_050_000_000L);
        p.update(1001, 0.5);
        nanos.set(3_000_000_000L);
        p.update(3000, 1);
        p.close();

        String[] frames = err.toString().split("\r", -1);
        assertThat(frames[1]).startsWith("importing x.jsonl [████████████░░░░░░░░░░░░] 50%  1,000 lines  500/s  2.0 s");
        assertThat(frames[2]).startsWith("importing x.jsonl [████████████████████████] 100%  3,000 lines  1,000/s  3.0 s");
        assertThat(frames).hasSize(5);
        assertThat(frames[3]).isBlank();
        assertThat(frames[4]).isEmpty();
    }

    @Test
    void humanFormatsReadWell() {
        assertThat(HumanFormat.count(1234567)).isEqualTo("1,234,567");
        assertThat(HumanFormat.duration(Duration.ofMillis(420))).isEqualTo("0.4 s");
        assertThat(HumanFormat.duration(Duration.ofSeconds(187))).isEqualTo("3:07");
        assertThat(HumanFormat.size(1_468_006)).isEqualTo("1.4 MB");
        assertThat(HumanFormat.clip("早上好早上好", 7)).isEqualTo("早上好…");
        assertThat(HumanFormat.clip("早上好", 6)).isEqualTo("早上好");
    }
}
