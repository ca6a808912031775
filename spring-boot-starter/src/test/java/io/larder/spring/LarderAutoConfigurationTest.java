package io.larder.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.ConfigurationException;
import io.larder.Health;
import io.larder.Key;
import io.larder.Larder;
import io.larder.Storage;
import io.larder.chat.ChatArchive;
import io.larder.config.LarderSettings;
import io.larder.limiter.RateLimiter;
import io.larder.memory.MemoryBackend;
import io.larder.sessions.Sessions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.SessionRepository;

/** What the auto-configuration defines, and when it defines nothing, in real application contexts on memory. */
class LarderAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(LarderAutoConfiguration.class));

    private static final String[] MEMORY = {
            "larder.backend.type=memory",
            "larder.stores.chat.partition-by=group_id",
            "larder.stores.chat.time=timestamp",
            "larder.stores.chat.indexes[0]=sender_id",
            "larder.stores.chat.indexes[1]=msg_type",
            "larder.stores.chat.expiry.policy=none",
            "larder.stores.notes.expiry.policy=none",
            "larder.limiters.api.limits[0].max=2",
            "larder.limiters.api.limits[0].per=minute",
    };

    @Test
    void anApplicationWithoutLarderPropertiesGetsNothing() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(Larder.class);
            assertThat(context).doesNotHaveBean(LarderSettings.class);
            assertThat(context).doesNotHaveBean(Sessions.class);
            assertThat(context).doesNotHaveBean(SessionRepository.class);
            assertThat(context).doesNotHaveBean(CacheManager.class);
            assertThat(context).doesNotHaveBean(CompositeHealthContributor.class);
        });
    }

    @Test
    void anApplicationWithItsOwnLarderGetsNothingElse() {
        runner.withPropertyValues(MEMORY).withUserConfiguration(OwnLarder.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(Larder.class);
            assertThat(context.getBean(Larder.class).storeNames()).isEmpty();
            assertThat(context).doesNotHaveBean(LarderSettings.class);
            assertThat(context).doesNotHaveBean(Sessions.class);
            assertThat(context).doesNotHaveBean("chatStore");
            assertThat(context).doesNotHaveBean(SessionRepository.class);
        });
    }

    @Test
    void larderPropertiesGiveTheLarderItsStoresLimitersArchiveAndOperations() {
        runner.withPropertyValues(MEMORY).run(context -> {
            assertThat(context).hasNotFailed();
            Larder larder = context.getBean(Larder.class);
            assertThat(larder.storeNames()).containsExactlyInAnyOrder("chat", "notes");
            assertThat(larder.storeHealth("notes")).as("opened when first injected").isEmpty();
            assertThat(context.getBeanNamesForType(Storage.class)).containsExactly("notesStore");
            assertThat(context.getBeanNamesForType(RateLimiter.class)).containsExactly("apiLimiter");
            assertThat(context.getBeanNamesForType(ChatArchive.class)).as("the chat store is the archive's")
                    .containsExactly("chatArchive");

            @SuppressWarnings("unchecked")
            Storage<Map<String, Object>> notes = context.getBean("notesStore", Storage.class);
            String id = notes.save(Map.of("id", "n1", "text", "hello"));
            assertThat(larder.store("notes", Map.class).load(Key.of(id))).contains(Map.of("id", "n1", "text", "hello"));

            RateLimiter api = context.getBean("apiLimiter", RateLimiter.class);
            assertThat(api.tryAcquire("u").allowed()).isTrue();
            assertThat(api.tryAcquire("u").allowed()).isTrue();
            assertThat(api.tryAcquire("u").allowed()).as("the third of 2 per minute").isFalse();

            assertThat(context.getBean(ChatArchive.class).name()).isEqualTo("chat");
            assertThat(context.getBean(Sessions.class).create("1001", Map.of()).userId()).isEqualTo("1001");
            assertThat(context).hasSingleBean(LarderSessionRepository.class);
        });
    }

    @Test
    void theLarderIsClosedWithTheContext() {
        Larder[] seen = new Larder[1];
        runner.withPropertyValues(MEMORY).run(context -> seen[0] = context.getBean(Larder.class));
        assertThat(seen[0].isOpen()).isFalse();
    }

    @Test
    void everyProblemOfTheLarderPropertiesIsReportedAtOnceWithTheKey() {
        runner.withPropertyValues("larder.backend.port=99999", "larder.defaults.compresion.algorithm=lz4").run(context -> {
            assertThat(context).hasFailed();
            Throwable root = context.getStartupFailure();
            while (!(root instanceof ConfigurationException) && root.getCause() != null) {
                root = root.getCause();
            }
            assertThat(root).isInstanceOf(ConfigurationException.class);
            assertThat(((ConfigurationException) root).problems()).hasSize(2).anySatisfy(p -> assertThat(p)
                    .startsWith("larder.backend.port at ").endsWith("expected an integer from 1 to 65535, got '99999'"))
                    .anySatisfy(p -> assertThat(p).startsWith("larder.defaults.compresion at ")
                            .endsWith("unknown key 'compresion'; did you mean 'compression'?"));
        });
    }

    @Test
    void theActiveSpringProfileSelectsTheLarderEnvironmentOfTheSameName() {
        runner.withPropertyValues("larder.backend.type=memory", "larder.defaults.key-prefix=base:",
                "environments.staging.larder.defaults.key-prefix=staging:", "spring.profiles.active=staging")
                .run(context -> assertThat(context.getBean(Larder.class).defaults().keyPrefix()).isEqualTo("staging:"));
        runner.withPropertyValues("larder.backend.type=memory", "larder.defaults.key-prefix=base:",
                "environments.staging.larder.defaults.key-prefix=staging:")
                .run(context -> assertThat(context.getBean(Larder.class).defaults().keyPrefix()).isEqualTo("base:"));
    }

    @Test
    void theLardersMetersGoToTheApplicationsRegistry() {
        runner.withPropertyValues(MEMORY).withUserConfiguration(Registry.class).run(context -> {
            Larder larder = context.getBean(Larder.class);
            assertThat(larder.meterRegistry()).isSameAs(context.getBean(MeterRegistry.class));
            larder.store("notes", Map.class).save(Map.of("id", "n1"));
            assertThat(context.getBean(MeterRegistry.class).get("larder.operation").tag("store", "notes").timers())
                    .isNotEmpty();
        });
    }

    @Test
    void healthHasTheBackendAndEachStoreUnknownUntilOpened() {
        runner.withPropertyValues(MEMORY).run(context -> {
            CompositeHealthContributor health = context.getBean(CompositeHealthContributor.class);
            assertThat(((HealthIndicator) health.getContributor("backend")).health().getStatus()).isEqualTo(Status.UP);
            assertThat(((HealthIndicator) health.getContributor("store-notes")).health().getStatus())
                    .isEqualTo(Status.UNKNOWN);
            context.getBean(Larder.class).store("notes", Map.class);
            assertThat(((HealthIndicator) health.getContributor("store-notes")).health().getStatus()).isEqualTo(Status.UP);
        });
    }

    @Test
    void larderDegradedIsShownAsTheDegradedStatusWithItsReason() {
        Health degraded = Health.up(Duration.ofMillis(3), Map.of("role", "master"))
                .degraded("no replica confirmed the last write");
        var spring = LarderHealth.toSpring(degraded);
        assertThat(spring.getStatus().getCode()).isEqualTo("DEGRADED");
        assertThat(spring.getDetails()).containsEntry("reason", "no replica confirmed the last write")
                .containsEntry("role", "master").containsEntry("latency", "3 ms");
        assertThat(LarderHealth.toSpring(Health.down("refused")).getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void declaredCachesGiveACacheManagerOfThoseCaches() {
        runner.withPropertyValues(MEMORY).withPropertyValues("larder.stores.plans.layout=values",
                "larder.caches.plans.negative-ttl=10s").run(context -> {
            assertThat(context).hasNotFailed();
            CacheManager caches = context.getBean(CacheManager.class);
            assertThat(caches.getCacheNames()).containsExactly("plans");
            assertThat(caches.getCache("other")).isNull();
            assertThat(caches.getCache("plans").get("p1", () -> "loaded")).isEqualTo("loaded");
            assertThat(caches.getCache("plans").get("p1", () -> "not again")).isEqualTo("loaded");
        });
    }

    @Test
    void aCacheKeepsTheValueTypeRegisteredForItAndRefusesAnother() {
        runner.withPropertyValues(MEMORY).withPropertyValues("larder.stores.plans.layout=values",
                "larder.caches.plans.negative-ttl=10s").withUserConfiguration(PlanTypes.class).run(context -> {
            var plans = context.getBean(CacheManager.class).getCache("plans");
            assertThat(plans.get("p1")).as("a miss without a loader").isNull();
            plans.put("p1", new Plan("strength", 16));
            assertThat(plans.get("p1").get()).isEqualTo(new Plan("strength", 16));
            assertThat(plans.get("p1", Plan.class)).isEqualTo(new Plan("strength", 16));
            Assertions.assertThatThrownBy(() -> plans.put("p2", "a text"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cache 'plans' keeps " + Plan.class.getName() + " values, not java.lang.String");
            plans.evict("p1");
            assertThat(plans.get("p1")).isNull();
        });
    }

    @Test
    void twoActiveProfilesThatEachSelectALarderEnvironmentAreRefused() {
        runner.withPropertyValues("larder.backend.type=memory", "environments.a.larder.defaults.key-prefix=a:",
                "environments.b.larder.defaults.key-prefix=b:", "spring.profiles.active=a,b").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("the active Spring profiles [a, b] each select a Larder environment");
        });
    }

    record Plan(String name, int weeks) {
    }

    @Configuration(proxyBeanMethods = false)
    static class PlanTypes {
        @Bean
        LarderCacheManager.ValueTypes valueTypes() {
            return LarderCacheManager.ValueTypes.of(Map.of("plans", Plan.class));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnLarder {
        @Bean(destroyMethod = "close")
        Larder larder() {
            return Larder.builder().backend(MemoryBackend.create()).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Registry {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }
}
