package io.larder.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.Health;
import io.larder.Larder;
import io.larder.Query;
import io.larder.Secret;
import io.larder.Storage;
import io.larder.StorageException;
import io.larder.StorageUnavailableException;
import io.larder.StoreDefaults;
import io.larder.redis.RedisSettings.Client;
import io.larder.testkit.AclUser;
import io.larder.testkit.Note;
import io.larder.testkit.RedisExtension;
import io.larder.testkit.RedisStandalone;
import io.larder.testkit.TlsMaterial;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Passwords, ACL users and TLS, with both drivers; secrets never reach a message. */
class SecurityIT {
    private static final String PASSWORD = "s3cret-Larder-pw";

    @Nested
    class Password {
        @RegisterExtension
        static final RedisExtension<RedisStandalone> REDIS = RedisExtension.password(PASSWORD);

        @ParameterizedTest
        @EnumSource(Client.class)
        void theRightPasswordConnects(Client client) {
            try (Larder larder = Notes.larder(RedisBackend.create(Targets.standalone(REDIS.get(), client)))) {
                Notes.roundTrip(larder.store(Notes.spec("pw").build()));
                assertThat(larder.health().details().values()).noneMatch(v -> v.contains(PASSWORD));
            }
        }

        @ParameterizedTest
        @EnumSource(Client.class)
        void aWrongPasswordFailsClearlyWithoutShowingIt(Client client) {
            String wrong = "wrong-" + PASSWORD;
            RedisSettings settings = Targets.standalone(REDIS.get(), client).mutate().credentials("", Secret.of(wrong)).build();
            assertThatThrownBy(() -> RedisBackend.create(settings))
                    .isInstanceOf(StorageException.class).isNotInstanceOf(StorageUnavailableException.class)
                    .hasMessageContaining("authentication").hasMessageContaining(REDIS.get().address().toString())
                    .satisfies(e -> assertThat(everything(e)).doesNotContain(wrong).doesNotContain(PASSWORD));
        }

        @ParameterizedTest
        @EnumSource(Client.class)
        void noPasswordFailsClearly(Client client) {
            RedisSettings settings = Targets.standalone(REDIS.get(), client).mutate().credentials("", Secret.none()).build();
            assertThatThrownBy(() -> Notes.larder(RedisBackend.create(settings)).store(Notes.spec("nopw").build())
                    .save(Note.of("n", "g", "a", 1)))
                    .isInstanceOf(StorageException.class).hasMessageContaining("authentication")
                    .satisfies(e -> assertThat(everything(e)).doesNotContain(PASSWORD));
        }
    }

    @Nested
    class Acl {
        @RegisterExtension
        static final RedisExtension<RedisStandalone> REDIS = RedisExtension.acl();

        private RedisSettings settings(Client client) {
            AclUser user = REDIS.get().aclUser().orElseThrow();
            return Targets.standalone(REDIS.get(), client).mutate().credentials(user.name(), Secret.of(user.password())).build();
        }

        @ParameterizedTest
        @EnumSource(Client.class)
        void aUserLimitedToTheKeyPrefixWorks(Client client) {
            try (Larder larder = Notes.larder(RedisBackend.create(settings(client)))) {
                Notes.roundTrip(larder.store(Notes.spec("acl").build()));
                assertThat(larder.sweep()).isNotNegative();
                // CONFIG is refused to this user: health says so instead of failing
                assertThat(larder.health().isUsable()).isTrue();
                assertThat(larder.health().details()).containsEntry("rdb_save", "unknown (CONFIG GET refused)");
            }
        }

        @ParameterizedTest
        @EnumSource(Client.class)
        void keysOutsideTheUsersPatternAreRefusedWithAClearError(Client client) {
            StoreDefaults outside = new StoreDefaults("elsewhere:", StoreDefaults.standard().encoding(), StoreDefaults.standard().expiry(),
                    100, 1000, StoreDefaults.standard().maxValueSize(), StoreDefaults.standard().slowOperation());
            try (Larder larder = Larder.builder().backend(RedisBackend.create(settings(client))).defaults(outside)
                    .sweepEvery(Duration.ZERO).build()) {
                assertThatThrownBy(() -> larder.store(Notes.spec("outside").build()))
                        .isInstanceOf(StorageException.class).hasMessageContaining("larder").hasMessageContaining("permission");
            }
        }

