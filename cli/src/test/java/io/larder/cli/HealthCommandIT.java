package io.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.testkit.Persistence;
import io.larder.testkit.RedisExtension;
import io.larder.testkit.RedisStandalone;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code larder health} on real servers: a store at risk is shown degraded, with the reason, whatever the backend says of itself. */
class HealthCommandIT {
    @TempDir
    Path data;

    private Cli.Result health(RedisStandalone redis) {
        Path config = Cli.write(data.resolve("larder.yaml"), List.of(
                "larder:",
                "  backend: { type: redis, host: " + redis.host() + ", port: " + redis.port() + " }",
                "  stores:",
                "    sessions: { partition-by: user_id, expiry: { policy: sliding, duration: 7d } }"));
        return new Cli(data).run("health", "--config", config.toString());
    }

    @Nested
    class OnAServerThatPersistsNothing {
        @RegisterExtension
        static final RedisExtension<RedisStandalone> REDIS = RedisExtension.standalone().shared();

        @Test
        void theArchiveIsDegradedAndSaysWhyWhileAnExpiringStoreIsUp() {
            Cli.Result r = health(REDIS.get());

            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).startsWith("DEGRADED  redis (").contains("rdb_save", "maxmemory_policy", "stores:");
            assertThat(r.lines()).anySatisfy(l -> assertThat(l).startsWith("  chat          DEGRADED  store 'chat' keeps "
                    + "records without expiry, but the server persists nothing"));
            assertThat(r.lines()).anySatisfy(l -> assertThat(l).startsWith("  chat.counts   DEGRADED"));
            assertThat(r.lines()).contains("  sessions      UP");
        }
    }

    @Nested
    class OnAServerThatMayEvictAnyKey {
        @RegisterExtension
        static final RedisExtension<RedisStandalone> REDIS = RedisExtension.standalone(b -> b.persistence(Persistence.AOF)
                .config("maxmemory", "1gb").config("maxmemory-policy", "allkeys-lru"));

        @Test
        void theArchiveIsDegradedNamingThePolicy() {
            Cli.Result r = health(REDIS.get());

            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).startsWith("DEGRADED  redis (").contains("maxmemory_policy", "allkeys-lru");
            assertThat(r.lines()).anySatisfy(l -> assertThat(l).startsWith("  chat          DEGRADED")
                    .contains("maxmemory-policy is allkeys-lru").doesNotContain("persists nothing"));
            assertThat(r.lines()).contains("  sessions      UP");
        }
    }
    @Nested
    class OnAServerThatIsFull {
        @RegisterExtension
        static final RedisExtension<RedisStandalone> REDIS = RedisExtension.standalone(b -> b.persistence(Persistence.AOF));

        @Test
        void aStoreDegradedOnlyByTheBackendSaysSoRatherThanStandWithoutAReason() {
            assertThat(health(REDIS.get()).code()).isZero(); // the stores' layouts are written while the server takes writes
            REDIS.get().client().callString("CONFIG", "SET", "maxmemory-policy", "noeviction");
            REDIS.get().client().callString("CONFIG", "SET", "maxmemory", "1");
            try {
                Cli.Result r = health(REDIS.get());

                assertThat(r.code()).as(r.err()).isZero();
                assertThat(r.out()).startsWith("DEGRADED  redis (").contains("the server is full");
                assertThat(r.lines()).contains("  sessions      DEGRADED  for the backend's reason above");
                assertThat(r.lines()).filteredOn(l -> l.contains("DEGRADED") && l.startsWith("  ")).allSatisfy(l ->
                        assertThat(l.substring(l.indexOf("DEGRADED") + "DEGRADED".length())).isNotBlank());
            } finally {
                REDIS.get().client().callString("CONFIG", "SET", "maxmemory", "0");
            }
        }
    }
}
