package io.larder.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.Durability.Disk;
import io.larder.Key;
import io.larder.Larder;
import io.larder.Storage;
import io.larder.StorageUnavailableException;
import io.larder.testkit.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The embedded default killed for real: a child JVM saves unique records and prints each id once
 * its call returned; the test SIGKILLs it mid-stream, opens the same directory, and counts the
 * acknowledged ids that are gone. Several kills land on one directory, some during a snapshot.
 * A killed process keeps its written bytes in the operating system, so neither policy may lose
 * anything here; {@code everysec} would lose up to about the last second only if the machine
 * itself stopped, and this test reports the window it would have had.
 */
class MemoryCrashIT {
    private static final Duration START = Duration.ofSeconds(60);
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource({"ALWAYS, save", "EVERYSEC, save", "ALWAYS, batch", "EVERYSEC, batch"})
    void aKilledWriterLosesNoAcknowledgedWrite(Disk disk, String mode) throws IOException {
        Random random = new Random(18);
        Set<String> acknowledged = new HashSet<>();
        int rounds = mode.equals("save") ? 3 : 2;
        for (int round = 1; round <= rounds; round++) {
            List<ChildJvm.Line> lines;
            long killedAt;
            // a snapshot every 300 ms: some kills land while one is written or its logs are removed
            try (ChildJvm child = ChildJvm.builder(CrashWriter.class).jvmOptions("-Xmx256m")
                    .args(dir.toString(), disk.name(), "300", "4", "r" + round, mode).start()) {
                child.awaitLine("open"::equals, START);
                int before = mode.equals("save") ? 300 + random.nextInt(1500) : 3000 + random.nextInt(5000);
                child.awaitLines(before, START);
                killedAt = System.nanoTime();
                child.kill();
                lines = child.lines();
            }
            List<ChildJvm.Line> ids = lines.stream().filter(l -> !l.text().equals("open")).toList();
            ids.forEach(l -> acknowledged.add(l.text()));

            long start = System.nanoTime();
            try (Larder larder = Larder.builder().backend(CrashWriter.backend(dir, disk, Duration.ofHours(1))).build()) {
                Storage<CrashWriter.Event> events = CrashWriter.events(larder);
                long recovered = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                List<String> lost = missing(events, acknowledged);
                long lastAck = ids.isEmpty() ? killedAt : ids.get(ids.size() - 1).arrivedNanos();
                System.out.printf("memory %s %s, kill %d: %d acknowledged this round (%d in all), %d lost, recovery %d ms,"
                                + " directory %s%n", disk, mode, round, ids.size(), acknowledged.size(), lost.size(), recovered,
                        listing());
                assertThat(lost).as("acknowledged writes lost after kill %d; the last acknowledgement came %d ms before"
                        + " the kill", round, TimeUnit.NANOSECONDS.toMillis(killedAt - lastAck)).isEmpty();
            }
        }
    }

    @Test
    void aSecondProcessOnTheSameSnapshotIsRefusedNamingTheHolder() {
        try (ChildJvm holder = ChildJvm.builder(CrashWriter.class)
                .args(dir.toString(), "EVERYSEC", "60000", "1", "h", "hold").start()) {
            holder.awaitLine("open"::equals, START);
            assertThatThrownBy(() -> CrashWriter.backend(dir, Disk.EVERYSEC, Duration.ofHours(1)))
                    .isInstanceOf(StorageUnavailableException.class)
                    .hasMessageContaining("is in use by process " + holder.pid())
                    .hasMessageContaining(dir.resolve("larder.snapshot.lock").toString());
            holder.kill();
        }
        // the operating system drops a dead process's lock: no stale lock file blocks the next start
        CrashWriter.backend(dir, Disk.EVERYSEC, Duration.ofHours(1)).close();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aLogThatCannotBeWrittenRefusesWritesAsUnconfirmedAndKeepsTheAcknowledgedOnes() throws IOException {
        List<ChildJvm.Line> lines;
        // every file the child writes is cut at 256 KiB, as a full disk would: the log fails mid-record
        try (ChildJvm child = ChildJvm.builder(CrashWriter.class).fileSizeLimitKb(256)
                .args(dir.toString(), "ALWAYS", "3600000", "2", "f", "fill").start()) {
            child.awaitExit(START);
            lines = child.lines();
        }
        List<String> refused = lines.stream().map(ChildJvm.Line::text).filter(t -> t.startsWith("unconfirmed ")).toList();
        List<String> acknowledged = lines.stream().map(ChildJvm.Line::text)
                .filter(t -> !t.equals("open") && !t.startsWith("unconfirmed ")).toList();
        assertThat(refused).hasSize(20).allSatisfy(t -> assertThat(t)
                .contains(dir.resolve("larder.snapshot.0.log").toString())
                .contains("not confirmed on disk").contains("File too large"));
        assertThat(acknowledged).hasSizeGreaterThan(100);

        try (Larder larder = Larder.builder().backend(CrashWriter.backend(dir, Disk.ALWAYS, Duration.ofHours(1))).build()) {
            assertThat(missing(CrashWriter.events(larder), acknowledged)).isEmpty();
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aLogCutByAFullDiskAndFollowedByANewerOneStillOpensWithEveryAcknowledgedWrite() throws IOException {
        List<ChildJvm.Line> lines;
        // the log fails mid-record at 256 KiB; closing then starts generation 1 and fails to write the larger snapshot
        try (ChildJvm child = ChildJvm.builder(CrashWriter.class).fileSizeLimitKb(256)
                .args(dir.toString(), "EVERYSEC", "3600000", "1", "f", "fill-close").start()) {
            child.awaitExit(START);
            lines = child.lines();
        }
        List<String> texts = lines.stream().map(ChildJvm.Line::text).toList();
        List<String> acknowledged = texts.stream().filter(t -> t.startsWith("f-")).toList();
        assertThat(texts).as("the final snapshot must fail, or it would fold the failed log away")
                .anySatisfy(t -> assertThat(t).startsWith("close failed").contains("File too large"));
        assertThat(acknowledged).hasSizeGreaterThan(100);
        assertThat(dir.resolve("larder.snapshot.0.log")).exists();
        assertThat(dir.resolve("larder.snapshot.1.log")).exists();
        assertThat(dir.resolve("larder.snapshot")).doesNotExist();

        try (Larder larder = Larder.builder().backend(CrashWriter.backend(dir, Disk.EVERYSEC, Duration.ofHours(1))).build()) {
            assertThat(missing(CrashWriter.events(larder), acknowledged)).isEmpty();
        }
    }

    private static List<String> missing(Storage<CrashWriter.Event> events, Iterable<String> ids) {
        List<Key> keys = new ArrayList<>();
        ids.forEach(id -> keys.add(Key.of(id)));
        List<String> lost = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += 1000) {
            List<Key> chunk = keys.subList(from, Math.min(keys.size(), from + 1000));
            Map<Key, CrashWriter.Event> found = events.loadAll(chunk);
            chunk.stream().filter(k -> !found.containsKey(k)).forEach(k -> lost.add(k.id()));
        }
        return lost;
    }

    private String listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName() + " " + sizeKb(p) + " KB").sorted().toList().toString();
        }
    }

    private static long sizeKb(Path p) {
        try {
            return Files.size(p) / 1024;
        } catch (IOException e) {
            return -1;
        }
    }
}
