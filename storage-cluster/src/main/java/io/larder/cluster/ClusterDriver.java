package io.larder.cluster;

import io.larder.StorageException;
import io.larder.StorageUnavailableException;
import io.larder.redis.internal.CommandTimeoutException;
import io.larder.redis.internal.Confirmation;
import io.larder.redis.internal.Fetch;
import io.larder.redis.internal.Put;
import io.larder.redis.internal.RedisDriver;
import io.larder.redis.internal.RedisError;
import io.larder.redis.internal.ReplicaWait;
import io.larder.redis.internal.ScanPage;
import io.larder.redis.internal.ScriptCall;
import io.larder.redis.internal.Subscriber;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The driver port over a whole cluster, driver-neutral: each batch goes out as a
 * {@link ClusterCall}, split by hash slot into one pipeline per master, the pipelines sent
 * together and awaited together, redirects ({@code MOVED}, {@code ASK}, {@code TRYAGAIN})
 * followed, and the replies put back in request order. With replica reads on, plain reads
 * ({@code GET}; not {@code GETEX}, which moves an expiry) go to a replica of the slot's master.
 * Scripts are loaded on every master. SCAN walks every master in turn; its cursor names the
 * node. Thread-safe.
 */
final class ClusterDriver implements RedisDriver {
    private final NodeLink link;
    private final boolean replicaReads;
    private final Map<String, LongAdder> pipelines = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> redirects = new ConcurrentHashMap<>();

    ClusterDriver(NodeLink link, boolean replicaReads) {
        this.link = link;
        this.replicaReads = replicaReads;
    }

    NodeLink link() {
        return link;
    }

    @Override
    public String scriptLoad(String source) {
        String sha = null;
        StorageException failure = null;
        for (String master : link.masters()) {
            try {
                sha = link.scriptLoad(master, source);
            } catch (StorageException e) {
                failure = e; // a master that is down gets the script by NOSCRIPT-reload once it serves again
            }
        }
        if (sha == null) {
            throw failure != null ? failure : noMasterServes();
        }
        return sha;
    }

    @Override
    public List<Object> evalsha(List<ScriptCall> calls) {
        return run(scripts(calls), null, null).replies();
    }

    @Override
    public List<Object> evalsha(List<ScriptCall> calls, ReplicaWait wait) {
        return awaited(run(scripts(calls), wait, null), wait);
    }

    @Override
    public List<Object> set(List<Put> puts, @Nullable ReplicaWait wait) {
        if (Put.fitMset(puts)) {
            return mset(puts, wait);
        }
        List<Op> ops = new ArrayList<>(puts.size());
        puts.forEach(p -> ops.add(Op.set(p.key(), p.value(), p.expireAtMillis())));
        return awaited(run(ops, wait, null), wait);
    }

    /** Puts that never expire: {@code MSET}s per slot ({@link Put#msets}), each put answered by its {@code MSET}'s reply. */
    private List<Object> mset(List<Put> puts, @Nullable ReplicaWait wait) {
        Put.Msets msets = Put.msets(puts, link::slot);
        List<Op> ops = new ArrayList<>(msets.commands().size());
        msets.commands().forEach(args -> ops.add(Op.mset(args)));
        return msets.spread(awaited(run(ops, wait, null), wait));
    }

    @Override
    public List<Object> del(List<byte[]> keys, @Nullable ReplicaWait wait) {
        List<Op> ops = new ArrayList<>(keys.size());
        keys.forEach(k -> ops.add(Op.del(k)));
        return awaited(run(ops, wait, null), wait);
    }

    /** The replies, with the weakest master's {@link Confirmation} last when {@code wait} (nullable) was sent. */
    private static List<Object> awaited(ClusterCall.Outcome outcome, @Nullable ReplicaWait wait) {
        if (wait == null) {
            return outcome.replies();
        }
        List<Object> replies = new ArrayList<>(outcome.replies());
        replies.add(outcome.confirmation());
        return replies;
    }

