package io.larder.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.larder.Durability;
import io.larder.Expiry;
import io.larder.Key;
import io.larder.Layout;
import io.larder.Query;
import io.larder.Retention;
import io.larder.redis.RedisSettings.Client;
import io.larder.spi.BackendLimits;
import io.larder.spi.BackendStore;
import io.larder.spi.LimitCall;
import io.larder.spi.LimitLayout;
import io.larder.spi.LimitReply;
import io.larder.spi.LimitRule;
import io.larder.spi.RangeRequest;
import io.larder.spi.RecordWrite;
import io.larder.spi.StoreLayout;
import io.larder.spi.StoredRecord;
import io.larder.testkit.RedisExtension;
import io.larder.testkit.RedisStandalone;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the Python readers of KEYS.md, as printed there, against stores Larder wrote: the
 * documented layouts must be enough to read them. Needs python3 with the {@code redis} module,
 * and {@code lz4} for the archive (Debian: python3-redis, python3-lz4; {@code .ci/run} installs
 * them); skipped where they are missing.
 */
class KeysDocPythonIT {
    @RegisterExtension
    static final RedisExtension<RedisStandalone> REDIS = RedisExtension.standalone().flushBeforeEach();
    private static final long T0 = 1_767_225_600_000L;
    /** The interpreters tried: the one on the PATH, then the system's, where Debian's packages install. */
    private static final List<String> PYTHONS = List.of("python3", "/usr/bin/python3");

    @Test
    void theArchiveReaderInKeysMdReadsWhatLarderWrote(@TempDir Path dir) throws Exception {
        String python = pythonWith("redis, lz4.block");
        try (RedisBackend backend = RedisBackend.create(Targets.standalone(REDIS.get(), Client.JEDIS))) {
            BackendStore store = backend.open(new StoreLayout("chat", "larder:", true, List.of("sender"), Expiry.none(),
                    Retention.keepAll(), Layout.ARCHIVE, 100, 1000, Durability.none()), Clock.systemUTC());
            List<RecordWrite> writes = new ArrayList<>();
            for (int i = 0; i < 700; i++) {
                String value = "{\"id\":\"m" + i + "\",\"content\":\"第" + i + "条 message\"}";
                writes.add(new RecordWrite(Key.of("123456", "m" + i), value.getBytes(StandardCharsets.UTF_8), T0 + i * 1000L,
                        List.of(new Query.Term("sender", "u" + i % 3)), 0, null));
            }
            store.write(writes.subList(0, 600));          // two chunks of 256 and a tail of 88
            store.write(writes.subList(600, 700));        // 188 in the tail
            assertThat(REDIS.get().client().callLong("ZCARD", "larder:chat:{123456}:chunks")).isEqualTo(2);

            JsonNode read = runReader(python, dir, reader("# Archive layout"),
                    "print(json.dumps([[i, t, v.hex()] for i, t, v in records]))");
            List<StoredRecord> expected = store.range(new RangeRequest("123456", null, Long.MIN_VALUE, Long.MAX_VALUE, true, null,
                    read.size()));
            assertThat(read.size()).isGreaterThanOrEqualTo(188 + 256);
            for (int i = 0; i < read.size(); i++) {
                StoredRecord r = expected.get(i);
                assertThat(read.get(i).get(0).asText()).isEqualTo(r.key().id());
                assertThat(read.get(i).get(1).asLong()).isEqualTo(r.time());
                assertThat(read.get(i).get(2).asText()).isEqualTo(HexFormat.of().formatHex(r.value()));
            }
        }
    }

