package io.larder.redis.lettuce;

import io.larder.redis.RedisSettings;
import io.larder.StorageException;
import io.larder.StorageUnavailableException;
import io.larder.redis.internal.CommandTimeoutException;
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
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.sync.RedisCommands;
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
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.resource.ClientResources;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The driver port on Lettuce: one shared connection, multiplexed by every thread, reconnecting
 * by itself; under Sentinel it moves to a new master as soon as a sentinel announces it
 * ({@link MasterLink}). A pipeline is handed to Lettuce
 * as one batch ({@code dispatch(Collection)}), which it writes with a single flush, so other
 * threads' commands keep flowing and nobody toggles auto-flush on a shared connection.
 * Thread-safe.
 */
public final class LettuceDriver implements RedisDriver {
    private static final ByteArrayCodec BYTES = ByteArrayCodec.INSTANCE;

    private final RedisClient client;
    private final RedisURI uri;
    private final MasterLink link;
    private final LettuceExceptionTranslator errors;
    private final Duration timeout;

    private LettuceDriver(RedisClient client, RedisURI uri, MasterLink link, LettuceExceptionTranslator errors,
                          RedisSettings settings) {
        this.client = client;
        this.uri = uri;
        this.link = link;
        this.errors = errors;
        this.timeout = settings.timeouts().command();
    }

