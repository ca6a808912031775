package io.larder.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.larder.ConfigurationException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every problem of a file is reported at once, each with its place, its key and what was expected. */
class ValidationTest {

    private static List<String> problems(String yaml) {
        return problems(yaml, null);
    }

    private static List<String> problems(String yaml, String profile) {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> Yaml.parse(yaml, profile));
        assertThat(e).as("a ConfigurationException").isNotNull();
        return e.problems();
    }

    @Test
    void aFileWithThreeMistakesYieldsOneExceptionListingAllThree() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> Yaml.parse("""
                larder:
                  backend:
                    type: redis
                    port: 99999
                    pool: { size: 10, max: 50 }
                  defaults:
                    codec: json
                    compresion: { algorithm: lz4 }
                    expiry:
                      policy: forever
                """, null));

        assertThat(e.problems()).hasSize(3);
        assertThat(e.problems()).extracting(p -> p.replaceAll(".* at f\\.yaml:(\\d+):\\d+: .*", "$1"))
                .containsExactly("4", "8", "10");
        assertThat(e.problems()).containsExactly(
                "larder.backend.port at f.yaml:4:11: expected an integer from 1 to 65535, got '99999'",
                "larder.defaults.compresion at f.yaml:8:5: unknown key 'compresion'; did you mean 'compression'?",
                "larder.defaults.expiry.policy at f.yaml:10:15: expected one of none, absolute, sliding, field,"
                        + " got 'forever'");
        assertThat(e.getMessage()).startsWith("3 configuration problems:");
    }

    @Test
    void anUnknownKeyIsToldTheClosestValidKey() {
        assertThat(problems("larder: { defaults: { compression: { algorithm: lz4, treshold: 1KB } } }"))
                .containsExactly("larder.defaults.compression.treshold at f.yaml:1:54: unknown key 'treshold';"
                        + " did you mean 'threshold'?");
    }

    @Test
    void anUnknownKeyWithNothingCloseListsTheValidKeys() {
        assertThat(problems("larder: { backend: { pool: { bananas: 3 } } }"))
                .containsExactly("larder.backend.pool.bananas at f.yaml:1:30: unknown key 'bananas'; valid keys here: size, max");
    }

    @Test
    void onlyLarderAndEnvironmentsAreTopLevelKeys() {
        assertThat(problems("larder: {}\nredis: { host: x }\n"))
                .containsExactly("redis at f.yaml:2:1: unknown key 'redis'; valid keys here: larder, environments");
    }

    @Test
    void aKeyOfTheOldPythonConfigurationIsToldItsNewName() {
        assertThat(problems("larder: { backend: { socket_timeout: 30 } }"))
                .singleElement().asString()
                .contains("unknown key 'socket_timeout'").contains("larder.backend.timeouts.command");
    }

    @Test
    void everyRepeatedKeyIsReported() {
        assertThat(problems("""
                larder:
                  backend:
                    host: a
                    port: 1
                    host: b
                  backend: {}
                """)).containsExactly(
                "larder.backend.host at f.yaml:5:5: repeated key 'host' (first given at f.yaml:3:5)",
                "larder.backend at f.yaml:6:3: repeated key 'backend' (first given at f.yaml:2:3)");
    }

    @Test
    void wrongTypesSayWhatWasExpected() {
        assertThat(problems("""
                larder:
                  backend:
                    pool: 10
                    timeouts: { connect: 30, command: -1s }
                    retry-on-timeout: yes
                    cluster: { nodes: [ "a:b" ] }
                    archive: { seal-after: -1h }
                  defaults:
                    compression: { threshold: lots }
                  stores:
                    chat: { indexes: { a: b } }
                """)).containsExactly(
                "larder.backend.pool at f.yaml:3:11: expected a mapping, got '10'",
                "larder.backend.timeouts.connect at f.yaml:4:26: expected a duration such as 100ms, 30s, 2m, 1h, 7d or"
                        + " PT30S, got '30'",
                "larder.backend.timeouts.command at f.yaml:4:39: expected a duration such as 100ms, 30s, 2m, 1h, 7d or"
                        + " PT30S, got '-1s'",
                "larder.backend.retry-on-timeout at f.yaml:5:23: expected true or false, got 'yes'",
                "larder.backend.cluster.nodes at f.yaml:6:25: expected host:port with a port from 1 to 65535, got 'a:b'",
                "larder.backend.archive.seal-after at f.yaml:7:28: expected a duration such as 100ms, 30s, 2m, 1h, 7d or"
                        + " PT30S (0 turns it off), got '-1h'",
                "larder.defaults.compression.threshold at f.yaml:9:31: expected a size such as 512B, 4KB or 1MB,"
                        + " got 'lots'",
                "larder.stores.chat.indexes at f.yaml:11:22: expected a list of field names, got a mapping");
    }

    @Test
    void outOfRangeNumbersAreRefused() {
        assertThat(problems("""
                larder:
                  backend: { database: -1, pool: { max: 0 } }
                  defaults: { schema-version: 256, batch: { size: 0 } }
                """)).containsExactly(
                "larder.backend.database at f.yaml:2:24: expected an integer of at least 0, got '-1'",
                "larder.backend.pool.max at f.yaml:2:41: expected an integer of at least 1, got '0'",
                "larder.defaults.schema-version at f.yaml:3:31: expected an integer from 0 to 255, got '256'",
                "larder.defaults.batch.size at f.yaml:3:51: expected an integer of at least 1, got '0'");
    }

    @Test
    void anUnknownEnumValueListsTheValidOnesAndTheClosest() {
        assertThat(problems("larder: { backend: { type: redis-clustre, client: Jedis } }")).containsExactly(
                "larder.backend.type at f.yaml:1:28: expected one of memory, redis, redis-sentinel, redis-cluster,"
                        + " got 'redis-clustre'; did you mean 'redis-cluster'?",
                "larder.backend.client at f.yaml:1:51: expected one of lettuce, jedis, got 'Jedis'; did you mean 'jedis'?");
    }

    @Test
    void timedExpiryWithoutDurationConflicts() {
        assertThat(problems("larder: { defaults: { expiry: { policy: absolute } } }")).containsExactly(
                "larder.defaults.expiry.duration at f.yaml:1:41: required when the expiry policy is absolute (e.g. duration: 1h)");
        assertThat(problems("larder: { defaults: { expiry: { policy: none, duration: 1h } } }")).containsExactly(
                "larder.defaults.expiry.duration at f.yaml:1:57: has no effect with expiry policy none; remove it or use"
                        + " absolute or sliding");
    }

    @Test
    void aStoreTakesTheExpiryItLeavesOutFromTheDefaults() {
        LarderSettings s = Yaml.parse("""
                larder:
                  defaults: { expiry: { policy: absolute, duration: 1h } }
                  stores: { sessions: { expiry: { policy: sliding } } }
                """, null);

        assertThat(s.store("sessions").orElseThrow().expiry()).hasValueSatisfying(e ->
                assertThat(e).hasToString("Sliding[duration=PT1H]"));
    }

    @Test
    void clusterWithoutNodesAndSentinelWithoutMasterConflict() {
        assertThat(problems("larder: { backend: { type: redis-cluster } }")).containsExactly(
                "larder.backend.cluster.nodes at f.yaml:1:28: required when type is redis-cluster: at least one"
                        + " \"host:port\" seed node");
        assertThat(problems("larder: { backend: { type: redis-sentinel, sentinel: { nodes: [ \"s:26379\" ] } } }"))
                .containsExactly("larder.backend.sentinel.master at f.yaml:1:28: required when type is redis-sentinel:"
                        + " the master's name as Sentinel knows it");
        assertThat(problems("larder: { backend: { type: redis-cluster, database: 2, cluster: { nodes: [a:1] } } }"))
                .containsExactly("larder.backend.database at f.yaml:1:53: Redis Cluster has only database 0, got 2");
    }

    @Test
    void theArchiveLayoutRefusesPerRecordExpiryAndNeedsPartitionAndTime() {
        assertThat(problems("""
                larder:
                  stores:
                    chat:
                      layout: archive
                      partition-by: group_id
                      time: timestamp
                      expiry: { policy: sliding, duration: 7d }
                    log:
                      layout: archive
                """)).containsExactly(
                "larder.stores.chat.expiry at f.yaml:7:15: the archive layout keeps records per partition and cannot"
                        + " expire them one by one (expiry Sliding[duration=PT168H]); use retention, or layout records",
                "larder.stores.log.partition-by at f.yaml:9:15: required by layout archive (records are packed per"
                        + " partition in time order)",
                "larder.stores.log.time at f.yaml:9:15: required by layout archive (records are packed per partition"
                        + " in time order)");
    }

    @Test
    void aValuesStoreRefusesWhatItHasNoIndexFor() {
        assertThat(problems("""
                larder:
                  stores:
                    sessions:
                      layout: values
                      partition-by: user_id
                      time: login_at
                      indexes: [ip]
                      retention: { keep-newest: 5 }
                """)).containsExactly(
                "larder.stores.sessions.time at f.yaml:6:13: not allowed with layout values (one value per record,"
                        + " no index to order or trim by); drop it, or use layout records",
                "larder.stores.sessions.indexes at f.yaml:7:16: not allowed with layout values (one value per record,"
                        + " no index to order or trim by); drop it, or use layout records",
                "larder.stores.sessions.retention at f.yaml:8:18: not allowed with layout values (one value per record,"
                        + " no index to order or trim by); drop it, or use layout records");
    }

    @Test
    void storeDeclarationsAreCheckedAsTheSpecChecksThem() {
        assertThat(problems("""
                larder:
                  stores:
                    bad name: {}
                    rooms: { retention: { keep-newest: 1000 } }
                    msgs: { id: group_id, partition-by: group_id, indexes: [a, a] }
                """)).containsExactly(
                "larder.stores.bad name at f.yaml:3:5: store name 'bad name' must be 1-64 letters, digits, '_', '.' or"
                        + " '-', starting with a letter or digit",
                "larder.stores.rooms.retention.keep-newest at f.yaml:4:40: keeps the newest records of each partition"
                        + " and needs partition-by",
                "larder.stores.msgs.id at f.yaml:5:17: 'group_id' is also the partition-by field; a record is addressed"
                        + " by (partition, id), so they must differ",
                "larder.stores.msgs.indexes at f.yaml:5:60: field 'a' is indexed twice");
    }

    @Test
    void theIdCannotBeThePartitionField() {
        assertThat(problems("larder: { stores: { msgs: { id: group_id, partition-by: group_id } } }")).containsExactly(
                "larder.stores.msgs.id at f.yaml:1:33: 'group_id' is also the partition-by field; a record is addressed"
                        + " by (partition, id), so they must differ");
    }

    @Test
    void aSyntaxErrorIsReportedWithItsPlace() {
        assertThat(problems("larder:\n  backend: {\n  host: x\n")).singleElement().asString()
                .startsWith("f.yaml:4:1: not valid YAML:");
    }

    @Test
    void aDocumentThatIsNotAMappingIsRefused() {
        assertThat(problems("- a\n- b\n")).containsExactly(
                "(document) at f.yaml:1:1: expected a mapping with the keys 'larder' and 'environments'");
    }

    @Test
    void mergeKeysOfYamlAreResolvedWithExplicitKeysWinning() {
        LarderSettings s = Yaml.parse("""
                larder:
                  stores:
                    rooms: &room { partition-by: group_id, time: ts, indexes: [sender] }
                    archive: { <<: *room, layout: archive, indexes: [] }
                """, null);

        assertThat(s.store("archive").orElseThrow().partitionField()).contains("group_id");
        assertThat(s.store("archive").orElseThrow().indexes()).isEmpty();
    }
}
