package io.larder.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.Health;
import io.larder.Larder;
import io.larder.limiter.Decision;
import io.larder.limiter.Limit;
import io.larder.limiter.OnUnavailable;
import io.larder.limiter.RateLimiter;
import io.larder.redis.RedisBackend;
import io.larder.redis.RedisSettings;
import io.larder.redis.RedisSettings.Client;
import io.larder.testkit.RedisExtension;
import io.larder.testkit.RedisStandalone;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The failure policy against a real outage: the Redis server stops under a limiter, which
 * decides by its policy, counts it and throws nothing, and decides by its counters again once
 * the server is back.
 */
@Isolated("stops its server")
class LimiterOutageIT {
    @RegisterExtension
    static final RedisExtension<RedisStandalone> REDIS = RedisExtension.standalone();

    @ParameterizedTest
    @EnumSource(Client.class)
    void whileTheServerIsDownAFailClosedLimiterDeniesAndAFailOpenOneAllowsEachCountingIt(Client client) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Larder larder = Larder.builder().backend(RedisBackend.create(settings(client))).meterRegistry(registry)
                .sweepEvery(Duration.ZERO).build()) {
            RateLimiter closed = RateLimiter.builder(larder, "closed-" + client).limit(Limit.perMinute(100)).build();
            RateLimiter open = RateLimiter.builder(larder, "open-" + client).limit(Limit.perMinute(100))
                    .onUnavailable(OnUnavailable.ALLOW).build();
            assertThat(closed.tryAcquire("u").allowed()).isTrue();
            REDIS.get().process().stop();
            Decision denied;
            Decision allowed;
            try {
                denied = closed.tryAcquire("u");
                allowed = open.tryAcquire("u");
            } finally {
                REDIS.get().process().restart();
            }
            assertThat(denied.allowed()).isFalse();
            assertThat(denied.unavailable()).isTrue();
            assertThat(denied.retryAfter()).isEqualTo(Duration.ofSeconds(1));
            assertThat(allowed.allowed()).isTrue();
            assertThat(allowed.unavailable()).isTrue();
            assertThat(count(registry, closed, "unavailable")).isEqualTo(1);
            assertThat(count(registry, open, "unavailable")).isEqualTo(1);

            // Lettuce refuses commands while it reconnects (with backoff): wait until the backend answers again
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (larder.health().status() == Health.Status.DOWN) {
                assertThat(System.nanoTime() - deadline).as("the backend reconnected within 20 s").isNegative();
                sleep(20);
            }
            Decision back = closed.tryAcquire("u");
            assertThat(back.unavailable()).as("decided by the counters again").isFalse();
            assertThat(back.allowed()).isTrue();
            assertThat(count(registry, closed, "allowed")).isEqualTo(2);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static double count(SimpleMeterRegistry registry, RateLimiter limiter, String outcome) {
        return registry.get("larder.limiter.decisions").tag("limiter", limiter.name()).tag("outcome", outcome).counter().count();
    }

    private static RedisSettings settings(Client client) {
        return RedisSettings.builder().client(client)
                .address(REDIS.get().host(), REDIS.get().port())
                // a first connection on a loaded machine can take seconds; the outage is found by the command timeout
                .timeouts(new RedisSettings.Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(2))).build();
    }
}
