package io.larder.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.Larder;
import io.larder.Layout;
import io.larder.Storage;
import io.larder.StoreSpec;
import io.larder.redis.RedisSettings.Client;
import io.larder.testkit.Note;
import io.larder.testkit.RedisClusterGroup;
import io.larder.testkit.RedisExtension;
import io.larder.testkit.RedisProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A batch of records spread over every slot is split by node: each master runs exactly the
 * scripts of its own slots, and receives one pipeline per {@code max-pipeline} records of the batch;
 * values that never expire go as one {@code MSET} per slot.
 */
@Isolated("counts every command the servers run")
class SplitByNodeIT {
    @RegisterExtension
    static final RedisExtension<RedisClusterGroup> CLUSTER = Targets.sharedCluster();
    private static final long T0 = 1_767_225_600_000L;
    private static final int RECORDS = 3000;
    private static final int PARTITIONS = 500;

    @ParameterizedTest
    @EnumSource(Client.class)
    void saveAllSendsEachMasterItsOwnShareInOnePipelinePerWindow(Client client) {
        RedisClusterGroup cluster = CLUSTER.get();
        ClusterBackend backend = ClusterBackend.create(Targets.cluster(cluster, client));
        try (Larder larder = Larder.builder().backend(backend).sweepEvery(Duration.ZERO).build()) {
            Storage<Note> notes = larder.store(StoreSpec.builder("split-" + client, Note.class)
                    .partitionBy("group").time("at").index("author").build());
            List<Note> batch = batch();
            Map<RedisProcess, Long> expected = new HashMap<>();
            Map<Integer, RedisProcess> owners = new HashMap<>();
            for (Note n : batch) {
                expected.merge(owners.computeIfAbsent(slot(n.group()), cluster::nodeForSlot), 1L, Long::sum);
            }
            int chunk = larder.defaults().maxPipeline();
            long chunks = (RECORDS + chunk - 1) / chunk;
            // a batch runs one script per partition in each window of max-pipeline records
            Map<RedisProcess, Long> scripts = new HashMap<>();
            for (Set<String> partitions : groupsPerWindow(chunk)) {
                partitions.forEach(g -> scripts.merge(owners.get(slot(g)), 1L, Long::sum));
            }
            cluster.resetStats();
            backend.driver().resetCounts();

            notes.saveAll(batch);

            long total = 0;
            StringBuilder figures = new StringBuilder();
            for (RedisProcess master : cluster.masters()) {
                long evalsha = cluster.commandStats(master).calls("evalsha");
                long sets = cluster.commandStats(master).calls("set");
                long waits = cluster.commandStats(master).calls("wait");
                long pipelines = backend.driver().pipelinesSent().getOrDefault(master.host() + ":" + master.port(), 0L);
                figures.append(String.format(" %s: evalsha %d (expected %d), set %d (expected %d), wait %d, pipelines %d;",
                        master.port(), evalsha, scripts.getOrDefault(master, 0L), sets, expected.getOrDefault(master, 0L), waits,
                        pipelines));
                assertThat(evalsha).as("scripts run on %s", master).isEqualTo(scripts.getOrDefault(master, 0L));
                assertThat(sets).as("records written on %s", master).isEqualTo(expected.getOrDefault(master, 0L));
                // every pipeline of a write ends with WAIT: the server's own count of pipelines it received
                assertThat(waits).as("pipelines %s received", master).isEqualTo(chunks);
                assertThat(pipelines).as("pipelines sent to %s", master).isEqualTo(chunks);
                total += sets;
            }
            System.out.printf("SPLIT %s: %d records in %d partitions, %d chunks of %d:%s total set %d%n", client, RECORDS,
                    PARTITIONS, chunks, chunk, figures, total);
            assertThat(total).isEqualTo(RECORDS);
            assertThat(cluster.replicas()).allSatisfy(r -> assertThat(cluster.commandStats(r).calls("evalsha")).isZero());
        }
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    void valuesThatNeverExpireAreOneMsetPerSlotAndWindow(Client client) {
        RedisClusterGroup cluster = CLUSTER.get();
        ClusterBackend backend = ClusterBackend.create(Targets.cluster(cluster, client));
        try (Larder larder = Larder.builder().backend(backend).sweepEvery(Duration.ZERO).build()) {
            Storage<Note> notes = larder.store(StoreSpec.builder("lasting-" + client, Note.class)
                    .partitionBy("group").layout(Layout.VALUES).build());
            List<Note> batch = batch();
            long expected = 0;
            for (Set<String> groups : groupsPerWindow(larder.defaults().maxPipeline())) {
                expected += groups.stream().map(SplitByNodeIT::slot).distinct().count();
            }
            cluster.resetStats();

            notes.saveAll(batch);

            long msets = mastersRan(cluster, "mset");
            for (RedisProcess master : cluster.masters()) {
                assertThat(cluster.commandStats(master).calls("set")).as("SETs on %s", master).isZero();
            }
            assertThat(msets).as("one MSET per slot in each window of max-pipeline records").isEqualTo(expected);
            assertThat(notes.loadAll(batch.stream().map(notes::keyOf).toList())).hasSize(RECORDS);

            // large values of two slots: each slot's split so that no MSET carries more than Put.MSET_BYTES
            Random random = new Random(17);
            List<Note> large = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                byte[] noise = new byte[300_000];
                random.nextBytes(noise);
                Note n = Note.of("big" + i, i % 2 == 0 ? "g0" : "g1", "alice", T0 + i);
                large.add(new Note(n.id(), n.group(), n.author(), n.kind(), n.at(), null, n.mood(),
                        Base64.getEncoder().encodeToString(noise), n.tags()));
            }
            cluster.resetStats();
            notes.saveAll(large);
            assertThat(mastersRan(cluster, "mset")).as("three 400 kB values per slot, two a MSET").isEqualTo(4);
            assertThat(notes.loadAll(large.stream().map(notes::keyOf).toList()).values()).containsExactlyInAnyOrderElementsOf(large);
        }
    }

    /** {@value #RECORDS} notes by alice, spread round-robin over {@value #PARTITIONS} groups {@code g0}, {@code g1}, ... */
    private static List<Note> batch() {
        List<Note> batch = new ArrayList<>(RECORDS);
        for (int i = 0; i < RECORDS; i++) {
            batch.add(Note.of("n" + i, "g" + (i % PARTITIONS), "alice", T0 + i));
        }
        return batch;
    }

    /** The groups of {@link #batch()}'s records in each window of {@code chunk} records a pipeline carries. */
    private static List<Set<String>> groupsPerWindow(int chunk) {
        List<Set<String>> windows = new ArrayList<>();
        for (int from = 0; from < RECORDS; from += chunk) {
            Set<String> groups = new HashSet<>();
            for (int i = from; i < Math.min(RECORDS, from + chunk); i++) {
                groups.add("g" + (i % PARTITIONS));
            }
            windows.add(groups);
        }
        return windows;
    }

    /** The hash slot of a group's keys. */
    private static int slot(String group) {
        return RedisClusterGroup.slot("{" + group + "}");
    }

    /** How many times the masters ran {@code command} since the stats were reset. */
    private static long mastersRan(RedisClusterGroup cluster, String command) {
        long calls = 0;
        for (RedisProcess master : cluster.masters()) {
            calls += cluster.commandStats(master).calls(command);
        }
        return calls;
    }
}
