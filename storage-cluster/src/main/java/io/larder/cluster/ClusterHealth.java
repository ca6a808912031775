package io.larder.cluster;

import io.larder.Health;
import io.larder.StorageException;
import io.larder.StorageUnavailableException;
import io.larder.redis.internal.DurabilityWatch;
import io.larder.redis.internal.InfoFields;
import io.larder.redis.internal.ServerHealth;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A cluster's health: {@code cluster_state} and slot coverage from every master's
 * {@code CLUSTER INFO} (the worst view wins), a {@code PING} and the used memory of every master
 * and replica, and every master's replicas. Degraded when a slot is not covered, the state is
 * {@code fail}, a node does not answer, a master has fewer replicas than a durability policy
 * needs, or writes are acknowledged unconfirmed; down when no node answers. No detail ever
 * holds a secret.
 */
final class ClusterHealth {
    private static final String[] SUMMED = {"connected_clients", "used_memory", "total_commands_processed",
        "keyspace_hits", "keyspace_misses"};

    private ClusterHealth() {
    }

    static Health probe(NodeLink link, DurabilityWatch watch) {
        link.refreshNow();
        List<String> masters = link.masters();
        List<String> replicas = link.replicas();
        Map<String, String> d = new LinkedHashMap<>();
        d.put("client", link.description());
        @Nullable Map<String, String> cluster = null;
        List<String> problems = new ArrayList<>();
        Duration slowest = Duration.ZERO;
        int reachable = 0;
        @Nullable String refused = null;
        long fewest = Long.MAX_VALUE;
        @Nullable String poorest = null;
        for (String node : concat(masters, replicas)) {
            String role = masters.contains(node) ? "master" : "replica";
            Duration latency;
            try {
                latency = link.ping(node);
            } catch (StorageException e) {
                d.put("node " + node, role + ", unreachable: " + e.getMessage());
                problems.add(role + " " + node + " does not answer");
                continue;
            }
            slowest = latency.compareTo(slowest) > 0 ? latency : slowest;
            reachable++;
            try {
                Map<String, String> memory = InfoFields.parse(link.info(node, "memory"));
                String replicasOf = "";
                if (role.equals("master")) {
                    cluster = worse(cluster, InfoFields.parse(link.info(node, "cluster-info")));
                    long connected = parse(InfoFields.parse(link.info(node, "replication")).get("connected_slaves"));
                    replicasOf = ", " + connected + " replica" + (connected == 1 ? "" : "s");
                    if (connected < fewest) {
                        fewest = connected;
                        poorest = "master " + node;
                    }
                }
                d.put("node " + node, role + replicasOf + ", used_memory " + memory.getOrDefault("used_memory_human", "?")
                        + ", ping " + latency.toNanos() / 1000 + " µs");
                String full = ServerHealth.fullness(ServerHealth.number(memory, "used_memory"),
                        ServerHealth.number(memory, "maxmemory"), memory.getOrDefault("maxmemory_policy", ""));
                if (full != null && role.equals("master")) {
                    problems.add("master " + node + ": " + full);
                }
            } catch (StorageUnavailableException e) {
                d.put("node " + node, role + ", unreachable: " + e.getMessage());
                problems.add(role + " " + node + " does not answer");
            } catch (StorageException e) {
                // an ACL user without INFO or CLUSTER INFO: the node serves, health cannot see more
                d.put("node " + node, role + ", ping " + latency.toNanos() / 1000 + " µs");
                refused = e.getMessage();
            }
        }
        if (refused != null) {
            problems.add("INFO or CLUSTER INFO is refused, so memory and slot coverage are not checked (grant the user +info"
                    + " and +cluster|info): " + refused);
        }
        if (reachable == 0) {
            return Health.down("no node of " + link.description() + " answers");
        }
        d.put("masters", Integer.toString(masters.size()));
        d.put("replicas", Integer.toString(replicas.size()));
        if (cluster == null) {
            if (refused == null) {
                problems.add("no master answered CLUSTER INFO");
            }
        } else {
            for (String f : List.of("cluster_state", "cluster_slots_assigned", "cluster_slots_ok", "cluster_slots_pfail",
                    "cluster_slots_fail", "cluster_known_nodes", "cluster_size")) {
                d.put(f, cluster.getOrDefault(f, "?"));
            }
            if (!"ok".equals(cluster.get("cluster_state"))) {
                problems.add("cluster_state is " + cluster.get("cluster_state"));
            }
            if (!Integer.toString(NodeLink.SLOTS).equals(cluster.get("cluster_slots_ok"))) {
                problems.add("only " + cluster.get("cluster_slots_ok") + " of " + NodeLink.SLOTS + " slots are served");
            }
        }
        Health health = Health.up(slowest, d);
        health = problems.isEmpty() ? health : health.degraded(String.join("; ", problems));
        return watch.judge(health, poorest == null ? -1 : fewest, poorest);
    }

    /** Of two masters' {@code CLUSTER INFO}, the one that sees a failed state or fewer slots served: nodes may disagree for a while. */
    private static Map<String, String> worse(@Nullable Map<String, String> a, Map<String, String> b) {
        if (a == null) {
            return b;
        }
        boolean aOk = "ok".equals(a.get("cluster_state"));
        boolean bOk = "ok".equals(b.get("cluster_state"));
        if (aOk != bOk) {
            return aOk ? b : a;
        }
        return parse(b.get("cluster_slots_ok")) < parse(a.get("cluster_slots_ok")) ? b : a;
    }

    /** {@code INFO} of every master, counters summed, so the Redis adapter's server health reads a cluster as one server. */
    static Map<String, String> mergedInfo(NodeLink link) {
        Map<String, String> merged = new LinkedHashMap<>();
        long[] sums = new long[SUMMED.length];
        boolean aof = true;
        for (String master : link.masters()) {
            Map<String, String> info = InfoFields.parse(link.info(master, null));
            merged.putIfAbsent("redis_version", info.getOrDefault("redis_version", "?"));
            for (int i = 0; i < SUMMED.length; i++) {
                sums[i] += parse(info.get(SUMMED[i]));
            }
            aof &= "1".equals(info.get("aof_enabled"));
            // the fewest replicas of any master: a write to that master's slots is the first left unconfirmed
            long replicas = parse(info.getOrDefault("connected_slaves", "0"));
            merged.merge("connected_slaves", Long.toString(replicas),
                    (a, b) -> Long.toString(Math.min(Long.parseLong(a), Long.parseLong(b))));
            if (!"master".equals(info.get("role"))) {
                merged.put("role", info.get("role"));
            }
        }
        merged.putIfAbsent("role", "master");
        for (int i = 0; i < SUMMED.length; i++) {
            merged.put(SUMMED[i], Long.toString(sums[i]));
        }
        merged.put("used_memory_human", sums[1] / (1024 * 1024) + "M");
        merged.put("aof_enabled", aof ? "1" : "0");
        return merged;
    }

    private static long parse(@Nullable String value) {
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
