package io.larder.benchmarks;

import io.lettuce.core.KeyValue;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Lettuce as its documentation shows it: one shared connection, the synchronous API for single
 * commands, the asynchronous API for batches (commands go out back to back, pipelined, and the
 * futures are awaited together). Values are {@link PlainJson}.
 */
final class RawLettuceSubject implements BenchSubject {
    private static final Duration BATCH_TIMEOUT = Duration.ofSeconds(60);
    private static final SetArgs EX = RawKeys.LASTING ? new SetArgs() : SetArgs.Builder.ex(RawKeys.EXPIRY_SECONDS);

    private final RedisClient client;
    private final StatefulRedisConnection<String, byte[]> connection;
    private final RedisCommands<String, byte[]> sync;
    private final RedisAsyncCommands<String, byte[]> async;

    RawLettuceSubject(RedisTarget redis) {
        this.client = RedisClient.create(RedisURI.Builder.redis(redis.host(), redis.port()).build());
        this.connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        this.sync = connection.sync();
        this.async = connection.async();
    }

    @Override
    public void save(ChatMessage message) {
        sync.set(RawKeys.value(message), PlainJson.encode(message), EX);
    }

    @Override
    public @Nullable ChatMessage load(MessageRef ref) {
        byte[] bytes = sync.get(RawKeys.value(ref));
        return bytes == null ? null : PlainJson.decode(bytes);
    }

    @Override
    public void saveAll(List<ChatMessage> batch) {
        RedisFuture<?>[] sent = new RedisFuture<?>[batch.size()];
        for (int i = 0; i < sent.length; i++) {
            ChatMessage m = batch.get(i);
            sent[i] = async.set(RawKeys.value(m), PlainJson.encode(m), EX);
        }
        await(sent);
    }

    @Override
    public List<ChatMessage> loadAll(List<MessageRef> refs) {
        @SuppressWarnings({"unchecked", "rawtypes"})
        RedisFuture<byte[]>[] sent = new RedisFuture[refs.size()];
        for (int i = 0; i < sent.length; i++) {
            sent[i] = async.get(RawKeys.value(refs.get(i)));
        }
        await(sent);
        List<ChatMessage> out = new ArrayList<>(sent.length);
        for (RedisFuture<byte[]> f : sent) {
            byte[] bytes = f.toCompletableFuture().getNow(null);
            if (bytes != null) {
                out.add(PlainJson.decode(bytes));
            }
        }
        return out;
    }

    @Override
    public void append(List<ChatMessage> batch) {
        RedisFuture<?>[] sent = new RedisFuture<?>[batch.size() * 2];
        for (int i = 0; i < batch.size(); i++) {
            ChatMessage m = batch.get(i);
            sent[2 * i] = async.set(RawKeys.value(m), PlainJson.encode(m), EX);
            sent[2 * i + 1] = async.zadd(RawKeys.timeline(m.groupId()), m.timestamp(), RawKeys.bytes(m.id()));
        }
        await(sent);
    }

    @Override
    public List<ChatMessage> list(String groupId, int limit) {
        List<byte[]> ids = sync.zrevrange(RawKeys.timeline(groupId), 0, limit - 1);
        if (ids.isEmpty()) {
            return List.of();
        }
        String[] keys = new String[ids.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = RawKeys.value(groupId, new String(ids.get(i), StandardCharsets.UTF_8));
        }
        List<ChatMessage> out = new ArrayList<>(keys.length);
        for (KeyValue<String, byte[]> kv : sync.mget(keys)) {
            if (kv.hasValue()) {
                out.add(PlainJson.decode(kv.getValue()));
            }
        }
        return out;
    }

    private static void await(RedisFuture<?>... sent) {
        if (!LettuceFutures.awaitAll(BATCH_TIMEOUT, sent)) {
            throw new IllegalStateException("a pipelined batch did not finish within " + BATCH_TIMEOUT);
        }
    }

    @Override
    public String dataset() {
        return RawKeys.DATASET;
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
