package io.larder.cluster;

import io.larder.StorageException;
import io.larder.StorageUnavailableException;
import io.larder.redis.RedisSettings;
import io.larder.redis.SettingsReplies;
import io.larder.redis.internal.ErrorReplies;
import io.larder.redis.internal.ScanPage;
import io.larder.redis.internal.Subscriber;
import io.larder.redis.jedis.JedisConnector;
import io.larder.redis.jedis.JedisExceptionTranslator;
import io.larder.redis.jedis.JedisSubscriber;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.providers.ClusterConnectionProvider;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The cluster through Jedis 8: its {@link ClusterConnectionProvider} (the one under
 * {@code RedisClusterClient}) keeps the slot cache, renewed periodically and on request, and a
 * pool per node sized from {@code pool}. Connections are configured, and failures translated,
 * by the Redis adapter's Jedis edge ({@link JedisConnector}, {@link JedisExceptionTranslator});
 * slots are Jedis's own CRC16. A node pipeline borrows one connection of that node,
 * writes every command, flushes once and reads every reply; pipelines to different nodes run
 * on their own threads, in parallel. (Jedis 8 also has {@code ClusterPipeline}; grouping here
 * instead keeps one code path with Lettuce and lets each command be re-routed on its own
 * {@code MOVED}, {@code ASK} or {@code TRYAGAIN} reply.) Thread-safe.
 */
