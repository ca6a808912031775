package io.larder.chat;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the archive did with one OneBot event ({@link ChatArchive#accept}, {@link OneBotIngest#submit}).
 * Every outcome but a refusal is final and safe to acknowledge: sending the same event again
 * gives {@link Outcome#DUPLICATE} or {@link Outcome#RECALL_REPEATED} and changes nothing.
 *
 * @param outcome what happened
 * @param kind {@code message} or {@code recall}; for a skipped event its kind, as the import
 *        report names it ({@code meta_event.heartbeat}, {@code message.private}, {@code notice.group_increase})
 * @param groupId the group of a message or recall; nullable: {@code null} for a skipped event
 * @param messageId the message stored or recalled; nullable: {@code null} for a skipped event
 */
public record Accepted(Outcome outcome, String kind, @Nullable String groupId, @Nullable String messageId) {

    /** What the archive did with an event. */
    public enum Outcome {
        /** A group message archived for the first time (soft-deleted already if its recall came first). */
        STORED,
        /** A group message the archive already held: left as it was. */
        DUPLICATE,
        /** A recall that soft-deleted its message. */
        RECALL_APPLIED,
        /** A recall of a message not archived yet: kept (for the archive's pending-recall age) and applied when it arrives. */
        RECALL_PENDING,
        /** A recall of a message already deleted. */
        RECALL_REPEATED,
        /** An event the archive does not keep (heartbeats, private messages, other notices): nothing stored. */
        SKIPPED
    }

    /** The outcome and kind are required; ids only for messages and recalls. */
    public Accepted {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(kind, "kind");
        if (outcome != Outcome.SKIPPED) {
            Objects.requireNonNull(groupId, "groupId");
            Objects.requireNonNull(messageId, "messageId");
        }
    }

    static Accepted skipped(String kind) {
        return new Accepted(Outcome.SKIPPED, kind, null, null);
    }
}
