package io.larder.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A master, its replicas (one by default) and three sentinels watching them as
 * {@value #MASTER_NAME}, tuned so a failover completes in a few seconds:
 * <pre>{@code
 * try (RedisSentinelGroup group = RedisSentinelGroup.start()) {
 *     client = connect(group.sentinels(), group.masterName());
 *     group.killMaster();
 *     HostAndPort promoted = group.awaitFailover(Duration.ofSeconds(30));
 * }
 * }</pre>
 * Returned once every sentinel knows the replicas and the other sentinels, so a failover can
 * start at once. Thread-safe.
 */
public final class RedisSentinelGroup implements RedisTopology {

    /** The name the sentinels monitor the master under. */
    public static final String MASTER_NAME = "mymaster";

    private static final Logger LOG = LoggerFactory.getLogger(RedisSentinelGroup.class);
    private static final int SENTINELS = 3;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final List<RedisProcess> dataNodes;
    private final List<RedisProcess> sentinels;
    private final @Nullable String password;
    private volatile @Nullable HostAndPort killedMaster;

    private RedisSentinelGroup(List<RedisProcess> dataNodes, List<RedisProcess> sentinels, @Nullable String password) {
        this.dataNodes = List.copyOf(dataNodes);
        this.sentinels = List.copyOf(sentinels);
        this.password = password;
    }

    /** Starts a group with one replica, no password, a 1 s down-after and a 3 s failover timeout. */
    public static RedisSentinelGroup start() {
        return builder().build();
    }

    /** A builder; each setting may be made once. */
    public static Builder builder() {
        return new Builder();
    }

    /** Always {@value #MASTER_NAME}. */
    public String masterName() {
        return MASTER_NAME;
    }

    /** The sentinels' addresses, the seeds a Sentinel-aware client is given. */
    public List<HostAndPort> sentinels() {
        return sentinels.stream().map(RedisProcess::address).collect(Collectors.toUnmodifiableList());
    }

    /** The sentinel processes. */
    public List<RedisProcess> sentinelProcesses() {
        return sentinels;
    }

    /** The master and replica processes, the first being the initial master. */
    public List<RedisProcess> dataNodes() {
        return dataNodes;
    }

    /** The password of the master and replicas, if they require one (sentinels never do). */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /** The current master, as the first sentinel that answers reports it. */
    public HostAndPort master() {
        for (RedisProcess sentinel : sentinels) {
            if (sentinel.isAlive()) {
                try {
                    return masterAccordingTo(sentinel);
                } catch (TestkitException e) {
                    LOG.debug("{} did not report the master: {}", sentinel, e.getMessage());
                }
            }
        }
        throw new TestkitException("no sentinel reports a master for " + MASTER_NAME);
    }

    /** The process behind {@link #master()}. */
    public RedisProcess masterProcess() {
        return dataNode(master());
    }

    /** The running data nodes that are not the current master. */
    public List<RedisProcess> replicas() {
        HostAndPort master = master();
        return dataNodes.stream().filter(node -> node.isServing() && !node.address().equals(master))
                .collect(Collectors.toUnmodifiableList());
    }

    /** Kills the current master with SIGKILL and returns its process (to restart it later, say). */
    public RedisProcess killMaster() {
        HostAndPort master = master();
        RedisProcess process = dataNode(master);
        killedMaster = master;
        process.kill();
        return process;
    }

    /**
     * Pauses the current master with SIGSTOP and returns its process, to {@linkplain
     * RedisProcess#resume() resume} later: the sentinels fail over as if it had died, and once it
     * runs again they turn it into a replica of the new master (within about 10 s, when they next
     * read its {@code INFO}).
     */
    public RedisProcess pauseMaster() {
        HostAndPort master = master();
        RedisProcess process = dataNode(master);
        killedMaster = master;
        process.pause();
        return process;
    }

    /**
     * Waits until every running sentinel reports a master other than the one {@link #killMaster()}
     * killed (or {@link #pauseMaster()} paused) and that master answers {@code ROLE} as master.
     *
     * @return the new master's address
     */
    public HostAndPort awaitFailover(Duration timeout) {
        HostAndPort killed = killedMaster;
        if (killed == null) {
            throw new IllegalStateException("awaitFailover() needs a killMaster() or pauseMaster() first");
        }
        HostAndPort promoted = Poll.until(timeout, "the sentinels to promote a replica of " + killed, () -> {
            List<HostAndPort> reported = new ArrayList<>();
            for (RedisProcess sentinel : sentinels) {
                if (sentinel.isAlive()) {
                    reported.add(masterAccordingTo(sentinel));
                }
            }
            HostAndPort candidate = reported.get(0);
            boolean agreed = reported.stream().allMatch(candidate::equals);
            return agreed && !candidate.equals(killed) && "master".equals(dataNode(candidate).role()) ? candidate : null;
        });
        LOG.info("sentinels promoted {} after {} was killed", promoted, killed);
        return promoted;
    }

    /**
     * Waits until the group is whole again after a failover: every sentinel names the same master,
     * and every other running data node (a killed master restarted, a paused one resumed) is its
     * replica and in sync with it.
     */
    public HostAndPort awaitReplicasInSync(Duration timeout) {
        return Poll.until(timeout, "every data node of " + this + " to replicate the master the sentinels name", () -> {
            List<HostAndPort> reported = new ArrayList<>();
            for (RedisProcess sentinel : sentinels) {
                if (sentinel.isServing()) {
                    reported.add(masterAccordingTo(sentinel));
                }
            }
            HostAndPort master = reported.get(0);
            if (!reported.stream().allMatch(master::equals) || !"master".equals(dataNode(master).role())) {
                return null;
            }
            for (RedisProcess node : dataNodes) {
                if (node.isServing() && !node.address().equals(master)) {
                    Map<String, String> replication = node.info("replication");
                    if (!"slave".equals(replication.get("role")) || !"up".equals(replication.get("master_link_status"))
                            || !master.toString().equals(replication.get("master_host") + ":" + replication.get("master_port"))) {
                        return null;
                    }
                }
            }
            return master;
        });
    }

    @Override
    public List<RedisProcess> processes() {
        List<RedisProcess> all = new ArrayList<>(dataNodes);
        all.addAll(sentinels);
        return List.copyOf(all);
    }

    /** Flushes the current master and waits until its replicas have applied it. */
    @Override
    public void flushAll() {
        try (RespClient master = masterProcess().client()) {
            master.call("FLUSHALL");
            long replicas = replicas().size();
            if (replicas > 0 && master.callLong("WAIT", replicas, 5_000) < replicas) {
                throw new TestkitException("replicas did not apply FLUSHALL within 5 s");
            }
        }
    }

    /** Stops sentinels first, so they do not fail over while the data nodes go down. */
    @Override
    public void close() {
        Parallel.stopAll(sentinels);
        Parallel.stopAll(dataNodes);
    }

    @Override
    public String toString() {
        return "RedisSentinelGroup[" + MASTER_NAME + ", data " + dataNodes.stream().map(RedisProcess::address).toList()
                + ", sentinels " + sentinels() + "]";
    }

    private static HostAndPort masterAccordingTo(RedisProcess sentinel) {
        List<String> reply;
        try (RespClient client = sentinel.client()) {
            reply = client.callStrings("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME);
        }
        return new HostAndPort(reply.get(0), Integer.parseInt(reply.get(1)));
    }

    private RedisProcess dataNode(HostAndPort address) {
        return dataNodes.stream().filter(node -> node.address().equals(address)).findFirst()
                .orElseThrow(() -> new TestkitException("the sentinels report " + address + ", not a node of " + this));
    }

    /** Settings of a Sentinel group; {@link #build()} starts it. Not thread-safe. */
    public static final class Builder {

        private @Nullable Integer replicas;
        private @Nullable String password;
        private @Nullable Duration downAfter;
        private @Nullable Duration failoverTimeout;

        private Builder() {
        }

        /** How many replicas the master has; 1 by default. */
        public Builder replicas(int replicas) {
            requireUnset(this.replicas, "replicas");
            if (replicas < 1 || replicas > 5) {
                throw new IllegalArgumentException("replicas must be 1..5, was " + replicas);
            }
            this.replicas = replicas;
            return this;
        }

        /** Requires {@code password} on master and replicas ({@code requirepass}, {@code masterauth}, {@code auth-pass}). */
        public Builder password(String password) {
            requireUnset(this.password, "password");
            if (Objects.requireNonNull(password, "password").isEmpty()) {
                throw new IllegalArgumentException("password must not be empty");
            }
            this.password = password;
            return this;
        }

        /** How long the master must be unreachable before sentinels call it down; 1 s by default. */
        public Builder downAfter(Duration downAfter) {
            requireUnset(this.downAfter, "downAfter");
            this.downAfter = positive(downAfter, "downAfter");
            return this;
        }

        /** Sentinel's {@code failover-timeout}; 3 s by default. */
        public Builder failoverTimeout(Duration failoverTimeout) {
            requireUnset(this.failoverTimeout, "failoverTimeout");
            this.failoverTimeout = positive(failoverTimeout, "failoverTimeout");
            return this;
        }

        /** Starts the group and returns once the sentinels know all replicas and each other. */
        public RedisSentinelGroup build() {
            int replicaCount = replicas == null ? 1 : replicas;
            Duration down = downAfter == null ? Duration.ofSeconds(1) : downAfter;
            Duration failover = failoverTimeout == null ? Duration.ofSeconds(3) : failoverTimeout;

            RedisProcess master = RedisProcess.start(ProcessSpec.server("sentinel-master", dataConfig(null), password, null));
            List<ProcessSpec> replicaSpecs = new ArrayList<>();
            for (int i = 1; i <= replicaCount; i++) {
                replicaSpecs.add(ProcessSpec.server("sentinel-replica" + i, dataConfig(master.address()), password, null));
            }
            List<RedisProcess> dataNodes = new ArrayList<>();
            dataNodes.add(master);
            List<RedisProcess> sentinels = List.of();
            try {
                dataNodes.addAll(Parallel.start(replicaSpecs));
                // Sentinels learn replicas from the master's INFO, which they read on connect and
                // then only every 10 s: start them once the replicas are attached.
                for (RedisProcess replica : dataNodes.subList(1, dataNodes.size())) {
                    Poll.until(READY_TIMEOUT, replica + " to sync with " + master,
                            () -> "up".equals(replica.info("replication").get("master_link_status")) ? true : null);
                }
                List<ProcessSpec> sentinelSpecs = new ArrayList<>();
                for (int i = 1; i <= SENTINELS; i++) {
                    sentinelSpecs.add(ProcessSpec.sentinel("sentinel" + i, sentinelConfig(master.address(), down, failover)));
                }
                sentinels = Parallel.start(sentinelSpecs);
                RedisSentinelGroup group = new RedisSentinelGroup(dataNodes, sentinels, password);
                for (RedisProcess sentinel : sentinels) {
                    Poll.until(READY_TIMEOUT, sentinel + " to discover replicas and sentinels",
                            () -> discovered(sentinel, replicaCount) ? true : null);
                }
                return group;
            } catch (RuntimeException e) {
                sentinels.forEach(RedisProcess::stop);
                dataNodes.forEach(RedisProcess::stop);
                throw e;
            }
        }

        private RedisConfig dataConfig(@Nullable HostAndPort master) {
            RedisConfig config = new RedisConfig();
            if (password != null) {
                // masterauth on every node: after a failover the old master becomes a replica.
                config.add("requirepass", password).add("masterauth", password);
            }
            if (master != null) {
                config.add("replicaof", master.host(), master.port());
            }
            return config;
        }

        private RedisConfig sentinelConfig(HostAndPort master, Duration down, Duration failover) {
            RedisConfig config = new RedisConfig()
                    // Addresses stay IPs: clients and sentinels must agree on 127.0.0.1.
                    .add("sentinel", "resolve-hostnames", "no")
                    .add("sentinel", "announce-hostnames", "no")
                    .add("sentinel", "announce-ip", master.host())
                    .add("sentinel", "monitor", MASTER_NAME, master.host(), master.port(), SENTINELS / 2 + 1)
                    .add("sentinel", "down-after-milliseconds", MASTER_NAME, down.toMillis())
                    .add("sentinel", "failover-timeout", MASTER_NAME, failover.toMillis())
                    .add("sentinel", "parallel-syncs", MASTER_NAME, 1);
            if (password != null) {
                config.add("sentinel", "auth-pass", MASTER_NAME, password);
            }
            return config;
        }

        private static boolean discovered(RedisProcess sentinel, int replicas) {
            List<String> fields;
            try (RespClient client = sentinel.client()) {
                fields = client.callStrings("SENTINEL", "MASTER", MASTER_NAME);
            }
            Map<String, String> master = new HashMap<>();
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                master.put(fields.get(i), fields.get(i + 1));
            }
            return "master".equals(master.get("flags"))
                    && String.valueOf(replicas).equals(master.get("num-slaves"))
                    && String.valueOf(SENTINELS - 1).equals(master.get("num-other-sentinels"));
        }

        private static Duration positive(Duration duration, String name) {
            if (Objects.requireNonNull(duration, name).isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + duration);
            }
            return duration;
        }

        private static void requireUnset(@Nullable Object value, String setting) {
            if (value != null) {
                throw new IllegalStateException(setting + " was already set");
            }
        }

        /** Identifies equal settings, so {@link RedisExtension} can share one group between test classes. */
        String sharingKey() {
            return "sentinel replicas=" + replicas + " password=" + password + " downAfter=" + downAfter
                    + " failoverTimeout=" + failoverTimeout;
        }
    }
}
