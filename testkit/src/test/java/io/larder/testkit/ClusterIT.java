package io.larder.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    @RegisterExtension
    static final RedisExtension<RedisClusterGroup> cluster = RedisExtension.cluster().flushBeforeEach();

    @Test
    @Order(1)
    void formsWithEveryNodeReportingOk(RedisClusterGroup group) {
        assertThat(group.processes()).hasSize(6);
        assertThat(group.masters()).hasSize(3);
        assertThat(group.replicas()).hasSize(3);
        for (RedisProcess node : group.processes()) {
            assertThat(ClusterState.clusterInfo(node)).containsEntry("cluster_state", "ok")
                    .containsEntry("cluster_slots_assigned", "16384");
        }
        assertThat(group.nodeForSlot(0)).isEqualTo(group.masters().get(0));
        assertThat(group.nodeForSlot(16383)).isEqualTo(group.masters().get(2));
    }

    @Test
    @Order(2)
    void slotAgreesWithClusterKeyslot(RedisClusterGroup group) {
        RedisProcess node = group.masters().get(0);
        for (String key : List.of("foo", "larder:chat:{123456}:m:1", "{}x", "x{y", "ключ", "{a}{b}", "")) {
            assertThat((long) RedisClusterGroup.slot(key)).as(key).isEqualTo(node.call("CLUSTER", "KEYSLOT", key));
        }
    }

    @Test
    @Order(3)
    void movedSlotsKeepTheirKeysReadableAtTheNewOwner(RedisClusterGroup group) throws Exception {
        RedisProcess source = group.nodeForSlot(0);
        RedisProcess target = group.masters().get(1);
        Map<String, Integer> keys = keysInSlots(0, 49, 40);
        try (RespClient client = source.client()) {
            keys.keySet().forEach(key -> client.call("SET", key, "v-" + key));
        }

        AtomicBoolean moving = new AtomicBoolean(true);
        CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> readWhile(moving, source, keys.keySet()));

        group.moveSlots(0, 49, target);
        moving.set(false);

        assertThat(reader.get(30, TimeUnit.SECONDS)).as("rounds of reads during the move").isPositive();
        assertThat(group.nodeForSlot(0)).isEqualTo(target);
        assertThat(group.nodeForSlot(49)).isEqualTo(target);
        assertThat(group.nodeForSlot(50)).isEqualTo(source);
        try (RespClient client = target.client()) {
            keys.keySet().forEach(key -> assertThat(client.callString("GET", key)).isEqualTo("v-" + key));
        }
        try (RespClient client = source.client()) {
            String key = keys.keySet().iterator().next();
            assertThat(catchThrowableOfType(RespException.class, () -> client.call("GET", key)).code()).isEqualTo("MOVED");
        }
    }

    @Test
    @Order(4)
    void commandStatsCountCommandsPerNode(RedisClusterGroup group) {
        RedisProcess owner = group.nodeForSlot(RedisClusterGroup.slot("{stats}"));
        group.resetStats();
        try (RespClient client = owner.client()) {
            for (int i = 0; i < 5; i++) {
                client.call("SET", "{stats}:" + i, "x");
            }
        }

        assertThat(group.commandStats(owner).calls("set")).isEqualTo(5);
        for (RedisProcess other : group.masters()) {
            if (!other.equals(owner)) {
                assertThat(group.commandStats(other).calls("set")).isZero();
            }
        }
    }

    @Test
    @Order(5)
    void flushAllEmptiesEveryNode(RedisClusterGroup group) {
        ClusterView view = ClusterState.view(group.masters().get(0));
        for (RedisProcess master : group.masters()) {
            int slot = view.firstSlotOf(group.nodeId(master));
            master.call("SET", keysInSlots(slot, slot, 1).keySet().iterator().next(), "x");
        }

        group.flushAll();

        for (RedisProcess node : group.processes()) {
            assertThat(node.call("DBSIZE")).as("keys on %s", node).isEqualTo(0L);
        }
    }

    @Test
    @Order(6)
    void killedMasterIsReplacedByItsReplica(RedisClusterGroup group) {
        RedisProcess master = group.masters().get(2);
        int slot = 16383;
        String key = keysInSlots(slot, slot, 1).keySet().iterator().next();
        try (RespClient client = master.client()) {
            client.call("SET", key, "kept");
            assertThat(client.callLong("WAIT", 1, 5_000)).isEqualTo(1);
        }

        RedisProcess killed = group.killMaster(2);
        RedisProcess promoted = group.awaitFailover(Duration.ofSeconds(30));

        assertThat(killed).isEqualTo(master);
        assertThat(promoted).isNotEqualTo(master);
        assertThat(promoted.role()).isEqualTo("master");
        assertThat(group.nodeForSlot(slot)).isEqualTo(promoted);
        assertThat(RespClient.text(promoted.call("GET", key))).isEqualTo("kept");
    }

    @Test
    @Order(7)
    void closeStopsEveryNodeAndFreesItsPorts(RedisClusterGroup group) {
        group.close();

        for (RedisProcess node : group.processes()) {
            assertThat(node.isAlive()).isFalse();
            assertThat(FreePorts.isFree(node.port())).as("port of %s", node).isTrue();
            assertThat(FreePorts.isFree(node.port() + 10_000)).as("bus port of %s", node).isTrue();
        }
    }

    /**
     * Reads every key until {@code moving} turns false, as a cluster client would: start at the
     * old owner and follow MOVED and ASK. Every read must find its value.
     */
    private static int readWhile(AtomicBoolean moving, RedisProcess start, Iterable<String> keys) {
        Map<HostAndPort, RespClient> clients = new HashMap<>();
        int rounds = 0;
        try {
            do {
                for (String key : keys) {
                    assertThat(readFollowingRedirects(clients, start.address(), key)).as(key).isEqualTo("v-" + key);
                }
                rounds++;
            } while (moving.get());
        } finally {
            clients.values().forEach(RespClient::close);
        }
        return rounds;
    }

    private static String readFollowingRedirects(Map<HostAndPort, RespClient> clients, HostAndPort node, String key) {
        boolean asking = false;
        for (int hop = 0; hop < 5; hop++) {
            RespClient client = clients.computeIfAbsent(node, RespClient::connect);
            try {
                if (asking) {
                    client.call("ASKING");
                }
                return client.callString("GET", key);
            } catch (RespException redirect) {
                if (!redirect.code().equals("MOVED") && !redirect.code().equals("ASK")) {
                    throw redirect;
                }
                asking = redirect.code().equals("ASK");
                node = HostAndPort.parse(redirect.getMessage().split(" ")[2]);
            }
        }
        throw new AssertionError("too many redirections for " + key);
    }

    /** {@code count} keys whose slots lie in {@code [from, to]}. */
    private static Map<String, Integer> keysInSlots(int from, int to, int count) {
        Map<String, Integer> keys = new LinkedHashMap<>();
        for (int i = 0; keys.size() < count; i++) {
            String key = "larder:k" + i;
            int slot = RedisClusterGroup.slot(key);
            if (slot >= from && slot <= to) {
                keys.put(key, slot);
            }
        }
        return keys;
    }
}
