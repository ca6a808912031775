package io.larder.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.SetParams;

/**
 * Whether a batch that must be refused whole when one record cannot be encoded can still overlap
 * its encoding with the server's work (issue 17, item 3). Raw Jedis, {@link PlainJson} values, the
 * {@link OperationBench#BATCH} records {@link OperationBench} saves, in four orders:
 *
 * <ul>
 *   <li>{@code pipelined}: encode each record and append its {@code SET} at once, as raw Jedis does;
 *       nothing can be refused, and the server applies {@code SET}s while the client encodes;</li>
 *   <li>{@code encode-first}: encode the whole batch, then pipeline it (what Larder does today);</li>
 *   <li>{@code multi-streamed}: {@code MULTI}, then encode and append each {@code SET}, then
 *       {@code EXEC}, one round trip: the best a streamed all-or-nothing batch can do, since a
 *       refusal is a {@code DISCARD} before {@code EXEC};</li>
 *   <li>{@code multi-encode-first}: encode the whole batch, then the same transaction (what
 *       {@code MULTI} itself costs);</li>
 *   <li>{@code parallel-encode-first}: encode the whole batch on the common fork-join pool, then
 *       pipeline it: the other way to shorten the time before the first {@code SET}.</li>
 * </ul>
 *
 * <p>Each iteration ends by printing the server's CPU time per record ({@code INFO cpu}) and its
 * time inside {@code SET} and {@code EXEC} per record ({@code INFO commandstats}): the profile that
 * says where a strategy's time goes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 2)
public class OverlapBench {
    private static final byte[][] NO_ARGS = new byte[0][];

    /** The order of encoding and sending; see the class comment. */
    @Param({"pipelined", "encode-first", "multi-streamed", "multi-encode-first", "parallel-encode-first"})
    public String strategy;

    private RedisClient client;
    private RedisClient probe;
    private List<ChatMessage> messages;
    private int nextBatch;
    private long records;
    private double cpuAtStart;

    /** Connects and builds the corpus {@link OperationBench} uses. */
    @Setup(Level.Trial)
    public void open() {
        if (!List.of("pipelined", "encode-first", "multi-streamed", "multi-encode-first", "parallel-encode-first")
                .contains(strategy)) {
            throw new IllegalArgumentException("unknown strategy '" + strategy + "'");
        }
        RedisTarget redis = RedisTarget.fromSystemProperty();
        client = RedisClient.create(redis.host(), redis.port());
        probe = RedisClient.create(redis.host(), redis.port());
        messages = ChatCorpus.spread(OperationBench.KEYS, OperationBench.GROUPS);
    }

    /** Resets the server's counters for this iteration. */
    @Setup(Level.Iteration)
    public void mark() {
        probe.sendCommand(Protocol.Command.CONFIG, "RESETSTAT");
        records = 0;
        cpuAtStart = cpuSeconds();
    }

    /** Prints where the server's time went in this iteration, per record. */
    @TearDown(Level.Iteration)
    public void report() {
        double cpu = (cpuSeconds() - cpuAtStart) * 1e6 / Math.max(1, records);
        StringBuilder line = new StringBuilder(String.format("%n[overlap] %s: server CPU %.2f µs/record", strategy, cpu));
        for (String command : List.of("set", "exec")) {
            String stats = probe.info("commandstats").lines().filter(l -> l.startsWith("cmdstat_" + command + ":"))
                    .findFirst().orElse("");
            for (String field : stats.substring(stats.indexOf(':') + 1).split(",")) {
                if (field.startsWith("usec=")) {
                    line.append(String.format(", in %s %.2f µs/record", command.toUpperCase(),
                            Long.parseLong(field.substring(5)) / (double) Math.max(1, records)));
                }
            }
        }
        System.out.println(line);
    }

    /** Closes the connections. */
    @TearDown(Level.Trial)
    public void close() {
        client.close();
        probe.close();
    }

    /** One batch of {@value OperationBench#BATCH} records in the strategy's order. */
    @Benchmark
    @OperationsPerInvocation(OperationBench.BATCH)
    public int saveAll() {
        int from = nextBatch;
        nextBatch = (from + OperationBench.BATCH) % OperationBench.KEYS;
        records += OperationBench.BATCH;
        List<ChatMessage> batch = messages.subList(from, from + OperationBench.BATCH);
        boolean multi = strategy.startsWith("multi");
        List<byte[]> encoded = strategy.equals("parallel-encode-first") ? batch.parallelStream().map(PlainJson::encode).toList()
                : strategy.endsWith("encode-first") ? encodeAll(batch) : null;
        try (AbstractPipeline p = client.pipelined()) {
            if (multi) {
                p.sendCommand(Protocol.Command.MULTI, NO_ARGS);
            }
            for (int i = 0; i < batch.size(); i++) {
                ChatMessage m = batch.get(i);
                p.set(RawKeys.bytes(RawKeys.value(m)), encoded == null ? PlainJson.encode(m) : encoded.get(i),
                        SetParams.setParams().ex(RawKeys.EXPIRY_SECONDS));
            }
            Response<Object> exec = multi ? p.sendCommand(Protocol.Command.EXEC, NO_ARGS) : null;
            p.sync();
            if (exec != null && ((List<?>) exec.get()).size() != batch.size()) {
                throw new IllegalStateException("EXEC applied " + ((List<?>) exec.get()).size() + " of " + batch.size());
            }
            return batch.size();
        }
    }

    private static List<byte[]> encodeAll(List<ChatMessage> batch) {
        List<byte[]> out = new ArrayList<>(batch.size());
        for (ChatMessage m : batch) {
            out.add(PlainJson.encode(m));
        }
        return out;
    }

    private double cpuSeconds() {
        double total = 0;
        for (String line : probe.info("cpu").lines().toList()) {
            for (String field : List.of("used_cpu_user:", "used_cpu_sys:")) {
                if (line.startsWith(field)) {
                    total += Double.parseDouble(line.substring(field.length()).trim());
                }
            }
        }
        return total;
    }
}
