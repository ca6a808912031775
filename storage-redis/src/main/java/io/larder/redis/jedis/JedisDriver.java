package io.larder.redis.jedis;

import io.larder.redis.RedisSettings;
import io.larder.StorageException;
import io.larder.StorageUnavailableException;
import io.larder.redis.internal.Confirmation;
import io.larder.redis.internal.Fetch;
import io.larder.redis.internal.InfoFields;
import io.larder.redis.internal.Put;
import io.larder.redis.internal.RedisDriver;
import io.larder.redis.internal.RedisError;
import io.larder.redis.internal.ReplicaWait;
import io.larder.redis.internal.ScanPage;
import io.larder.redis.internal.ScriptCall;
import io.larder.redis.internal.Subscriber;
import io.larder.redis.internal.Transaction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.GetExParams;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.util.Pool;

/**
 * The driver port on Jedis 8: a pooled client (sized by {@link RedisSettings#pool()}); a
 * pipeline borrows one connection, writes every command, then reads every reply. Under
 * Sentinel, Jedis follows {@code +switch-master} and re-points its pool, so writes reach the
 * new master without a restart. Thread-safe.
 */
public final class JedisDriver implements RedisDriver {
    private static final Logger LOG = LoggerFactory.getLogger(JedisDriver.class);
    private static final byte[][] NO_ARGS = new byte[0][];
    private final UnifiedJedis client;
    private final JedisExceptionTranslator errors;
    private final String address;
    private final Duration timeout;
    /** Whether the user may run {@code MULTI}: asked on first need ({@link #transactions()}). */
    private volatile @Nullable Boolean transactions;

    private JedisDriver(UnifiedJedis client, JedisExceptionTranslator errors, String address, Duration timeout) {
        this.client = client;
        this.errors = errors;
        this.address = address;
        this.timeout = timeout;
    }

    /**
     * Opens a pool to the standalone server or the Sentinel-named master of {@code settings}
     * and checks it with a {@code PING}.
     *
     * @throws StorageUnavailableException when the server cannot be reached
     * @throws StorageException when the credentials are refused (the message never holds the password)
     */
    public static JedisDriver open(RedisSettings settings) {
        JedisExceptionTranslator errors = JedisExceptionTranslator.of(settings);
        UnifiedJedis client;
        try {
            client = JedisConnector.client(settings);
        } catch (RuntimeException e) {
            throw errors.translate(e, null);
        }
        JedisDriver driver = new JedisDriver(client, errors, settings.host() + ":" + settings.port(), settings.timeouts().command());
        try {
            driver.ping(); // Jedis connects lazily: fail here, with a clear message, not on the first write
        } catch (RuntimeException e) {
            driver.close();
            throw e;
        }
        return driver;
    }

    @Override
    public String scriptLoad(String source) {
        try {
            return client.scriptLoad(source);
        } catch (RuntimeException e) {
            throw failed(e, null);
        }
    }

    @Override
    public List<Object> evalsha(List<ScriptCall> calls) {
        if (calls.size() == 1) {
            ScriptCall c = calls.get(0);
            return single(() -> client.evalsha(c.sha().getBytes(StandardCharsets.US_ASCII), c.keys(), c.args()));
        }
        return pipeline(p -> {
            List<Response<?>> out = new ArrayList<>(calls.size());
            for (ScriptCall c : calls) {
                out.add(p.evalsha(c.sha().getBytes(StandardCharsets.US_ASCII), c.keys(), c.args()));
            }
            return out;
        });
    }

    @Override
    public List<Object> evalsha(List<ScriptCall> calls, ReplicaWait wait) {
        return confirmed(wait, pipeline(p -> {
            List<Response<?>> out = new ArrayList<>(calls.size() + 2);
            for (ScriptCall c : calls) {
                out.add(p.evalsha(c.sha().getBytes(StandardCharsets.US_ASCII), c.keys(), c.args()));
            }
            await(p, wait, out);
            return out;
        }));
    }

