package io.larder.testkit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Moves slots between masters the way {@code redis-cli --cluster reshard} does, one slot at a
 * time, so clients keep working and see {@code ASK} and {@code MOVED} redirections while it runs:
 * mark the slot importing on the target and migrating on the source, {@code MIGRATE} its keys
 * in batches, then assign it to the target on the target, the source and every other master.
 * Not thread-safe: one migration at a time.
 */
final class SlotMigration implements AutoCloseable {

    private static final int KEYS_PER_BATCH = 100;
    private static final int MIGRATE_TIMEOUT_MILLIS = 10_000;

    private final @Nullable String password;
    private final Map<HostAndPort, RespClient> clients = new HashMap<>();

    SlotMigration(@Nullable String password) {
        this.password = password;
    }

    /** Moves every slot of {@code [from, to]} not yet served by {@code target} to it. */
    void move(int from, int to, RedisProcess target, ClusterState state) {
        ClusterView view = state.view();
        String targetId = view.node(target.address())
                .orElseThrow(() -> new TestkitException(target + " is not a member of the cluster")).id();
        List<RedisProcess> masters = new ArrayList<>();
        for (ClusterView.Node node : view.nodes()) {
            if (node.isMaster() && !node.isFailing() && node.address() != null) {
                state.process(node.address()).ifPresent(masters::add);
            }
        }
        for (int slot = from; slot <= to; slot++) {
            String sourceId = view.ownerOf(slot);
            if (targetId.equals(sourceId)) {
                continue;
            }
            if (sourceId == null) {
                throw new TestkitException("slot " + slot + " has no owner");
            }
            HostAndPort sourceAddress = view.nodeById(sourceId).map(ClusterView.Node::address)
                    .orElseThrow(() -> new TestkitException("slot owner " + sourceId + " has no address"));
            RedisProcess source = state.process(sourceAddress)
                    .orElseThrow(() -> new TestkitException("slot owner " + sourceAddress + " is not running"));
            moveSlot(slot, source, sourceId, target, targetId, masters);
        }
    }

    private void moveSlot(int slot, RedisProcess source, String sourceId, RedisProcess target, String targetId,
                          List<RedisProcess> masters) {
        client(target).call("CLUSTER", "SETSLOT", slot, "IMPORTING", sourceId);
        client(source).call("CLUSTER", "SETSLOT", slot, "MIGRATING", targetId);
        while (true) {
            List<?> keys = (List<?>) Objects.requireNonNull(client(source).call("CLUSTER", "GETKEYSINSLOT", slot, KEYS_PER_BATCH),
                    "GETKEYSINSLOT answers an array");
            if (keys.isEmpty()) {
                break;
            }
            List<Object> migrate = new ArrayList<>(List.of("MIGRATE", target.host(), target.port(), "", 0,
                    MIGRATE_TIMEOUT_MILLIS));
            if (password != null) {
                migrate.add("AUTH");
                migrate.add(password);
            }
            migrate.add("KEYS");
            migrate.addAll(keys);
            client(source).call(migrate.toArray());
        }
        // The target first: once it owns the slot it stops answering ASK-redirected clients
        // with MOVED back to the source, which would loop.
        client(target).call("CLUSTER", "SETSLOT", slot, "NODE", targetId);
        client(source).call("CLUSTER", "SETSLOT", slot, "NODE", targetId);
        for (RedisProcess master : masters) {
            if (master != source && master != target) {
                client(master).call("CLUSTER", "SETSLOT", slot, "NODE", targetId);
            }
        }
    }

    private RespClient client(RedisProcess node) {
        return clients.computeIfAbsent(node.address(), address -> node.client());
    }

    @Override
    public void close() {
        clients.values().forEach(RespClient::close);
    }
}
