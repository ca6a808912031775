package io.larder.benchmarks;

import io.larder.Larder;
import io.larder.redis.RedisBackend;
import io.larder.redis.RedisSettings;
import io.larder.sessions.Session;
import io.larder.sessions.SessionSettings;
import io.larder.sessions.Sessions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import redis.clients.jedis.RedisClient;

/**
 * {@code Sessions.find(id)} on Redis through Jedis (one {@code GETEX}, the session decoded, a
 * 30-day cap on its expiry), beside a raw Jedis {@code GET} of the same stored bytes, nothing
 * decoded. One subject per JVM; {@link SessionsRun} interleaves them over rounds on one server
 * and writes {@code docs/benchmarks/sessions.md}:
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.larder.benchmarks.SessionsRun --rounds 3
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 2, time = 5)
public class SessionsBench {
    /** The Larder subject: {@code Sessions.find}. */
    public static final String FIND = "larder-find";
    /** The raw subject: Jedis {@code GET} of the session's stored bytes. */
    public static final String RAW = "raw-jedis-get";

    /** {@value #FIND} or {@value #RAW}. */
    @Param({FIND})
    public String subject;

    private Larder larder;
    private Sessions sessions;
    private String sessionId;
    private @Nullable RedisClient raw;          // the raw subject only
    private byte @Nullable [] rawKey;

    /** Signs a user in through Larder; the raw subject copies the stored bytes under a key of its own. */
    @Setup(Level.Trial)
    public void open() {
        RedisTarget redis = RedisTarget.fromSystemProperty();
        RedisSettings settings = RedisSettings.builder().client(RedisSettings.Client.JEDIS)
                .address(redis.host(), redis.port()).build();
        larder = Larder.builder().backend(RedisBackend.create(settings)).sweepEvery(Duration.ZERO).build();
        sessions = Sessions.open(larder, SessionSettings.builder().store("bench-sessions").maxAge(Duration.ofDays(30))
                .activityInterval(Duration.ofHours(1)).build());
        Session s = sessions.create("1001", Map.of(Session.USERNAME, "user1", Session.IP_ADDRESS, "192.168.1.1",
                Session.USER_AGENT, "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0"));
        sessionId = s.id();
        if (RAW.equals(subject)) {
            raw = RedisClient.builder().hostAndPort(redis.host(), redis.port()).build();
            byte[] stored = raw.get(("larder:bench-sessions:{1001}:r:" + sessionId).getBytes(StandardCharsets.UTF_8));
            if (stored == null) {
                throw new IllegalStateException("the session Larder stored is not where KEYS.md says it is");
            }
            rawKey = "bench:raw-session".getBytes(StandardCharsets.UTF_8);
            raw.set(rawKey, stored);
        } else if (!FIND.equals(subject)) {
            throw new IllegalArgumentException("subject is " + FIND + " or " + RAW + ", not " + subject);
        }
    }

    /** Closes what the trial opened. */
    @TearDown(Level.Trial)
    public void close() {
        if (raw != null) {
            raw.close();
        }
        larder.close();
    }

    /** One read of the session: {@code find} for Larder, {@code GET} for raw Jedis. */
    @Benchmark
    public Object read() {
        if (raw != null) {
            return raw.get(rawKey);
        }
        Optional<Session> s = sessions.find(sessionId);
        if (s.isEmpty()) {
            throw new IllegalStateException("the session is gone");
        }
        return s;
    }
}