        @ParameterizedTest
        @EnumSource(Client.class)
        void aWrongUserPasswordFailsWithoutShowingIt(Client client) {
            AclUser user = REDIS.get().aclUser().orElseThrow();
            RedisSettings wrong = settings(client).mutate().credentials(user.name(), Secret.of("not-" + user.password())).build();
            assertThatThrownBy(() -> RedisBackend.create(wrong))
                    .isInstanceOf(StorageException.class).hasMessageContaining("authentication").hasMessageContaining("'larder'")
                    .satisfies(e -> assertThat(everything(e)).doesNotContain(user.password()));
        }
    }

    /** The user {@code KEYS.md} documents, read from that file: every operation works, and health is up. */
    @Nested
    class DocumentedAcl {
        @RegisterExtension
        static final RedisExtension<RedisStandalone> REDIS = RedisExtension.password(PASSWORD);

        @ParameterizedTest
        @EnumSource(Client.class)
        void theUserKeysMdDocumentsDoesEverythingLarderNeeds(Client client) throws Exception {
            RedisSettings settings = documentedUser(client, "");
            try (Larder larder = Notes.larder(RedisBackend.create(settings))) {
                Notes.roundTrip(larder.store(Notes.spec("documented").build()));
                assertThat(larder.sweep()).isNotNegative();
                assertThat(larder.health().status()).as("%s", larder.health()).isEqualTo(Health.Status.UP);
            }
        }

        /**
         * The user as documented before batches used transactions: they go by script. The driver asks
         * once; a MULTI refused at every batch would have Redis run the batch's commands one by one.
         */
        @ParameterizedTest
        @EnumSource(Client.class)
        void withoutMultiAndExecBatchesAreWrittenByScripts(Client client) throws Exception {
            RedisSettings settings = documentedUser(client, " -multi -exec");
            REDIS.get().process().call("CONFIG", "RESETSTAT");
            try (Larder larder = Notes.larder(RedisBackend.create(settings))) {
                Storage<Note> notes = larder.store(Notes.spec("documented-no-multi").build());
                savesABatchAndListsIt(notes);
                savesABatchAndListsIt(notes);
            }
            String multi = REDIS.get().process().info("commandstats").getOrDefault("cmdstat_multi", "rejected_calls=0");
            Matcher rejected = Pattern.compile("rejected_calls=(\\d+)").matcher(multi);
            assertThat(rejected.find()).as(multi).isTrue();
            assertThat(Long.parseLong(rejected.group(1))).as("MULTI refused at most once, when the driver asked: %s", multi)
                    .isLessThanOrEqualTo(1);
        }

        /** EXEC refused after the driver found it granted: that batch, and every one after, goes by script. */
        @Test
        void anExecRefusedLaterSendsTheBatchByScript() throws Exception {
            RedisSettings settings = documentedUser(Client.JEDIS, "");
            try (Larder larder = Notes.larder(RedisBackend.create(settings))) {
                Storage<Note> notes = larder.store(Notes.spec("documented-exec-revoked").build());
                Notes.roundTrip(notes);
                REDIS.get().process().call("ACL", "SETUSER", "larder", "-exec");
                try {
                    savesABatchAndListsIt(notes);
                    savesABatchAndListsIt(notes);
                } finally {
                    REDIS.get().process().call("ACL", "SETUSER", "larder", "+exec");
                }
            }
        }

