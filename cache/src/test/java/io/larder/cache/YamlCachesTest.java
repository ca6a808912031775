package io.larder.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.Expiry;
import io.larder.Key;
import io.larder.Larder;
import io.larder.config.CacheDeclaration;
import io.larder.config.LarderSettings;
import io.larder.config.LarderYaml;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A cache declared in YAML ({@code larder.caches.<store>}, read by the config module) wired to a
 * {@link CachedStore} as an application does: the two modules agree on every default, and the
 * README's wiring works end to end over a real database.
 */
class YamlCachesTest {

    /** The README's bridge from the config module's cache-neutral declaration to the cache's settings. */
    static CacheSettings settingsOf(CacheDeclaration c) {
        return CacheSettings.builder().negativeTtl(c.negativeTtl()).onPut(CacheSettings.OnPut.valueOf(c.onPut().name()))
                .failureRate(c.failureRate()).window(c.window()).openFor(c.openFor()).probes(c.probes())
                .slowCall(c.slowCall()).warmUpKeys(c.warmUpKeys()).build();
    }

    private static LarderSettings parse(String yaml) {
        return LarderYaml.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "larder.yaml", null);
    }

    @Test
    void aCacheLeftEmptyInYamlHasTheCacheModulesDefaults() {
        LarderSettings s = parse("""
                larder:
                  stores: { plans: {} }
                  caches: { plans: {} }
                """);
        assertThat(settingsOf(s.cache("plans").orElseThrow())).isEqualTo(CacheSettings.defaults());
    }

    @Test
    void aCacheDeclaredInYamlWarmsUpAndServesReadsOverTheDatabase() throws SQLException {
        LarderSettings s = parse("""
                larder:
                  backend: { type: memory }
                  stores:
                    plans: { layout: values }
                  caches:
                    plans:
                      expiry: 30m
                      negative-ttl: 10s
                      breaker: { open-for: 5s }
                      warm-up: { keys: [ "1001", "1002" ] }
                """);
        PlanDao dao = new PlanDao("yaml-caches");
        dao.save(new Plan("1001", 1, "12-week strength"));
        dao.save(new Plan("1002", 1, "couch to 5k"));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Larder larder = LarderYaml.open(s)) {
            CachedStore<Plan> plans = CachedStore.over(larder.store("plans", Plan.class), dao::find)
                    .version(Plan::version).writer(dao::save).settings(settingsOf(s.cache("plans").orElseThrow()))
                    .meterRegistry(registry).build();
            assertThat(plans.warmUp()).isEqualTo(2);
            assertThat(plans.get(Key.of("1002"))).contains(new Plan("1002", 1, "couch to 5k"));
            assertThat(dao.queries()).isEqualTo(2);
            assertThat(plans.store().spec().expiry()).contains(Expiry.absolute(Duration.ofMinutes(30)));
            assertThat(settingsOf(s.cache("plans").orElseThrow()).warmUpKeys()).isEqualTo(List.of("1001", "1002"));
        }
    }
}
