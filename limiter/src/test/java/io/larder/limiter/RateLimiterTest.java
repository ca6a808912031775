package io.larder.limiter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.ConfigurationException;
import io.larder.Health;
import io.larder.Larder;
import io.larder.StorageException;
import io.larder.memory.MemoryBackend;
import io.larder.spi.Backend;
import io.larder.spi.BackendStore;
import io.larder.spi.LimitRule;
import io.larder.spi.LimiterDeclaration;
import io.larder.spi.StoreLayout;
import io.larder.testkit.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The limiter's own behaviours on the memory adapter: its builder, the failure policy and the
 * metrics. What every backend must do alike (windows, all or none, refunds, bad input) is the
 * contract kit's ({@code io.larder.tck.LimiterContract}).
 */
class RateLimiterTest {
    private final TestClock clock = TestClock.virtual();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MemoryBackend memory = MemoryBackend.create();
    private final Larder larder = Larder.builder().backend(memory).clock(clock).meterRegistry(registry)
            .sweepEvery(Duration.ZERO).build();

    @AfterEach
    void close() {
        larder.close();
    }

    @Test
    void aLimiterIsBuiltWithItsLimitsInOrderAndDeniesWhenTheBackendFailsUnlessToldOtherwise() {
        RateLimiter api = RateLimiter.builder(larder, "api").limit(Limit.perMinute(60)).limit(Limit.perDay(1_000)).build();
        assertThat(api.name()).isEqualTo("api");
        assertThat(api.limits()).extracting(Limit::name).containsExactly("minute", "day");
        assertThat(api.onUnavailable()).isEqualTo(OnUnavailable.DENY);
        assertThat(api.toString()).contains("api").contains("60 per minute").contains("1000 per calendar day");
    }

