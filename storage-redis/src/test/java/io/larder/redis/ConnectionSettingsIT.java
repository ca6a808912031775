package io.larder.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.BackendSettings;
import io.larder.ConfigurationException;
import io.larder.Durability;
import io.larder.Expiry;
import io.larder.Key;
import io.larder.Larder;
import io.larder.Layout;
import io.larder.Retention;
import io.larder.StorageUnavailableException;
import io.larder.Version;
import io.larder.redis.RedisSettings.Client;
import io.larder.spi.BackendProvider;
import io.larder.spi.BackendStore;
import io.larder.spi.RecordWrite;
import io.larder.spi.StoreLayout;
import io.larder.testkit.RedisExtension;
import io.larder.testkit.RedisStandalone;
import io.larder.testkit.RespClient;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Database index, client name, the provider, and what is refused up front. */
class ConnectionSettingsIT {
    @RegisterExtension
    static final RedisExtension<RedisStandalone> REDIS = RedisExtension.standalone().shared();

    @ParameterizedTest
    @EnumSource(Client.class)
    void recordsGoToTheConfiguredDatabaseUnderTheClientName(Client client) {
        RedisSettings settings = Targets.standalone(REDIS.get(), client).mutate().database(3).build();
        try (Larder larder = Notes.larder(RedisBackend.create(settings)); RespClient redis = REDIS.get().client()) {
            String store = larder.store(Notes.spec("db3").build()).spec().name();
            redis.call("SELECT", 3);
            assertThat(redis.call("EXISTS", "larder:" + store + ":layout")).isEqualTo(1L);
            String clients = new String((byte[]) redis.call("CLIENT", "LIST"), StandardCharsets.UTF_8);
            assertThat(clients).containsPattern("db=3 .*name=larder|name=larder .*db=3");
        }
    }

    @Test
    void theProviderIsFoundAndServesBothRedisTypesWithBothClients() {
        List<BackendProvider> providers = ServiceLoader.load(BackendProvider.class).stream().map(ServiceLoader.Provider::get).toList();
        RedisSettings redis = Targets.standalone(REDIS.get(), Client.JEDIS);
        BackendProvider provider = providers.stream().filter(p -> p.supports(BackendSettings.of(redis))).findFirst().orElseThrow();
        assertThat(provider).isInstanceOf(RedisBackendProvider.class);
        assertThat(provider.supports(BackendSettings.builder().provider("redis-sentinel").build())).isTrue();
        assertThat(provider.supports(BackendSettings.builder().provider("memory").build())).isFalse();
        assertThat(provider.supports(BackendSettings.builder().provider("redis-cluster").build())).isFalse();
        provider.create(BackendSettings.of(redis)).close();
    }

    @Test
    void anUnreachableServerIsUnavailable() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort(); // nothing listens there once it is closed
        }
        for (Client client : Client.values()) {
            assertThatThrownBy(() -> RedisBackend.create(Targets.standalone(REDIS.get(), client).mutate().address("127.0.0.1", port).build()))
                    .as("%s", client).isInstanceOf(StorageUnavailableException.class).hasMessageContaining("127.0.0.1:" + port)
                    .extracting(e -> ((StorageUnavailableException) e).server()).isEqualTo(Optional.of("127.0.0.1:" + port));
        }
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    void aValuesStoreTakesAConditionalAndAnUnconditionalWriteInOneBatch(Client client) {
        try (RedisBackend backend = RedisBackend.create(Targets.standalone(REDIS.get(), client))) {
            BackendStore store = backend.open(new StoreLayout("mixed" + System.nanoTime(), "larder:", true, List.of(),
                    Expiry.none(), Retention.keepAll(), Layout.VALUES, 100, 1000, Durability.none()), Clock.systemUTC());
            Key ifAbsent = Key.of("g", "if-absent");
            Key always = Key.of("g", "always");
            store.write(List.of(new RecordWrite(ifAbsent, "1".getBytes(StandardCharsets.UTF_8), 1, List.of(), 0, Version.ABSENT),
                    new RecordWrite(always, "2".getBytes(StandardCharsets.UTF_8), 1, List.of(), 0, null)));
            assertThat(store.read(List.of(ifAbsent, always), 0)).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                    .containsExactlyInAnyOrder("1", "2");
        }
    }

    @Test
    void aStoreWrittenInTheArchiveLayoutIsRefusedInTheRecordsLayout() {
        try (RedisBackend backend = RedisBackend.create(Targets.standalone(REDIS.get(), Client.LETTUCE))) {
            String name = "layouts" + System.nanoTime();
            backend.open(new StoreLayout(name, "larder:", true, List.of(), Expiry.none(),
                    Retention.keepAll(), Layout.ARCHIVE, 100, 1000, Durability.none()),
                    Clock.systemUTC());
            StoreLayout records = new StoreLayout(name, "larder:", true, List.of(),
                    Expiry.none(), Retention.keepAll(), Layout.RECORDS, 100, 1000,
                    Durability.none());
            assertThatThrownBy(() -> backend.open(records, Clock.systemUTC()))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("archive-v1");
        }
    }
}
