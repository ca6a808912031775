package io.larder.chat;

import java.util.List;
import java.util.OptionalLong;

/**
 * A rendered transcript: the newest messages that fit the budget, shown oldest first.
 *
 * @param lines the lines, oldest first
 * @param tokens the estimated tokens of {@link #text()}
 * @param truncated whether older messages were left out for the budget, or a message shown cut
 * @param from the time of the first message shown; empty when none fit
 * @param to the time of the last message shown; empty when none fit
 */
public record Transcript(List<String> lines, int tokens, boolean truncated, OptionalLong from, OptionalLong to) {
    /** Copies the lines. */
    public Transcript {
        lines = List.copyOf(lines);
    }

    /** The lines joined by line breaks, ready for a prompt. */
    public String text() {
        return String.join("\n", lines);
    }

    /** How many messages are shown. */
    public int messages() {
        return lines.size();
    }
}