    /**
     * Connects to the standalone server or the Sentinel-named master of {@code settings}.
     *
     * @throws StorageUnavailableException when the server cannot be reached
     * @throws StorageException when the credentials are refused (the message never holds the password)
     */
    public static LettuceDriver open(RedisSettings settings) {
        LettuceExceptionTranslator errors = LettuceExceptionTranslator.of(settings);
        RedisURI uri = LettuceConnector.uri(settings);
        ClientResources resources = LettuceConnector.resources();
        RedisClient client = RedisClient.create(resources);
        try {
            client.setOptions(LettuceConnector.options(settings));
            return new LettuceDriver(client, uri, MasterLink.open(client, uri, settings), errors, settings);
        } catch (RuntimeException e) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            resources.shutdown(0, 2, TimeUnit.SECONDS);
            throw errors.translate(e, null);
        }
    }

    @Override
    public String scriptLoad(String source) {
        try {
            return link.connection().sync().scriptLoad(source);
        } catch (RuntimeException e) {
            throw errors.translate(e, null);
        }
    }

    @Override
    public List<Object> evalsha(List<ScriptCall> calls) {
        return pipeline(scripts(calls));
    }

    @Override
    public List<Object> evalsha(List<ScriptCall> calls, ReplicaWait wait) {
        return confirmed(wait, pipeline(awaiting(scripts(calls), wait)));
    }

    @Override
    public Confirmation confirm(ReplicaWait wait) {
        return Confirmation.of(wait, pipeline(awaiting(new ArrayList<>(2), wait)), link.master());
    }

    @Override
    public List<Object> set(List<Put> puts, @Nullable ReplicaWait wait) {
        if (Put.fitMset(puts)) {
            Put.Msets msets = Put.msets(puts, key -> 0);
            List<RedisCommand<byte[], byte[], ?>> commands = new ArrayList<>(msets.commands().size() + 2);
            for (byte[][] keysAndValues : msets.commands()) {
                CommandArgs<byte[], byte[]> args = new CommandArgs<>(BYTES);
                for (int i = 0; i < keysAndValues.length; i += 2) {
                    args.addKey(keysAndValues[i]).addValue(keysAndValues[i + 1]);
                }
                commands.add(new Command<>(CommandType.MSET, new StatusOutput<>(BYTES), args));
            }
            return confirmed(wait, msets.spread(pipeline(awaiting(commands, wait))));
        }
        List<RedisCommand<byte[], byte[], ?>> commands = new ArrayList<>(puts.size() + 1);
        for (Put put : puts) {
            CommandArgs<byte[], byte[]> args = new CommandArgs<>(BYTES).addKey(put.key()).addValue(put.value());
            if (put.expireAtMillis() > 0) {
                args.add("PXAT").add(put.expireAtMillis());
            }
            commands.add(new Command<>(CommandType.SET, new StatusOutput<>(BYTES), args));
        }
        return confirmed(wait, pipeline(awaiting(commands, wait)));
    }

    @Override
    public List<Object> del(List<byte[]> keys, @Nullable ReplicaWait wait) {
        List<RedisCommand<byte[], byte[], ?>> commands = new ArrayList<>(keys.size() + 1);
        for (byte[] key : keys) {
            commands.add(new Command<>(CommandType.DEL, new IntegerOutput<>(BYTES), new CommandArgs<>(BYTES).addKey(key)));
        }
        return confirmed(wait, pipeline(awaiting(commands, wait)));
    }

    /** Appends {@code wait}'s commands (nullable: none): {@code WAIT replicas timeout}, {@code WAITAOF 1 0 timeout}. */
    private static List<RedisCommand<byte[], byte[], ?>> awaiting(List<RedisCommand<byte[], byte[], ?>> commands,
                                                                  @Nullable ReplicaWait wait) {
        if (wait == null) {
            return commands;
        }
        if (wait.replicas() > 0) {
            commands.add(new Command<>(CommandType.WAIT, new IntegerOutput<>(BYTES),
                    new CommandArgs<>(BYTES).add(wait.replicas()).add(wait.timeoutMillis())));
        }
        if (wait.aof()) {
            commands.add(new Command<>(UnlistedCommand.WAITAOF, new NestedMultiOutput<>(BYTES),
                    new CommandArgs<>(BYTES).add(1).add(0).add(wait.timeoutMillis())));
        }
        return commands;
    }

    /** The replies with {@code wait}'s (nullable) folded into one {@link Confirmation} from the master. */
    private List<Object> confirmed(@Nullable ReplicaWait wait, List<Object> replies) {
        return wait == null ? replies : Confirmation.fold(replies, wait, link.master());
    }

    private static List<RedisCommand<byte[], byte[], ?>> scripts(List<ScriptCall> calls) {
        List<RedisCommand<byte[], byte[], ?>> commands = new ArrayList<>(calls.size() + 1);
        for (ScriptCall call : calls) {
            CommandArgs<byte[], byte[]> args = new CommandArgs<>(BYTES).add(call.sha()).add(call.keys().size());
            call.keys().forEach(args::addKey);
            call.args().forEach(args::addValue);
            commands.add(new Command<>(CommandType.EVALSHA, new NestedMultiOutput<>(BYTES), args));
        }
        return commands;
    }

    @Override
    public List<Object> fetch(List<Fetch> fetches) {
        List<RedisCommand<byte[], byte[], ?>> commands = new ArrayList<>(fetches.size());
        for (Fetch f : fetches) {
            CommandArgs<byte[], byte[]> get = new CommandArgs<>(BYTES).addKey(f.valueKey());
            if (f.expireAtMillis() > 0) {
                get.add("PXAT").add(f.expireAtMillis());
            }
            commands.add(new Command<>(f.expireAtMillis() > 0 ? CommandType.GETEX : CommandType.GET,
                    new ValueOutput<>(BYTES), get));
        }
        return pipeline(commands);
    }

    @Override
    public List<Object> zcard(List<byte[]> keys) {
        List<RedisCommand<byte[], byte[], ?>> commands = new ArrayList<>(keys.size());
        for (byte[] key : keys) {
            commands.add(new Command<>(CommandType.ZCARD, new IntegerOutput<>(BYTES), new CommandArgs<>(BYTES).addKey(key)));
        }
        return pipeline(commands);
    }

    @Override
    public ScanPage scan(String cursor, byte[] pattern, int count) {
        try {
            KeyScanCursor<byte[]> page = link.connection().sync().scan(ScanCursor.of(cursor), new ScanArgs().match(pattern).limit(count));
            return new ScanPage(page.getCursor(), page.getKeys());
        } catch (RuntimeException e) {
            throw errors.translate(e, null);
        }
    }

    @Override
    public void publish(byte[] channel, byte[] message) {
        Object reply = pipeline(List.of(new Command<>(CommandType.PUBLISH, new IntegerOutput<>(BYTES),
                new CommandArgs<>(BYTES).addKey(channel).addValue(message)))).get(0);
        if (reply instanceof RedisError e) {
            throw error(e, null);
        }
    }

    /** A pub/sub connection of its own (under Sentinel, to the master the sentinels name), reconnected by Lettuce. */
    @Override
    public Subscriber subscriber(BiConsumer<byte[], byte[]> messages) {
        try {
            return LettuceSubscriber.over(client.connectPubSub(BYTES, uri), messages, errors, timeout);
        } catch (RuntimeException e) {
            throw errors.translate(e, null);
        }
    }

    @Override
    public Map<String, String> info() {
        try {
            return InfoFields.parse(link.connection().sync().info());
        } catch (RuntimeException e) {
            throw errors.translate(e, null);
        }
    }

    @Override
    public Duration ping() {
        RedisCommands<byte[], byte[]> sync = link.connection().sync();
        long start = System.nanoTime();
        try {
            sync.ping();
        } catch (RuntimeException e) {
            throw errors.translate(e, null);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Override
    public Optional<String> configGet(String parameter) {
        try {
            return Optional.ofNullable(link.connection().sync().configGet(parameter).get(parameter));
        } catch (RedisCommandExecutionException e) {
            return Optional.empty(); // NOPERM for an ACL user without CONFIG: the caller falls back to INFO
        } catch (RuntimeException e) {
            throw errors.translate(e, null);
        }
    }

    @Override
    public Optional<String> sentinelMaster() {
        if (uri.getSentinelMasterId() == null) {
            return Optional.empty();
        }
        String named;
        try {
            named = MasterLink.askSentinels(client, uri);
        } catch (RuntimeException e) {
            throw errors.translate(e, null);
        }
        if (!named.equals(link.master())) {
            link.suspect();
        }
        return Optional.of(named);
    }

    @Override
    public List<byte[]> zrangeByScore(byte[] key, String start, String stop, boolean reverse, int count) {
        CommandArgs<byte[], byte[]> args = new CommandArgs<>(BYTES).addKey(key).add(start).add(stop).add("BYSCORE");
        if (reverse) {
            args.add("REV");
        }
        args.add("LIMIT").add(0).add(count).add("WITHSCORES");
        return single(new Command<>(CommandType.ZRANGE, new ValueListOutput<>(BYTES), args),
                new String(key, StandardCharsets.UTF_8));
    }

    @Override
    public List<byte[]> mget(List<byte[]> keys) {
        CommandArgs<byte[], byte[]> args = new CommandArgs<>(BYTES);
        keys.forEach(args::addKey);
        return single(new Command<>(CommandType.MGET, new ValueListOutput<>(BYTES), args), null);
    }

    @Override
    public List<Object> mgets(List<List<byte[]>> groups) {
        return perGroup(groups, CommandType.MGET, () -> new ValueListOutput<>(BYTES));
    }

    @Override
    public List<Object> exists(List<List<byte[]>> groups) {
        return perGroup(groups, CommandType.EXISTS, () -> new IntegerOutput<>(BYTES));
    }

    @Override
    public List<Object> hmgets(List<List<byte[]>> groups) {
        return perGroup(groups, CommandType.HMGET, () -> new ValueListOutput<>(BYTES));
    }

    /** One {@code type} command of each group's keys, all in one pipeline; its replies in order. */
    private <T> List<Object> perGroup(List<List<byte[]>> groups, CommandType type,
                                      Supplier<CommandOutput<byte[], byte[], T>> output) {
        List<RedisCommand<byte[], byte[], ?>> commands = new ArrayList<>(groups.size());
        for (List<byte[]> group : groups) {
            CommandArgs<byte[], byte[]> args = new CommandArgs<>(BYTES);
            group.forEach(args::addKey);
            commands.add(new Command<>(type, output.get(), args));
        }
        return pipeline(commands);
    }

    /** Sends one command whose reply is a list of bulk strings; an error reply is thrown, naming {@code key} (nullable). */
    private List<byte[]> single(Command<byte[], byte[], List<byte[]>> command, @Nullable String key) {
        Object reply = pipeline(List.<RedisCommand<byte[], byte[], ?>>of(command)).get(0);
        if (reply instanceof RedisError e) {
            throw error(e, key);
        }
        @SuppressWarnings("unchecked")
        List<byte[]> values = (List<byte[]>) reply;
        return values;
    }

    @Override
    public StorageException error(RedisError error, @Nullable String key) {
        return errors.replies().translate(error, key);
    }

    @Override
    public String description() {
        return "Lettuce, " + errors.replies().server();
    }

    @Override
    public void close() {
        try {
            link.close();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            client.getResources().shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    /** Writes all commands with one flush and waits for every reply within the command timeout. */
    private List<Object> pipeline(List<RedisCommand<byte[], byte[], ?>> commands) {
        List<AsyncCommand<byte[], byte[], ?>> sent = new ArrayList<>(commands.size());
        for (RedisCommand<byte[], byte[], ?> c : commands) {
            sent.add(new AsyncCommand<>(c));
        }
        try {
            link.connection().dispatch(sent);
        } catch (RuntimeException e) {
            link.suspect();
            throw errors.translate(e, null);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Object> replies = new ArrayList<>(sent.size());
        for (AsyncCommand<byte[], byte[], ?> c : sent) {
            Object reply = await(c, deadline, sent);
            if (reply instanceof RedisError e && e.code().equals("READONLY")) {
                link.suspect(); // the master was demoted: the sentinels name another one by now
            }
            replies.add(reply);
        }
        return replies;
    }

    private Object await(AsyncCommand<byte[], byte[], ?> command, long deadline,
                         List<AsyncCommand<byte[], byte[], ?>> all) {
        try {
            return command.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RedisCommandExecutionException reply) {
                return errors.reply(reply);
            }
            link.suspect(); // refused while disconnected, or the connection closed under it
            throw errors.translate(Objects.requireNonNullElse(e.getCause(), e), null);
        } catch (TimeoutException e) {
            all.forEach(c -> c.cancel(false));
            throw new CommandTimeoutException(errors.replies().node(), "Redis at " + errors.replies().server()
                    + " did not answer a pipeline of "
                    + all.size() + " commands within " + timeout.toMillis() + " ms", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            all.forEach(c -> c.cancel(false));
            throw new StorageUnavailableException(errors.replies().node(),
                    "interrupted while waiting for Redis at " + errors.replies().server(), null);
        } catch (CancellationException e) {
            throw errors.translate(e, null);
        }
    }
}