    @Test
    void theRecordsReaderInKeysMdReadsWhatLarderWrote(@TempDir Path dir) throws Exception {
        String python = pythonWith("redis");
        try (RedisBackend backend = RedisBackend.create(Targets.standalone(REDIS.get(), Client.JEDIS))) {
            BackendStore store = backend.open(new StoreLayout("chat", "larder:", true, List.of(), Expiry.none(),
                    Retention.keepAll(), Layout.RECORDS, 100, 1000, Durability.none()), Clock.systemUTC());
            List<RecordWrite> writes = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                String value = "{\"id\":\"m" + i + "\",\"content\":\"第" + i + "条\"}";
                writes.add(new RecordWrite(Key.of("123456", "m" + i), value.getBytes(StandardCharsets.UTF_8), T0 + i * 1000L,
                        List.of(), 0, null));
            }
            store.write(writes);
            // the block prints each record: collect what it prints instead
            JsonNode read = runReader(python, dir, "printed = []\nprint = lambda *a: printed.append(a)\n"
                    + reader("# Redis key layout, version 1"),
                    "import builtins\nbuiltins.print(json.dumps([[s, m] for s, m in printed], ensure_ascii=False))");
            List<StoredRecord> expected = store.range(new RangeRequest("123456", null, Long.MIN_VALUE, Long.MAX_VALUE, true, null, 20));
            assertThat(read.size()).isEqualTo(20);
            for (int i = 0; i < read.size(); i++) {
                assertThat(read.get(i).get(0).asLong()).isEqualTo(expected.get(i).time());
                assertThat(read.get(i).get(1).get("id").asText()).isEqualTo(expected.get(i).key().id());
                assertThat(read.get(i).get(1).toString()).isEqualTo(new String(expected.get(i).value(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void theRateLimitReaderInKeysMdReadsWhatALimiterWrote(@TempDir Path dir) throws Exception {
        String python = pythonWith("redis");
        try (RedisBackend backend = RedisBackend.create(Targets.standalone(REDIS.get(), Client.JEDIS))) {
            BackendLimits limits = backend.openLimits(new LimitLayout("larder:", "api", ZoneOffset.UTC,
                    List.of(LimitRule.fixed(60, Duration.ofMinutes(1)))), Clock.systemUTC());
            LimitReply taken = limits.apply(LimitCall.acquire("user-1001", 3));
            JsonNode read = runReader(python, dir, reader("# Rate limits"), "print(json.dumps([window, count]))");
            assertThat(read.get(0).asLong()).isEqualTo(taken.rules().get(0).window() / 60_000 % 2047 + 1);
            assertThat(read.get(1).asLong()).isEqualTo(3);
        }
    }

    /** The first of {@link #PYTHONS} that imports {@code modules}; the test is skipped when none does. */
    private static String pythonWith(String modules) {
        String python = PYTHONS.stream().filter(p -> runs(p, "import " + modules)).findFirst().orElse(null);
        assumeTrue(python != null, "no python3 that imports " + modules + " (tried " + PYTHONS + ")");
        return python;
    }

    /**
     * Runs {@code block} with {@code redis.Redis()} pointed at the test's server, then {@code report},
     * which prints JSON; returns that JSON.
     */
    private static JsonNode runReader(String python, Path dir, String block, String report) throws Exception {
        Path script = dir.resolve("read.py");
        Files.writeString(script, "import redis, json\n_Redis = redis.Redis\n"
                + "redis.Redis = lambda *a, **k: _Redis(host='" + REDIS.get().host() + "', port=" + REDIS.get().port() + ")\n"
                + block + "\n" + report + "\n");
        Path out = dir.resolve("out.json");
        assertThat(run(python, script.toString(), out)).as(Files.exists(out) ? Files.readString(out) : "no output").isZero();
        return new ObjectMapper().readTree(Files.readString(out, StandardCharsets.UTF_8));
    }

    /** The Python block under the first "Reading it from Python" after {@code section} in KEYS.md. */
    private static String reader(String section) throws IOException {
        String keys = Files.readString(Path.of("KEYS.md"));
        int archive = keys.indexOf(section);
        assertThat(archive).as("KEYS.md has " + section).isNotNegative();
        int heading = keys.indexOf("## Reading it from Python", archive);
        int start = keys.indexOf("```python\n", heading) + "```python\n".length();
        return keys.substring(start, keys.indexOf("```", start));
    }

    /** Runs {@code python} on {@code script}, its output to {@code out}; the exit code, -1 after a minute. */
    private static int run(String python, String script, Path out) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(python, script).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    /** Whether {@code python} runs {@code code} without error. */
    private static boolean runs(String python, String code) {
        try {
            Process p = new ProcessBuilder(python, "-c", code).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
