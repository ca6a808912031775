package io.larder.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.Larder;
import io.larder.redis.RedisBackend;
import io.larder.redis.RedisSettings;
import io.larder.sessions.SessionSettings;
import io.larder.sessions.Sessions;
import io.larder.testkit.RedisExtension;
import io.larder.testkit.RedisStandalone;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Users' session lists do not keep expired sessions: after 100,000 sessions of 1,000 users have
 * expired and the background sweep has run, the server's memory is back where it was before the
 * first sign-in (within 1%). The server has no keyspace notifications (managed Redis refuses
 * {@code CONFIG}); the store's own sweep does the cleaning.
 */
@Isolated("measures the server's memory")
class SessionsMemoryIT {
    private static final int USERS = 1_000;
    private static final int SESSIONS = 100_000;

    // the slow log keeps the arguments of slow commands: memory that is not the store's
    @RegisterExtension
    static final RedisExtension<RedisStandalone> REDIS = RedisExtension.standalone(b -> b.config("slowlog-log-slower-than", "-1"));

    @Test
    void theListsOf100000ExpiredSessionsOf1000UsersGiveTheirMemoryBack() throws Exception {
        RedisSettings settings = RedisSettings.builder()
                .address(REDIS.get().host(), REDIS.get().port()).build();
        try (Larder larder = Larder.builder().backend(RedisBackend.create(settings)).sweepEvery(Duration.ZERO).build()) {
            Sessions sessions = Sessions.open(larder, SessionSettings.builder().store("sessions")
                    .expiry(Duration.ofSeconds(2)).build());
            assertThat(REDIS.get().process().client().callStrings("CONFIG", "GET", "notify-keyspace-events"))
                    .as("no keyspace notifications").containsExactly("notify-keyspace-events", "");
            long empty = settledMemory(Long.MAX_VALUE);

            long start = System.nanoTime();
            for (int i = 0; i < SESSIONS; i++) {
                sessions.create("user-" + (i % USERS), Map.of("ip_address", "192.168.1." + (i % 250), "user_agent", "Mozilla/5.0"));
            }
            long createMillis = (System.nanoTime() - start) / 1_000_000;
            long full = usedMemory();
            long entries = larder.indexEntries("sessions");
            Thread.sleep(2_500); // the last sessions expire

            start = System.nanoTime();
            int sweeps = 0;
            long removed = 0;
            while (true) {
                int r = larder.sweep();
                sweeps++;
                removed += r;
                if ((r == 0 || sweeps % 100 == 0) && larder.indexEntries("sessions") == 0) {
                    break;
                }
                assertThat(sweeps).as("sweeps needed").isLessThan(5_000);
            }
            long sweepMillis = (System.nanoTime() - start) / 1_000_000;
            long after = settledMemory(empty);

            System.out.printf("SESSIONS %d sessions of %d users (%d ms to create), %d list entries at the end of creation,"
                            + " memory without client buffers: empty %d B, full %d B, after %d sweeps removing %d entries"
                            + " in %d ms: %d B (%+d B, %+.3f%%); used_memory with them %s B%n", SESSIONS, USERS, createMillis,
                    entries, empty, full, sweeps, removed, sweepMillis, after, after - empty, 100.0 * (after - empty) / empty,
                    REDIS.get().process().info("memory").get("used_memory"));
            assertThat(larder.indexEntries("sessions")).isZero();
            assertThat(sessions.activeCount()).isZero();
            assertThat(Math.abs(after - empty)).as("memory beyond the empty state").isLessThanOrEqualTo(empty / 100);
        }
    }

    /** used_memory once the server has shrunk its hash tables (it does so in its cron, ten times a second). */
    private static long settledMemory(long target) throws InterruptedException {
        long previous = -1;
        long current = usedMemory();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            boolean near = target != Long.MAX_VALUE && Math.abs(current - target) <= target / 100;
            if (near || (target == Long.MAX_VALUE && current == previous)) {
                break;
            }
            Thread.sleep(500);
            previous = current;
            current = usedMemory();
        }
        return current;
    }

    /**
     * {@code used_memory} less the clients' buffers ({@code mem_clients_normal}): what the keyspace
     * holds. A connection pool that opens its idle connections while the test runs (Jedis keeps
     * {@code pool.size} of them) adds some 20 KB of buffers each, which no key accounts for.
     */
    private static long usedMemory() {
        Map<String, String> memory = REDIS.get().process().info("memory");
        return Long.parseLong(memory.get("used_memory")) - Long.parseLong(memory.get("mem_clients_normal"));
    }
}
