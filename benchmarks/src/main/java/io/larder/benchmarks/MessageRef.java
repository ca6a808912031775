package io.larder.benchmarks;

/**
 * Where a message lives: every subject builds its own key from these two, inside the timed call.
 *
 * @param groupId the partition
 * @param id the message id
 */
public record MessageRef(String groupId, String id) {

    /** The address of {@code m}. */
    public static MessageRef of(ChatMessage m) {
        return new MessageRef(m.groupId(), m.id());
    }
}