        /** Creates the user KEYS.md documents, with {@code change} (ACL rules, each after a space) appended. */
        private RedisSettings documentedUser(Client client, String change) throws Exception {
            String line = Files.readAllLines(Path.of("KEYS.md")).stream().filter(l -> l.startsWith("ACL SETUSER larder "))
                    .findFirst().orElseThrow(() -> new AssertionError("KEYS.md documents no ACL SETUSER larder line"));
            String userPassword = "documented-acl-pw-1";
            REDIS.get().process().call("ACL", "DELUSER", "larder");
            REDIS.get().process().call((Object[]) (line.replace("PASSWORD", userPassword) + change).split(" "));
            return Targets.standalone(REDIS.get(), client).mutate().credentials("larder", Secret.of(userPassword)).build();
        }

        private void savesABatchAndListsIt(Storage<Note> notes) {
            List<Note> batch = IntStream.range(0, 50).mapToObj(i -> Note.of("b" + i, "g" + (i % 5), "bob", Notes.T0 + i)).toList();
            notes.saveAll(batch);
            assertThat(notes.list(Query.in("group", "g3").where("author", "bob").limit(100)).items()).hasSize(10);
        }
    }

    /**
     * The ACL most people write for an application, everything but the dangerous commands. It
     * leaves out {@code INFO}, so the server serves every data operation but cannot tell health
     * its role or memory: health says so (degraded), instead of calling a working server down.
     * Redis 6.2 counts all of {@code CLIENT} as dangerous, so {@code CLIENT SETNAME} (the client
     * name) is granted back; Redis 7 does not need that.
     */
    @Nested
    class AllButDangerous {
        private static final AclUser USER = new AclUser("larder", "acl-Larder-pw-7", List.of("~larder:*", "&*", "+@all",
                "-@dangerous", "+client|setname"));

        @RegisterExtension
        static final RedisExtension<RedisStandalone> REDIS = RedisExtension.standalone(b -> b.acl(USER));

        @ParameterizedTest
        @EnumSource(Client.class)
        void everyDataOperationWorksAndHealthIsDegradedWithTheReason(Client client) {
            RedisSettings settings = Targets.standalone(REDIS.get(), client).mutate().credentials(USER.name(),
                    Secret.of(USER.password())).build();
            try (Larder larder = Notes.larder(RedisBackend.create(settings))) {
                Notes.roundTrip(larder.store(Notes.spec("acl-no-info").build()));
                assertThat(larder.sweep()).isNotNegative();
                Health health = larder.health();
                assertThat(health.status()).isEqualTo(Health.Status.DEGRADED);
                assertThat(health.details().get("reason")).contains("INFO is refused").contains("+info");
            }
        }
    }

    @Nested
    class Tls {
        @RegisterExtension
        static final RedisExtension<RedisStandalone> REDIS = RedisExtension.tls();

        @ParameterizedTest
        @EnumSource(Client.class)
        void tlsWithTheTestCaInTheTrustStoreWorks(Client client) {
            TlsMaterial tls = REDIS.get().tls().orElseThrow();
            RedisSettings settings = Targets.standalone(REDIS.get(), client).mutate().tls(new RedisSettings.Tls(true,
                    tls.trustStore(), Secret.of(tls.trustStorePassword()), true)).build();
            try (Larder larder = Notes.larder(RedisBackend.create(settings))) {
                Notes.roundTrip(larder.store(Notes.spec("tls").build()));
                assertThat(larder.health().details().get("client")).contains("(TLS)");
            }
        }

        @ParameterizedTest
        @EnumSource(Client.class)
        void tlsWithoutTrustingTheServerFails(Client client) {
            RedisSettings settings = Targets.standalone(REDIS.get(), client).mutate().tls(new RedisSettings.Tls(true,
                    null, Secret.none(), true)).build();
            assertThatThrownBy(() -> RedisBackend.create(settings)).isInstanceOf(StorageException.class)
                    .isNotInstanceOf(StorageUnavailableException.class).hasMessageContaining("TLS handshake");
        }
    }

    /** Messages, causes and stack trace text of {@code e}, where a leaked secret would show. */
    private static String everything(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
