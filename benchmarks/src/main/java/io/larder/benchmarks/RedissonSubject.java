package io.larder.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.redisson.Redisson;
import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.Codec;
import org.redisson.client.codec.StringCodec;
import org.redisson.codec.TypedJsonJacksonCodec;
import org.redisson.config.Config;

/**
 * Redisson as its documentation shows it: an {@code RBucket} per message with Redisson's Jackson
 * codec for the type ({@link TypedJsonJacksonCodec}: plain JSON, no class names), an
 * {@link RBatch} for batches, an {@code RScoredSortedSet} for the timeline and {@code RBuckets}
 * (MGET) to read a page. Redisson's default connection pool.
 */
final class RedissonSubject implements BenchSubject {
    private static final Duration EXPIRY = Duration.ofSeconds(RawKeys.EXPIRY_SECONDS);

    private final RedissonClient redisson;
    private final Codec codec = new TypedJsonJacksonCodec(ChatMessage.class);

    RedissonSubject(RedisTarget redis) {
        Config config = new Config();
        config.useSingleServer().setAddress("redis://" + redis.host() + ":" + redis.port());
        this.redisson = Redisson.create(config);
    }

    @Override
    public void save(ChatMessage message) {
        redisson.<ChatMessage>getBucket(RawKeys.value(message), codec).set(message, EXPIRY);
    }

    @Override
    public @Nullable ChatMessage load(MessageRef ref) {
        return redisson.<ChatMessage>getBucket(RawKeys.value(ref), codec).get();
    }

    @Override
    public void saveAll(List<ChatMessage> batch) {
        RBatch b = redisson.createBatch();
        for (ChatMessage m : batch) {
            b.<ChatMessage>getBucket(RawKeys.value(m), codec).setAsync(m, EXPIRY);
        }
        b.execute();
    }

    @Override
    public List<ChatMessage> loadAll(List<MessageRef> refs) {
        RBatch b = redisson.createBatch();
        List<RFuture<ChatMessage>> answers = new ArrayList<>(refs.size());
        for (MessageRef ref : refs) {
            answers.add(b.<ChatMessage>getBucket(RawKeys.value(ref), codec).getAsync());
        }
        BatchResult<?> done = b.execute();
        List<ChatMessage> out = new ArrayList<>(done.getResponses().size());
        for (RFuture<ChatMessage> f : answers) {
            ChatMessage m = f.toCompletableFuture().getNow(null);
            if (m != null) {
                out.add(m);
            }
        }
        return out;
    }

    @Override
    public void append(List<ChatMessage> batch) {
        RBatch b = redisson.createBatch();
        for (ChatMessage m : batch) {
            b.<ChatMessage>getBucket(RawKeys.value(m), codec).setAsync(m, EXPIRY);
            b.<String>getScoredSortedSet(RawKeys.timeline(m.groupId()), StringCodec.INSTANCE).addAsync(m.timestamp(), m.id());
        }
        b.execute();
    }

    @Override
    public List<ChatMessage> list(String groupId, int limit) {
        Collection<String> ids = redisson.<String>getScoredSortedSet(RawKeys.timeline(groupId), StringCodec.INSTANCE)
                .valueRangeReversed(0, limit - 1);
        if (ids.isEmpty()) {
            return List.of();
        }
        String[] keys = new String[ids.size()];
        int i = 0;
        for (String id : ids) {
            keys[i++] = RawKeys.value(groupId, id);
        }
        Map<String, ChatMessage> found = redisson.getBuckets(codec).get(keys);
        List<ChatMessage> out = new ArrayList<>(keys.length);
        for (String k : keys) {
            ChatMessage m = found.get(k);
            if (m != null) {
                out.add(m);
            }
        }
        return out;
    }

    @Override
    public String dataset() {
        return RawKeys.DATASET;
    }

    @Override
    public void close() {
        redisson.shutdown();
    }
}
