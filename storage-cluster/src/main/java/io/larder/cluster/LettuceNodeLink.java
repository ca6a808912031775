package io.larder.cluster;

import io.larder.StorageException;
import io.larder.StorageUnavailableException;
import io.larder.redis.RedisSettings;
import io.larder.redis.SettingsReplies;
import io.larder.redis.internal.CommandTimeoutException;
import io.larder.redis.internal.ErrorReplies;
import io.larder.redis.internal.ScanPage;
import io.larder.redis.internal.Subscriber;
import io.larder.redis.lettuce.LettuceConnector;
import io.larder.redis.lettuce.LettuceExceptionTranslator;
import io.larder.redis.lettuce.LettuceSubscriber;
import io.larder.redis.lettuce.UnlistedCommand;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ReadFrom;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.output.NestedMultiOutput;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.output.ValueListOutput;
import io.lettuce.core.output.ValueOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.ConnectionIntent;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The cluster through Lettuce: a {@link RedisClusterClient} keeps the topology (refreshed
 * periodically and on {@code MOVED}, {@code ASK} and persistent reconnects) and one multiplexed
 * connection per node; a node pipeline is dispatched on that node's connection as one batch,
 * without waiting, so every node's pipeline is in flight at once. Connections are configured,
 * and failures translated, by the Redis adapter's Lettuce edge ({@link LettuceConnector},
 * {@link LettuceExceptionTranslator}); slots are Lettuce's own CRC16. Thread-safe.
 */
final class LettuceNodeLink implements NodeLink {
    private static final ByteArrayCodec BYTES = ByteArrayCodec.INSTANCE;

    private final RedisClusterClient client;
    private final StatefulRedisClusterConnection<byte[], byte[]> connection;
    private final LettuceExceptionTranslator errors;
    private final Duration timeout;
    private final TopologyRefresh refresh;

    private LettuceNodeLink(RedisClusterClient client, StatefulRedisClusterConnection<byte[], byte[]> connection,
                            LettuceExceptionTranslator errors, Duration timeout) {
        this.client = client;
        this.connection = connection;
        this.errors = errors;
        this.timeout = timeout;
        // Lettuce refreshes periodically itself (topology-refresh), and on its adaptive triggers
        this.refresh = new TopologyRefresh(client::refreshPartitions, Duration.ZERO);
    }