    @Override
    public Confirmation confirm(ReplicaWait wait) {
        return Confirmation.of(wait, pipeline(p -> {
            List<Response<?>> out = new ArrayList<>(2);
            await(p, wait, out);
            return out;
        }), master());
    }

    @Override
    public List<Object> fetch(List<Fetch> fetches) {
        if (fetches.size() == 1 && fetches.get(0).expireAtMillis() <= 0) {
            return single(() -> client.get(fetches.get(0).valueKey()));
        }
        return pipeline(p -> {
            List<Response<?>> out = new ArrayList<>(fetches.size());
            for (Fetch f : fetches) {
                out.add(f.expireAtMillis() > 0
                        ? p.getEx(f.valueKey(), GetExParams.getExParams().pxAt(f.expireAtMillis()))
                        : p.get(f.valueKey()));
            }
            return out;
        });
    }

    @Override
    public List<Object> set(List<Put> puts, @Nullable ReplicaWait wait) {
        if (puts.size() == 1 && wait == null) {
            Put put = puts.get(0);
            return single(() -> put.expireAtMillis() > 0
                    ? client.set(put.key(), put.value(), SetParams.setParams().pxAt(put.expireAtMillis()))
                    : client.set(put.key(), put.value()));
        }
        if (Put.fitMset(puts)) {
            Put.Msets msets = Put.msets(puts, key -> 0);
            return confirmed(wait, msets.spread(pipeline(p -> {
                List<Response<?>> out = new ArrayList<>(msets.commands().size() + 2);
                msets.commands().forEach(args -> out.add(p.mset(args)));
                await(p, wait, out);
                return out;
            })));
        }
        return confirmed(wait, pipeline(p -> {
            List<Response<?>> out = new ArrayList<>(puts.size() + 2);
            for (Put put : puts) {
                out.add(put.expireAtMillis() > 0
                        ? p.set(put.key(), put.value(), SetParams.setParams().pxAt(put.expireAtMillis()))
                        : p.set(put.key(), put.value()));
            }
            await(p, wait, out);
            return out;
        }));
    }

    @Override
    public List<Object> del(List<byte[]> keys, @Nullable ReplicaWait wait) {
        return confirmed(wait, pipeline(p -> {
            List<Response<?>> out = new ArrayList<>(keys.size() + 2);
            keys.forEach(k -> out.add(p.del(k)));
            await(p, wait, out);
            return out;
        }));
    }

    /**
     * A pipeline holds one pooled connection to itself until it syncs, so a transaction in it is
     * whole; asked once, with an empty {@code MULTI}/{@code EXEC}, whether the user may run one (an
     * ACL without {@code +multi} refuses it, and Redis would then run the commands meant for it one by
     * one; a refused {@code EXEC} ends the transaction too, so the connection goes back clean).
     */
    @Override
    public boolean transactions() {
        Boolean known = transactions;
        if (known == null) {
            List<Object> replies = pipeline(p -> List.of(p.sendCommand(Protocol.Command.MULTI, NO_ARGS),
                    p.sendCommand(Protocol.Command.EXEC, NO_ARGS)));
            known = !(replies.get(0) instanceof RedisError) && replies.get(1) instanceof List;
            if (!known) {
                LOG.warn("Redis at {} refuses MULTI/EXEC to this user: batches of records-layout stores are written by"
                        + " scripts instead, more slowly; grant +multi +exec (storage-redis KEYS.md)", address);
            }
            transactions = known;
        }
        return known;
    }

    @Override
    public List<Object> transact(List<Transaction> transactions, @Nullable ReplicaWait wait) {
        List<Object> replies = pipeline(p -> {
            List<Response<?>> out = new ArrayList<>(transactions.size() + 2);
            for (Transaction t : transactions) {
                p.sendCommand(Protocol.Command.MULTI, NO_ARGS);
                for (Transaction.Command command : t.commands()) {
                    ProtocolCommand name = command::name;
                    p.sendCommand(name, command.args());
                }
                out.add(p.sendCommand(Protocol.Command.EXEC, NO_ARGS));
            }
            await(p, wait, out);
            return out;
        });
        for (int i = 0; i < transactions.size(); i++) {
            if (replies.get(i) instanceof List<?> exec) {
                List<Object> each = new ArrayList<>(exec.size());
                exec.forEach(r -> each.add(r instanceof JedisDataException e ? errors.reply(e) : r));
                replies.set(i, each);
            }
        }
        return confirmed(wait, replies);
    }