    /** {@code wait}'s commands alone on every master: the weakest master's confirmation. */
    @Override
    public Confirmation confirm(ReplicaWait wait) {
        List<Op> ops = Op.await(wait);
        @Nullable Confirmation weakest = null;
        for (String master : link.masters()) {
            List<Object> replies;
            try {
                replies = link.send(master, ops).get(link.timeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof StorageException s ? s
                        : new StorageUnavailableException(master, "Redis node " + master + " failed: " + e.getCause(), null);
            } catch (TimeoutException e) {
                throw new CommandTimeoutException(master, "Redis node " + master + " did not answer within "
                        + link.timeout().toMillis()
                        + " ms", null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StorageUnavailableException(master, "interrupted while waiting for Redis node " + master, null);
            }
            weakest = Confirmation.of(wait, replies, master).weaker(weakest, wait);
        }
        if (weakest == null) {
            throw noMasterServes();
        }
        return weakest;
    }

    private static List<Op> scripts(List<ScriptCall> calls) {
        List<Op> ops = new ArrayList<>(calls.size());
        calls.forEach(c -> ops.add(Op.evalsha(c.sha(), c.keys(), c.args())));
        return ops;
    }

    @Override
    public List<Object> fetch(List<Fetch> fetches) {
        List<Op> ops = new ArrayList<>(fetches.size());
        // with read-from replica-preferred, plain reads go to a replica; GETEX writes (it moves the expiry)
        BitSet onReplica = replicaReads ? new BitSet(fetches.size()) : null;
        for (Fetch f : fetches) {
            if (onReplica != null) {
                onReplica.set(ops.size(), f.expireAtMillis() <= 0);
            }
            ops.add(Op.get(f.valueKey(), f.expireAtMillis()));
        }
        return run(ops, null, onReplica).replies();
    }

    @Override
    public List<Object> zcard(List<byte[]> keys) {
        List<Op> ops = new ArrayList<>(keys.size());
        keys.forEach(k -> ops.add(Op.zcard(k)));
        return run(ops, null, null).replies();
    }

    /** Sends {@code ops} as one {@link ClusterCall}: ops in {@code onReplica} (nullable) may be read from a replica. */
    private ClusterCall.Outcome run(List<Op> ops, @Nullable ReplicaWait wait, @Nullable BitSet onReplica) {
        return new ClusterCall(link, ops, wait, onReplica, pipelines, redirects).run();
    }

    /** Pipelines sent per node since the last {@link #resetCounts()}: how tests see the split. */
    Map<String, Long> pipelinesSent() {
        Map<String, Long> out = new TreeMap<>();
        pipelines.forEach((node, n) -> out.put(node, n.sum()));
        return out;
    }

    /** Error replies seen per code ({@code MOVED}, {@code ASK}, {@code TRYAGAIN}, ...) since the last {@link #resetCounts()}. */
    Map<String, Long> redirectsSeen() {
        Map<String, Long> out = new TreeMap<>();
        redirects.forEach((code, n) -> out.put(code, n.sum()));
        return out;
    }

    void resetCounts() {
        pipelines.clear();
        redirects.clear();
    }

    @Override
    public ScanPage scan(String cursor, byte[] pattern, int count) {
        // the walk goes through the masters in name order, whatever order the driver lists them in:
        // starting anywhere else would skip the masters that sort before the start
        List<String> masters = link.masters().stream().sorted().toList();
        if (masters.isEmpty()) {
            throw noMasterServes();
        }
        String node = masters.get(0);
        String inner = "0";
        if (!"0".equals(cursor)) {
            int at = cursor.lastIndexOf('/');
            node = cursor.substring(0, at);
            inner = cursor.substring(at + 1);
        }
        ScanPage page = link.scan(node, inner, pattern, count);
        if (!page.isLast()) {
            return new ScanPage(node + "/" + page.cursor(), page.keys());
        }
        String current = node;
        Optional<String> next = masters.stream().filter(m -> m.compareTo(current) > 0).findFirst();
        return new ScanPage(next.map(m -> m + "/0").orElse("0"), page.keys());
    }

    @Override
    public List<byte[]> zrangeByScore(byte[] key, String start, String stop, boolean reverse, int count) {
        return listReply(run(List.of(Op.zrangeByScore(key, start, stop, reverse, count)), null, null).replies().get(0),
                new String(key, StandardCharsets.UTF_8));
    }

    @Override
    public List<byte[]> mget(List<byte[]> keys) {
        return listReply(run(List.of(Op.mget(keys)), null, null).replies().get(0), null);
    }

    @Override
    public List<Object> mgets(List<List<byte[]>> groups) {
        List<Op> ops = new ArrayList<>(groups.size());
        groups.forEach(g -> ops.add(Op.mget(g)));
        return reads(ops);
    }

    @Override
    public List<Object> exists(List<List<byte[]>> groups) {
        List<Op> ops = new ArrayList<>(groups.size());
        groups.forEach(g -> ops.add(Op.exists(g)));
        return reads(ops);
    }

    @Override
    public List<Object> hmgets(List<List<byte[]>> groups) {
        List<Op> ops = new ArrayList<>(groups.size());
        groups.forEach(g -> ops.add(Op.hmget(g)));
        return run(ops, null, null).replies();
    }

    /** The replies of {@code ops}, which only read: on replicas when the settings ask for replica reads. */
    private List<Object> reads(List<Op> ops) {
        BitSet onReplica = null;
        if (replicaReads) {
            onReplica = new BitSet(ops.size());
            onReplica.set(0, ops.size());
        }
        return run(ops, null, onReplica).replies();
    }

    /** A reply that is a list of bulk strings, or the exception for its error naming {@code key} (nullable). */
    private List<byte[]> listReply(Object reply, @Nullable String key) {
        if (reply instanceof RedisError e) {
            throw error(e, key);
        }
        @SuppressWarnings("unchecked")
        List<byte[]> values = (List<byte[]>) reply;
        return values;
    }

    /** {@code PUBLISH} to one master (the next one when it does not answer); the cluster broadcasts it to every node. */
    @Override
    public void publish(byte[] channel, byte[] message) {
        StorageException failure = null;
        for (String master : link.masters()) {
            try {
                Object reply = link.send(master, List.of(Op.publish(channel, message)))
                        .get(link.timeout().toMillis(), TimeUnit.MILLISECONDS).get(0);
                if (reply instanceof RedisError e) {
                    throw error(e, null);
                }
                return;
            } catch (ExecutionException e) {
                failure = e.getCause() instanceof StorageException s ? s
                        : new StorageUnavailableException(master, "Redis node " + master + " failed: " + e.getCause(), null);
            } catch (TimeoutException e) {
                failure = new CommandTimeoutException(master, "Redis node " + master + " did not answer a PUBLISH within "
                        + link.timeout().toMillis() + " ms", null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StorageException("interrupted while publishing");
            }
        }
        throw failure != null ? failure : noMasterServes();
    }

    @Override
    public Subscriber subscriber(BiConsumer<byte[], byte[]> messages) {
        return link.subscriber(messages);
    }

    @Override
    public Map<String, String> info() {
        return ClusterHealth.mergedInfo(link);
    }

    @Override
    public Duration ping() {
        Duration slowest = Duration.ZERO;
        for (String master : link.masters()) {
            Duration d = link.ping(master);
            slowest = d.compareTo(slowest) > 0 ? d : slowest;
        }
        return slowest;
    }

    @Override
    public Optional<String> configGet(String parameter) {
        List<String> masters = link.masters();
        return masters.isEmpty() ? Optional.empty() : link.configGet(masters.get(0), parameter);
    }

    @Override
    public Optional<String> sentinelMaster() {
        return Optional.empty();
    }

    @Override
    public StorageException error(RedisError error, @Nullable String key) {
        return link.replies().translate(error, key);
    }

    /** No master serves any slot now: the cluster as a whole ({@code cluster host:port,...}) is named, no single node. */
    private StorageUnavailableException noMasterServes() {
        return new StorageUnavailableException(link.replies().node(), "no master of " + link.description() + " serves slots", null);
    }

    @Override
    public String description() {
        return link.description();
    }

    @Override
    public void close() {
        link.close();
    }
}
