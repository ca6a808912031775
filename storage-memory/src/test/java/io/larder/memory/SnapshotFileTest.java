package io.larder.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.Key;
import io.larder.Query;
import io.larder.StorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The file: atomic replacement, and a clear refusal of anything damaged, which is left untouched. */
class SnapshotFileTest {
    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("larder.snap");
    }

    private static StoreImage image(String name, int records, int valueBytes) {
        List<Map.Entry<Key, Entry>> list = IntStream.range(0, records).mapToObj(i -> Map.entry(Key.of("g" + i % 3, "r" + i),
                new Entry(new byte[valueBytes], i, List.of(new Query.Term("sender", "u" + i % 4)), i % 2 == 0 ? 0 : 9_000_000_000_000L)))
                .toList();
        return new StoreImage(name, true, List.of("sender"), list);
    }

    private byte[] goodSnapshot() throws IOException {
        new SnapshotFile(file()).write(List.of(image("a", 50, 20), image("b", 3, 5)), 0);
        return Files.readAllBytes(file());
    }

    private List<Path> directory() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    @Test
    void writeAndReadKeepEveryStoreAndRecord() {
        SnapshotFile snap = new SnapshotFile(file());
        snap.write(List.of(image("a", 50, 20), new StoreImage("plain", false, List.of(), List.of(
                Map.entry(Key.of("x"), new Entry(new byte[] {1, 2}, 7, List.of(), 0))))), 0);
        Map<String, StoreImage> read = snap.read().stores();
        assertThat(read).containsOnlyKeys("a", "plain");
        assertThat(read.get("a").records()).hasSize(50);
        Map.Entry<Key, Entry> x = read.get("plain").records().iterator().next();
        assertThat(x.getKey()).isEqualTo(Key.of("x"));
        assertThat(x.getValue().value()).containsExactly(1, 2);
        assertThat(x.getValue().time()).isEqualTo(7);
        Map.Entry<Key, Entry> r1 = read.get("a").records().iterator().next();
        assertThat(r1.getValue().terms()).containsExactly(new Query.Term("sender", "u0"));
    }

    @Test
    void writingLeavesOnlyTheSnapshotInItsDirectory() throws IOException {
        goodSnapshot();
        goodSnapshot();
        assertThat(directory()).containsExactly(file());
    }

    @Test
    void aFailureMidWriteKeepsTheOldSnapshotWhole() throws IOException {
        byte[] before = goodSnapshot();
        // a megabyte of records, so part of the new file reaches the disk before the failure
        Iterable<Map.Entry<Key, Entry>> failing = () -> new Iterator<>() {
            private int n;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Map.Entry<Key, Entry> next() {
                if (++n > 1000) {
                    throw new UncheckedIOException(new IOException("disk went away"));
                }
                return Map.entry(Key.of("g", "r" + n), new Entry(new byte[1024], n, List.of(), 0));
            }
        };
        SnapshotFile snap = new SnapshotFile(file());
        assertThatThrownBy(() -> snap.write(List.of(new StoreImage("a", true, List.of(), failing)), 0))
                .hasMessageContaining("disk went away");
        assertThat(Files.readAllBytes(file())).isEqualTo(before);
        assertThat(directory()).containsExactly(file());
    }

    @Test
    void readersNeverSeeAHalfWrittenSnapshot() throws Exception {
        SnapshotFile snap = new SnapshotFile(file());
        snap.write(List.of(image("a", 10, 10)), 0);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<?> writer = threads.submit(() -> {
                for (int i = 0; i < 100; i++) {
                    snap.write(List.of(image("a", i % 2 == 0 ? 2000 : 10, 100)), 0);
                }
            });
            Future<Integer> reader = threads.submit(() -> {
                int reads = 0;
                while (!writer.isDone()) {
                    assertThat(((List<?>) snap.read().stores().get("a").records()).size()).isIn(10, 2000);
                    reads++;
                }
                return reads;
            });
            writer.get();
            assertThat(reader.get()).isPositive();
        } finally {
            threads.shutdownNow();
        }
        assertThat(directory()).containsExactly(file());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 9, 12, 20, 24, 30, 100, -1})
    void aFlippedByteIsRefusedNamingTheFileWhichIsLeftAsItWas(int at) throws IOException {
        byte[] good = goodSnapshot();
        byte[] bad = good.clone();
        int index = at < 0 ? bad.length - 1 : at;
        bad[index] ^= 0x40;
        Files.write(file(), bad);
        assertRefusedAndUntouched(bad, "");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 5, 10, 25, 26, 200})
    void aTruncatedSnapshotIsRefused(int length) throws IOException {
        byte[] cut = Arrays.copyOf(goodSnapshot(), length);
        Files.write(file(), cut);
        assertRefusedAndUntouched(cut, length == 0 ? "is empty" : "truncated");
    }

    @Test
    void aForeignFileIsRefused() throws IOException {
        byte[] noise = new byte[4096];
        new Random(42).nextBytes(noise);
        Files.write(file(), noise);
        assertRefusedAndUntouched(noise, "not a Larder snapshot");
    }

    @Test
    void aSnapshotOfAnotherFormatIsRefused() throws IOException {
        byte[] future = goodSnapshot();
        future[SnapshotFormat.MAGIC.length + 3] = 3;
        Files.write(file(), future);
        assertRefusedAndUntouched(future, "format 3");
    }

    @Test
    void aMissingSnapshotIsAnEmptyStart() {
        assertThat(new SnapshotFile(file()).read().stores()).isEmpty();
    }

    private void assertRefusedAndUntouched(byte[] content, String problem) throws IOException {
        assertThatThrownBy(() -> new SnapshotFile(file()).read()).isInstanceOf(StorageException.class)
                .hasMessageContaining(file().toString()).hasMessageContaining(problem);
        // a backend on it does not start, so it can never write over the file, not even on close
        assertThatThrownBy(() -> MemoryBackend.builder().snapshot(file(), Duration.ofMillis(10)).build())
                .isInstanceOf(StorageException.class).hasMessageContaining(file().toString());
        assertThat(Files.readAllBytes(file())).isEqualTo(content);
        // the backend took its lock before it read; it wrote nothing else, and the lock is free again
        assertThat(directory()).containsExactlyInAnyOrder(file(), dir.resolve("larder.snap.lock"));
        assertThatThrownBy(() -> MemoryBackend.builder().snapshot(file(), Duration.ofMillis(10)).build())
                .isInstanceOf(StorageException.class).hasMessageNotContaining("in use");
    }
}
