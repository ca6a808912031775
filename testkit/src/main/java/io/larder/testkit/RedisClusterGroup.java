package io.larder.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Redis Cluster of three masters with one replica each (by default), formed from Java with
 * {@code CLUSTER MEET}, {@code ADDSLOTS} and {@code REPLICATE}, and returned once every node
 * reports {@code cluster_state:ok} and all agree on who serves each slot:
 * <pre>{@code
 * try (RedisClusterGroup cluster = RedisClusterGroup.start()) {
 *     RedisProcess owner = cluster.nodeForSlot(RedisClusterGroup.slot("{group:1}:messages"));
 *     cluster.moveSlots(0, 99, cluster.masters().get(1));
 * }
 * }</pre>
 * Thread-safe, but run one {@link #moveSlots} or failover at a time.
 */
public final class RedisClusterGroup implements RedisTopology {

    private static final Logger LOG = LoggerFactory.getLogger(RedisClusterGroup.class);
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);

    private final List<RedisProcess> nodes;
    private final @Nullable String password;
    private volatile @Nullable String killedId;
    private volatile int killedSlot;

    private RedisClusterGroup(List<RedisProcess> nodes, @Nullable String password) {
        this.nodes = List.copyOf(nodes);
        this.password = password;
    }

    /** Starts three masters with one replica each, a 2 s node timeout and no password. */
    public static RedisClusterGroup start() {
        return builder().build();
    }

    /** A builder; each setting may be made once. */
    public static Builder builder() {
        return new Builder();
    }

    /** The slot of a key, hash tags honoured: {@code slot("{g1}:a") == slot("{g1}:b")}. */
    public static int slot(String key) {
        return KeySlot.of(key);
    }

    /** The slot of a binary key, hash tags honoured. */
    public static int slot(byte[] key) {
        return KeySlot.of(key);
    }

    /** Every node's address: the seeds a cluster client is given. */
    public List<HostAndPort> seeds() {
        return nodes.stream().map(RedisProcess::address).collect(Collectors.toUnmodifiableList());
    }

    /** The password every node requires, if any. */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /** The running masters serving slots, ordered by their first slot (so index 0 serves slot 0). */
    public List<RedisProcess> masters() {
        ClusterState state = ClusterState.of(nodes);
        ClusterView view = state.view();
        return view.nodes().stream()
                .filter(node -> node.isMaster() && !node.isFailing() && node.address() != null
                        && view.firstSlotOf(node.id()) >= 0)
                .sorted(Comparator.comparingInt(node -> view.firstSlotOf(node.id())))
                .map(node -> state.process(node.address()))
                .flatMap(Optional::stream)
                .collect(Collectors.toUnmodifiableList());
    }

    /** The running replicas. */
    public List<RedisProcess> replicas() {
        ClusterState state = ClusterState.of(nodes);
        return state.view().nodes().stream()
                .filter(node -> !node.isMaster() && !node.isFailing() && node.address() != null)
                .map(node -> state.process(node.address()))
                .flatMap(Optional::stream)
                .collect(Collectors.toUnmodifiableList());
    }

    /** The master serving {@code slot}, as the first running node sees it. */
    public RedisProcess nodeForSlot(int slot) {
        checkSlot(slot);
        ClusterState state = ClusterState.of(nodes);
        String owner = state.view().ownerOf(slot);
        return state.view().nodeById(owner).map(ClusterView.Node::address).flatMap(state::process)
                .orElseThrow(() -> new TestkitException("slot " + slot + " is served by " + owner + ", which is not running"));
    }

    /** The node's cluster id ({@code CLUSTER MYID}). */
    public String nodeId(RedisProcess node) {
        return RespClient.textOf(node.call("CLUSTER", "MYID"), "CLUSTER MYID");
    }

    /** Kills {@code masters().get(index)} with SIGKILL and returns it; see {@link #awaitFailover}. */
    public RedisProcess killMaster(int index) {
        RedisProcess master = masters().get(index);
        String id = nodeId(master);
        killedSlot = ClusterState.view(master).firstSlotOf(id);
        killedId = id;
        master.kill();
        return master;
    }

    /**
     * Pauses {@code masters().get(index)} with SIGSTOP and returns it; see {@link #awaitFailover}.
     * Once {@linkplain RedisProcess#resume() resumed} it learns that a replica took its slots and
     * becomes that replica's replica.
     */
    public RedisProcess pauseMaster(int index) {
        RedisProcess master = masters().get(index);
        String id = nodeId(master);
        killedSlot = ClusterState.view(master).firstSlotOf(id);
        killedId = id;
        master.pause();
        return master;
    }

    /**
     * Waits until a replica of the master {@link #killMaster} killed (or {@link #pauseMaster} paused) serves its slots, every
     * running node reports {@code cluster_state:ok} and all agree on the slots' owners.
     *
     * @return the promoted master
     */
    public RedisProcess awaitFailover(Duration timeout) {
        String killed = killedId;
        if (killed == null) {
            throw new IllegalStateException("awaitFailover() needs a killMaster() or pauseMaster() first");
        }
        int slot = killedSlot;
        RedisProcess promoted = Poll.until(timeout, "a replica to take over slot " + slot + " from " + killed, () -> {
            ClusterState state = ClusterState.of(nodes);
            Optional<String> problem = state.problem();
            if (problem.isPresent()) {
                throw new TestkitException(problem.get());
            }
            String owner = state.view().ownerOf(slot);
            return killed.equals(owner) ? null
                    : state.view().nodeById(owner).map(ClusterView.Node::address).flatMap(state::process).orElse(null);
        });
        LOG.info("cluster promoted {} after master {} was killed", promoted, killed);
        return promoted;
    }

    /**
     * Moves slots {@code [fromSlot, toSlotInclusive]} with their keys to {@code target}, a
     * master, using the live resharding protocol, then waits until every node agrees.
     */
    public void moveSlots(int fromSlot, int toSlotInclusive, RedisProcess target) {
        checkSlot(fromSlot);
        checkSlot(toSlotInclusive);
        if (fromSlot > toSlotInclusive) {
            throw new IllegalArgumentException("fromSlot " + fromSlot + " > toSlotInclusive " + toSlotInclusive);
        }
        Objects.requireNonNull(target, "target");
        try (SlotMigration migration = new SlotMigration(password)) {
            migration.move(fromSlot, toSlotInclusive, target, ClusterState.of(nodes));
        }
        awaitSettled("slots " + fromSlot + ".." + toSlotInclusive + " to move to " + target);
    }

    /** Calls per command on {@code node} since the last {@link #resetStats()}. */
    public CommandStats commandStats(RedisProcess node) {
        return node.commandStats();
    }

    /** Zeroes the command statistics of every running node. */
    public void resetStats() {
        Parallel.map(running(), node -> {
            node.resetStats();
            return node;
        });
    }

    /** Flushes every master and waits until its replicas have applied it. */
    @Override
    public void flushAll() {
        Parallel.map(masters(), master -> {
            try (RespClient client = master.client()) {
                client.call("FLUSHALL");
                long replicas = Long.parseLong(master.info("replication").get("connected_slaves"));
                if (replicas > 0 && client.callLong("WAIT", replicas, 5_000) < replicas) {
                    throw new TestkitException("replicas of " + master + " did not apply FLUSHALL within 5 s");
                }
            }
            return master;
        });
    }

    @Override
    public List<RedisProcess> processes() {
        return nodes;
    }

    @Override
    public void close() {
        Parallel.stopAll(nodes);
    }

    @Override
    public String toString() {
        return "RedisClusterGroup" + seeds();
    }

    /**
     * Waits until every running node reports {@code cluster_state:ok} and all agree on the slots'
     * owners (after a node was restarted, say); {@code what} names the wait in the timeout's message.
     */
    public void awaitSettled(String what) {
        Poll.until(SETTLE_TIMEOUT, what, () -> {
            Optional<String> problem = ClusterState.of(nodes).problem();
            if (problem.isPresent()) {
                throw new TestkitException(problem.get());
            }
            return true;
        });
    }

    private List<RedisProcess> running() {
        return nodes.stream().filter(RedisProcess::isServing).toList();
    }

    private static void checkSlot(int slot) {
        if (slot < 0 || slot >= KeySlot.SLOTS) {
            throw new IllegalArgumentException("slot must be 0..16383, was " + slot);
        }
    }

    /** Settings of a cluster; {@link #build()} starts it. Not thread-safe. */
    public static final class Builder {

        private @Nullable Integer masters;
        private @Nullable Integer replicasPerMaster;
        private @Nullable Duration nodeTimeout;
        private @Nullable String password;

        private Builder() {
        }

        /** How many masters share the slots; 3 by default (a majority must survive a kill). */
        public Builder masters(int masters) {
            requireUnset(this.masters, "masters");
            if (masters < 3 || masters > 10) {
                throw new IllegalArgumentException("masters must be 3..10, was " + masters);
            }
            this.masters = masters;
            return this;
        }

        /** Replicas per master; 1 by default, 0 for a cluster that cannot fail over. */
        public Builder replicasPerMaster(int replicas) {
            requireUnset(this.replicasPerMaster, "replicasPerMaster");
            if (replicas < 0 || replicas > 3) {
                throw new IllegalArgumentException("replicasPerMaster must be 0..3, was " + replicas);
            }
            this.replicasPerMaster = replicas;
            return this;
        }

        /** {@code cluster-node-timeout}: how soon an unreachable master is failed over; 2 s by default. */
        public Builder nodeTimeout(Duration timeout) {
            requireUnset(this.nodeTimeout, "nodeTimeout");
            if (Objects.requireNonNull(timeout, "timeout").toMillis() < 100) {
                throw new IllegalArgumentException("nodeTimeout must be at least 100 ms, was " + timeout);
            }
            this.nodeTimeout = timeout;
            return this;
        }

        /** Requires {@code password} on every node ({@code requirepass}, {@code masterauth}). */
        public Builder password(String password) {
            requireUnset(this.password, "password");
            if (Objects.requireNonNull(password, "password").isEmpty()) {
                throw new IllegalArgumentException("password must not be empty");
            }
            this.password = password;
            return this;
        }

        /** Starts the nodes, forms the cluster and returns once it is settled. */
        public RedisClusterGroup build() {
            int masterCount = masters == null ? 3 : masters;
            int replicaCount = replicasPerMaster == null ? 1 : replicasPerMaster;
            Duration timeout = nodeTimeout == null ? Duration.ofSeconds(2) : nodeTimeout;
            List<ProcessSpec> specs = new ArrayList<>();
            for (int i = 1; i <= masterCount * (1 + replicaCount); i++) {
                specs.add(ProcessSpec.clusterNode("cluster-" + i, nodeConfig(timeout), password));
            }
            List<RedisProcess> nodes = Parallel.start(specs);
            RedisClusterGroup cluster = new RedisClusterGroup(nodes, password);
            try {
                ClusterFormation.form(cluster, nodes.subList(0, masterCount), nodes.subList(masterCount, nodes.size()));
                cluster.awaitSettled("the cluster to reach cluster_state:ok on every node");
                LOG.info("formed {}", cluster);
                return cluster;
            } catch (RuntimeException e) {
                cluster.close();
                throw e;
            }
        }

        private RedisConfig nodeConfig(Duration timeout) {
            RedisConfig config = new RedisConfig()
                    .add("cluster-enabled", "yes")
                    .add("cluster-config-file", "nodes.conf")
                    .add("cluster-node-timeout", timeout.toMillis())
                    // A replica fails over however long ago it last heard from its master:
                    // tests kill masters of clusters that are seconds old.
                    .add("cluster-replica-validity-factor", 0);
            if (password != null) {
                config.add("requirepass", password).add("masterauth", password);
            }
            return config;
        }

        /** Identifies equal settings, so {@link RedisExtension} can share one cluster between test classes. */
        String sharingKey() {
            return "cluster masters=" + masters + " replicas=" + replicasPerMaster + " nodeTimeout=" + nodeTimeout
                    + " password=" + password;
        }

        private static void requireUnset(@Nullable Object value, String setting) {
            if (value != null) {
                throw new IllegalStateException(setting + " was already set");
            }
        }
    }
}
