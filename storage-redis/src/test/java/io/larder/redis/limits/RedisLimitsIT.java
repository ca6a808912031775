package io.larder.redis.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.Health;
import io.larder.StorageUnavailableException;
import io.larder.redis.RedisBackend;
import io.larder.redis.RedisSettings;
import io.larder.redis.RedisSettings.Client;
import io.larder.spi.BackendLimits;
import io.larder.spi.LimitCall;
import io.larder.spi.LimitLayout;
import io.larder.spi.LimitReply;
import io.larder.spi.LimitRule;
import io.larder.testkit.CommandStats;
import io.larder.testkit.RedisExtension;
import io.larder.testkit.RedisStandalone;
import io.larder.testkit.RespClient;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The adapter's side of the limits on one server: one round trip per decision, and an outage as a translated exception. */
@Isolated("counts every command the server runs, and stops it")
class RedisLimitsIT {
    @RegisterExtension
    static final RedisExtension<RedisStandalone> REDIS = RedisExtension.standalone();

    @ParameterizedTest
    @EnumSource(Client.class)
    void eachDecisionIsOneScriptCallAndNothingElse(Client client) {
        try (RedisBackend backend = RedisBackend.create(settings(client))) {
            BackendLimits limits = backend.openLimits(layout("rounds-" + client), Clock.systemUTC());
            REDIS.get().process().resetStats();
            for (int i = 0; i < 300; i++) {
                limits.apply(LimitCall.acquire("user-" + i % 7, 1));
            }
            CommandStats stats = REDIS.get().process().commandStats();
            System.out.printf("LIMITS %s: 300 decisions of 3 limits: %s%n", client, stats);
            assertThat(stats.calls("evalsha")).isEqualTo(300);
            assertThat(stats.calls("time")).as("each script read the server's clock once").isEqualTo(300);
            // what the scripts ran inside count too; anything else would be a round trip of its own
            assertThat(stats.asMap().keySet()).isSubsetOf("evalsha", "time", "mget", "incrby", "set", "config", "config|resetstat");
        }
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    void aServerThatIsGoneIsAnUnavailableBackendAndOneThatCameBackDecidesAgain(Client client) {
        try (RedisBackend backend = RedisBackend.create(settings(client))) {
            BackendLimits limits = backend.openLimits(layout("outage-" + client), Clock.systemUTC());
            LimitReply before = limits.apply(LimitCall.acquire("u", 1));
            REDIS.get().process().stop();
            try {
                assertThatThrownBy(() -> limits.apply(LimitCall.acquire("u", 1)))
                        .isInstanceOf(StorageUnavailableException.class)
                        .extracting(e -> ((StorageUnavailableException) e).server())
                        .isEqualTo(Optional.of(REDIS.get().address().toString()));
            } finally {
                REDIS.get().process().restart();
            }
            awaitReconnected(backend);
            LimitReply after = limits.apply(LimitCall.acquire("u", 1));
            assertThat(after.allowed()).isTrue();
            assertThat(after.decidedAtMicros()).isGreaterThan(before.decidedAtMicros());
        }
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    void limitersWithTheSameLimitsShareOneScriptWhichIsLoadedAgainWhenTheServerForgetsIt(Client client) {
        try (RedisBackend backend = RedisBackend.create(settings(client))) {
            BackendLimits a = backend.openLimits(layout("shared-a-" + client), Clock.systemUTC());
            BackendLimits b = backend.openLimits(layout("shared-b-" + client), Clock.systemUTC());
            BackendLimits other = backend.openLimits(new LimitLayout("larder:", "other-" + client, ZoneId.of("Asia/Shanghai"),
                    List.of(LimitRule.fixed(61, Duration.ofMinutes(1)))), Clock.systemUTC());
            a.apply(LimitCall.acquire("u", 1));
            b.apply(LimitCall.acquire("u", 1));
            other.apply(LimitCall.acquire("u", 1));
            try (RespClient redis = REDIS.get().process().client()) {
                redis.call("SCRIPT", "FLUSH");
            }
            REDIS.get().process().resetStats();
            assertThat(a.apply(LimitCall.acquire("u", 1)).rules().get(0).remaining()).isEqualTo(58);
            assertThat(b.apply(LimitCall.acquire("u", 1)).rules().get(0).remaining()).isEqualTo(58);
            assertThat(other.apply(LimitCall.acquire("u", 1)).rules().get(0).remaining()).isEqualTo(59);
            CommandStats stats = REDIS.get().process().commandStats();
            // a's call finds NOSCRIPT and loads the script a and b share; other's is its own
            assertThat(stats.calls("script|load") + stats.calls("script")).as("scripts loaded again: %s", stats).isEqualTo(2);
            assertThat(stats.calls("evalsha")).isEqualTo(5);
        }
    }

    /** Lettuce refuses commands while it reconnects (with backoff), so the test waits until a PING answers again. */
    private static void awaitReconnected(RedisBackend backend) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (backend.health().status() == Health.Status.DOWN) {
            assertThat(System.nanoTime() - deadline).as("the backend reconnected within 20 s").isNegative();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static RedisSettings settings(Client client) {
        return RedisSettings.builder().client(client)
                .address(REDIS.get().host(), REDIS.get().port())
                // a first connection on a loaded machine can take seconds; an outage is found by the command timeout
                .timeouts(new RedisSettings.Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(3))).build();
    }

    private static LimitLayout layout(String name) {
        return new LimitLayout("larder:", name, ZoneId.of("Asia/Shanghai"),
                List.of(LimitRule.fixed(60, Duration.ofMinutes(1)), LimitRule.day(1000), LimitRule.month(20_000)));
    }
}