    /** Appends {@code wait}'s commands (nullable: none): {@code WAIT replicas timeout}, {@code WAITAOF 1 0 timeout}. */
    private static void await(AbstractPipeline p, @Nullable ReplicaWait wait, List<Response<?>> out) {
        if (wait == null) {
            return;
        }
        if (wait.replicas() > 0) {
            out.add(p.sendCommand(Protocol.Command.WAIT, ascii(Integer.toString(wait.replicas())),
                    ascii(Long.toString(wait.timeoutMillis()))));
        }
        if (wait.aof()) {
            out.add(p.sendCommand(Protocol.Command.WAITAOF, ascii("1"), ascii("0"), ascii(Long.toString(wait.timeoutMillis()))));
        }
    }

    /** The replies with {@code wait}'s (nullable) folded into one {@link Confirmation} from the master. */
    private List<Object> confirmed(@Nullable ReplicaWait wait, List<Object> replies) {
        return wait == null ? replies : Confirmation.fold(replies, wait, master());
    }

    /** The master the pool reaches ({@code host:port}): under Sentinel the one Jedis follows now. */
    private String master() {
        return client instanceof RedisSentinelClient sentinel ? sentinel.getCurrentMaster().toString() : address;
    }

    @Override
    public List<Object> zcard(List<byte[]> keys) {
        return pipeline(p -> {
            List<Response<?>> out = new ArrayList<>(keys.size());
            keys.forEach(k -> out.add(p.zcard(k)));
            return out;
        });
    }

    @Override
    public ScanPage scan(String cursor, byte[] pattern, int count) {
        try {
            ScanResult<byte[]> page = client.scan(cursor.getBytes(StandardCharsets.US_ASCII),
                    new ScanParams().match(pattern).count(count));
            return new ScanPage(page.getCursor(), page.getResult());
        } catch (RuntimeException e) {
            throw failed(e, null);
        }
    }

    @Override
    public void publish(byte[] channel, byte[] message) {
        try {
            client.publish(channel, message);
        } catch (RuntimeException e) {
            throw failed(e, null);
        }
    }

    /** A pooled connection held in subscriber mode (under Sentinel, one of the master the sentinels name). */
    @Override
    public Subscriber subscriber(BiConsumer<byte[], byte[]> messages) {
        return JedisSubscriber.open(client::subscribe, messages, errors, timeout);
    }

    @Override
    public Map<String, String> info() {
        try {
            return InfoFields.parse(client.info());
        } catch (RuntimeException e) {
            throw failed(e, null);
        }
    }

