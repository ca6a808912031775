package io.larder.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoundedLinesTest {

    /** Each line as text, or {@code TOO LONG}. */
    private static List<String> read(String text, int max) {
        BoundedLines lines = new BoundedLines(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), max);
        List<String> out = new ArrayList<>();
        for (BoundedLines.Line l = lines.next(); l != null; l = lines.next()) {
            out.add(l.tooLong() ? "TOO LONG" : new String(l.bytes(), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void splitsOnLineFeedsAndDropsCarriageReturns() {
        assertThat(read("a\r\nb\n\nc", 10)).containsExactly("a", "b", "", "c");
        assertThat(read("", 10)).isEmpty();
        assertThat(read("x\n", 10)).containsExactly("x");
    }

    @Test
    void aLineOverTheBoundIsReportedAndSkippedAcrossBuffers() {
        String huge = "y".repeat(200_000);
        assertThat(read("ok\n" + huge + "\nafter", 100)).containsExactly("ok", "TOO LONG", "after");
        assertThat(read("12345\n123456\n12345\r\n", 5)).containsExactly("12345", "TOO LONG", "12345");
    }

    @Test
    void theBoundCountsBytesNotCharacters() {
        assertThat(read("早上好\n早上好呀\n", 9)).containsExactly("早上好", "TOO LONG");
    }

    @Test
    void aLineLongerThanTheReadBufferIsKeptWhole() {
        String long1 = "z".repeat(150_000);
        assertThat(read(long1 + "\nend\n", 1 << 20)).containsExactly(long1, "end");
    }
}
