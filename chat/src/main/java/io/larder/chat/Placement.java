package io.larder.chat;

import io.larder.Key;
import io.larder.Storage;
import io.larder.Versioned;
import java.util.List;
import java.util.Optional;

/**
 * Where an archive keeps a group's messages: one store for every time, or one store per month.
 * Implementations are thread-safe.
 */
interface Placement {

    /**
     * One store a walk reads, named by a label that orders like the store's time span.
     *
     * @param label the shard's name inside cursors
     * @param store the store
     */
    record Shard(String label, Storage<ChatMessage> store) {
    }

    /** The store a message is written to; a monthly placement first records the month. */
    Storage<ChatMessage> storeFor(ChatMessage message);

    /** The shards that may hold {@code group}'s messages of {@code [from, to)}, in walking order. */
    List<Shard> shards(String group, long from, long to, boolean newestFirst);

    /** The stores that may hold a message of {@code group}, likeliest first; {@code hintMillis} is a time near it, or {@code Long.MIN_VALUE}. */
    List<Storage<ChatMessage>> candidates(String group, long hintMillis);

    /** Every store messages are kept in (a monthly placement: the months some group has messages in). */
    List<Storage<ChatMessage>> stores();

    /** Whether every message of a group lives in one store. */
    boolean isSingle();

    /**
     * A stored message and the store it was found in.
     *
     * @param store the store
     * @param found the message with its version
     */
    record Located(Storage<ChatMessage> store, Versioned<ChatMessage> found) {
    }

    /** Finds a message, soft-deleted or not, trying the likeliest stores first. */
    static Optional<Located> locate(Placement placement, String groupId, String messageId, long hintMillis) {
        Key key = Key.of(groupId, messageId);
        for (Storage<ChatMessage> store : placement.candidates(groupId, hintMillis)) {
            Optional<Versioned<ChatMessage>> v = store.loadVersioned(key);
            if (v.isPresent()) {
                return Optional.of(new Located(store, v.get()));
            }
        }
        return Optional.empty();
    }
}
