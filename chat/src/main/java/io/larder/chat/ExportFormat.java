package io.larder.chat;

/** The shape of an export's JSON lines. */
public enum ExportFormat {
    /** One message object a line, snake_case fields, for analysis. */
    MESSAGES,
    /**
     * One conversation a line, cut at a silence gap: {@code {"messages":[{"role":..,"content":..}],
     * "meta":{"group","from","to","count"}}}, for training and prompts.
     */
    CHAT
}
