package io.larder.cluster;

import io.larder.StorageException;
import io.larder.StorageUnavailableException;
import io.larder.redis.internal.CommandTimeoutException;
import io.larder.redis.internal.Confirmation;
import io.larder.redis.internal.RedisError;
import io.larder.redis.internal.ReplicaWait;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * One batch of ops on a cluster, sent round after round until every op has its final reply. A
 * round {@linkplain #route routes} the pending ops to nodes (the master of each op's slot, a
 * replica for reads that may go there, or the node a redirect named), {@linkplain #send sends}
 * each node its share as one pipeline, all nodes at once, and {@linkplain #collect collects}
 * the replies: {@code MOVED} sends an op again to the named node, {@code ASK} sends it with
 * {@code ASKING} to the importing node, {@code TRYAGAIN} and a script stopped at a key already
 * migrated away send it again after a growing pause; a replica that does not answer hands its
 * reads to the master. Redirects are followed for as long as the command timeout allows (a busy
 * slot takes seconds to move, and its multi-key scripts meet {@code TRYAGAIN} all that time);
 * only then is such an error the op's reply. A master that stops answering is given up as soon
 * as the topology names another master for its slots: its replies would come, if ever, from a
 * demoted node. Not thread-safe: one per batch.
 */
final class ClusterCall {
    /** Rounds of redirects that go out at once; later ones, a sign of a slot in flux, pause first. */
    private static final int EAGER_ROUNDS = 8;
    /** How often a wait for a silent master looks whether a replica has taken over its slots. */
    private static final long CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    // a script that reads a key it was not given (the range script reads values by id) meets a key already
    // migrated away; Redis aborts it with this error, and once the slot has moved the script runs whole again
    private static final String NON_LOCAL_KEY = "attempted to access a non local key";

    /**
     * What the batch got back.
     *
     * @param replies one per op, in request order: the reply, or a {@link RedisError} naming the node that sent it
     * @param confirmation the weakest confirmation of the masters written to, or null when no wait was sent
     */
    record Outcome(List<Object> replies, @Nullable Confirmation confirmation) {
    }

    /** Where the pending ops go in one round: each node's ops, and which of those nodes are replicas. */
    private record Route(Map<String, List<Integer>> byNode, Set<String> replicas) {
    }

    /** What one round's replies ask of the next. */
    private static final class Next {
        final List<Integer> again = new ArrayList<>();
        /** A reply said a slot moved: the topology is read again, and a long run of redirects pauses. */
        boolean moved;
        /** A reply asked to try again later: the next round waits a little first. */
        boolean busy;
        /** The first node (a master) that could not be reached or did not answer. */
        @Nullable StorageException failure;
    }

    private final NodeLink link;
    private final List<Op> ops;
    private final @Nullable ReplicaWait wait;
    private final @Nullable BitSet onReplica;
    private final Map<String, LongAdder> pipelines;
    private final Map<String, LongAdder> redirects;
    private final int[] slots;
    private final Object[] replies;
    private final Map<Integer, String> redirected = new HashMap<>();
    private final Map<Integer, String> asking = new HashMap<>();
    private final BitSet replicaFailed = new BitSet();
    private final long deadline;
    private @Nullable Confirmation confirmation;

    /**
     * A batch of {@code ops}; each node's pipeline ends with {@code wait} when given (nullable),
     * and the ops in {@code onReplica} (nullable) are reads a replica may serve. Pipelines sent
     * and error replies seen are counted into {@code pipelines} (per node) and {@code redirects}
     * (per error code).
     */
    ClusterCall(NodeLink link, List<Op> ops, @Nullable ReplicaWait wait, @Nullable BitSet onReplica,
                Map<String, LongAdder> pipelines, Map<String, LongAdder> redirects) {
        this.link = link;
        this.ops = ops;
        this.wait = wait;
        this.onReplica = onReplica;
        this.pipelines = pipelines;
        this.redirects = redirects;
        this.slots = new int[ops.size()];
        for (int i = 0; i < ops.size(); i++) {
            slots[i] = link.slot(ops.get(i).key());
        }
        this.replies = new Object[ops.size()];
        this.deadline = System.nanoTime() + link.timeout().toNanos();
    }

    /** Sends the batch until every op has its final reply. */
    Outcome run() {
        List<Integer> pending = new ArrayList<>(ops.size());
        for (int i = 0; i < ops.size(); i++) {
            pending.add(i);
        }
        for (int round = 0; !pending.isEmpty(); round++) {
            Route route = route(pending);
            Next next = collect(route, send(route), round);
            settle(next, round);
            pending = next.again;
        }
        return new Outcome(Arrays.asList(replies), confirmation);
    }

    /** Each pending op's node this round: where a redirect sent it, else a replica for a read that may go there, else its slot's master. */
    private Route route(List<Integer> pending) {
        Map<String, List<Integer>> byNode = new LinkedHashMap<>();
        Set<String> replicas = new HashSet<>();
        for (int i : pending) {
            String node = asking.getOrDefault(i, redirected.get(i));
            if (node == null && onReplica != null && onReplica.get(i) && !replicaFailed.get(i)) {
                node = link.replicaFor(slots[i]);
                if (node != null) {
                    replicas.add(node);
                }
            }
            if (node == null) {
                node = link.masterFor(slots[i]);
            }
            if (node == null) {
                link.refresh();
                throw new StorageUnavailableException(link.replies().node(), "no master of " + link.description()
                        + " serves hash slot " + slots[i] + " now", null);
            }
            byNode.computeIfAbsent(node, n -> new ArrayList<>()).add(i);
        }
        return new Route(byNode, replicas);
    }

    /**
     * One pipeline per node, all sent before any is awaited: {@code READONLY} first on a replica,
     * {@code ASKING} before an asked op, the wait's {@code WAIT} and {@code WAITAOF} last.
     */
    private Map<String, CompletableFuture<List<Object>>> send(Route route) {
        Map<String, CompletableFuture<List<Object>>> sent = new LinkedHashMap<>();
        route.byNode().forEach((node, indexes) -> {
            List<Op> batch = new ArrayList<>(indexes.size() + 2);
            if (route.replicas().contains(node)) {
                batch.add(Op.READONLY);
            }
            for (int i : indexes) {
                if (asking.containsKey(i)) {
                    batch.add(Op.ASKING);
                }
                batch.add(ops.get(i));
            }
            if (wait != null) {
                batch.addAll(Op.await(wait));
            }
            pipelines.computeIfAbsent(node, n -> new LongAdder()).increment();
            sent.put(node, link.send(node, batch));
        });
        return sent;
    }

    /** The ops routed to {@code node}: every node a pipeline went to has some. */
    private static List<Integer> opsOf(Route route, String node) {
        return Objects.requireNonNull(route.byNode().get(node), "a pipeline goes only to a node with ops");
    }

    /** Awaits every node's pipeline and sorts its replies into final ones and ops to send again. */
    private Next collect(Route route, Map<String, CompletableFuture<List<Object>>> sent, int round) {
        Next next = new Next();
        for (Map.Entry<String, CompletableFuture<List<Object>>> e : sent.entrySet()) {
            String node = e.getKey();
            boolean replica = route.replicas().contains(node);
            List<Object> answer;
            try {
                answer = await(node, e.getValue(), replica ? List.of() : opsOf(route, node));
            } catch (StorageException ex) {
                if (replica) {
                    // a replica that does not answer: its reads go to the master in the next round
                    opsOf(route, node).forEach(i -> {
                        replicaFailed.set(i);
                        next.again.add(i);
                    });
                } else if (next.failure == null) {
                    next.failure = ex;
                }
                continue;
            }
            int at = replica ? 1 : 0; // past the READONLY reply
            for (int i : opsOf(route, node)) {
                if (asking.remove(i) != null) {
                    at++; // past the ASKING reply
                }
                redirected.remove(i);
                take(i, node, answer.get(at++), round, next);
            }
            if (wait != null) {
                confirmation = Confirmation.of(wait, answer.subList(at, at + wait.commands()), node).weaker(confirmation, wait);
            }
        }
        return next;
    }

    /** Keeps {@code reply} as op {@code i}'s reply, and sends the op again when the reply asks for that and time is left. */
    private void take(int i, String node, Object reply, int round, Next next) {
        replies[i] = reply instanceof RedisError err ? err.from(node) : reply;
        if (System.nanoTime() >= deadline) {
            return;
        }
        if (stoppedAtMigratedKey(reply)) {
            redirects.computeIfAbsent("non-local key", c -> new LongAdder()).increment();
            next.busy = true;
            next.again.add(i);
            return;
        }
        if (!(reply instanceof RedisError err)) {
            return;
        }
        redirects.computeIfAbsent(err.code(), c -> new LongAdder()).increment();
        switch (err.code()) {
            case "MOVED" -> {
                redirected.put(i, target(err));
                next.moved = true;
                next.again.add(i);
            }
            case "ASK" -> {
                asking.put(i, target(err));
                next.again.add(i);
            }
            case "TRYAGAIN" -> {
                next.busy = true;
                next.again.add(i);
            }
            default -> {
                if (err.message().contains(NON_LOCAL_KEY)) {
                    next.busy = true;
                    next.again.add(i);
                }
            }
        }
    }

    /** Ends the round: a master that failed fails the batch; a moved slot refreshes the topology; a busy slot pauses. */
    private void settle(Next next, int round) {
        if (next.failure != null) {
            link.refresh(); // a node that fails may have been failed over
            throw next.failure;
        }
        if (next.moved) {
            link.refresh();
        }
        if (next.busy || (next.moved && round >= EAGER_ROUNDS)) {
            // 5, 10, 20, 40, 80, then 100 ms: a slot's keys move in batches, and the deadline bounds the whole
            pause(Math.min(100, 5L << Math.min(round, 5)));
        }
    }

    /**
     * The replies of {@code node}'s pipeline. While they do not come, the wait looks every
     * {@link #CHECK_NANOS} whether a replica has taken over the slots of {@code ops} (the node's
     * ops, empty for a replica): then the node is given up at once, since a master that was paused
     * or cut off and then failed over may run the ops when it wakes, but its writes are lost when it
     * rejoins as a replica. The op is reported as timed out, so idempotent work is sent again, to the
     * new master.
     */
    private List<Object> await(String node, CompletableFuture<List<Object>> future, List<Integer> ops) {
        while (true) {
            long left = deadline - System.nanoTime();
            try {
                return future.get(Math.max(0, Math.min(left, CHECK_NANOS)), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof StorageException s) {
                    throw s;
                }
                throw new StorageUnavailableException(node, "Redis node " + node + " failed: " + link.replies().scrub(
                        String.valueOf(e.getCause())), null);
            } catch (TimeoutException e) {
                if (left <= CHECK_NANOS) {
                    future.cancel(true);
                    throw new CommandTimeoutException(node, "Redis node " + node + " of " + link.description()
                            + " did not answer within " + link.timeout().toMillis() + " ms", null);
                }
                String successor = successor(node, ops);
                if (successor != null) {
                    future.cancel(true);
                    throw new CommandTimeoutException(node, "Redis node " + node + " of " + link.description()
                            + " stopped answering and " + successor + " now serves its slots: its replies, if they ever"
                            + " come, are a demoted master's", null);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StorageUnavailableException(node, "interrupted while waiting for Redis node " + node, null);
            }
        }
    }

    /** The master that now serves the slot of one of {@code ops} in place of {@code node}, or null; asks for a refresh meanwhile. */
    private @Nullable String successor(String node, List<Integer> ops) {
        if (ops.isEmpty()) {
            return null;
        }
        link.refresh();
        for (int i : ops) {
            String master = link.masterFor(slots[i]);
            if (master != null && !master.equals(node) && !asking.containsKey(i) && !redirected.containsKey(i)) {
                return master;
            }
        }
        return null;
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

    /** The node a {@code MOVED} or {@code ASK} reply names ({@code MOVED 3999 127.0.0.1:6381}). */
    private static String target(RedisError error) {
        String[] words = error.message().split(" ");
        return words[words.length - 1];
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageUnavailableException(link.replies().node(), "interrupted while a hash slot of " + link.description()
                    + " was migrating", null);
        }
    }
}
