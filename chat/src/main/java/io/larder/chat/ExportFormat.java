package io.larder.chat;

/**
 * The shape of an export's JSON lines. The two conversation formats are training data: a
 * conversation is a run of one group's messages with no long silence, the lines of the
 * {@linkplain ChatExporter.Builder#assistant assistant's} ids are the assistant's turns and
 * everyone else's the user's ({@code "name: text"}); consecutive turns of one role are merged,
 * a conversation starts with the user and ends with the assistant, and one without an assistant
 * turn is left out, so every line meets the format's rules.
 */
public enum ExportFormat {
    /** One message object a line, snake_case fields, for analysis. */
    MESSAGES,
    /**
     * OpenAI's chat fine-tuning format: {@code {"messages":[{"role":"system"|"user"|"assistant",
     * "content":..}]}}, the roles alternating from {@code user} to {@code assistant}.
     */
    CHAT,
    /**
     * ShareGPT: {@code {"conversations":[{"from":"system"|"human"|"gpt","value":..}]}}, alternating
     * from {@code human} to {@code gpt}.
     */
    SHAREGPT
}
