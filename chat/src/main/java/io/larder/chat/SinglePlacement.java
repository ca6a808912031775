package io.larder.chat;

import io.larder.Storage;
import java.util.List;

/** Every message of a group in one partition of one store. Thread-safe. */
final class SinglePlacement implements Placement {
    private final Storage<ChatMessage> store;
    private final List<Shard> shards;

    SinglePlacement(Storage<ChatMessage> store) {
        this.store = store;
        this.shards = List.of(new Shard("all", store));
    }

    @Override
    public Storage<ChatMessage> storeFor(ChatMessage message) {
        return store;
    }

    @Override
    public List<Shard> shards(String group, long from, long to, boolean newestFirst) {
        return shards;
    }

    @Override
    public List<Storage<ChatMessage>> candidates(String group, long hintMillis) {
        return List.of(store);
    }

    @Override
    public List<Storage<ChatMessage>> stores() {
        return List.of(store);
    }

    @Override
    public boolean isSingle() {
        return true;
    }
}
