package io.larder.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the running nodes of a cluster say about it, asked of each at once (a paused node is not
 * asked: it would not answer). The cluster is
 * settled when all of them report {@code cluster_state:ok}, agree on every slot's owner and on
 * every running node's role, and every running replica is in sync with its master.
 */
final class ClusterState {
    /** The longest a node may answer {@code LOADING} before its view is given up on. */
    private static final Duration LOADING = Duration.ofSeconds(30);

    private final List<RedisProcess> running;
    private final List<ClusterView> views;
    private final @Nullable String problem;

    private ClusterState(List<RedisProcess> running, List<ClusterView> views, @Nullable String problem) {
        this.running = running;
        this.views = views;
        this.problem = problem;
    }

    static ClusterState of(List<RedisProcess> nodes) {
        List<RedisProcess> running = nodes.stream().filter(RedisProcess::isServing).toList();
        List<ClusterView> views = Parallel.map(running, ClusterState::view);
        return new ClusterState(running, views, findProblem(running, views));
    }

    /**
     * The node's {@code CLUSTER NODES}. A node that rejoined as a replica answers {@code LOADING}
     * while it loads its master's data set: that is waited out (up to {@link #LOADING}), any
     * other error is thrown at once.
     */
    static ClusterView view(RedisProcess node) {
        long deadline = System.nanoTime() + LOADING.toNanos();
        while (true) {
            try {
                return ClusterView.parse(RespClient.textOf(node.call("CLUSTER", "NODES"), "CLUSTER NODES"));
            } catch (RespException e) {
                if (!String.valueOf(e.getMessage()).startsWith("LOADING") || System.nanoTime() - deadline > 0) {
                    throw e;
                }
                Poll.sleep(20);
            }
        }
    }

    /** Why the cluster is not settled, or empty if it is. */
    Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /** The view of the first running node; after a settled check every running node agrees with it. */
    ClusterView view() {
        return views.get(0);
    }

    /** The running process at {@code address}, if it is one of ours. */
    Optional<RedisProcess> process(HostAndPort address) {
        return running.stream().filter(node -> node.address().equals(address)).findFirst();
    }

    private static @Nullable String findProblem(List<RedisProcess> running, List<ClusterView> views) {
        if (running.isEmpty()) {
            return "no node is running";
        }
        ClusterView first = views.get(0);
        Map<HostAndPort, Boolean> roles = new HashMap<>();
        for (int i = 0; i < running.size(); i++) {
            RedisProcess node = running.get(i);
            ClusterView view = views.get(i);
            if (!view.allSlotsAssigned()) {
                return node + " sees unassigned slots";
            }
            if (!view.sameSlotOwners(first)) {
                return node + " disagrees with " + running.get(0) + " on slot owners";
            }
            for (RedisProcess other : running) {
                Optional<ClusterView.Node> seen = view.node(other.address());
                if (seen.isEmpty() || !seen.get().isSettled() || seen.get().isFailing()) {
                    return node + " does not see " + other + " as a healthy member";
                }
                Boolean master = roles.putIfAbsent(other.address(), seen.get().isMaster());
                if (master != null && master != seen.get().isMaster()) {
                    return "the nodes disagree on the role of " + other;
                }
            }
        }
        for (int slot = 0; slot < KeySlot.SLOTS; slot++) {
            String owner = first.ownerOf(slot);
            Optional<ClusterView.Node> node = first.nodeById(owner);
            if (node.isEmpty() || node.get().isFailing() || !node.get().isMaster()) {
                return "slot " + slot + " is served by failing or non-master node " + owner;
            }
            // Checking each owner once is enough: skip to the next owner's range.
            while (slot + 1 < KeySlot.SLOTS && Objects.equals(owner, first.ownerOf(slot + 1))) {
                slot++;
            }
        }
        List<String> notOk = new ArrayList<>();
        for (RedisProcess node : running) {
            Map<String, String> info = clusterInfo(node);
            if (!"ok".equals(info.get("cluster_state"))) {
                notOk.add(node + " cluster_state:" + info.get("cluster_state"));
            }
            boolean master = Objects.requireNonNull(roles.get(node.address()), "each running node's role is recorded above");
            if (!master && !"up".equals(node.info("replication").get("master_link_status"))) {
                notOk.add(node + " not in sync with its master");
            }
        }
        return notOk.isEmpty() ? null : String.join(", ", notOk);
    }

    static Map<String, String> clusterInfo(RedisProcess node) {
        Map<String, String> fields = new HashMap<>();
        for (String line : RespClient.textOf(node.call("CLUSTER", "INFO"), "CLUSTER INFO").split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return fields;
    }
}
