package io.larder.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoundedLinesTest {

    private static List<BoundedLines.Line> read(String text, int max) {
        BoundedLines lines = new BoundedLines(new StringReader(text), max);
        List<BoundedLines.Line> out = new ArrayList<>();
        for (BoundedLines.Line l = lines.next(); l != null; l = lines.next()) {
            out.add(l);
        }
        return out;
    }

    @Test
    void splitsOnLineFeedsAndDropsCarriageReturns() {
        assertThat(read("a\r\nb\n\nc", 10)).containsExactly(new BoundedLines.Line("a", false), new BoundedLines.Line("b", false),
                new BoundedLines.Line("", false), new BoundedLines.Line("c", false));
        assertThat(read("", 10)).isEmpty();
        assertThat(read("x\n", 10)).containsExactly(new BoundedLines.Line("x", false));
    }

    @Test
    void aLineOverTheBoundIsReportedAndSkippedAcrossBuffers() {
        String huge = "y".repeat(20_000);
        assertThat(read("ok\n" + huge + "\nafter", 100)).containsExactly(new BoundedLines.Line("ok", false),
                new BoundedLines.Line("", true), new BoundedLines.Line("after", false));
        assertThat(read("12345\n123456\n12345\r\n", 5)).containsExactly(new BoundedLines.Line("12345", false),
                new BoundedLines.Line("", true), new BoundedLines.Line("12345", false));
    }
}
