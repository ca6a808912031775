package io.larder.chat;

import io.larder.Key;
import io.larder.Storage;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies recalls the chat source reported (OneBot {@code group_recall}): the source already
 * authorized them, so no {@link DeletePolicy} is asked; the audit names the operator and the
 * recall's time. A single-store archive reads and writes a batch in one pipelined round trip
 * each; a monthly one looks each message up from the recall's month backwards.
 */
public final class Recalls {
    private Recalls() {
    }

    /**
     * A recall reported by the source.
     *
     * @param groupId the group
     * @param messageId the recalled message
     * @param operatorId who recalled it (the sender or a moderator)
     * @param atMillis when
     */
    public record Recall(String groupId, String messageId, String operatorId, long atMillis) {
        Key key() {
            return Key.of(groupId, messageId);
        }
    }

    /**
     * What a batch of recalls did.
     *
     * @param applied messages newly soft-deleted
     * @param repeated recalls of messages already deleted
     * @param unknown recalls of messages the archive does not hold yet: kept (for the archive's
     *        {@linkplain ChatArchive.Builder#pendingRecallAge pending-recall age}), and applied when the message arrives
     */
    public record Result(int applied, int repeated, int unknown) {
    }

    /** What each recall did, in their order: applied, repeated or pending. */
    static List<Accepted.Outcome> apply(Placement placement, Storage<Recall> pending, List<Recall> recalls) {
        Map<Key, ChatMessage> known = new LinkedHashMap<>();
        Map<Key, Storage<ChatMessage>> where = new LinkedHashMap<>();
        if (placement.isSingle() && !recalls.isEmpty()) {
            Storage<ChatMessage> store = placement.candidates(recalls.get(0).groupId(), Long.MIN_VALUE).get(0);
            List<Key> keys = recalls.stream().map(Recall::key).toList();
            known.putAll(store.loadAll(keys));
            keys.forEach(k -> where.put(k, store));
        } else {
            for (Recall r : recalls) {
                Placement.locate(placement, r.groupId(), r.messageId(), r.atMillis()).ifPresent(l -> {
                    known.put(r.key(), l.found().value());
                    where.put(r.key(), l.store());
                });
            }
        }
        Map<Key, ChatMessage> changed = new LinkedHashMap<>();
        Map<Key, Recall> waiting = new LinkedHashMap<>();
        List<Accepted.Outcome> outcomes = new ArrayList<>(recalls.size());
        for (Recall r : recalls) {
            ChatMessage m = changed.getOrDefault(r.key(), known.get(r.key()));
            if (m == null) {
                waiting.putIfAbsent(r.key(), r);
                outcomes.add(Accepted.Outcome.RECALL_PENDING);
            } else if (m.deleted()) {
                outcomes.add(Accepted.Outcome.RECALL_REPEATED);
            } else {
                changed.put(r.key(), m.asDeleted(r.atMillis(), r.operatorId()));
                outcomes.add(Accepted.Outcome.RECALL_APPLIED);
            }
        }
        Map<Storage<ChatMessage>, List<ChatMessage>> saves = new IdentityHashMap<>();
        changed.forEach((k, m) -> saves.computeIfAbsent(where.get(k), s -> new ArrayList<>()).add(m));
        saves.forEach(Storage::saveAll);
        if (!waiting.isEmpty()) {
            pending.saveAll(List.copyOf(waiting.values()));
        }
        return outcomes;
    }

    /** The counts of {@code outcomes}. */
    static Result count(List<Accepted.Outcome> outcomes) {
        int applied = 0;
        int repeated = 0;
        int unknown = 0;
        for (Accepted.Outcome o : outcomes) {
            switch (o) {
                case RECALL_APPLIED -> applied++;
                case RECALL_REPEATED -> repeated++;
                default -> unknown++;
            }
        }
        return new Result(applied, repeated, unknown);
    }

    /**
     * Messages about to be archived, with what pending recalls did to them.
     *
     * @param messages the messages, each one a pending recall names soft-deleted by it
     * @param applied the pending recalls applied: remove them once the messages are stored
     */
    record Arriving(List<ChatMessage> messages, List<Key> applied) {
    }

    /** {@code fresh} with the recalls waiting for them applied: one pipelined read of the pending store. */
    static Arriving arriving(Storage<Recall> pending, List<ChatMessage> fresh) {
        List<Key> keys = new ArrayList<>(fresh.size());
        for (ChatMessage m : fresh) {
            if (m.id() != null) {
                keys.add(Key.of(m.groupId(), m.id()));
            }
        }
        Map<Key, Recall> found = keys.isEmpty() ? Map.of() : pending.loadAll(keys);
        if (found.isEmpty()) {
            return new Arriving(fresh, List.of());
        }
        List<ChatMessage> out = new ArrayList<>(fresh.size());
        for (ChatMessage m : fresh) {
            Recall r = m.id() == null ? null : found.get(Key.of(m.groupId(), m.id()));
            out.add(r == null ? m : m.asDeleted(r.atMillis(), r.operatorId()));
        }
        return new Arriving(out, List.copyOf(found.keySet()));
    }
}
