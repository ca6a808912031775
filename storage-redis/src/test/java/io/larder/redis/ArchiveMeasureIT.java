package io.larder.redis;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.larder.Codec;
import io.larder.Compression;
import io.larder.DataSize;
import io.larder.Encoding;
import io.larder.Key;
import io.larder.Larder;
import io.larder.Layout;
import io.larder.Query;
import io.larder.Storage;
import io.larder.StoreDefaults;
import io.larder.StoreSpec;
import io.larder.chat.ChatMessage;
import io.larder.chat.MessageType;
import io.larder.redis.RedisSettings.Client;
import io.larder.testkit.RedisExtension;
import io.larder.testkit.RedisStandalone;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Measures, by hand, Redis memory per chat message on each layout, batched append throughput,
 * and read latency on one large group. Off unless asked:
 * <pre>
 * mvn -pl storage-redis verify -Dit.test=ArchiveMeasureIT -Dlarder.measure=true \
 *     [-Dlarder.measure.count=1000000] [-Dlarder.measure.groups=200] [-Dlarder.measure.group=1000000]
 *     [-Dlarder.measure.layout=ARCHIVE|RECORDS] [-Dlarder.measure.batch-size=100] [-Dlarder.measure.client=JEDIS|LETTUCE]
 * </pre>
 * {@code batch-size} is the store's {@code batch.size}: how many records of a {@code saveAll}
 * reach the adapter in one write (the generator hands over 1000 at a time). An archive
 * partition receiving 256 or more in one write seals them straight into chunks. The client is
 * the default driver unless named. Read latencies are measured call by call interleaved with the
 * same query by a hand-rolled Jedis client on the first {@value #RAW} messages of the group (JSON
 * strings and a sorted set), so the machine's noise is measured too.
 * Figures go to standard output. Not a benchmark: one run, no JMH; compare ratios.
 */
