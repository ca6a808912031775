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
     * @param unknown recalls of messages the archive does not hold
     */
    public record Result(int applied, int repeated, int unknown) {
    }

    static Result apply(Placement placement, List<Recall> recalls) {
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
        int applied = 0;
        int repeated = 0;
        int unknown = 0;
        for (Recall r : recalls) {
            ChatMessage m = changed.getOrDefault(r.key(), known.get(r.key()));
            if (m == null) {
                unknown++;
            } else if (m.deleted()) {
                repeated++;
            } else {
                changed.put(r.key(), m.asDeleted(r.atMillis(), r.operatorId()));
                applied++;
            }
        }
        Map<Storage<ChatMessage>, List<ChatMessage>> saves = new IdentityHashMap<>();
        changed.forEach((k, m) -> saves.computeIfAbsent(where.get(k), s -> new ArrayList<>()).add(m));
        saves.forEach(Storage::saveAll);
        return new Result(applied, repeated, unknown);
    }
}
