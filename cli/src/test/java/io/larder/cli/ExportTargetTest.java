package io.larder.cli;

import static io.larder.cli.Events.EIGHT_AM;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code export -o} replaces only a regular file, writes a device, a pipe or a link's target in place, and refuses a directory. */
class ExportTargetTest {
    @TempDir
    Path data;
    private Cli cli;

    @BeforeEach
    void importChat() {
        cli = Cli.holding(data, List.of(
                Events.message(101, 111, 7, "阿白", EIGHT_AM, "早上好"),
                Events.message(102, 111, 8, "小明", EIGHT_AM + 60, "早"),
                Events.message(103, 111, 7, "阿白", EIGHT_AM + 120, "吃了吗")));
    }

    @Test
    void aDeviceIsWrittenInPlaceAndAFullOneFailsTheExport() {
        Cli.Result r = cli.run("export", "-o", "/dev/full");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("No space left on device");
        assertThat(Files.isRegularFile(Path.of("/dev/full"))).isFalse();
        assertThat(Path.of("/dev/full")).exists();
    }

    @Test
    void aFifoIsWrittenInPlaceAndItsReaderGetsEveryLine() throws Exception {
        Path fifo = data.resolve("out.fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        CompletableFuture<List<String>> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readAllLines(fifo, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });

        Cli.Result r = cli.run("export", "-o", fifo.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(reader.get(30, TimeUnit.SECONDS)).hasSize(3).allSatisfy(l -> assertThat(l).startsWith("{\"id\""));
        assertThat(Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.isDirectory(fifo)).isFalse();
    }

    @Test
    void aSymbolicLinkIsFollowedAndStaysALink() throws IOException {
        Path target = Files.writeString(data.resolve("real.jsonl"), "old\n");
        Path link = Files.createSymbolicLink(data.resolve("link.jsonl"), target.getFileName());

        Cli.Result r = cli.run("export", "-o", link.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readAllLines(target)).hasSize(3).doesNotContain("old");
    }

    @Test
    void aLinkToAFileNotYetThereCreatesItsTarget() throws IOException {
        Path link = Files.createSymbolicLink(data.resolve("dangling.jsonl"), data.resolve("later/new.jsonl"));

        Cli.Result r = cli.run("export", "-o", link.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readAllLines(data.resolve("later/new.jsonl"))).hasSize(3);
    }

    @Test
    void aDirectoryIsRefusedAndLeftAsItWas() throws IOException {
        Path dir = Files.createDirectories(data.resolve("exports"));

        Cli.Result r = cli.run("export", "-o", dir.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("cannot write to " + dir + ": it is a directory");
        try (Stream<Path> inside = Files.list(dir)) {
            assertThat(inside).isEmpty();
        }
    }

    @Test
    void aReplacedFileKeepsItsPermissionsAndNoTemporaryFileIsLeft() throws IOException {
        Path out = Files.writeString(data.resolve("out.jsonl"), "old\n");
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-r-----"));

        Cli.Result r = cli.run("export", "-o", out.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readAllLines(out)).hasSize(3);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-r-----");
        try (Stream<Path> all = Files.list(data)) {
            assertThat(all).noneMatch(p -> p.getFileName().toString().endsWith(".tmp"));
        }
    }
}
