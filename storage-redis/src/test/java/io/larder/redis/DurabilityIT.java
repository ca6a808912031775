package io.larder.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.larder.ConfigurationException;
import io.larder.Durability;
import io.larder.Health;
import io.larder.Key;
import io.larder.Larder;
import io.larder.Storage;
import io.larder.UnconfirmedWriteException;
import io.larder.redis.RedisSettings.Client;
import io.larder.testkit.Note;
import io.larder.testkit.RedisExtension;
import io.larder.testkit.RedisProcess;
import io.larder.testkit.RedisSentinelGroup;
import io.larder.testkit.RedisStandalone;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What a write must reach before it is acknowledged, per backend and per store, and what health says about it. */
class DurabilityIT {

    /** A Sentinel group of its own: the tests pause and stop its replica. */
    @Nested
    @Isolated("pauses and stops the replica of its Sentinel group")
    class UnderSentinel {
        @RegisterExtension
        static final RedisExtension<RedisSentinelGroup> GROUP = RedisExtension.sentinel(b -> b.downAfter(Duration.ofSeconds(20)));

        private Larder larder(Client client) {
            return Notes.larder(RedisBackend.create(Targets.sentinel(GROUP.get(), client)));
        }

        @ParameterizedTest
        @EnumSource(Client.class)
        void byDefaultAWriteIsAcknowledgedOnceAReplicaHoldsIt(Client client) {
            RedisSentinelGroup group = GROUP.get();
            group.awaitReplicasInSync(Duration.ofSeconds(30));
            try (RedisBackend backend = RedisBackend.create(Targets.sentinel(group, client)); Larder larder = Notes.larder(backend)) {
                assertThat(backend.durability()).isEqualTo(Durability.builder().replicas(1).disk(Durability.Disk.NONE)
                        .timeout(Durability.DEFAULT_TIMEOUT).unconfirmed(Durability.Unconfirmed.FAIL).build());
                Storage<Note> notes = larder.store(Notes.spec("acked").build());
                group.masterProcess().resetStats();
                notes.saveAll(List.of(Note.of("n1", "g", "a", Notes.T0), Note.of("n2", "g", "a", Notes.T0)));
                notes.save(Note.of("n3", "g", "a", Notes.T0));
                assertThat(group.masterProcess().commandStats().calls("wait")).as("one WAIT per write pipeline").isEqualTo(2);
                assertThat(larder.health().details()).containsEntry("connected_slaves", "1")
                        .containsEntry("durability", "{replicas: 1, disk: none, timeout: PT1S, unconfirmed: fail}");
            }
        }

        @ParameterizedTest
        @EnumSource(Client.class)
        void aWriteNoReplicaConfirmsFailsAsUnconfirmedUnlessItsStoreSaysBestEffort(Client client) {
            RedisSentinelGroup group = GROUP.get();
            group.awaitReplicasInSync(Duration.ofSeconds(30));
            RedisProcess replica = group.replicas().get(0);
            try (Larder larder = larder(client)) {
                Storage<Note> strict = larder.store(Notes.spec("strict").build());
                Storage<Note> relaxed = larder.store(Notes.spec("relaxed").durability(Durability.bestEffort()).build());
                replica.pause(); // connected, but confirming nothing: as a replica far behind, or cut off
                try {
                    UnconfirmedWriteException e = catchThrowableOfType(UnconfirmedWriteException.class,
                            () -> strict.save(Note.of("s1", "g", "a", Notes.T0)));
                    assertThat(e).as("the default policy refuses to acknowledge").isNotNull();
                    assertThat(e.node()).isEqualTo(group.master().toString());
                    assertThat(e.getMessage()).contains(":{g}:r:s1").contains("no replica confirmed").contains("WAIT 1 answered 0")
                            .contains("saving it again is safe");

                    relaxed.save(Note.of("r1", "g", "a", Notes.T0)); // best effort: acknowledged all the same
                    Health health = larder.health();
                    assertThat(health.status()).isEqualTo(Health.Status.DEGRADED);
                    assertThat(health.details().get("reason")).contains("best-effort").contains("no replica confirmed");
                    assertThat(health.details().get("acknowledged_unconfirmed")).isEqualTo("1");
                } finally {
                    replica.resume();
                }
                group.awaitReplicasInSync(Duration.ofSeconds(30));
                strict.save(Note.of("s1", "g", "a", Notes.T0)); // the caller's retry, once a replica confirms again
                assertThat(strict.load(Key.of("g", "s1"))).isPresent();
                assertThat(relaxed.load(Key.of("g", "r1"))).isPresent();
            }
        }

        @ParameterizedTest
        @EnumSource(Client.class)
        void aMasterWithoutAReplicaToConfirmWritesIsDegraded(Client client) {
            RedisSentinelGroup group = GROUP.get();
            group.awaitReplicasInSync(Duration.ofSeconds(30));
            RedisProcess replica = group.replicas().get(0);
            try (Larder larder = larder(client)) {
                Storage<Note> notes = larder.store(Notes.spec("alone").build());
                replica.kill();
                Health health = larder.health();
                assertThat(health.status()).isEqualTo(Health.Status.DEGRADED);
                assertThat(health.details().get("reason")).contains("0 replicas connected (connected_slaves:0)")
                        .contains("need 1 to confirm");
                assertThat(notes.health().details().get("reason")).contains("connected_slaves:0");
                assertThatThrownBy(() -> notes.save(Note.of("a1", "g", "a", Notes.T0))).isInstanceOf(UnconfirmedWriteException.class);
            } finally {
                replica.restart();
                group.awaitReplicasInSync(Duration.ofSeconds(30));
            }
        }
    }

    @Nested
    class OnAStandaloneServer {
        @RegisterExtension
        static final RedisExtension<RedisStandalone> REDIS = RedisExtension.standalone().shared();

        @ParameterizedTest
        @EnumSource(Client.class)
        void byDefaultNothingIsAwaited(Client client) {
            try (RedisBackend backend = RedisBackend.create(Targets.standalone(REDIS.get(), client))) {
                assertThat(backend.durability()).isEqualTo(Durability.none());
            }
        }

        /**
         * {@code disk: always} waits for the master's append-only file with {@code WAITAOF}, which
         * Redis has from 7.2 on: on an older server the store is refused when it is opened, rather
         * than acknowledging writes as on disk that nothing confirmed.
         */
        @ParameterizedTest
        @EnumSource(Client.class)
        void diskAlwaysIsRefusedAtOpenByAServerThatCannotConfirmIt(Client client) {
            try (Larder larder = Notes.larder(RedisBackend.create(Targets.standalone(REDIS.get(), client)))) {
                assertThatThrownBy(() -> larder.store(Notes.spec("ledger").durability(Durability.builder()
                        .disk(Durability.Disk.ALWAYS).build()).build()))
                        .isInstanceOf(ConfigurationException.class).hasMessageContaining("disk: always")
                        .hasMessageContaining("WAITAOF").hasMessageContaining("ledger").hasMessageContaining("7.2");
                Notes.roundTrip(larder.store(Notes.spec("plain").build()));
            }
        }
    }
}
