package io.larder.chat;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an export wrote.
 *
 * @param lines JSON lines written
 * @param messages messages written
 * @param dropped messages the filters dropped, by filter name
 */
public record ExportReport(long lines, long messages, Map<String, Long> dropped) {
    /** Copies the counts, in name order. */
    public ExportReport {
        dropped = Collections.unmodifiableMap(new TreeMap<>(dropped));
    }

    /** This report and {@code other} summed (exports of several groups). */
    public ExportReport plus(ExportReport other) {
        Map<String, Long> sum = new TreeMap<>(dropped);
        other.dropped.forEach((k, v) -> sum.merge(k, v, Long::sum));
        return new ExportReport(lines + other.lines, messages + other.messages, sum);
    }
}
