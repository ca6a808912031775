package io.larder.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.params.ZRangeParams;

/**
 * Jedis 8 as its documentation shows it: the pooled {@link RedisClient} for single commands, a
 * pipeline for batches. The pool holds as many connections as Larder's Jedis adapter is given
 * ({@value #POOL}), so at 64 threads neither waits for a connection. Values are {@link PlainJson}.
 */
final class RawJedisSubject implements BenchSubject {
    /** Connections in the pool: one per benchmark thread at the most threads measured. */
    static final int POOL = 64;

    private final RedisClient client;

    RawJedisSubject(RedisTarget redis) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(POOL);
        pool.setMaxIdle(POOL);
        this.client = RedisClient.builder().hostAndPort(redis.host(), redis.port()).poolConfig(pool).build();
    }

    private static SetParams ex() {
        return RawKeys.LASTING ? SetParams.setParams() : SetParams.setParams().ex(RawKeys.EXPIRY_SECONDS);
    }

    @Override
    public void save(ChatMessage message) {
        client.set(RawKeys.bytes(RawKeys.value(message)), PlainJson.encode(message), ex());
    }

    @Override
    public @Nullable ChatMessage load(MessageRef ref) {
        byte[] bytes = client.get(RawKeys.bytes(RawKeys.value(ref)));
        return bytes == null ? null : PlainJson.decode(bytes);
    }

    @Override
    public void saveAll(List<ChatMessage> batch) {
        try (AbstractPipeline p = client.pipelined()) {
            for (ChatMessage m : batch) {
                p.set(RawKeys.bytes(RawKeys.value(m)), PlainJson.encode(m), ex());
            }
            p.sync();
        }
    }

    @Override
    public List<ChatMessage> loadAll(List<MessageRef> refs) {
        List<Response<byte[]>> answers = new ArrayList<>(refs.size());
        try (AbstractPipeline p = client.pipelined()) {
            for (MessageRef ref : refs) {
                answers.add(p.get(RawKeys.bytes(RawKeys.value(ref))));
            }
            p.sync();
        }
        List<ChatMessage> out = new ArrayList<>(answers.size());
        for (Response<byte[]> r : answers) {
            byte[] bytes = r.get();
            if (bytes != null) {
                out.add(PlainJson.decode(bytes));
            }
        }
        return out;
    }

    @Override
    public void append(List<ChatMessage> batch) {
        try (AbstractPipeline p = client.pipelined()) {
            for (ChatMessage m : batch) {
                p.set(RawKeys.bytes(RawKeys.value(m)), PlainJson.encode(m), ex());
                p.zadd(RawKeys.bytes(RawKeys.timeline(m.groupId())), m.timestamp(), RawKeys.bytes(m.id()));
            }
            p.sync();
        }
    }

    @Override
    public List<ChatMessage> list(String groupId, int limit) {
        List<byte[]> ids = client.zrange(RawKeys.bytes(RawKeys.timeline(groupId)), ZRangeParams.zrangeParams(0, limit - 1).rev());
        if (ids.isEmpty()) {
            return List.of();
        }
        byte[][] keys = new byte[ids.size()][];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = RawKeys.bytes(RawKeys.value(groupId, new String(ids.get(i), StandardCharsets.UTF_8)));
        }
        List<ChatMessage> out = new ArrayList<>(keys.length);
        for (byte[] bytes : client.mget(keys)) {
            if (bytes != null) {
                out.add(PlainJson.decode(bytes));
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
        client.close();
    }
}
