package io.larder.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.BackendSettings;
import io.larder.Codec;
import io.larder.Compression;
import io.larder.DataSize;
import io.larder.Encoding;
import io.larder.Expiry;
import io.larder.HostPort;
import io.larder.Layout;
import io.larder.Retention;
import io.larder.StoreDefaults;
import io.larder.StoreSpec;
import io.larder.cluster.ClusterSettings;
import io.larder.memory.MemorySettings;
import io.larder.redis.RedisSettings;
import io.larder.redis.RedisSettings.Client;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The YAML of DESIGN.md, read in each of its profiles. */
class ReferenceConfigurationTest {

    @Test
    void baseReadsEveryBackendValueWithItsDefaultsFilledIn() {
        LarderSettings s = Yaml.reference(null, Map.of());

        RedisSettings b = Yaml.redis(s);
        assertThat(s.profile()).isEmpty();
        assertThat(s.profiles()).containsExactly("development", "testing", "production");
        assertThat(s.backend().provider()).isEqualTo("memory");
        assertThat(b.client()).isEqualTo(Client.LETTUCE);
        assertThat(b.host()).isEqualTo("localhost");
        assertThat(b.port()).isEqualTo(6379);
        assertThat(b.database()).isZero();
        assertThat(b.password().isPresent()).isFalse();
        assertThat(b.pool()).isEqualTo(new RedisSettings.Pool(10, 50));
        assertThat(b.timeouts()).isEqualTo(new RedisSettings.Timeouts(Duration.ofSeconds(30), Duration.ofSeconds(30)));
        assertThat(b.sentinel().master()).isEqualTo("mymaster");
        assertThat(b.sentinel().nodes()).containsExactly(new HostPort("127.0.0.1", 26379));
        assertThat(Yaml.cluster(s).nodes()).containsExactly(new HostPort("127.0.0.1", 7000));
        assertThat(Yaml.cluster(s).requireFullCoverage()).isTrue();
        assertThat(b.tls().enabled()).isFalse();
        assertThat(Yaml.memory(s).snapshot().isEnabled()).isFalse();
        assertThat(s.sweepInterval()).isEqualTo(BackendSettings.defaults().sweepInterval());
        assertThat(b.archive().sealAfter()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void defaultsAreTyped() {
        StoreDefaults d = Yaml.reference(null, Map.of()).defaults();

        assertThat(d.keyPrefix()).isEqualTo("larder:");
        assertThat(d.encoding()).isEqualTo(new Encoding(Codec.JSON, Compression.LZ4, DataSize.ofBytes(512), 0));
        assertThat(d.expiry()).isEqualTo(Expiry.absolute(Duration.ofHours(1)));
        assertThat(d.batchSize()).isEqualTo(100);
        assertThat(d.maxPipeline()).isEqualTo(1000);
        assertThat(d.maxValueSize()).isEqualTo(StoreDefaults.standard().maxValueSize());
        assertThat(d.slowOperation()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    @SuppressWarnings("rawtypes")
    void storesAreDeclaredAsMapSpecsThatTakeTheRestFromTheDefaults() {
        LarderSettings s = Yaml.reference(null, Map.of());

        assertThat(s.stores()).extracting(StoreSpec::name).containsExactly("chat", "sessions");
        StoreSpec<Map> chat = s.store("chat").orElseThrow();
        assertThat(chat.type()).isEqualTo(Map.class);
        assertThat(chat.idField()).isEqualTo("id");
        assertThat(chat.partitionField()).contains("group_id");
        assertThat(chat.timeField()).contains("timestamp");
        assertThat(chat.indexes()).containsExactly("sender_id", "msg_type");
        assertThat(chat.expiry()).contains(Expiry.none());
        assertThat(chat.encoding()).contains(new Encoding(Codec.MSGPACK, Compression.LZ4, DataSize.ofBytes(512), 0));
        assertThat(chat.layout()).isEqualTo(Layout.RECORDS);
        assertThat(chat.retention()).isEqualTo(Retention.keepAll());
        assertThat(chat.maxValueSize()).isEmpty();

        StoreSpec<Map> sessions = s.store("sessions").orElseThrow();
        assertThat(sessions.partitionField()).contains("user_id");
        assertThat(sessions.expiry()).contains(Expiry.sliding(Duration.ofDays(7)));
        assertThat(sessions.encoding()).isEmpty();
        assertThat(sessions.indexes()).isEmpty();
    }

    @Test
    void developmentIsTheMemoryBackend() {
        LarderSettings s = Yaml.reference("development", Map.of("LARDER_BACKEND", "redis"));

        assertThat(s.profile()).isEqualTo("development");
        assertThat(s.backend().provider()).isEqualTo("memory");
    }

    @Test
    void testingIsStandaloneRedisOnDatabaseOneKeepingTheRestOfTheBase() {
        LarderSettings s = Yaml.reference("testing", Map.of());

        assertThat(s.backend().provider()).isEqualTo("redis");
        assertThat(Yaml.redis(s).database()).isEqualTo(1);
        assertThat(Yaml.redis(s).host()).isEqualTo("localhost");
        assertThat(Yaml.redis(s).pool()).isEqualTo(new RedisSettings.Pool(10, 50));
        assertThat(s.defaults().expiry()).isEqualTo(Expiry.absolute(Duration.ofHours(1)));
        assertThat(s.stores()).hasSize(2);
    }

    @Test
    void productionIsTheClusterWithItsSeedNodes() {
        LarderSettings s = Yaml.reference("production", Map.of());

        assertThat(s.backend().provider()).isEqualTo("redis-cluster");
        assertThat(Yaml.cluster(s).nodes()).containsExactly(new HostPort("127.0.0.1", 7000));
        assertThat(Yaml.redis(s).database()).isZero();
    }

    @Test
    void theEnvironmentChoosesTheBackendOfTheBase() {
        LarderSettings s = Yaml.reference("", Map.of("LARDER_BACKEND", "redis-sentinel", "REDIS_HOST", "10.0.0.5",
                "REDIS_PORT", "6380", "REDIS_PASSWORD", "s3cr3t-pw"));

        assertThat(s.backend().provider()).isEqualTo("redis-sentinel");
        assertThat(Yaml.redis(s).host()).isEqualTo("10.0.0.5");
        assertThat(Yaml.redis(s).port()).isEqualTo(6380);
        assertThat(Yaml.redis(s).password().reveal()).isEqualTo("s3cr3t-pw");
    }

    @Test
    void theEmbeddedDefaultIsAMemoryBackendWithASnapshotUnderLarderData() {
        LarderSettings s = LarderYaml.parse(LarderYaml.class.getResourceAsStream("/" + LarderYaml.DEFAULT_RESOURCE),
                "default", null, Map.of("LARDER_DATA", "/var/lib/larder")::get);
        LarderSettings unset = LarderYaml.parse(LarderYaml.class.getResourceAsStream("/" + LarderYaml.DEFAULT_RESOURCE),
                "default", null, Map.<String, String>of()::get);

        assertThat(s.backend().provider()).isEqualTo("memory");
        assertThat(Yaml.memory(s).snapshot().path()).hasToString("/var/lib/larder/larder.snapshot");
        assertThat(Yaml.memory(s).snapshot().interval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(Yaml.memory(unset).snapshot().path()).hasToString("./larder-data/larder.snapshot");
        assertThat(LarderYaml.parseResource(LarderYaml.DEFAULT_RESOURCE, null).backend().provider()).isEqualTo("memory");
    }

    @Test
    void anEmptyFileIsEveryDefault() {
        LarderSettings s = Yaml.parse("", null);

        assertThat(s.backend()).isEqualTo(BackendSettings.of(MemorySettings.defaults()));
        assertThat(s.defaults()).isEqualTo(StoreDefaults.standard());
        assertThat(s.stores()).isEmpty();
        assertThat(s.profiles()).isEmpty();
    }

    @Test
    void everyKeyOfTheReferenceIsRead() {
        LarderSettings s = Yaml.parse("""
                larder:
                  backend:
                    type: redis-sentinel
                    client: jedis
                    host: cache.internal
                    port: 6380
                    database: 3
                    username: app
                    password: pw-value-1
                    client-name: chat-bot
                    pool: { size: 4, max: 8 }
                    timeouts: { connect: 2s, command: 500ms }
                    retry-on-timeout: false
                    health-check-interval: 15s
                    sentinel: { master: main, nodes: [ "s1:26379", "s2:26379" ], password: pw-value-2 }
                    cluster: { nodes: "c1:7000, c2:7001", require-full-coverage: false, topology-refresh: 1m, read-from: replica-preferred }
                    tls: { enabled: true, trust-store: /etc/larder/trust.p12, trust-store-password: pw-value-3, verify-peer: false }
                    snapshot: { path: /tmp/l.snap, interval: PT2M }
                    sweep-interval: 0
                    archive: { seal-after: 15m }
                  defaults:
                    key-prefix: "app:"
                    codec: msgpack
                    compression: { algorithm: gzip, threshold: 1KB }
                    schema-version: 7
                    expiry: { policy: field, field: valid_until }
                    batch: { size: 50, max-pipeline: 500 }
                    max-value-size: 2MB
                    metrics: { slow-op-threshold: 1h30m }
                  stores:
                    chat:
                      id: message_id
                      partition-by: group_id
                      time: timestamp
                      layout: archive
                      retention: { keep-newest: 1000, max-age: 7d }
                      compression: { threshold: 4KB }
                      max-value-size: 64KB
                """, null);

        RedisSettings b = Yaml.redis(s);
        assertThat(b.client()).isEqualTo(Client.JEDIS);
        assertThat(b.host()).isEqualTo("cache.internal");
        assertThat(b.database()).isEqualTo(3);
        assertThat(b.username()).isEqualTo("app");
        assertThat(b.password().reveal()).isEqualTo("pw-value-1");
        assertThat(b.clientName()).isEqualTo("chat-bot");
        assertThat(b.timeouts().command()).isEqualTo(Duration.ofMillis(500));
        assertThat(b.retryOnTimeout()).isFalse();
        assertThat(b.healthCheckInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(b.sentinel().nodes()).hasSize(2);
        assertThat(b.sentinel().password().reveal()).isEqualTo("pw-value-2");
        assertThat(Yaml.cluster(s).nodes()).containsExactly(new HostPort("c1", 7000), new HostPort("c2", 7001));
        assertThat(Yaml.cluster(s).requireFullCoverage()).isFalse();
        assertThat(Yaml.cluster(s).readFrom()).isEqualTo(ClusterSettings.ReadFrom.REPLICA_PREFERRED);
        assertThat(b.tls().trustStore()).hasToString("/etc/larder/trust.p12");
        assertThat(b.tls().trustStorePassword().reveal()).isEqualTo("pw-value-3");
        assertThat(b.tls().verifyPeer()).isFalse();
        assertThat(Yaml.memory(s).snapshot().interval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.sweepInterval()).isZero();
        assertThat(b.archive().sealAfter()).isEqualTo(Duration.ofMinutes(15));

        StoreDefaults d = s.defaults();
        assertThat(d.keyPrefix()).isEqualTo("app:");
        assertThat(d.encoding()).isEqualTo(new Encoding(Codec.MSGPACK, Compression.GZIP, DataSize.ofBytes(1024), 7));
        assertThat(d.expiry()).isEqualTo(Expiry.atField("valid_until"));
        assertThat(d.maxValueSize()).isEqualTo(DataSize.parse("2MB"));
        assertThat(d.slowOperation()).isEqualTo(Duration.ofMinutes(90));

        @SuppressWarnings("rawtypes")
        StoreSpec<Map> chat = s.store("chat").orElseThrow();
        assertThat(chat.idField()).isEqualTo("message_id");
        assertThat(chat.layout()).isEqualTo(Layout.ARCHIVE);
        assertThat(chat.retention()).isEqualTo(Retention.keepNewest(1000).withMaxAge(Duration.ofDays(7)));
        assertThat(chat.encoding()).contains(new Encoding(Codec.MSGPACK, Compression.GZIP, DataSize.ofBytes(4096), 7));
        assertThat(chat.maxValueSize()).contains(DataSize.parse("64KB"));
        assertThat(chat.expiry()).isEmpty();
        assertThat(chat.indexes()).isEmpty();
    }

    @Test
    void theDefaultDriverIsJedisTheFasterByMeasurement() {
        LarderSettings s = Yaml.parse("""
                larder:
                  backend: { type: redis }
                """, null);
        assertThat(Yaml.redis(s).client()).isEqualTo(Client.JEDIS);
    }
}