    static LettuceNodeLink open(ClusterSettings c) {
        RedisSettings s = c.redis();
        LettuceExceptionTranslator errors = LettuceExceptionTranslator.of(ErrorReplies.cluster(c.nodes(), s.tls().enabled(),
                s.username(), SettingsReplies.secrets(s)), s.timeouts().command());
        List<RedisURI> seeds = new ArrayList<>();
        c.nodes().forEach(n -> seeds.add(LettuceConnector.nodeUri(s, n)));
        ClientResources resources = LettuceConnector.resources();
        RedisClusterClient client = LettuceConnector.clusterClient(resources, seeds, s);
        try {
            client.setOptions(options(c));
            StatefulRedisClusterConnection<byte[], byte[]> connection = client.connect(BYTES);
            connection.setReadFrom(c.readFrom() == ClusterSettings.ReadFrom.REPLICA_PREFERRED
                    ? ReadFrom.REPLICA_PREFERRED : ReadFrom.UPSTREAM);
            return new LettuceNodeLink(client, connection, errors, s.timeouts().command());
        } catch (RuntimeException e) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            resources.shutdown(0, 2, TimeUnit.SECONDS);
            throw errors.translate(e, null);
        }
    }

    /** The slot of {@code key} by Lettuce's CRC16 (hash tags honoured). */
    static int slotOf(byte[] key) {
        return SlotHash.getSlot(key);
    }

    @Override
    public int slot(byte[] key) {
        return slotOf(key);
    }

    private static ClusterClientOptions options(ClusterSettings c) {
        ClusterTopologyRefreshOptions.Builder topology = ClusterTopologyRefreshOptions.builder()
                .enableAllAdaptiveRefreshTriggers() // MOVED, ASK, persistent reconnects, unknown nodes
                .adaptiveRefreshTriggersTimeout(Duration.ofMillis(500))
                .refreshTriggersReconnectAttempts(2)
                .closeStaleConnections(true);
        if (!c.topologyRefresh().isZero()) {
            topology.enablePeriodicRefresh(c.topologyRefresh());
        }
        return ClusterClientOptions.builder(LettuceConnector.options(c.redis()))
                .topologyRefreshOptions(topology.build())
                .validateClusterNodeMembership(false) // MOVED may name a node the last refresh did not see yet
                .maxRedirects(8)
                .build();
    }

    @Override
    public @Nullable String masterFor(int slot) {
        RedisClusterNode node = connection.getPartitions().getMasterBySlot(slot);
        return node == null || node.is(RedisClusterNode.NodeFlag.FAIL) ? null : name(node);
    }

    @Override
    public @Nullable String replicaFor(int slot) {
        RedisClusterNode master = connection.getPartitions().getMasterBySlot(slot);
        if (master == null) {
            return null;
        }
        List<String> replicas = new ArrayList<>();
        for (RedisClusterNode n : connection.getPartitions()) {
            if (master.getNodeId().equals(n.getSlaveOf()) && !n.is(RedisClusterNode.NodeFlag.FAIL)
                    && !n.is(RedisClusterNode.NodeFlag.EVENTUAL_FAIL)) {
                replicas.add(name(n));
            }
        }
        return replicas.isEmpty() ? null : replicas.get(slot % replicas.size());
    }

    @Override
    public List<String> masters() {
        List<String> out = new ArrayList<>();
        for (RedisClusterNode n : connection.getPartitions()) {
            if (isServingMaster(n)) {
                out.add(name(n));
            }
        }
        out.sort(null);
        return out;
    }

    @Override
    public List<String> replicas() {
        List<String> out = new ArrayList<>();
        for (RedisClusterNode n : connection.getPartitions()) {
            if (!isServingMaster(n)) {
                out.add(name(n));
            }
        }
        out.sort(null);
        return out;
    }

    private static boolean isServingMaster(RedisClusterNode n) {
        return n.is(RedisClusterNode.NodeFlag.UPSTREAM) && !n.hasNoSlots() && !n.is(RedisClusterNode.NodeFlag.FAIL);
    }

    private static String name(RedisClusterNode n) {
        return n.getUri().getHost() + ":" + n.getUri().getPort();
    }

    @Override
    public void refresh() {
        refresh.request();
    }

    @Override
    public void refreshNow() {
        refresh.now(timeout);
    }

    @Override
    public CompletableFuture<List<Object>> send(String node, List<Op> ops) {
        List<AsyncCommand<byte[], byte[], ?>> sent = new ArrayList<>(ops.size());
        try {
            for (Op op : ops) {
                sent.add(new AsyncCommand<>(command(op)));
            }
            node(node).dispatch(sent);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(errors.at(node).translate(e, null));
        }
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).handle((ignored, failure) -> {
            List<Object> out = new ArrayList<>(sent.size());
            for (AsyncCommand<byte[], byte[], ?> c : sent) {
                try {
                    out.add(c.join());
                } catch (CompletionException | CancellationException e) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    if (cause instanceof RedisCommandExecutionException reply) {
                        out.add(errors.reply(reply));
                    } else {
                        throw errors.at(node).translate(cause, null);
                    }
                }
            }
            return out;
        });
    }

    private static Command<byte[], byte[], ?> command(Op op) {
        CommandArgs<byte[], byte[]> args = new CommandArgs<>(BYTES);
        op.args().forEach(args::add);
        CommandOutput<byte[], byte[], ?> output = switch (op.kind()) {
            case EVALSHA -> new NestedMultiOutput<>(BYTES);
            case GET, GETEX -> new ValueOutput<>(BYTES);
            case ZCARD, DEL, EXISTS, WAIT, PUBLISH -> new IntegerOutput<>(BYTES);
            case WAITAOF -> new NestedMultiOutput<>(BYTES);
            case SET, MSET, ASKING, READONLY -> new StatusOutput<>(BYTES);
            case ZRANGE, MGET, HMGET -> new ValueListOutput<>(BYTES);
        };
        ProtocolKeyword type = op.kind() == Op.Kind.WAITAOF ? UnlistedCommand.WAITAOF : CommandType.valueOf(op.kind().name());
        return new Command<>(type, output, args);
    }

    private StatefulRedisConnection<byte[], byte[]> node(String node) {
        int colon = node.lastIndexOf(':');
        return connection.getConnection(node.substring(0, colon), Integer.parseInt(node.substring(colon + 1)),
                ConnectionIntent.WRITE);
    }

    /** One command on {@code node}, awaited for the command timeout; failures name the node. */
    private <T> T call(String node, Function<RedisAsyncCommands<byte[], byte[]>, RedisFuture<T>> command) {
        try {
            return command.apply(node(node).async()).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw errors.at(node).translate(Objects.requireNonNullElse(e.getCause(), e), null);
        } catch (TimeoutException e) {
            throw new CommandTimeoutException(node, "Redis node " + node + " did not answer within " + timeout.toMillis() + " ms",
                    null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageUnavailableException(node, "interrupted while waiting for Redis node " + node, null);
        } catch (RuntimeException e) {
            throw errors.at(node).translate(e, null);
        }
    }

    /** Lettuce's cluster pub/sub connection: it picks a node, and reconnects and subscribes again by itself. */
    @Override
    public Subscriber subscriber(BiConsumer<byte[], byte[]> messages) {
        try {
            return LettuceSubscriber.over(client.connectPubSub(BYTES), messages, errors, timeout);
        } catch (RuntimeException e) {
            throw errors.translate(e, null);
        }
    }

    @Override
    public ScanPage scan(String node, String cursor, byte[] pattern, int count) {
        KeyScanCursor<byte[]> page = call(node, c -> c.scan(ScanCursor.of(cursor), new ScanArgs().match(pattern).limit(count)));
        return new ScanPage(page.getCursor(), page.getKeys());
    }

    @Override
    public String info(String node, @Nullable String section) {
        return call(node, c -> section == null ? c.info() : section.equals("cluster-info") ? c.clusterInfo() : c.info(section));
    }

    @Override
    public String scriptLoad(String node, String source) {
        return call(node, c -> c.scriptLoad(source));
    }

    @Override
    public Optional<String> configGet(String node, String parameter) {
        try {
            return Optional.ofNullable(call(node, c -> c.configGet(parameter)).get(parameter));
        } catch (StorageException e) {
            if (e.getCause() instanceof RedisCommandExecutionException) {
                return Optional.empty(); // NOPERM for an ACL user without CONFIG
            }
            throw e;
        }
    }

    @Override
    public Duration ping(String node) {
        long start = System.nanoTime();
        call(node, RedisAsyncCommands::ping);
        return Duration.ofNanos(System.nanoTime() - start);
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
        return "Lettuce, cluster " + errors.replies().server();
    }

    @Override
    public void close() {
        refresh.close();
        try {
            connection.close();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            client.getResources().shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
