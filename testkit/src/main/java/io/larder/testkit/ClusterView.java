package io.larder.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** One node's view of the cluster, parsed from {@code CLUSTER NODES}. Immutable. */
final class ClusterView {

    /** A line of {@code CLUSTER NODES}. {@code address} is null while a node has none ({@code noaddr}). */
    record Node(String id, @Nullable HostAndPort address, Set<String> flags, @Nullable String masterId) {

        boolean isMaster() {
            return flags.contains("master");
        }

        boolean isFailing() {
            return flags.contains("fail") || flags.contains("fail?");
        }

        boolean isSettled() {
            return address != null && !flags.contains("handshake") && !flags.contains("noaddr");
        }
    }

    private final List<Node> nodes;
    private final @Nullable String[] owners;

    private ClusterView(List<Node> nodes, @Nullable String[] owners) {
        this.nodes = List.copyOf(nodes);
        this.owners = owners;
    }

    static ClusterView parse(String clusterNodes) {
        List<Node> nodes = new ArrayList<>();
        @Nullable String[] owners = new String[KeySlot.SLOTS];
        for (String line : clusterNodes.split("\n")) {
            String[] fields = line.trim().split(" ");
            if (fields.length < 8) {
                continue;
            }
            String id = fields[0];
            nodes.add(new Node(id, address(fields[1]), Set.of(fields[2].split(",")), "-".equals(fields[3]) ? null : fields[3]));
            for (int i = 8; i < fields.length; i++) {
                String range = fields[i];
                if (range.startsWith("[")) {
                    continue; // a slot being imported or migrated: still owned as listed elsewhere
                }
                int dash = range.indexOf('-');
                int first = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
                int last = dash < 0 ? first : Integer.parseInt(range.substring(dash + 1));
                Arrays.fill(owners, first, last + 1, id);
            }
        }
        return new ClusterView(nodes, owners);
    }

    /** {@code ip:port@cport} or, on Redis 7, {@code ip:port@cport,hostname}. */
    private static @Nullable HostAndPort address(String field) {
        int at = field.indexOf('@');
        String hostPort = at < 0 ? field : field.substring(0, at);
        int colon = hostPort.lastIndexOf(':');
        int port = Integer.parseInt(hostPort.substring(colon + 1));
        return colon <= 0 || port == 0 ? null : new HostAndPort(hostPort.substring(0, colon), port);
    }

    List<Node> nodes() {
        return nodes;
    }

    Node myself() {
        return nodes.stream().filter(node -> node.flags().contains("myself")).findFirst()
                .orElseThrow(() -> new TestkitException("CLUSTER NODES lists no 'myself'"));
    }

    Optional<Node> node(HostAndPort address) {
        return nodes.stream().filter(node -> address.equals(node.address())).findFirst();
    }

    /** The node with {@code id}; empty for a null id (an unassigned slot's owner). */
    Optional<Node> nodeById(@Nullable String id) {
        return nodes.stream().filter(node -> node.id().equals(id)).findFirst();
    }

    /** The id of the master serving {@code slot}, or null if the slot is unassigned. */
    @Nullable String ownerOf(int slot) {
        return owners[slot];
    }

    /** The first slot the node serves, or -1. */
    int firstSlotOf(String id) {
        for (int slot = 0; slot < owners.length; slot++) {
            if (id.equals(owners[slot])) {
                return slot;
            }
        }
        return -1;
    }

    boolean sameSlotOwners(ClusterView other) {
        return Arrays.equals(owners, other.owners);
    }

    boolean allSlotsAssigned() {
        return Arrays.stream(owners).allMatch(owner -> owner != null);
    }
}
