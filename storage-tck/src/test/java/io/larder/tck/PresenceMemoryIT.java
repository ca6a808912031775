package io.larder.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.Larder;
import io.larder.chat.Presence;
import io.larder.chat.PresenceSettings;
import io.larder.redis.RedisBackend;
import io.larder.redis.RedisSettings;
import io.larder.testkit.RedisExtension;
import io.larder.testkit.RedisStandalone;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The online users do not keep those whose heartbeats stopped: after 100,000 users signed in,
 * sent a heartbeat and went quiet, and the background sweep has run, the server's memory is back
 * where it was before the first sign-in (within 1%). The server has no keyspace notifications;
 * the store's own sweep cleans the online set, and the last activities expire by the server's TTL.
 */
@Isolated("measures the server's memory")
class PresenceMemoryIT {
    private static final int USERS = 100_000;

    // the slow log keeps the arguments of slow commands: memory that is not the store's
    @RegisterExtension
    static final RedisExtension<RedisStandalone> REDIS = RedisExtension.standalone(b -> b.config("slowlog-log-slower-than", "-1"));

    @Test
    void theOnlineSetOf100000UsersWhoseHeartbeatsStoppedGivesItsMemoryBack() throws Exception {
        RedisSettings settings = RedisSettings.builder()
                .address(REDIS.get().host(), REDIS.get().port()).build();
        try (Larder larder = Larder.builder().backend(RedisBackend.create(settings)).sweepEvery(Duration.ZERO).build()) {
            Presence presence = Presence.open(larder, PresenceSettings.builder().store("presence")
                    .expiry(Duration.ofSeconds(2)).activityInterval(Duration.ZERO).seenFor(Duration.ofSeconds(2))
                    .countInterval(Duration.ZERO).build());
            assertThat(REDIS.get().process().client().callStrings("CONFIG", "GET", "notify-keyspace-events"))
                    .as("no keyspace notifications").containsExactly("notify-keyspace-events", "");
            long empty = settledMemory(Long.MAX_VALUE);

            long start = System.nanoTime();
            for (int i = 0; i < USERS; i++) {
                presence.signIn("user-" + i, "user" + i, "192.168.1." + (i % 250), "Mozilla/5.0");
                presence.heartbeat("user-" + i);
            }
            long signInMillis = (System.nanoTime() - start) / 1_000_000;
            long full = usedMemory();
            long entries = larder.indexEntries("presence");
            Thread.sleep(2_500); // the last statuses expire

            start = System.nanoTime();
            int sweeps = 0;
            long removed = 0;
            while (true) {
                int r = larder.sweep();
                sweeps++;
                removed += r;
                if ((r == 0 || sweeps % 100 == 0) && larder.indexEntries("presence") == 0) {
                    break;
                }
                assertThat(sweeps).as("sweeps needed").isLessThan(5_000);
            }
            long sweepMillis = (System.nanoTime() - start) / 1_000_000;
            long after = settledMemory(empty);

            System.out.printf("PRESENCE %d users signed in with a heartbeat (%d ms), %d online entries at the end,"
                            + " memory without client buffers: empty %d B, full %d B, after %d sweeps removing %d entries"
                            + " in %d ms: %d B (%+d B, %+.3f%%)%n", USERS, signInMillis, entries, empty, full, sweeps,
                    removed, sweepMillis, after, after - empty, 100.0 * (after - empty) / empty);
            assertThat(entries).as("one timeline entry per online user").isEqualTo(USERS);
            assertThat(larder.indexEntries("presence")).isZero();
            assertThat(presence.onlineCount()).isZero();
            assertThat(presence.lastActivity("user-1")).as("the last activity expired with seen-for").isEmpty();
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

    /** {@code used_memory} less the clients' buffers, which no key accounts for (see {@code SessionsMemoryIT}). */
    private static long usedMemory() {
        Map<String, String> memory = REDIS.get().process().info("memory");
        return Long.parseLong(memory.get("used_memory")) - Long.parseLong(memory.get("mem_clients_normal"));
    }
}
