package io.larder.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.Larder;
import io.larder.redis.RedisBackend;
import io.larder.redis.RedisSettings;
import io.larder.redis.RedisSettings.Client;
import io.larder.sessions.Session;
import io.larder.sessions.SessionSettings;
import io.larder.sessions.Sessions;
import io.larder.testkit.CommandStats;
import io.larder.testkit.RedisExtension;
import io.larder.testkit.RedisStandalone;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Finding a session by its id alone is one command on the server, a {@code GETEX} that also
 * restarts its expiry (capped sessions included), counted with {@code INFO commandstats}; and a
 * find that is due to write the session's last activity costs exactly one read and one write more.
 */
class SessionFindRoundTripIT {
    private static final int FINDS = 200;

    @RegisterExtension
    static final RedisExtension<RedisStandalone> REDIS = RedisExtension.standalone();

    @ParameterizedTest
    @EnumSource(Client.class)
    void findingASessionIsOneGetex(Client client) {
        try (Larder larder = larder(client)) {
            Sessions sessions = Sessions.open(larder, SessionSettings.builder().store("find-" + client.name().toLowerCase())
                    .maxAge(Duration.ofDays(30)).activityInterval(Duration.ofHours(1)).build());
            Session s = sessions.create("1001", Map.of(Session.USERNAME, "user1"));

            REDIS.get().process().resetStats();
            for (int i = 0; i < FINDS; i++) {
                assertThat(sessions.find(s.id())).isPresent();
            }
            CommandStats stats = REDIS.get().process().commandStats();
            System.out.printf("FIND %s %d finds: server %s%n", client, FINDS, stats.asMap());
            assertThat(stats.calls("getex")).isEqualTo(FINDS);
            assertThat(stats.total() - stats.calls("config|resetstat") - stats.calls("config")).as("nothing but GETEX")
                    .isEqualTo(FINDS);
        }
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    void aFindDueToWriteLastActivityAddsOneReadAndOneWrite(Client client) throws InterruptedException {
        try (Larder larder = larder(client)) {
            Sessions sessions = Sessions.open(larder, SessionSettings.builder().store("touch-" + client.name().toLowerCase())
                    .activityInterval(Duration.ZERO).build());
            Session s = sessions.create("1001", Map.of());
            Thread.sleep(5); // a later millisecond than the sign-in's

            REDIS.get().process().resetStats();
            assertThat(sessions.find(s.id())).get().extracting(Session::lastActivity).isNotEqualTo(s.lastActivity());
            CommandStats stats = REDIS.get().process().commandStats();
            System.out.printf("TOUCH %s one find that writes: server %s%n", client, stats.asMap());
            assertThat(stats.calls("getex")).as("the find, then the update's read").isEqualTo(2);
            assertThat(stats.calls("evalsha")).as("the conditional write").isEqualTo(1);
        }
    }

    private static Larder larder(Client client) {
        RedisSettings settings = RedisSettings.builder().client(client)
                .address(REDIS.get().host(), REDIS.get().port()).build();
        return Larder.builder().backend(RedisBackend.create(settings)).sweepEvery(Duration.ZERO).build();
    }
}