    @Override
    public Duration ping() {
        long start = System.nanoTime();
        try {
            client.ping();
        } catch (RuntimeException e) {
            throw failed(e, null);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Override
    public Optional<String> configGet(String parameter) {
        try {
            return Optional.ofNullable(client.configGet(parameter).get(parameter));
        } catch (JedisDataException e) {
            return Optional.empty(); // NOPERM for an ACL user without CONFIG: the caller falls back to INFO
        } catch (RuntimeException e) {
            throw failed(e, null);
        }
    }

    @Override
    public Optional<String> sentinelMaster() {
        if (client instanceof RedisSentinelClient sentinel) {
            return Optional.of(sentinel.getCurrentMaster().toString());
        }
        return Optional.empty();
    }

    @Override
    public List<byte[]> zrangeByScore(byte[] key, String start, String stop, boolean reverse, int count) {
        byte[][] args = reverse
                ? new byte[][] {key, ascii(start), ascii(stop), ascii("BYSCORE"), ascii("REV"), ascii("LIMIT"), ascii("0"),
                        ascii(Integer.toString(count)), ascii("WITHSCORES")}
                : new byte[][] {key, ascii(start), ascii(stop), ascii("BYSCORE"), ascii("LIMIT"), ascii("0"),
                        ascii(Integer.toString(count)), ascii("WITHSCORES")};
        try {
            @SuppressWarnings("unchecked") // RESP2: an array of bulk strings
            List<byte[]> entries = (List<byte[]>) client.sendCommand(Protocol.Command.ZRANGE, args);
            return entries;
        } catch (RuntimeException e) {
            throw failed(e, new String(key, StandardCharsets.UTF_8));
        }
    }

    @Override
    public List<byte[]> mget(List<byte[]> keys) {
        try {
            return client.mget(keys.toArray(byte[][]::new));
        } catch (RuntimeException e) {
            throw failed(e, null);
        }
    }

    @Override
    public List<Object> mgets(List<List<byte[]>> groups) {
        return perGroup(groups, AbstractPipeline::mget);
    }

    @Override
    public List<Object> exists(List<List<byte[]>> groups) {
        return perGroup(groups, AbstractPipeline::exists);
    }

    @Override
    public List<Object> hmgets(List<List<byte[]>> groups) {
        return perGroup(groups, (p, keyAndFields) -> p.hmget(keyAndFields[0],
                Arrays.copyOfRange(keyAndFields, 1, keyAndFields.length)));
    }

    /** One {@code command} of each group's keys, all in one pipeline; its replies in order. */
    private List<Object> perGroup(List<List<byte[]>> groups, BiFunction<AbstractPipeline, byte[][], Response<?>> command) {
        return pipeline(p -> {
            List<Response<?>> out = new ArrayList<>(groups.size());
            for (List<byte[]> group : groups) {
                out.add(command.apply(p, group.toArray(byte[][]::new)));
            }
            return out;
        });
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public StorageException error(RedisError error, @Nullable String key) {
        return errors.replies().translate(error, key);
    }

    @Override
    public String description() {
        return "Jedis, " + errors.replies().server();
    }

    /**
     * The Larder exception for {@code e} ({@code key}, nullable, is the key it concerns); a lost
     * connection first drops the pool's idle ones. Under Sentinel that is the pool of the master
     * Jedis follows now (a master back before the sentinels fail over keeps it; a failover
     * replaces it).
     */
    private StorageException failed(RuntimeException e, @Nullable String key) {
        return errors.translate(e, key, () -> {
            if (client instanceof RedisClient pooled) {
                pooled.getPool().clear();
            } else if (client instanceof RedisSentinelClient sentinel) {
                sentinel.getPrimaryNodesConnectionMap().values().forEach(Pool::clear);
            }
        });
    }

    @Override
    public void close() {
        client.close();
    }

    /** One command on a pooled connection, without a pipeline: what a single save or load costs raw. */
    private List<Object> single(Supplier<Object> command) {
        Object reply;
        try {
            reply = command.get();
        } catch (JedisDataException e) {
            reply = errors.reply(e);
        } catch (RuntimeException e) {
            throw failed(e, null);
        }
        return Collections.singletonList(reply);
    }

    private interface Batch {
        List<Response<?>> append(AbstractPipeline pipeline);
    }

    /** Appends the commands to one pipeline (one pooled connection), syncs once, and collects the replies. */
    private List<Object> pipeline(Batch batch) {
        List<Response<?>> responses;
        try (AbstractPipeline p = client.pipelined()) {
            responses = batch.append(p);
            p.sync();
        } catch (RuntimeException e) {
            throw failed(e, null);
        }
        List<Object> replies = new ArrayList<>(responses.size());
        for (Response<?> r : responses) {
            try {
                replies.add(r.get());
            } catch (JedisDataException e) {
                replies.add(errors.reply(e));
            }
        }
        return replies;
    }
}
