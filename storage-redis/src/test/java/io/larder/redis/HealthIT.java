package io.larder.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.Expiry;
import io.larder.Health;
import io.larder.Larder;
import io.larder.Layout;
import io.larder.redis.RedisSettings.Client;
import io.larder.testkit.Persistence;
import io.larder.testkit.RedisExtension;
import io.larder.testkit.RedisSentinelGroup;
import io.larder.testkit.RedisStandalone;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What health reports, and when a store's health is degraded. */
class HealthIT {

    @Nested
    class WithoutPersistence {
        @RegisterExtension
        static final RedisExtension<RedisStandalone> REDIS = RedisExtension.standalone().shared();

        @ParameterizedTest
        @EnumSource(Client.class)
        void healthReportsTheServer(Client client) {
            try (Larder larder = Notes.larder(RedisBackend.create(Targets.standalone(REDIS.get(), client)))) {
                Health h = larder.health();
                assertThat(h.status()).isEqualTo(Health.Status.UP);
                assertThat(h.latency()).isPositive();
                assertThat(h.details()).containsKeys("client", "server", "role", "connected_clients", "used_memory",
                        "used_memory_human", "total_commands_processed", "keyspace_hits", "keyspace_misses", "aof_enabled",
                        "rdb_save").containsEntry("role", "master").containsEntry("rdb_save", "off");
                assertThat(h.details().get("server")).startsWith("Redis ");
                assertThat(h.details().get("client")).startsWith(client == Client.LETTUCE ? "Lettuce" : "Jedis");
            }
        }

        @ParameterizedTest
        @EnumSource(Client.class)
        void aStoreKeptForeverOnAServerThatPersistsNothingIsDegraded(Client client) {
            try (Larder larder = Notes.larder(RedisBackend.create(Targets.standalone(REDIS.get(), client)))) {
                Health forever = larder.store(Notes.spec("forever").expiry(Expiry.none()).build()).health();
                assertThat(forever.status()).isEqualTo(Health.Status.DEGRADED);
                assertThat(forever.details().get("reason")).contains("persists nothing");
                Health expiring = larder.store(Notes.spec("cache").expiry(Expiry.absolute(Duration.ofHours(1))).build()).health();
                assertThat(expiring.status()).isEqualTo(Health.Status.UP);
            }
        }
    }

    @Nested
    class WhenFull {
        @RegisterExtension
        static final RedisExtension<RedisStandalone> REDIS = RedisExtension.standalone();

        /** A server at its maxmemory under noeviction answers its health check but refuses writes: health says so. */
        @ParameterizedTest
        @EnumSource(Client.class)
        void aServerFullUnderNoevictionIsDegradedAndSaysItRefusesWrites(Client client) {
            try (Larder larder = Notes.larder(RedisBackend.create(Targets.standalone(REDIS.get(), client)))) {
                assertThat(larder.health().status()).isEqualTo(Health.Status.UP);
                REDIS.get().client().call("CONFIG", "SET", "maxmemory", "1");
                try {
                    Health full = larder.health();
                    assertThat(full.status()).isEqualTo(Health.Status.DEGRADED);
                    assertThat(full.details().get("reason")).contains("the server is full, used_memory ", "of maxmemory 1 (",
                            "it refuses writes (free memory or raise maxmemory)");
                } finally {
                    REDIS.get().client().call("CONFIG", "SET", "maxmemory", "0");
                }
                assertThat(larder.health().status()).isEqualTo(Health.Status.UP);
            }
        }
    }

    @Nested
    class WithAppendOnlyFile {
        @RegisterExtension
        static final RedisExtension<RedisStandalone> REDIS = RedisExtension.standalone(b -> b.persistence(Persistence.AOF));

        @ParameterizedTest
        @EnumSource(Client.class)
        void aStoreKeptForeverOnAPersistingServerIsUp(Client client) {
            try (Larder larder = Notes.larder(RedisBackend.create(Targets.standalone(REDIS.get(), client)))) {
                Health forever = larder.store(Notes.spec("forever").expiry(Expiry.none()).build()).health();
                assertThat(forever.status()).isEqualTo(Health.Status.UP);
                assertThat(forever.details()).containsEntry("aof_enabled", "1");
            }
        }
    }

    @Nested
    class WithAnEvictingMemoryPolicy {
        @RegisterExtension
        static final RedisExtension<RedisStandalone> REDIS = RedisExtension.standalone(b -> b.persistence(Persistence.AOF)
                .config("maxmemory", "1gb").config("maxmemory-policy", "allkeys-lru"));

        @ParameterizedTest
        @EnumSource(Client.class)
        void aStoreKeptForeverOnAServerThatMayEvictItIsDegradedAndTheBackendSaysThePolicy(Client client) {
            try (Larder larder = Notes.larder(RedisBackend.create(Targets.standalone(REDIS.get(), client)))) {
                assertThat(larder.health().details()).containsEntry("maxmemory_policy", "allkeys-lru")
                        .containsEntry("maxmemory", Long.toString(1L << 30));
                for (Layout layout : List.of(Layout.RECORDS, Layout.ARCHIVE)) {
                    Health forever = larder.store(Notes.spec("forever-" + layout.name().toLowerCase(Locale.ROOT))
                            .expiry(Expiry.none()).layout(layout).build()).health();
                    assertThat(forever.status()).as(layout.name()).isEqualTo(Health.Status.DEGRADED);
                    assertThat(forever.details().get("reason")).contains("maxmemory-policy is allkeys-lru")
                            .doesNotContain("persists nothing");
                }
                Health expiring = larder.store(Notes.spec("cache").expiry(Expiry.absolute(Duration.ofHours(1))).build()).health();
                assertThat(expiring.status()).isEqualTo(Health.Status.UP);
            }
        }
    }

    @Nested
    class UnderSentinel {
        @RegisterExtension
        static final RedisExtension<RedisSentinelGroup> REDIS = RedisExtension.sentinel().shared();

        @ParameterizedTest
        @EnumSource(Client.class)
        void healthNamesTheCurrentMaster(Client client) {
            try (Larder larder = Notes.larder(RedisBackend.create(Targets.sentinel(REDIS.get(), client)))) {
                assertThat(larder.health().details()).containsEntry("sentinel_master", REDIS.get().master().toString())
                        .containsEntry("role", "master");
            }
        }
    }
}