final class JedisNodeLink implements NodeLink {
    private final ReplicaAwareProvider provider;
    private final JedisExceptionTranslator errors;
    private final Duration timeout;
    private final TopologyRefresh refresh;
    private final ExecutorService senders = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "larder-cluster-pipeline");
        t.setDaemon(true);
        return t;
    });

    private final JedisClientConfig topologyConfig;
    /** Nodes that did not answer the last refresh in time: asked last next time. */
    private final Set<String> silent = ConcurrentHashMap.newKeySet();

    private JedisNodeLink(ReplicaAwareProvider provider, JedisExceptionTranslator errors, ClusterSettings c) {
        RedisSettings s = c.redis();
        this.provider = provider;
        this.errors = errors;
        this.timeout = s.timeouts().command();
        this.topologyConfig = JedisConnector.topologyConfig(s);
        this.refresh = new TopologyRefresh(this::reload, c.topologyRefresh());
    }

    static JedisNodeLink open(ClusterSettings c) {
        RedisSettings s = c.redis();
        JedisExceptionTranslator errors = JedisExceptionTranslator.of(ErrorReplies.cluster(c.nodes(), s.tls().enabled(),
                s.username(), SettingsReplies.secrets(s)), s.timeouts().command());
        Set<HostAndPort> seeds = new LinkedHashSet<>();
        c.nodes().forEach(n -> seeds.add(new HostAndPort(n.host(), n.port())));
        DefaultJedisClientConfig.Builder config = JedisConnector.clientConfig(s);
        if (c.readFrom() == ClusterSettings.ReadFrom.REPLICA_PREFERRED) {
            config.readOnlyForRedisClusterReplicas(); // Jedis then tracks each slot's replicas too
        }
        // per node: six nodes would otherwise hold 6 × size idle connections
        ConnectionPoolConfig pool = JedisConnector.poolConfig(s, Math.min(s.pool().size(), 2));
        try {
            // no periodic refresh of Jedis's own: it asks the nodes one by one, each for up to the command
            // timeout, and a paused node would hold it (and the slot cache's lock) that long; see reload()
            return new JedisNodeLink(new ReplicaAwareProvider(seeds, config.build(), pool, null), errors, c);
        } catch (RuntimeException e) {
            throw errors.translate(e, null);
        }
    }

    /** The slot of {@code key} by Jedis's CRC16 (hash tags honoured). */
    static int slotOf(byte[] key) {
        return JedisClusterCRC16.getSlot(key);
    }

    @Override
    public int slot(byte[] key) {
        return slotOf(key);
    }

    @Override
    public @Nullable String masterFor(int slot) {
        HostAndPort node = provider.getNode(slot);
        return node == null ? null : node.toString();
    }

    @Override
    public @Nullable String replicaFor(int slot) {
        List<ConnectionPool> pools = provider.replicaPools(slot);
        if (pools == null || pools.isEmpty()) {
            return null;
        }
        ConnectionPool chosen = pools.get(slot % pools.size());
        for (Map.Entry<String, ConnectionPool> e : provider.getNodes().entrySet()) {
            if (e.getValue() == chosen) {
                return e.getKey();
            }
        }
        return null;
    }

    /** The provider with the slot cache's replicas in view (Jedis keeps them only with {@code readOnlyForRedisClusterReplicas}). */
    private static final class ReplicaAwareProvider extends ClusterConnectionProvider {
        ReplicaAwareProvider(Set<HostAndPort> seeds, JedisClientConfig config, ConnectionPoolConfig pool, @Nullable Duration period) {
            super(seeds, config, pool, period);
        }

        List<ConnectionPool> replicaPools(int slot) {
            return cache.getSlotReplicaPools(slot);
        }
    }

    @Override
    public List<String> masters() {
        Set<String> out = new TreeSet<>();
        for (int slot = 0; slot < SLOTS; slot++) {
            HostAndPort node = provider.getNode(slot);
            if (node != null) {
                out.add(node.toString());
            }
        }
        return new ArrayList<>(out);
    }

    @Override
    public List<String> replicas() {
        Set<String> out = new TreeSet<>(provider.getNodes().keySet());
        out.removeAll(masters());
        return new ArrayList<>(out);
    }

    @Override
    public void refresh() {
        refresh.request();
    }

    @Override
    public void refreshNow() {
        refresh.now(timeout);
    }

    /**
     * Renews the slot cache from the first node that answers within the topology timeout: known
     * masters, then replicas, nodes that were silent last time at the end. A paused master costs
     * a refresh one short timeout, not the command timeout.
     */
    private void reload() {
        List<String> order = new ArrayList<>(masters());
        order.addAll(replicas());
        provider.getNodes().keySet().forEach(n -> {
            if (!order.contains(n)) {
                order.add(n);
            }
        });
        order.sort((a, b) -> Boolean.compare(silent.contains(a), silent.contains(b)));
        for (String node : order) {
            try (Connection c = new Connection(HostAndPort.from(node), topologyConfig)) {
                provider.renewSlotCache(c);
                silent.remove(node);
                return;
            } catch (RuntimeException e) {
                silent.add(node);
            }
        }
    }

    @Override
    public CompletableFuture<List<Object>> send(String node, List<Op> ops) {
        return CompletableFuture.supplyAsync(() -> on(node, c -> {
            for (Op op : ops) {
                c.sendCommand(Protocol.Command.valueOf(op.kind().name()), op.args().toArray(byte[][]::new));
            }
            List<Object> raw = c.getMany(ops.size()); // flushes once, then reads every reply
            List<Object> out = new ArrayList<>(raw.size());
            for (int i = 0; i < raw.size(); i++) {
                Object r = raw.get(i);
                if (r instanceof JedisDataException e) {
                    out.add(errors.reply(e));
                } else if (r instanceof JedisConnectionException e) {
                    throw e;
                } else {
                    out.add(r);
                }
            }
            return out;
        }), senders);
    }

    @Override
    public ScanPage scan(String node, String cursor, byte[] pattern, int count) {
        return on(node, c -> {
            c.sendCommand(Protocol.Command.SCAN, Op.ascii(cursor), Op.ascii("MATCH"), pattern, Op.ascii("COUNT"),
                    Op.ascii(Integer.toString(count)));
            List<Object> reply = c.getObjectMultiBulkReply();
            @SuppressWarnings("unchecked")
            List<byte[]> keys = (List<byte[]>) reply.get(1);
            return new ScanPage(new String((byte[]) reply.get(0), StandardCharsets.US_ASCII), keys);
        });
    }

    @Override
    public String info(String node, @Nullable String section) {
        return on(node, c -> {
            if (section == null) {
                c.sendCommand(Protocol.Command.INFO);
            } else if (section.equals("cluster-info")) {
                c.sendCommand(Protocol.Command.CLUSTER, "INFO");
            } else {
                c.sendCommand(Protocol.Command.INFO, section);
            }
            return c.getBulkReply();
        });
    }

    @Override
    public String scriptLoad(String node, String source) {
        return on(node, c -> {
            c.sendCommand(Protocol.Command.SCRIPT, "LOAD", source);
            return c.getBulkReply();
        });
    }

    @Override
    public Optional<String> configGet(String node, String parameter) {
        try {
            return on(node, c -> {
                c.sendCommand(Protocol.Command.CONFIG, "GET", parameter);
                List<String> reply = c.getMultiBulkReply();
                return Optional.ofNullable(reply.size() < 2 ? null : reply.get(1));
            });
        } catch (StorageException e) {
            if (e.getCause() instanceof JedisConnectionException) {
                throw e;
            }
            return Optional.empty(); // NOPERM for an ACL user without CONFIG
        }
    }

    @Override
    public Duration ping(String node) {
        long start = System.nanoTime();
        on(node, c -> {
            c.sendCommand(Protocol.Command.PING);
            return c.getStatusCodeReply();
        });
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** A pooled connection of one master held in subscriber mode; each new connection goes to the next master. */
    @Override
    public Subscriber subscriber(BiConsumer<byte[], byte[]> messages) {
        AtomicInteger turn = new AtomicInteger();
        return JedisSubscriber.open((pubsub, channels) -> {
            List<String> masters = masters();
            if (masters.isEmpty()) {
                refresh();
                throw new StorageUnavailableException(errors.replies().node(), "no master of " + description() + " serves slots", null);
            }
            String node = masters.get(Math.floorMod(turn.getAndIncrement(), masters.size()));
            try (Connection c = provider.getConnection(HostAndPort.from(node))) {
                pubsub.proceed(c, channels);
            }
        }, messages, errors, timeout);
    }

    /**
     * Runs {@code work} on a pooled connection of {@code node}, translating failures as failures of
     * that node; a lost connection first drops the node's idle ones.
     */
    private <T> T on(String node, Function<Connection, T> work) {
        try (Connection c = provider.getConnection(HostAndPort.from(node))) {
            return work.apply(c);
        } catch (RuntimeException e) {
            throw errors.at(node).translate(e, null, () -> {
                ConnectionPool pool = provider.getNodes().get(node);
                if (pool != null) {
                    pool.clear();
                }
            });
        }
    }

    @Override
    public Duration timeout() {
        return timeout;
    }

    @Override
    public ErrorReplies replies() {
        return errors.replies();
    }

    @Override
    public String description() {
        return "Jedis, cluster " + errors.replies().server();
    }

    @Override
    public void close() {
        refresh.close();
        senders.shutdownNow();
        provider.close();
    }
}
