package io.larder.cluster;

import io.larder.StorageException;
import io.larder.StorageUnavailableException;
import io.larder.redis.internal.CommandTimeoutException;
import io.larder.redis.internal.Fetch;
import io.larder.redis.internal.Put;
import io.larder.redis.internal.RedisDriver;
import io.larder.redis.internal.RedisError;
import io.larder.redis.internal.ReplicaWait;
import io.larder.redis.internal.ScanPage;
import io.larder.redis.internal.ScriptCall;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/**
 * The driver port over a whole cluster, driver-neutral: each batch is split by hash slot into
 * one pipeline per master, the pipelines go out together and are awaited together, and the
 * replies are put back in request order. A reply {@code MOVED} sends that command again to the
 * named node (and refreshes the topology), {@code ASK} sends it with {@code ASKING} to the
 * importing node, {@code TRYAGAIN} (a multi-key script caught halfway through a slot's
 * migration) and a script stopped at a key already migrated away retry it after a short pause; only after {@value #MAX_ROUNDS} rounds or the
 * command timeout does such an error reach the caller. With replica reads on, plain reads
 * ({@code GET}; not {@code GETEX}, which moves an expiry) go to a replica of the
 * slot's master, and back to the master when the replica does not answer. SCAN walks every
 * master in turn; its cursor names the node. Thread-safe.
 */
final class ClusterDriver implements RedisDriver {
    private static final int MAX_ROUNDS = 30;
    // a script that reads a key it was not given (the range script reads values by id) meets a key already
    // migrated away; Redis aborts it with this error, and once the slot has moved the script runs whole again
    private static final String NON_LOCAL_KEY = "attempted to access a non local key";

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
            throw failure != null ? failure : new StorageUnavailableException("no master of " + link.description() + " serves slots");
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
    public List<Object> set(List<Put> puts, ReplicaWait wait) {
        List<Op> ops = new ArrayList<>(puts.size());
        puts.forEach(p -> ops.add(Op.set(p.key(), p.value(), p.expireAtMillis())));
        return awaited(run(ops, wait, null), wait);
    }

    @Override
    public List<Object> del(List<byte[]> keys, ReplicaWait wait) {
        List<Op> ops = new ArrayList<>(keys.size());
        keys.forEach(k -> ops.add(Op.del(k)));
        return awaited(run(ops, wait, null), wait);
    }

