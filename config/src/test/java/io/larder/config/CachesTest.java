package io.larder.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.larder.ConfigurationException;
import io.larder.Expiry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code larder.caches}: the cache in front of a store, typed, and validated like the rest of the file. */
class CachesTest {

    @Test
    void aCacheSectionIsReadIntoItsDeclaration() {
        LarderSettings s = Yaml.parse("""
                larder:
                  stores:
                    plans: { layout: values }
                  caches:
                    plans:
                      expiry: 30m
                      negative-ttl: 10s
                      on-put: invalidate
                      breaker: { failure-rate: 40, window: 20, open-for: 5s, probes: 2, slow-call: 250ms }
                      warm-up: { keys: [ default, weekly ] }
                """, null);
        assertThat(s.cache("plans")).contains(new CacheDeclaration("plans", Duration.ofSeconds(10),
                CacheDeclaration.OnPut.INVALIDATE, 40, 20, Duration.ofSeconds(5), 2, Duration.ofMillis(250),
                List.of("default", "weekly")));
        assertThat(s.store("plans").orElseThrow().expiry()).contains(Expiry.absolute(Duration.ofMinutes(30)));
    }

    @Test
    void whatACacheLeavesOutTakesTheCacheModulesDefaults() {
        LarderSettings s = Yaml.parse("""
                larder:
                  stores: { plans: {} }
                  caches: { plans: {} }
                """, null);
        assertThat(s.cache("plans")).contains(new CacheDeclaration("plans", Duration.ofSeconds(30),
                CacheDeclaration.OnPut.UPDATE, 50, 10, Duration.ofSeconds(10), 3, Duration.ofSeconds(1), List.of()));
        assertThat(s.store("plans").orElseThrow().expiry()).as("the store's own, or the defaults'").isEmpty();
        assertThat(s.cache("sessions")).isEmpty();
    }

    @Test
    void aProfileCanChangeOneSettingOfACache() {
        LarderSettings s = Yaml.parse("""
                larder:
                  stores: { plans: {} }
                  caches: { plans: { negative-ttl: 10s } }
                environments:
                  testing: { larder: { caches: { plans: { breaker: { open-for: 1s } } } } }
                """, "testing");
        CacheDeclaration c = s.cache("plans").orElseThrow();
        assertThat(c.negativeTtl()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.openFor()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void everyMistakeOfTheCachesIsReportedAtOnceWithItsPlaceAndTheClosestKey() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> Yaml.parse("""
                larder:
                  stores:
                    plans: { expiry: { policy: absolute, duration: 1h } }
                  caches:
                    plans:
                      expiry: 30m
                      negative_ttl: 10s
                      on-put: refresh
                      breaker: { failure-rate: 150, open-for: soon }
                    plan:
                      warm-up: { keys: [ "" ] }
                """, null));
        assertThat(e).isNotNull();
        assertThat(e.problems()).hasSize(7);
        assertThat(String.join("\n", e.problems()))
                .contains("f.yaml:7:7", "unknown key 'negative_ttl'", "negative-ttl")
                .contains("f.yaml:8:15", "on-put", "expected one of update, invalidate, got 'refresh'")
                .contains("failure-rate", "an integer from 1 to 100, got '150'")
                .contains("open-for", "expected a duration")
                .contains("larder.stores.plans.expiry", "larder.caches.plans.expiry also sets this store's expiry")
                .contains("no store 'plan' is declared under larder.stores", "did you mean 'plans'")
                .contains("larder.caches.plan.warm-up.keys[0] at f.yaml:11:26: expected a key: id, or partition/id, got nothing");
    }
}
