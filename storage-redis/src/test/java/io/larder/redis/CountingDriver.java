package io.larder.redis;

import io.larder.StorageException;
import io.larder.redis.internal.Confirmation;
import io.larder.redis.internal.Fetch;
import io.larder.redis.internal.Put;
import io.larder.redis.internal.RedisDriver;
import io.larder.redis.internal.RedisError;
import io.larder.redis.internal.ReplicaWait;
import io.larder.redis.internal.ScanPage;
import io.larder.redis.internal.ScriptCall;
import io.larder.redis.internal.Subscriber;
import io.larder.redis.internal.Transaction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/** Counts the pipelines (one write and one flush each) and single commands a driver is asked for. */
final class CountingDriver implements RedisDriver {
    final AtomicInteger pipelines = new AtomicInteger();
    final AtomicInteger singles = new AtomicInteger();
    final AtomicInteger scriptLoads = new AtomicInteger();
    private final RedisDriver delegate;

    CountingDriver(RedisDriver delegate) {
        this.delegate = delegate;
    }

    void reset() {
        pipelines.set(0);
        singles.set(0);
    }

    @Override
    public String scriptLoad(String source) {
        singles.incrementAndGet();
        scriptLoads.incrementAndGet();
        return delegate.scriptLoad(source);
    }

    @Override
    public List<Object> evalsha(List<ScriptCall> calls) {
        pipelines.incrementAndGet();
        return delegate.evalsha(calls);
    }

    @Override
    public List<Object> evalsha(List<ScriptCall> calls, ReplicaWait wait) {
        pipelines.incrementAndGet();
        return delegate.evalsha(calls, wait);
    }

    @Override
    public Confirmation confirm(ReplicaWait wait) {
        pipelines.incrementAndGet();
        return delegate.confirm(wait);
    }

    @Override
    public List<Object> fetch(List<Fetch> fetches) {
        pipelines.incrementAndGet();
        return delegate.fetch(fetches);
    }

    @Override
    public List<Object> set(List<Put> puts, ReplicaWait wait) {
        pipelines.incrementAndGet();
        return delegate.set(puts, wait);
    }

    @Override
    public boolean transactions() {
        return delegate.transactions();
    }

    @Override
    public List<Object> transact(List<Transaction> transactions, ReplicaWait wait) {
        pipelines.incrementAndGet();
        return delegate.transact(transactions, wait);
    }

    @Override
    public List<Object> del(List<byte[]> keys, ReplicaWait wait) {
        pipelines.incrementAndGet();
        return delegate.del(keys, wait);
    }

    @Override
    public ScanPage scan(String cursor, byte[] pattern, int count) {
        singles.incrementAndGet();
        return delegate.scan(cursor, pattern, count);
    }

    @Override
    public List<Object> zcard(List<byte[]> keys) {
        pipelines.incrementAndGet();
        return delegate.zcard(keys);
    }

    @Override
    public List<byte[]> zrangeByScore(byte[] key, String start, String stop, boolean reverse, int count) {
        singles.incrementAndGet();
        return delegate.zrangeByScore(key, start, stop, reverse, count);
    }

    @Override
    public List<Object> mgets(List<List<byte[]>> groups) {
        pipelines.incrementAndGet();
        return delegate.mgets(groups);
    }

    @Override
    public List<Object> exists(List<List<byte[]>> groups) {
        pipelines.incrementAndGet();
        return delegate.exists(groups);
    }

    @Override
    public List<Object> hmgets(List<List<byte[]>> groups) {
        pipelines.incrementAndGet();
        return delegate.hmgets(groups);
    }

    @Override
    public List<byte[]> mget(List<byte[]> keys) {
        singles.incrementAndGet();
        return delegate.mget(keys);
    }

    @Override
    public void publish(byte[] channel, byte[] message) {
        singles.incrementAndGet();
        delegate.publish(channel, message);
    }

    @Override
    public Subscriber subscriber(BiConsumer<byte[], byte[]> messages) {
        return delegate.subscriber(messages);
    }

    @Override
    public Map<String, String> info() {
        singles.incrementAndGet();
        return delegate.info();
    }

    @Override
    public Duration ping() {
        singles.incrementAndGet();
        return delegate.ping();
    }

    @Override
    public Optional<String> configGet(String parameter) {
        singles.incrementAndGet();
        return delegate.configGet(parameter);
    }

    @Override
    public Optional<String> sentinelMaster() {
        return delegate.sentinelMaster();
    }

    @Override
    public StorageException error(RedisError error, String key) {
        return delegate.error(error, key);
    }

    @Override
    public String description() {
        return delegate.description();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