    /** The replies, with the weakest {@code WAIT} reply last when {@code wait} (nullable) was sent. */
    private static List<Object> awaited(Outcome outcome, ReplicaWait wait) {
        if (wait == null) {
            return outcome.replies();
        }
        List<Object> replies = new ArrayList<>(outcome.replies());
        replies.add(outcome.waitReply() == null ? Long.valueOf(wait.replicas()) : outcome.waitReply());
        return replies;
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

    private record Outcome(List<Object> replies, Object waitReply) {
    }

    /**
     * Sends each op to the master of its slot (ops in {@code onReplica}, nullable, to one of its
     * replicas while there is one that answers), one pipeline per node, all nodes at once; follows redirections.
     */
    private Outcome run(List<Op> ops, ReplicaWait wait, BitSet onReplica) {
        Object[] replies = new Object[ops.size()];
        Map<Integer, String> redirected = new HashMap<>();
        Map<Integer, String> asking = new HashMap<>();
        BitSet replicaFailed = new BitSet();
        List<Integer> pending = new ArrayList<>(ops.size());
        for (int i = 0; i < ops.size(); i++) {
            pending.add(i);
        }
        Object waitReply = null;
        long deadline = System.nanoTime() + link.timeout().toNanos();
        for (int round = 0; !pending.isEmpty(); round++) {
            Map<String, List<Integer>> byNode = new LinkedHashMap<>();
            Set<String> replicas = new HashSet<>();
            for (int i : pending) {
                String node = asking.getOrDefault(i, redirected.get(i));
                if (node == null && onReplica != null && onReplica.get(i) && !replicaFailed.get(i)) {
                    node = link.replicaFor(ops.get(i).slot());
                    if (node != null) {
                        replicas.add(node);
                    }
                }
                if (node == null) {
                    node = link.masterFor(ops.get(i).slot());
                }
                if (node == null) {
                    link.refresh();
                    throw new StorageUnavailableException("no master of " + link.description() + " serves hash slot "
                            + ops.get(i).slot() + " now");
                }
                byNode.computeIfAbsent(node, n -> new ArrayList<>()).add(i);
            }
            Map<String, CompletableFuture<List<Object>>> sent = new LinkedHashMap<>();
            byNode.forEach((node, indexes) -> {
                List<Op> batch = new ArrayList<>(indexes.size() + 2);
                if (replicas.contains(node)) {
                    batch.add(Op.READONLY);
                }
                for (int i : indexes) {
                    if (asking.containsKey(i)) {
                        batch.add(Op.ASKING);
                    }
                    batch.add(ops.get(i));
                }
                if (wait != null) {
                    batch.add(Op.await(wait.replicas(), wait.timeoutMillis()));
                }
                pipelines.computeIfAbsent(node, n -> new LongAdder()).increment();
                sent.put(node, link.send(node, batch));
            });
            List<Integer> again = new ArrayList<>();
            boolean moved = false;
            boolean busy = false;
            StorageException failure = null;
            for (Map.Entry<String, CompletableFuture<List<Object>>> e : sent.entrySet()) {
                List<Object> answer;
                try {
                    answer = await(e.getKey(), e.getValue(), deadline);
                } catch (StorageException ex) {
                    if (replicas.contains(e.getKey())) {
                        // a replica that does not answer: its reads go to the master in the next round
                        byNode.get(e.getKey()).forEach(i -> {
                            replicaFailed.set(i);
                            again.add(i);
                        });
                    } else {
                        failure = failure == null ? ex : failure;
                    }
                    continue;
                }
                int at = replicas.contains(e.getKey()) ? 1 : 0; // the READONLY reply
                for (int i : byNode.get(e.getKey())) {
                    if (asking.remove(i) != null) {
                        at++; // the ASKING reply
                    }
                    redirected.remove(i);
                    Object reply = answer.get(at++);
                    replies[i] = reply;
                    if (stoppedAtMigratedKey(reply) && round < MAX_ROUNDS && System.nanoTime() < deadline) {
                        redirects.computeIfAbsent("non-local key", c -> new LongAdder()).increment();
                        busy = true;
                        again.add(i);
                    } else if (reply instanceof RedisError err && round < MAX_ROUNDS && System.nanoTime() < deadline) {
                        redirects.computeIfAbsent(err.code(), c -> new LongAdder()).increment();
                        switch (err.code()) {
                            case "MOVED" -> {
                                redirected.put(i, target(err));
                                moved = true;
                                again.add(i);
                            }
                            case "ASK" -> {
                                asking.put(i, target(err));
                                again.add(i);
                            }
                            case "TRYAGAIN" -> {
                                busy = true;
                                again.add(i);
                            }
                            default -> {
                                if (err.message().contains(NON_LOCAL_KEY)) {
                                    busy = true;
                                    again.add(i);
                                }
                            }
                        }
                    }
                }
                if (wait != null) {
                    waitReply = weakest(waitReply, answer.get(at));
                }
            }
            if (failure != null) {
                link.refresh(); // a node that fails may have been failed over
                throw failure;
            }
            if (moved) {
                link.refresh();
            }
            if (busy) {
                pause(Math.min(100, 5L << Math.min(round, 5)));
            }
            pending = again;
        }
        return new Outcome(Arrays.asList(replies), waitReply);
    }

    private List<Object> await(String node, CompletableFuture<List<Object>> future, long deadline) {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StorageException s) {
                throw s;
            }
            throw new StorageUnavailableException("Redis node " + node + " failed: " + link.replies().scrub(
                    String.valueOf(e.getCause())), null);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new CommandTimeoutException("Redis node " + node + " of " + link.description()
                    + " did not answer within " + link.timeout().toMillis() + " ms", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageUnavailableException("interrupted while waiting for Redis node " + node);
        }
    }

    /**
     * Whether a script reported, in its {@code {status, key, error}} reply (status -1 for writes,
     * 2 for ranges: the adapter's scripts read undeclared keys with {@code pcall}), that a key it
     * read had already migrated to another node.
     */
    private static boolean stoppedAtMigratedKey(Object reply) {
        if (reply instanceof List<?> r && r.size() == 3 && r.get(0) instanceof Long status && (status == -1 || status == 2)) {
            Object error = r.get(2);
            String text = error instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(error);
            return text.contains(NON_LOCAL_KEY);
        }
        return false;
    }

    /** The fewest replicas any node's {@code WAIT} confirmed, or its error. */
    private static Object weakest(Object current, Object next) {
        if (current instanceof RedisError) {
            return current;
        }
        if (next instanceof RedisError || current == null) {
            return next;
        }
        return Math.min((Long) current, (Long) next);
    }

    /** The node a {@code MOVED} or {@code ASK} reply names ({@code MOVED 3999 127.0.0.1:6381}). */
    private static String target(RedisError error) {
        String[] words = error.message().split(" ");
        return words[words.length - 1];
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageUnavailableException("interrupted while a hash slot was migrating");
        }
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
            throw new StorageUnavailableException("no master of " + link.description() + " serves slots");
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

    /** A reply that is a list of bulk strings, or the exception for its error naming {@code key} (nullable). */
    private List<byte[]> listReply(Object reply, String key) {
        if (reply instanceof RedisError e) {
            throw error(e, key);
        }
        @SuppressWarnings("unchecked")
        List<byte[]> values = (List<byte[]>) reply;
        return values;
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
    public StorageException error(RedisError error, String key) {
        return link.replies().translate(error.message(), key, null);
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
