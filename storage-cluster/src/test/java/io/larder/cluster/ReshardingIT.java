package io.larder.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.Key;
import io.larder.Larder;
import io.larder.Page;
import io.larder.Query;
import io.larder.Storage;
import io.larder.StoreSpec;
import io.larder.redis.RedisSettings;
import io.larder.redis.RedisSettings.Client;
import io.larder.testkit.Note;
import io.larder.testkit.RedisClusterGroup;
import io.larder.testkit.RedisExtension;
import io.larder.testkit.RedisProcess;
import io.larder.testkit.WriteLoad;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Slots holding partitions in use move to another master (live resharding: MIGRATING,
 * IMPORTING, MIGRATE, SETSLOT NODE) while {@code saveAll}, {@code list} and single saves run:
 * the caller sees no exception, and afterwards every record is read back, once.
 */
@Isolated("moves slots of the shared cluster")
class ReshardingIT {
    @RegisterExtension
    static final RedisExtension<RedisClusterGroup> CLUSTER = Targets.sharedCluster();
    private static final long T0 = 1_767_225_600_000L;
    private static final int GROUPS = 12;
    private static final int BUSY_RECORDS = 60_000;

    @ParameterizedTest
    @EnumSource(Client.class)
    void movingSlotsUnderLoadRaisesNothingAndLosesNothing(Client client) throws Exception {
        RedisClusterGroup cluster = CLUSTER.get();
        int from = client == Client.LETTUCE ? 200 : 5700;
        int to = from + 299;
        RedisProcess source = cluster.nodeForSlot(from);
        assertThat(cluster.nodeForSlot(to)).as("one master serves the range").isSameAs(source);
        RedisProcess target = cluster.masters().stream().filter(m -> m != source).findFirst().orElseThrow();
        List<String> moving = new ArrayList<>();
        List<String> staying = new ArrayList<>();
        for (int i = 0; moving.size() < GROUPS || staying.size() < GROUPS; i++) {
            String group = "rg" + client + i;
            int slot = RedisClusterGroup.slot("{" + group + "}");
            List<String> into = slot >= from && slot <= to ? moving : staying;
            if (into.size() < GROUPS) {
                into.add(group);
            }
        }
        List<String> groups = new ArrayList<>(moving);
        groups.addAll(staying);
        ClusterBackend backend = ClusterBackend.create(Targets.cluster(cluster, client));
        try (Larder larder = Larder.builder().backend(backend).sweepEvery(Duration.ZERO).build()) {
            Storage<Note> notes = Targets.notes(larder, "reshard-" + client);
            Set<Key> written = ConcurrentHashMap.newKeySet();
            AtomicInteger next = new AtomicInteger();
            saveBatch(notes, groups, next, written, 600);
            List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger batches = new AtomicInteger();
            AtomicInteger walks = new AtomicInteger();
            Thread saver = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        saveBatch(notes, groups, next, written, 100);
                        batches.incrementAndGet();
                    } catch (RuntimeException e) {
                        errors.add(e);
                    }
                }
            }, "reshard-saver");
            Thread lister = new Thread(() -> {
                while (!stop.get()) {
                    for (String g : moving) {
                        try {
                            walk(notes, g);
                            walks.incrementAndGet();
                        } catch (RuntimeException | AssertionError e) {
                            errors.add(e);
                        }
                    }
                }
            }, "reshard-lister");
            backend.driver().resetCounts();
            saver.start();
            lister.start();
            Targets.sleep(200);
            long start = System.nanoTime();
            cluster.moveSlots(from, to, target);
            long movedMillis = (System.nanoTime() - start) / 1_000_000;
            Targets.sleep(200);
            stop.set(true);
            saver.join(30_000);
            lister.join(30_000);
            System.out.printf("RESHARD %s: slots %d..%d (%d partitions in use) %s -> %s in %d ms; %d saveAll batches and %d list"
                            + " walks meanwhile; %d records; replies followed %s; errors %s%n", client, from, to, moving.size(),
                    source.port(), target.port(), movedMillis, batches.get(), walks.get(), written.size(),
                    backend.driver().redirectsSeen(), errors);
            assertThat(errors).as("exceptions that reached the caller").isEmpty();
            assertThat(cluster.nodeForSlot(from)).isSameAs(target);
            assertThat(notes.loadAll(written)).hasSize(written.size());
            for (String g : groups) {
                List<String> ids = walk(notes, g);
                Set<String> expected = new HashSet<>();
                written.stream().filter(k -> k.partition().equals(g)).forEach(k -> expected.add(k.id()));
                assertThat(ids).as("list walk of %s", g).hasSize(expected.size()).containsExactlyInAnyOrderElementsOf(expected);
            }
        }
    }

    /**
     * One slot holding a partition of 60,000 records (as {@code redis-cli --cluster reshard} meets a
     * busy chat group) moves while four writers per driver save into that partition: it takes
     * seconds, and all that time each save's script, whose keys are the record's value and the
     * partition's timeline, is answered {@code ASK} and {@code TRYAGAIN} until the timeline has
     * moved. Each call waits it out, within the command timeout (production's 30 s here), and not
     * one error reaches a caller.
     */
    @Test
    void movingABusySlotUnderLoadRaisesNothingAndLosesNothing() throws Exception {
        RedisClusterGroup cluster = CLUSTER.get();
        String partition = "busy";
        int slot = RedisClusterGroup.slot("{" + partition + "}");
        RedisProcess source = cluster.nodeForSlot(slot);
        RedisProcess target = cluster.masters().stream().filter(m -> m != source).findFirst().orElseThrow();
        List<ClusterBackend> backends = new ArrayList<>();
        List<Larder> larders = new ArrayList<>();
        List<Storage<Note>> stores = new ArrayList<>();
        List<WriteLoad> loads = new ArrayList<>();
        try {
            for (Client client : Client.values()) {
                ClusterBackend backend = ClusterBackend.create(Targets.cluster(cluster, client,
                        new RedisSettings.Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(30))));
                Larder larder = Larder.builder().backend(backend).sweepEvery(Duration.ZERO).build();
                backends.add(backend);
                larders.add(larder);
                Storage<Note> notes = larder.store(StoreSpec.builder("busy-" + client, Note.class).partitionBy("group").time("at")
                        .build());
                stores.add(notes);
                for (int from = 0; from < BUSY_RECORDS / 2; from += 1000) {
                    List<Note> batch = new ArrayList<>(1000);
                    for (int i = from; i < from + 1000; i++) {
                        batch.add(Note.of(String.format("p%06d", i), partition, "alice", T0 + i));
                    }
                    notes.saveAll(batch);
                }
            }
            for (int i = 0; i < stores.size(); i++) {
                Storage<Note> notes = stores.get(i);
                backends.get(i).driver().resetCounts();
                loads.add(WriteLoad.start(Client.values()[i].name().toLowerCase(), 4, Duration.ofMillis(1),
                        id -> notes.save(Note.of(id, partition, "bob", T0))));
            }
            Thread.sleep(500);
            long start = System.nanoTime();
            cluster.moveSlots(slot, slot, target);
            long movedMillis = (System.nanoTime() - start) / 1_000_000;
            Thread.sleep(500);
            loads.forEach(WriteLoad::stop);
            for (int i = 0; i < loads.size(); i++) {
                WriteLoad load = loads.get(i);
                List<Key> keys = load.acknowledged().stream().map(id -> Key.of(partition, id)).toList();
                System.out.printf("RESHARD busy slot %d (%,d records) %s -> %s in %d ms: %s; replies followed %s%n", slot,
                        BUSY_RECORDS, source.port(), target.port(), movedMillis, load.row("Cluster, " + Client.values()[i]
                                + ", busy slot moved", keys.size() - stores.get(i).loadAll(keys).size()),
                        backends.get(i).driver().redirectsSeen());
                assertThat(load.failures()).as("%s: errors that reached a caller", load).isEmpty();
                assertThat(stores.get(i).loadAll(keys)).as("%s: acknowledged saves read back", load).hasSize(keys.size());
            }
            assertThat(cluster.nodeForSlot(slot)).isSameAs(target);
        } finally {
            loads.forEach(WriteLoad::stop);
            larders.forEach(Larder::close);
        }
    }

    private static void saveBatch(Storage<Note> notes, List<String> groups, AtomicInteger next, Set<Key> written, int size) {
        List<Note> batch = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            int n = next.getAndIncrement();
            batch.add(Note.of(String.format("r%07d", n), groups.get(n % groups.size()), "alice", T0 + n));
        }
        notes.saveAll(batch);
        batch.forEach(b -> written.add(Key.of(b.group(), b.id())));
    }

    /** Every id of a partition, page by page; fails on an id seen twice. */
    private static List<String> walk(Storage<Note> notes, String group) {
        List<String> ids = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Query q = Query.in("group", group).limit(50);
        while (true) {
            Page<Note> page = notes.list(q);
            for (Note n : page.items()) {
                if (!seen.add(n.id())) {
                    throw new AssertionError("list walk of " + group + " returned " + n.id() + " twice");
                }
                ids.add(n.id());
            }
            if (page.next().isEmpty()) {
                return ids;
            }
            q = q.after(page.next().get());
        }
    }

}