@EnabledIfSystemProperty(named = "larder.measure", matches = "true")
class ArchiveMeasureIT {
    @RegisterExtension
    static final RedisExtension<RedisStandalone> REDIS = RedisExtension.standalone();
    private static final int COUNT = Integer.getInteger("larder.measure.count", 1_000_000);
    private static final int GROUPS = Integer.getInteger("larder.measure.groups", 200);
    private static final int BIG = Integer.getInteger("larder.measure.group", 1_000_000);
    private static final int BATCH = 1000;
    private static final int RAW = 100_000;
    private static final int ROUNDS = 5;
    private static final int PER_ROUND = 600;
    private static final String RAW_VALUE = "raw:m:";
    private static final String RAW_TIMELINE = "raw:timeline";
    private static final Client CLIENT = Client.valueOf(System.getProperty("larder.measure.client",
            RedisSettings.defaults().client().name()));
    private static final int BATCH_SIZE = Integer.getInteger("larder.measure.batch-size", StoreDefaults.standard().batchSize());
    private static final long START = 1_767_225_600_000L;
    private static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);
    private static final String[] WORDS = ("好的 明天 开会 哈哈哈 收到 谢谢 大家 晚上 吃饭 了吗 这个 问题 我看看 没问题 "
            + "ok lol the build is green again, merged PR please review link https://example.com/a/b?c=d 图片 [表情] "
            + "周末 一起 打球 有人吗 刚到 在路上 +1 👍 稍等 发群里 文件 已上传").split(" ");

    /** {@code count} messages over {@code groups} groups, ~200 B of JSON each, each group's times increasing. */
    static void generate(int count, int groups, long seed, Consumer<List<ChatMessage>> batches) {
        Random random = new Random(seed);
        long[] clock = new long[groups];
        Arrays.fill(clock, START);
        List<ChatMessage> batch = new ArrayList<>(BATCH);
        for (int i = 0; i < count; i++) {
            int g = groups == 1 ? 0 : random.nextInt(groups);
            clock[g] += 1 + random.nextInt(30_000);
            String sender = Long.toString(1_000_000_000L + g * 1000L + random.nextInt(40));
            StringBuilder text = new StringBuilder();
            int words = 2 + random.nextInt(10);
            for (int w = 0; w < words; w++) {
                text.append(WORDS[random.nextInt(WORDS.length)]).append(w % 3 == 2 ? " " : "");
            }
            boolean image = random.nextInt(10) == 0;
            ChatMessage.Builder b = ChatMessage.builder(Long.toString(700_000_000L + g), sender)
                    .id(Long.toString(1_800_000_000L + i)).senderName("群友" + sender.substring(7))
                    .content(image ? "[图片]" : text.toString()).timestamp(clock[g]);
            if (image) {
                b.type(MessageType.IMAGE);
            }
            if (random.nextInt(8) == 0) {
                b.replyTo(Long.toString(1_800_000_000L + Math.max(0, i - 1 - random.nextInt(50))));
            }
            batch.add(b.build());
            if (batch.size() == BATCH) {
                batches.accept(batch);
                batch = new ArrayList<>(BATCH);
            }
        }
        if (!batch.isEmpty()) {
            batches.accept(batch);
        }
    }

    private static long usedMemory() {
        return Long.parseLong(REDIS.get().process().info("memory").get("used_memory"));
    }

    private static byte[] json(ChatMessage m) {
        try {
            return JSON.writeValueAsBytes(m);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Load {
        void run(List<ChatMessage> batch);
    }

    private static void measure(String name, Load load) {
        REDIS.get().flushAll();
        long before = usedMemory();
        long t0 = System.nanoTime();
        generate(COUNT, GROUPS, 42, load::run);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long after = usedMemory();
        System.out.printf("MEASURE memory %-34s %7.1f B/message  (%d messages, %d groups, %.0f messages/s batched %d)%n",
                name, (after - before) / (double) COUNT, COUNT, GROUPS, COUNT / seconds, BATCH);
    }

    private static Larder larder() {
        StoreDefaults d = StoreDefaults.standard();
        return Larder.builder().backend(RedisBackend.create(Targets.standalone(REDIS.get(), CLIENT)))
                .defaults(new StoreDefaults(d.keyPrefix(), d.encoding(), d.expiry(), BATCH_SIZE,
                        Math.max(d.maxPipeline(), BATCH_SIZE), d.maxValueSize(), d.slowOperation()))
                .sweepEvery(Duration.ZERO).build();
    }

    /** What the server spent in scripts since the last reset: Lua time is where an archive write spends. */
    private static void serverTime(String when) {
        REDIS.get().process().info("commandstats").forEach((k, v) -> {
            if (k.startsWith("cmdstat_eval")) {
                System.out.println("MEASURE server " + when + ": " + k.substring(8) + " " + v);
            }
        });
        REDIS.get().process().resetStats();
    }

    private static long[] lastCpu;

    /** The machine's load average, and the CPU share the hypervisor took (steal) since the last such line. */
    private static void load(String when) {
        long[] now = cpuTicks();
        String steal = lastCpu == null ? "" : String.format(", CPU stolen since the last line %.1f%%", stolen(lastCpu, now));
        lastCpu = now;
        try {
            System.out.println("MEASURE load average " + when + ": "
                    + Files.readString(Path.of("/proc/loadavg")).trim() + steal);
        } catch (IOException | RuntimeException e) {
            System.out.println("MEASURE load average " + when + ": unknown (" + e + ")");
        }
    }

    /** The machine's CPU time so far by kind, from /proc/stat (user, nice, system, idle, iowait, irq, softirq, steal). */
    private static long[] cpuTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long[] out = new long[8];
            for (int i = 0; i < 8 && i + 1 < f.length; i++) {
                out[i] = Long.parseLong(f[i + 1]);
            }
            return out;
        } catch (IOException | RuntimeException e) {
            return new long[8];
        }
    }

    /** The share of CPU time stolen between two {@link #cpuTicks()}, in percent. */
    private static double stolen(long[] before, long[] after) {
        long total = 0;
        for (int i = 0; i < 8; i++) {
            total += after[i] - before[i];
        }
        return 100.0 * (after[7] - before[7]) / Math.max(1, total);
    }

    private static StoreSpec<ChatMessage> spec(String name, Layout layout, Codec codec, Compression compression) {
        return StoreSpec.builder(name, ChatMessage.class).id("id").partitionBy("group_id").time("timestamp")
                .index("sender_id", "msg_type").layout(layout)
                .encoding(Encoding.defaults().withCodec(codec).withCompression(compression, DataSize.ofBytes(512))).build();
    }

    @Test
    void memoryPerMessageOnEachLayout() {
        load("before");
        long jsonBytes = 0;
        List<ChatMessage> sample = new ArrayList<>();
        generate(10_000, GROUPS, 42, sample::addAll);
        for (ChatMessage m : sample) {
            jsonBytes += json(m).length;
        }
        System.out.printf("MEASURE average JSON of a message: %.1f B%n", jsonBytes / (double) sample.size());
        try (Jedis jedis = new Jedis(REDIS.get().host(), REDIS.get().port())) {
            measure("seed: JSON hash per group + zset", batch -> {
                Pipeline p = jedis.pipelined();
                for (ChatMessage m : batch) {
                    String g = "seed:{" + m.groupId() + "}:";
                    p.sendCommand(Protocol.Command.HSET, g.getBytes(StandardCharsets.UTF_8), m.id().getBytes(StandardCharsets.UTF_8), json(m));
                    p.sendCommand(Protocol.Command.ZADD, g + "t", Long.toString(m.timestamp()), m.id());
                }
                p.sync();
            });
            long[] seq = new long[1];
            measure("stream per group (XADD, JSON field)", batch -> {
                Pipeline p = jedis.pipelined();
                for (ChatMessage m : batch) {
                    p.sendCommand(Protocol.Command.XADD, ("s:{" + m.groupId() + "}").getBytes(StandardCharsets.UTF_8),
                            (m.timestamp() + "-" + (seq[0]++)).getBytes(StandardCharsets.UTF_8),
                            "m".getBytes(StandardCharsets.UTF_8), json(m));
                }
                p.sync();
            });
        }
        for (Object[] v : new Object[][] {
                {"records json", Layout.RECORDS, Codec.JSON, Compression.NONE},
                {"records msgpack+lz4(>512B)", Layout.RECORDS, Codec.MSGPACK, Compression.LZ4},
                {"archive json", Layout.ARCHIVE, Codec.JSON, Compression.NONE},
                {"archive msgpack", Layout.ARCHIVE, Codec.MSGPACK, Compression.LZ4}}) {
            try (Larder larder = larder()) {
                String name = "m" + System.nanoTime();
                Storage<ChatMessage> store = larder.store(spec(name, (Layout) v[1], (Codec) v[2], (Compression) v[3]));
                measure((String) v[0], store::saveAll);
                if (v[1] == Layout.ARCHIVE) {
                    breakdown(name);
                }
            }
        }
        load("after");
    }

    /** Where an archive store's bytes go, by key kind ({@code MEMORY USAGE}, so approximate): chunks, index, tail, meta. */
    private static void breakdown(String store) {
        Map<String, long[]> kinds = new TreeMap<>();
        try (Jedis jedis = new Jedis(REDIS.get().host(), REDIS.get().port())) {
            String cursor = "0";
            do {
                ScanResult<String> page = jedis.scan(cursor,
                        new ScanParams().match("larder:" + store + ":*").count(10_000));
                Pipeline p = jedis.pipelined();
                List<Response<Long>> usage = new ArrayList<>();
                List<Response<Long>> length = new ArrayList<>();
                for (String k : page.getResult()) {
                    usage.add(p.memoryUsage(k, 0));
                    length.add(k.contains("}:c:") ? p.strlen(k) : null);
                }
                p.sync();
                for (int i = 0; i < page.getResult().size(); i++) {
                    String k = page.getResult().get(i);
                    String rest = k.contains("}:") ? k.substring(k.lastIndexOf("}:") + 2) : "registry :tails";
                    String kind = rest.startsWith("c:") ? "chunk c:*" : rest.startsWith("x:") ? "id index x:*" : rest;
                    long[] sum = kinds.computeIfAbsent(kind, x -> new long[3]);
                    sum[0]++;
                    sum[1] += usage.get(i).get() == null ? 0 : usage.get(i).get();
                    sum[2] += length.get(i) == null ? 0 : length.get(i).get();
                }
                cursor = page.getCursor();
            } while (!"0".equals(cursor));
        }
        kinds.forEach((kind, sum) -> System.out.printf("MEASURE   %-14s %8d keys %7.1f B/message%s%n", kind, sum[0],
                sum[1] / (double) COUNT, sum[2] == 0 ? "" : String.format("  (values %.1f B/message)", sum[2] / (double) COUNT)));
    }

    @Test
    void readLatencyOnOneLargeGroup() {
        REDIS.get().flushAll();
        Layout layout = Layout.valueOf(System.getProperty("larder.measure.layout", "ARCHIVE"));
        System.out.println("MEASURE latency layout " + layout + ", batch.size " + BATCH_SIZE + ", client " + CLIENT);
        load("before");
        try (Larder larder = larder(); Jedis raw = new Jedis(REDIS.get().host(), REDIS.get().port())) {
            Storage<ChatMessage> store = larder.store(spec("big", layout, Codec.MSGPACK, Compression.LZ4));
            long before = usedMemory();
            REDIS.get().process().resetStats();
            long t0 = System.nanoTime();
            long[] last = new long[1];
            generate(BIG, 1, 7, batch -> {
                store.saveAll(batch);
                last[0] = batch.get(batch.size() - 1).timestamp();
            });
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("MEASURE one group of %d: %.0f messages/s (saveAll of %d, batch.size %d), %.1f s, %.1f B/message%n",
                    BIG, BIG / seconds, BATCH, BATCH_SIZE, seconds, (usedMemory() - before) / (double) BIG);
            long rawLast = seedRaw(raw);
            load("after loading");
            serverTime("loading");
            String g = "700000000";
            Random random = new Random(1);
            long span = last[0] - START;
            long rawSpan = rawLast - START;
            // the paging probe alternates a first page and its next page: one call each, timed apart
            Query[] cursor = new Query[1];
            long[] rawCursor = new long[1];
            reads(List.of(
                    new Probe("latest 100", () -> store.list(Query.in("group_id", g).newestFirst().limit(100)),
                            () -> rawRange(raw, "+inf", "-inf", true, 100)),
                    new Probe("one-hour range (oldest first, limit 1000)", () -> {
                        long from = START + (long) (random.nextDouble() * (span - 3_600_000));
                        store.list(Query.in("group_id", g).betweenMillis(from, from + 3_600_000).limit(1000));
                    }, () -> {
                        long from = START + (long) (random.nextDouble() * (rawSpan - 3_600_000));
                        rawRange(raw, Long.toString(from), "(" + (from + 3_600_000), false, 1000);
                    }),
                    new Probe("before t, newest first: page of 100, then its next", () -> {
                        if (cursor[0] == null) {
                            long to = START + (long) (random.nextDouble() * span);
                            Query q = Query.in("group_id", g).until(Instant.ofEpochMilli(to)).newestFirst().limit(100);
                            cursor[0] = store.list(q).next().map(q::after).orElse(null);
                        } else {
                            store.list(cursor[0]);
                            cursor[0] = null;
                        }
                    }, () -> {
                        if (rawCursor[0] == 0) {
                            long to = START + (long) (random.nextDouble() * rawSpan);
                            List<ChatMessage> p = rawRange(raw, "(" + to, "-inf", true, 100);
                            rawCursor[0] = p.isEmpty() ? 0 : p.get(p.size() - 1).timestamp();
                        } else {
                            rawRange(raw, "(" + rawCursor[0], "-inf", true, 100);
                            rawCursor[0] = 0;
                        }
                    }),
                    new Probe("load by id", () -> store.load(Key.of(g, Long.toString(1_800_000_000L + random.nextInt(BIG)))),
                            () -> decode(raw.get(bytes(RAW_VALUE + (1_800_000_000L + random.nextInt(RAW)))))),
                    new Probe("sender filter, newest 20", () -> store.list(Query.in("group_id", g)
                            .where("sender_id", Long.toString(1_000_000_000L + random.nextInt(40))).newestFirst().limit(20)), null)));
            load("after reading");
        }
    }

    /**
     * The first {@value #RAW} messages of the big group written as a hand-rolled client would
     * keep them: a JSON string per message and a sorted set of ids by time. Returns the newest time.
     */
    private static long seedRaw(Jedis jedis) {
        long[] last = new long[1];
        generate(RAW, 1, 7, batch -> {
            Pipeline p = jedis.pipelined();
            for (ChatMessage m : batch) {
                p.set(bytes(RAW_VALUE + m.id()), json(m));
                p.zadd(bytes(RAW_TIMELINE), m.timestamp(), bytes(m.id()));
            }
            p.sync();
            last[0] = batch.get(batch.size() - 1).timestamp();
        });
        return last[0];
    }

    /** The raw client's page: ids by score between {@code from} and {@code to} (Redis's syntax), then one MGET. */
    private static List<ChatMessage> rawRange(Jedis jedis, String from, String to, boolean newestFirst, int limit) {
        List<byte[]> ids = newestFirst ? jedis.zrevrangeByScore(bytes(RAW_TIMELINE), bytes(from), bytes(to), 0, limit)
                : jedis.zrangeByScore(bytes(RAW_TIMELINE), bytes(from), bytes(to), 0, limit);
        if (ids.isEmpty()) {
            return List.of();
        }
        byte[][] keys = new byte[ids.size()][];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = bytes(RAW_VALUE + new String(ids.get(i), StandardCharsets.UTF_8));
        }
        List<ChatMessage> out = new ArrayList<>(keys.length);
        for (byte[] v : jedis.mget(keys)) {
            out.add(decode(v));
        }
        return out;
    }

    private static ChatMessage decode(byte[] json) {
        try {
            return JSON.readValue(json, ChatMessage.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A query timed through Larder and, when {@code raw} is given, by a hand-rolled Jedis client. */
    private record Probe(String what, Runnable op, Runnable raw) {
    }

    /**
     * Times every probe in {@value #ROUNDS} rounds of {@value #PER_ROUND} calls, the rounds of all
     * probes interleaved, and each Larder call followed by the raw client's, so the machine's noise
     * falls on both alike. Prints per probe the percentiles over all calls, then each round's p99
     * beside the CPU share the hypervisor took during it (steal): on a shared virtual machine that
     * is what sets the tail, and the rounds without it show what the code does.
     */
    private static void reads(List<Probe> probes) {
        for (Probe p : probes) {
            for (int i = 0; i < 1000; i++) {
                p.op().run();
                if (p.raw() != null) {
                    p.raw().run();
                }
            }
        }
        int n = ROUNDS * PER_ROUND;
        long[][] ns = new long[probes.size()][n];
        long[][] rawNs = new long[probes.size()][n];
        double[][] steal = new double[probes.size()][ROUNDS];
        long[][] server = new long[probes.size()][2];
        for (int r = 0; r < ROUNDS; r++) {
            for (int q = 0; q < probes.size(); q++) {
                Probe p = probes.get(q);
                long[] cpu = cpuTicks();
                long[] eval = evalStats();
                for (int i = r * PER_ROUND; i < (r + 1) * PER_ROUND; i++) {
                    long t = System.nanoTime();
                    p.op().run();
                    ns[q][i] = System.nanoTime() - t;
                    if (p.raw() != null) {
                        t = System.nanoTime();
                        p.raw().run();
                        rawNs[q][i] = System.nanoTime() - t;
                    }
                }
                steal[q][r] = stolen(cpu, cpuTicks());
                long[] after = evalStats();
                server[q][0] += after[0] - eval[0];
                server[q][1] += after[1] - eval[1];
            }
        }
        for (int q = 0; q < probes.size(); q++) {
            Probe p = probes.get(q);
            StringBuilder rounds = new StringBuilder();
            for (int r = 0; r < ROUNDS; r++) {
                rounds.append(String.format("  [steal %.1f%%: p99 %.2f", steal[q][r], p99(ns[q], r)));
                rounds.append(p.raw() != null ? String.format(" / raw %.2f]", p99(rawNs[q], r)) : "]");
            }
            System.out.printf("MEASURE latency %-44s %s; server %.0f µs/call (%d scripts)%n", p.what(), percentiles(ns[q]),
                    server[q][1] / (double) Math.max(1, n), server[q][0]);
            if (p.raw() != null) {
                System.out.printf("MEASURE latency %-44s %s%n", "  same, raw Jedis", percentiles(rawNs[q]));
            }
            System.out.println("MEASURE latency   by round (ms):" + rounds);
        }
    }

    /** p50, p90 and p99 of {@code ns}, in ms. */
    private static String percentiles(long[] ns) {
        long[] sorted = ns.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return String.format("p50 %6.3f ms  p90 %6.3f ms  p99 %6.3f ms  (%d calls)", sorted[n / 2] / 1e6,
                sorted[(int) (n * 0.9)] / 1e6, sorted[(int) (n * 0.99)] / 1e6, n);
    }

    /** The p99 of round {@code r}'s calls, in ms. */
    private static double p99(long[] ns, int r) {
        long[] round = Arrays.copyOfRange(ns, r * PER_ROUND, (r + 1) * PER_ROUND);
        Arrays.sort(round);
        return round[(int) (round.length * 0.99)] / 1e6;
    }

    /** Calls and microseconds the server has spent in EVALSHA since its stats were reset. */
    private static long[] evalStats() {
        String v = REDIS.get().process().info("commandstats").getOrDefault("cmdstat_evalsha", "calls=0,usec=0");
        long calls = 0;
        long usec = 0;
        for (String kv : v.split(",")) {
            if (kv.startsWith("calls=")) {
                calls = Long.parseLong(kv.substring(6));
            } else if (kv.startsWith("usec=")) {
                usec = Long.parseLong(kv.substring(5));
            }
        }
        return new long[] {calls, usec};
    }
}
