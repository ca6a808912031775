package io.larder.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.ConfigurationException;
import io.larder.Durability.Disk;
import io.larder.Durability;
import io.larder.Expiry;
import io.larder.Health;
import io.larder.Key;
import io.larder.Larder;
import io.larder.Query;
import io.larder.Retention;
import io.larder.Storage;
import io.larder.StorageException;
import io.larder.StorageUnavailableException;
import io.larder.StoreSpec;
import io.larder.Version;
import io.larder.testkit.TestClock;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The append-only log beside the snapshot. A copy of the directory taken while a backend is open
 * is what a killed process leaves (each call's records reach the operating system before it
 * returns), so these tests crash a backend by copying its files and starting on the copy.
 */
class MemoryLogTest {
    private static final long T0 = 1_767_225_600_000L;
    private final TestClock clock = TestClock.virtual();
    @TempDir
    Path dir;

    private static Path snapshotIn(Path d) {
        return d.resolve("larder.snapshot");
    }

    private MemoryBackend backend(Path d) {
        return MemoryBackend.builder().snapshot(snapshotIn(d), Duration.ofHours(1)).build();
    }

    private Larder larder(MemoryBackend backend) {
        return Larder.builder().backend(backend).clock(clock).sweepEvery(Duration.ZERO).build();
    }

    private static StoreSpec.Builder<Msg> chat() {
        return StoreSpec.builder("chat", Msg.class).partitionBy("group").time("at").index("sender")
                .retention(Retention.keepNewest(5)).expiry(Expiry.sliding(Duration.ofMinutes(10)));
    }

