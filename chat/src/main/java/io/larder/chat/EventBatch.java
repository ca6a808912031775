package io.larder.chat;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes a batch of events the way every ingestion path does (a log import, a pipe, a tailed file,
 * a server): the batch's messages first, then its recalls, so a recall finds a message of its own
 * batch. Stateless.
 */
final class EventBatch {
    private EventBatch() {
    }

    /** Stores {@code events} (each a {@link OneBotEvents.Posted} or {@link OneBotEvents.Recalled}); what each did, in their order. */
    static List<Accepted> write(ChatArchive archive, List<OneBotEvents.Event> events) {
        List<ChatMessage> messages = new ArrayList<>();
        List<Recalls.Recall> recalls = new ArrayList<>();
        for (OneBotEvents.Event e : events) {
            if (e instanceof OneBotEvents.Posted p) {
                messages.add(p.message());
            } else {
                recalls.add(((OneBotEvents.Recalled) e).recall());
            }
        }
        List<Accepted.Outcome> outcomes = archive.write(messages, recalls);
        List<Accepted> out = new ArrayList<>(events.size());
        int m = 0;
        int r = messages.size();
        for (OneBotEvents.Event e : events) {
            out.add(e instanceof OneBotEvents.Posted p ? accepted(p, outcomes.get(m++))
                    : accepted((OneBotEvents.Recalled) e, outcomes.get(r++)));
        }
        return out;
    }

    static Accepted accepted(OneBotEvents.Posted p, Accepted.Outcome outcome) {
        return new Accepted(outcome, "message", p.message().groupId(), p.message().id());
    }

    static Accepted accepted(OneBotEvents.Recalled r, Accepted.Outcome outcome) {
        return new Accepted(outcome, "recall", r.recall().groupId(), r.recall().messageId());
    }
}