    @Test
    void eachSettingOfTheBuilderIsMadeOnceAndTwoLimitsOfOneWindowAreRefused() {
        RateLimiter.Builder b = RateLimiter.builder(larder, "api").zone(ZoneOffset.UTC).onUnavailable(OnUnavailable.ALLOW);
        assertThatThrownBy(() -> b.zone(ZoneId.of("Asia/Shanghai"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("zone");
        assertThatThrownBy(() -> b.onUnavailable(OnUnavailable.DENY)).isInstanceOf(IllegalStateException.class);
        b.limit(Limit.perMinute(60));
        assertThatThrownBy(() -> b.limit(Limit.perMinute(100))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minute");
        assertThatThrownBy(() -> b.limit(Limit.fixed(10, Duration.ofSeconds(60)))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLimiterWithoutLimitsOrWithANameThatCannotBeAKeyIsRefused() {
        assertThatThrownBy(() -> RateLimiter.builder(larder, "api").build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one limit");
        assertThatThrownBy(() -> RateLimiter.builder(larder, "a:b").limit(Limit.perMinute(1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a:b");
    }

    @Test
    void limitsThatCouldNeverAdmitOrCountExactlyAreRefusedWhereTheyAreMade() {
        assertThatThrownBy(() -> Limit.perMinute(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
        assertThatThrownBy(() -> Limit.perDay(-5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Limit.fixed(5, Duration.ofNanos(1500))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("milliseconds");
        assertThatThrownBy(() -> Limit.sliding(5, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Limit.sliding(1L << 39, Duration.ofDays(30))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2^52");
        assertThatThrownBy(() -> Limit.smooth(10, Duration.ofSeconds(1), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("burst");
    }

    @Test
    void aSecondLimiterOfTheSameNameMustCountTheSameLimits() {
        RateLimiter.builder(larder, "api").limit(Limit.perMinute(60)).build();
        RateLimiter again = RateLimiter.builder(larder, "api").limit(Limit.perMinute(60)).build();
        assertThat(again.tryAcquire("u").allowed()).isTrue();
        assertThatThrownBy(() -> RateLimiter.builder(larder, "api").limit(Limit.perMinute(61)).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("already open");
    }

    @Test
    void whenTheBackendFailsAFailClosedLimiterDeniesCountsItAndThrowsNothing() {
        RateLimiter api = RateLimiter.builder(larder, "api").limit(Limit.perMinute(60)).build();
        assertThat(api.tryAcquire("u").allowed()).isTrue();
        memory.close();                              // the backend goes away under an open Larder
        Decision d = api.tryAcquire("u");
        assertThat(d.allowed()).isFalse();
        assertThat(d.unavailable()).isTrue();
        assertThat(d.limits()).isEmpty();
        assertThat(d.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(d.decidedAt()).isEqualTo(clock.instant());
        assertThat(api.peek("u").unavailable()).isTrue();
        assertThat(count("api", "allowed")).isEqualTo(1);
        assertThat(count("api", "unavailable")).isEqualTo(1);
        assertThat(count("api", "denied")).isZero();
    }

    @Test
    void whenTheBackendFailsAFailOpenLimiterAllowsCountsItAndHasNothingToRefund() {
        RateLimiter api = RateLimiter.builder(larder, "api").limit(Limit.perMinute(60)).onUnavailable(OnUnavailable.ALLOW).build();
        Decision taken = api.tryAcquire("u");
        memory.close();
        Decision d = api.tryAcquire("u");
        assertThat(d.allowed()).isTrue();
        assertThat(d.unavailable()).isTrue();
        assertThat(d.retryAfter()).isZero();
        assertThat(api.refund(d)).isFalse();
        assertThat(api.refund(taken)).as("the backend cannot take it back").isFalse();
        assertThat(count("api", "unavailable")).isEqualTo(1);
    }

    @Test
    void decisionsAreCountedByOutcomeUnderTheLimitersName() {
        RateLimiter api = RateLimiter.builder(larder, "api").limit(Limit.perMinute(2)).build();
        for (int i = 0; i < 5; i++) {
            api.tryAcquire("u");
        }
        api.peek("u");
        assertThat(count("api", "allowed")).isEqualTo(2);
        assertThat(count("api", "denied")).isEqualTo(3);
        assertThat(count("api", "unavailable")).isZero();
    }

    @Test
    void aDecisionSaysWhatItDecidedButNeverWhoItWasFor() {
        RateLimiter api = RateLimiter.builder(larder, "api").limit(Limit.perMinute(1)).build();
        api.tryAcquire("sk-secret-api-key");
        Decision denied = api.tryAcquire("sk-secret-api-key");
        assertThat(denied.toString()).contains("denied").contains("retry after").doesNotContain("sk-secret");
        assertThat(denied.subject()).isEqualTo("sk-secret-api-key");
    }

    @Test
    void aRefundOfAnotherLimitersDecisionOrOfMoreThanItTookIsRefused() {
        RateLimiter api = RateLimiter.builder(larder, "api").limit(Limit.perMinute(10)).build();
        RateLimiter chat = RateLimiter.builder(larder, "chat").limit(Limit.perMinute(10)).build();
        Decision d = api.tryAcquire("u", 3);
        assertThatThrownBy(() -> chat.refund(d)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("api");
        assertThatThrownBy(() -> api.refund(d, 4)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 3");
        assertThatThrownBy(() -> api.refund(d, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(api.refund(d, 2)).isTrue();
        assertThat(api.peek("u").remaining()).isEqualTo(9);
    }

    @Test
    void aLimiterDeclaredInConfigurationIsOpenedByName() {
        LimiterDeclaration declared = new LimiterDeclaration("api", ZoneId.of("Asia/Shanghai"),
                List.of(LimitRule.fixed(60, Duration.ofMinutes(1)), LimitRule.month(20_000)),
                LimiterDeclaration.OnUnavailable.ALLOW);
        try (Larder configured = Larder.builder().backend(MemoryBackend.create()).clock(clock).limiter(declared).build()) {
            RateLimiter api = RateLimiter.of(configured, "api");
            assertThat(api.limits()).containsExactly(Limit.perMinute(60), Limit.perMonth(20_000));
            assertThat(api.onUnavailable()).isEqualTo(OnUnavailable.ALLOW);
            assertThat(api.tryAcquire("u").remaining()).isEqualTo(59);
            assertThatThrownBy(() -> RateLimiter.of(configured, "apl")).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("apl").hasMessageContaining("[api]");
        }
    }

    @Test
    void aBackendThatKeepsNoRateLimitsRefusesALimiterWithAClearMessage() {
        Backend storesOnly = new Backend() {
            @Override
            public BackendStore open(StoreLayout layout, Clock c) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Health health() {
                return Health.down("none");
            }

            @Override
            public void close() {
            }
        };
        try (Larder plain = Larder.builder().backend(storesOnly).build()) {
            assertThatThrownBy(() -> RateLimiter.builder(plain, "api").limit(Limit.perMinute(1)).build())
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("keeps no rate limits")
                    .hasMessageContaining("api");
        }
    }

    @Test
    void aLimiterOfAClosedLarderRefusesWorkLikeItsStores() {
        RateLimiter api = RateLimiter.builder(larder, "api").limit(Limit.perMinute(1)).build();
        larder.close();
        assertThatThrownBy(() -> api.tryAcquire("u")).isInstanceOf(StorageException.class).hasMessageContaining("closed");
        assertThat(count("api", "unavailable")).isZero();
    }

    private double count(String limiter, String outcome) {
        return registry.get("larder.limiter.decisions").tag("limiter", limiter).tag("outcome", outcome).counter().count();
    }
}