    /** The files a killed process leaves: everything but the lock, which dies with it. */
    private Path crashCopy(Path from) throws IOException {
        Path to = Files.createTempDirectory(dir, "crash");
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".lock")).toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }

    private static Map<Key, Msg> everything(Storage<Msg> chat) {
        try (Stream<Msg> all = chat.scan(Query.all())) {
            return all.collect(Collectors.toMap(chat::keyOf, m -> m));
        }
    }

    private static List<Path> files(Path d) throws IOException {
        try (Stream<Path> all = Files.list(d)) {
            return all.sorted().toList();
        }
    }

    private static Path log(Path d, long generation) {
        return d.resolve("larder.snapshot." + generation + ".log");
    }

    @Test
    void everyKindOfChangeIsReplayedAsItWasApplied() throws IOException {
        Map<Key, Msg> before;
        long entriesBefore;
        Path crashed;
        Path crashedToo;
        try (Larder larder = larder(backend(dir))) {
            Storage<Msg> chat = larder.store(chat().build());
            chat.saveAll(IntStream.range(0, 8).mapToObj(i -> Msg.of("m" + i, "g" + i % 2, "bob", T0 + i)).toList());
            chat.save(Msg.of("m7", "g1", "eve", T0 + 70));                       // an update that moves its index entry
            Version v = chat.loadVersioned(Key.of("g0", "m6")).orElseThrow().version();
            chat.save(Msg.of("m6", "g0", "ann", T0 + 60), v);                   // a conditional save
            chat.delete(Key.of("g0", "m4"));
            chat.saveAll(List.of(Msg.of("m9", "g1", "bob", T0 + 9), Msg.of("m11", "g1", "bob", T0 + 11)));  // trims m1
            clock.advance(Duration.ofMinutes(8));
            chat.load(Key.of("g0", "m6"));                                       // a sliding expiry moved by a read
            before = everything(chat);
            entriesBefore = larder.indexEntries("chat");
            crashed = crashCopy(dir);
            crashedToo = crashCopy(dir);
        }
        assertThat(before.keySet()).extracting(Key::id).doesNotContain("m1", "m4").contains("m6", "m11");
        try (Larder larder = larder(backend(crashed))) {
            Storage<Msg> chat = larder.store(chat().build());
            assertThat(everything(chat)).isEqualTo(before);
            assertThat(larder.indexEntries("chat")).isEqualTo(entriesBefore);
            assertThat(chat.list(Query.in("group", "g1").where("sender", "eve")).items()).extracting(Msg::id)
                    .containsExactly("m7");
        }
        clock.advance(Duration.ofMinutes(5));                                    // past every expiry the read did not move
        try (Larder larder = larder(backend(crashedToo))) {
            Storage<Msg> chat = larder.store(chat().build());
            assertThat(everything(chat)).containsOnlyKeys(Key.of("g0", "m6"))
                    .containsEntry(Key.of("g0", "m6"), before.get(Key.of("g0", "m6")));
        }
    }

    @Test
    void aDeletedPartitionStaysDeletedAfterACrash() throws IOException {
        Path crashed;
        try (Larder larder = larder(backend(dir))) {
            Storage<Msg> chat = larder.store(chat().build());
            chat.saveAll(IntStream.range(0, 4).mapToObj(i -> Msg.of("m" + i, "g" + i % 2, "bob", T0 + i)).toList());
            assertThat(chat.deletePartition("g0")).isEqualTo(2);
            crashed = crashCopy(dir);
        }
        try (Larder larder = larder(backend(crashed))) {
            Storage<Msg> chat = larder.store(chat().build());
            assertThat(everything(chat).keySet()).extracting(Key::id).containsExactlyInAnyOrder("m1", "m3");
            assertThat(chat.list(Query.in("group", "g0")).items()).isEmpty();
        }
    }

    @Test
    void changesAfterASnapshotAreReplayedOverIt() throws IOException {
        Path crashed;
        MemoryBackend backend = backend(dir);
        try (Larder larder = larder(backend)) {
            Storage<Msg> chat = larder.store(chat().build());
            chat.saveAll(IntStream.range(0, 4).mapToObj(i -> Msg.of("m" + i, "g", "bob", T0 + i)).toList());
            backend.writeSnapshot();
            chat.delete(Key.of("g", "m0"));
            chat.save(Msg.of("m9", "g", "eve", T0 + 9));
            crashed = crashCopy(dir);
        }
        assertThat(files(crashed)).extracting(p -> p.getFileName().toString())
                .containsExactly("larder.snapshot", "larder.snapshot.1.log");
        try (Larder larder = larder(backend(crashed))) {
            assertThat(everything(larder.store(chat().build())).keySet()).extracting(Key::id)
                    .containsExactlyInAnyOrder("m1", "m2", "m3", "m9");
        }
    }

    @Test
    void snapshotsTakenWhileWritersWriteLoseNoAcknowledgedWrite() throws Exception {
        Path crashed;
        MemoryBackend backend = backend(dir);
        try (Larder larder = larder(backend)) {
            Storage<Msg> chat = larder.store(StoreSpec.builder("chat", Msg.class).partitionBy("group").time("at").build());
            AtomicBoolean writing = new AtomicBoolean(true);
            Thread snapshots = new Thread(() -> {
                while (writing.get()) {
                    backend.writeSnapshot();
                }
            });
            snapshots.start();
            try {
                runConcurrently(4, w -> {
                    for (int i = 0; i < 500; i++) {
                        chat.save(Msg.of("w" + w + "-" + i, "g" + i % 7, "bob", T0 + i));
                    }
                });
            } finally {
                writing.set(false);
                snapshots.join();
            }
            crashed = crashCopy(dir);
        }
        try (Larder larder = larder(backend(crashed))) {
            assertThat(everything(larder.store(StoreSpec.builder("chat", Msg.class).partitionBy("group").time("at").build())))
                    .hasSize(2000);
        }
    }

    @Test
    void aTornLastRecordIsDroppedAndTheLogCutToItsWholeRecords() throws IOException {
        Path crashed = tenSavesThenCrash();
        Path newest = log(crashed, 0);
        long whole = Files.size(newest);
        try (RandomAccessFile f = new RandomAccessFile(newest.toFile(), "rw")) {
            f.setLength(whole - 5);                                              // the last write was cut
        }
        try (Larder larder = larder(backend(crashed))) {
            Storage<Msg> chat = larder.store(chat().build());
            assertThat(everything(chat).keySet()).extracting(Key::id).hasSize(9).doesNotContain("m9");
            assertThat(Files.size(newest)).isLessThan(whole - 5);
            chat.save(Msg.of("after", "g", "bob", T0 + 100));
        }
        try (Larder larder = larder(backend(crashed))) {
            assertThat(larder.store(chat().build()).load(Key.of("g", "after"))).isPresent();
        }
    }

    @Test
    void zerosAfterTheLastRecordAreATornEndToo() throws IOException {
        Path crashed = tenSavesThenCrash();
        Files.write(log(crashed, 0), new byte[4096], StandardOpenOption.APPEND);
        try (Larder larder = larder(backend(crashed))) {
            assertThat(everything(larder.store(chat().build()))).hasSize(10);
        }
    }

    @Test
    void damageInTheMiddleStopsTheStartAndLeavesTheFileAsItIs() throws IOException {
        Path crashed = tenSavesThenCrash();
        Path newest = log(crashed, 0);
        byte[] bytes = Files.readAllBytes(newest);
        bytes[bytes.length / 2] ^= 0x20;
        Files.write(newest, bytes);
        assertThatThrownBy(() -> backend(crashed)).isInstanceOf(StorageException.class)
                .hasMessageContaining(newest.toString()).hasMessageContaining("is damaged at offset")
                .hasMessageContaining("whole records follow at offset");
        assertThat(Files.readAllBytes(newest)).isEqualTo(bytes);
    }

    @Test
    void aCutInALogThatLaterLogsFollowStopsTheStart() throws IOException {
        Path twoGenerations;
        Path first = tenSavesThenCrash();
        try (Larder larder = larder(backend(first))) {
            larder.store(chat().build()).save(Msg.of("second", "g", "bob", T0));
            twoGenerations = crashCopy(first);
        }
        assertThat(files(twoGenerations)).contains(log(twoGenerations, 0), log(twoGenerations, 1));
        try (RandomAccessFile f = new RandomAccessFile(log(twoGenerations, 0).toFile(), "rw")) {
            f.setLength(f.length() - 3);
        }
        assertThatThrownBy(() -> backend(twoGenerations)).isInstanceOf(StorageException.class)
                .hasMessageContaining(log(twoGenerations, 0).toString()).hasMessageContaining("later logs follow it");

        Files.delete(log(twoGenerations, 0));
        assertThatThrownBy(() -> backend(twoGenerations)).isInstanceOf(StorageException.class)
                .hasMessageContaining(log(twoGenerations, 0) + " is missing");
    }

    @Test
    void logsASnapshotHoldsAreRemovedAtStartAndNotReplayed() throws IOException {
        Path early;
        Path crashed;
        MemoryBackend backend = backend(dir);
        try (Larder larder = larder(backend)) {
            Storage<Msg> chat = larder.store(chat().build());
            chat.save(Msg.of("m1", "g", "bob", T0));
            early = crashCopy(dir);
            backend.writeSnapshot();
            chat.delete(Key.of("g", "m1"));
            crashed = crashCopy(dir);
        }
        // a crash after the snapshot's rename and before the old log's removal leaves both
        Files.copy(log(early, 0), log(crashed, 0));
        try (Larder larder = larder(backend(crashed))) {
            assertThat(larder.store(chat().build()).load(Key.of("g", "m1"))).isEmpty();
            assertThat(log(crashed, 0)).doesNotExist();
        }
    }

    @Test
    void aCleanCloseLeavesOnlyTheSnapshotAndItsLock() throws IOException {
        try (Larder larder = larder(backend(dir))) {
            larder.store(chat().build()).save(Msg.of("m1", "g", "bob", T0));
        }
        assertThat(files(dir)).containsExactly(snapshotIn(dir), dir.resolve("larder.snapshot.lock"));
    }

    @Test
    void leftoversOfACrashedSnapshotAreRemovedAtStart() throws IOException {
        Path leftover = Files.createFile(dir.resolve(".larder.snapshot.123456.tmp"));
        backend(dir).close();
        assertThat(leftover).doesNotExist();
    }

    @Test
    void aSecondBackendOnTheSameSnapshotInThisProcessIsRefused() {
        try (MemoryBackend first = backend(dir)) {
            assertThatThrownBy(() -> backend(dir)).isInstanceOf(StorageUnavailableException.class)
                    .hasMessageContaining("in use by this process (pid " + ProcessHandle.current().pid() + ")");
            assertThat(first.health().status()).isEqualTo(Health.Status.UP);
        }
        backend(dir).close();
    }

    @Test
    void aStoreThatAsksForNoDiskIsNotLogged() throws IOException {
        Path crashed;
        try (Larder larder = larder(backend(dir))) {
            larder.store(chat().durability(Durability.builder().disk(Disk.NONE).build()).build())
                    .save(Msg.of("m1", "g", "bob", T0));
            crashed = crashCopy(dir);
        }
        try (Larder larder = larder(backend(crashed))) {
            assertThat(larder.store(chat().build()).load(Key.of("g", "m1"))).isEmpty();
        }
    }

    @Test
    void durabilityTheMemoryBackendCannotGiveIsRefused() {
        assertThat(backend(dir).durability()).isEqualTo(Durability.builder().disk(Disk.EVERYSEC).build().over(Durability.none()));
        assertThat(MemoryBackend.create().durability()).isEqualTo(Durability.none());
        assertThatThrownBy(() -> MemoryBackend.builder().durability(Durability.builder().replicas(1).build()).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("replica");
        assertThatThrownBy(() -> MemoryBackend.builder().durability(Durability.builder().disk(Disk.ALWAYS).build()).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("no snapshot file");
        try (Larder larder = larder(MemoryBackend.create())) {
            assertThatThrownBy(() -> larder.store(chat().durability(Durability.builder().disk(Disk.EVERYSEC).build()).build()))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("memory store 'chat'");
            assertThatThrownBy(() -> larder.store(chat().durability(Durability.builder().replicas(2).build()).build()))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("2 replica(s)");
        }
    }

    @Test
    void aSnapshotOfTheFormatBeforeTheLogIsStillRead() throws IOException {
        new SnapshotFile(snapshotIn(dir)).write(List.of(new StoreImage("chat", true, List.of("sender"), List.of(
                Map.entry(Key.of("g", "m1"), new Entry("{}".getBytes(), T0, List.of(), 0))))), 7);
        byte[] v2 = Files.readAllBytes(snapshotIn(dir));
        int magic = SnapshotFormat.MAGIC.length;
        ByteBuffer body = ByteBuffer.wrap(v2, SnapshotFormat.HEADER_BYTES, v2.length - SnapshotFormat.HEADER_BYTES);
        CRC32C crc = new CRC32C();
        crc.update(body.duplicate());
        ByteBuffer v1 = ByteBuffer.allocate(v2.length - 8).put(v2, 0, magic).putInt(1)
                .putLong(v2.length - SnapshotFormat.HEADER_BYTES).putInt((int) crc.getValue()).put(body);
        Files.write(snapshotIn(dir), v1.array());

        SnapshotFormat.Contents read = new SnapshotFile(snapshotIn(dir)).read();
        assertThat(read.logGeneration()).isZero();
        assertThat(read.stores().get("chat").records()).hasSize(1);
    }

    /** Runs {@code work} on {@code n} threads started together; rethrows the first failure. */
    private static void runConcurrently(int n, IntConsumer work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < n; w++) {
                int worker = w;
                done.add(pool.submit(() -> work.accept(worker)));
            }
            for (Future<?> f : done) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Ten saves, one call each, and the files a kill right after the last would leave. */
    private Path tenSavesThenCrash() throws IOException {
        try (Larder larder = larder(backend(dir))) {
            Storage<Msg> chat = larder.store(chat().build());
            for (int i = 0; i < 10; i++) {
                chat.save(Msg.of("m" + i, "g" + i % 3, "bob", T0 + i));
            }
            return crashCopy(dir);
        }
    }
}
