package io.larder.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Joins freshly started nodes into a cluster, as {@code redis-cli --cluster create} would. */
final class ClusterFormation {

    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);
    private static final int SLOTS_PER_ADDSLOTS = 4_096;

    private ClusterFormation() {
    }

    static void form(RedisClusterGroup cluster, List<RedisProcess> masters, List<RedisProcess> replicas) {
        boolean hasSlotRanges = RedisBinary.locate().atLeast(7, 0);
        List<String> masterIds = Parallel.map(masters, cluster::nodeId);
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < masters.size(); i++) {
            indexes.add(i);
        }
        Parallel.map(indexes, i -> {
            RedisProcess master = masters.get(i);
            // Distinct epochs up front spare the nodes resolving a collision of three epoch-0 masters.
            master.call("CLUSTER", "SET-CONFIG-EPOCH", i + 1);
            int first = i * KeySlot.SLOTS / masters.size();
            int last = (i + 1) * KeySlot.SLOTS / masters.size() - 1;
            addSlots(master, first, last, hasSlotRanges);
            return master;
        });
        List<RedisProcess> all = new ArrayList<>(masters);
        all.addAll(replicas);
        RedisProcess seed = all.get(0);
        for (RedisProcess node : all.subList(1, all.size())) {
            node.call("CLUSTER", "MEET", seed.host(), seed.port());
        }
        // A replica can only REPLICATE a master it knows: wait until gossip has spread everyone.
        Poll.until(JOIN_TIMEOUT, "all " + all.size() + " nodes to know each other", () -> {
            for (RedisProcess node : all) {
                ClusterView view = ClusterState.view(node);
                if (view.nodes().size() != all.size() || !view.nodes().stream().allMatch(ClusterView.Node::isSettled)) {
                    return null;
                }
            }
            return true;
        });
        for (int i = 0; i < replicas.size(); i++) {
            replicas.get(i).call("CLUSTER", "REPLICATE", masterIds.get(i % masters.size()));
        }
    }

    private static void addSlots(RedisProcess master, int first, int last, boolean hasSlotRanges) {
        if (hasSlotRanges) {
            master.call("CLUSTER", "ADDSLOTSRANGE", first, last);
            return;
        }
        // Redis 6.2 has no ADDSLOTSRANGE: list the slots, a few thousand per command.
        for (int from = first; from <= last; from += SLOTS_PER_ADDSLOTS) {
            int to = Math.min(last, from + SLOTS_PER_ADDSLOTS - 1);
            List<Object> command = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
            for (int slot = from; slot <= to; slot++) {
                command.add(slot);
            }
            master.call(command.toArray());
        }
    }
}
