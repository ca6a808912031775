package io.larder.cli;

import static io.larder.cli.Events.EIGHT_AM;
import static org.assertj.core.api.Assertions.assertThat;

import io.larder.Larder;
import io.larder.Storage;
import io.larder.chat.ChatArchive;
import io.larder.chat.ChatMessage;
import io.larder.chat.ChatRetention;
import io.larder.config.LarderYaml;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportCommandTest {
    @TempDir
    Path data;

    private Path events() {
        return Cli.write(data.resolve("in/events.jsonl"), List.of(
                Events.message(1, 111, 7, "阿白", EIGHT_AM, "早上好"),
                "{\"time\":1793491201,\"post_type\":\"message\",\"message_type\":\"gr",
                Events.heartbeat(EIGHT_AM + 2),
                "{\"time\":1793491203,\"post_type\":\"message\",\"message_type\":\"group\",\"message_id\":9}",
                Events.message(2, 111, 8, "小明", EIGHT_AM + 4, "吃了吗 🍜"),
                Events.recall(2, 111, 8, EIGHT_AM + 5)));
    }

    @Test
    void malformedLinesAreReportedByNumberAndTheImportSucceeds() {
        Cli.Result r = new Cli(data).run("import", events().toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("6 lines", "messages  2 new, 0 already archived", "recalls   1 applied",
                "meta_event.heartbeat 1", "refused   2 lines", "line 2: malformed JSON", "line 4: ");
    }

    @Test
    void importingTheSameFileAgainAddsNothing() {
        Cli cli = new Cli(data);
        cli.run("import", events().toString());
        Cli.Result again = cli.run("import", events().toString());

        assertThat(again.code()).isZero();
        assertThat(again.out()).contains("messages  0 new, 2 already archived", "recalls   0 applied, 1 already applied");
    }

    @Test
    void aMessageSentTwiceInOneLogIsSentAgainNotArchivedBeforeAndNoEarlierKilledImportIsSuspected() {
        Path file = Cli.write(data.resolve("twice.jsonl"), List.of(
                Events.message(1, 111, 7, "阿白", EIGHT_AM, "早上好"),
                Events.message(1, 111, 7, "阿白", EIGHT_AM, "早上好"),
                Events.message(2, 111, 8, "小明", EIGHT_AM + 4, "吃了吗")));
        Cli cli = new Cli(data);

        Cli.Result first = cli.run("import", file.toString());
        Cli.Result again = cli.run("import", file.toString());

        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("messages  2 new, 1 sent again, 0 already archived").doesNotContain("was killed");
        assertThat(again.out()).contains("messages  0 new, 3 already archived");
    }

    @Test
    void countsAKilledImportLeftShortAreNamedByStatsAndCountedAgainByTheResumedImport() {
        Path file = Cli.write(data.resolve("three.jsonl"), List.of(
                Events.message(1, 111, 7, "阿白", EIGHT_AM, "早上好"),
                Events.message(2, 111, 8, "小明", EIGHT_AM + 4, "吃了吗"),
                Events.message(3, 111, 7, "阿白", EIGHT_AM + 9, "吃了")));
        Path first = Cli.write(data.resolve("first.jsonl"), List.of(Events.message(1, 111, 7, "阿白", EIGHT_AM, "早上好")));
        Cli cli = new Cli(data);
        assertThat(cli.run("import", first.toString()).code()).isZero();
        // the next batch, as an import killed after storing it and before counting it left it
        try (Larder larder = LarderYaml.open(new ConfigChoice(null, null, data, n -> null).settings())) {
            Storage<ChatMessage> messages = larder.store(ChatArchive.spec(ChatRetention.forever()));
            messages.save(ChatMessage.builder("111", "8").id("2").content("吃了吗").timestamp((EIGHT_AM + 4) * 1000).build());
            messages.save(ChatMessage.builder("111", "7").id("3").content("吃了").timestamp((EIGHT_AM + 9) * 1000).build());
        }

        Cli.Result shortStats = cli.run("stats");
        Cli.Result resumed = cli.run("import", file.toString());
        Cli.Result stats = cli.run("stats", "--totals");

        assertThat(shortStats.code()).as(shortStats.out()).isEqualTo(1);
        assertThat(shortStats.err()).contains("the daily counts of 1 group miss 2 messages their stores hold",
                "group 111: 1 counted, 3 stored", "larder stats --rebuild");
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("messages  0 new, 3 already archived",
                "counts    1 group's daily counts missed 2 messages an earlier import stored before it failed or was"
                        + " killed: counted again");
        assertThat(stats.code()).as(stats.err()).isZero();
        assertThat(stats.out()).contains("group 111: 3 messages");
        assertThat(cli.run("import", file.toString()).out()).doesNotContain("counts ");
    }

    @Test
    void aMissingFileFailsWithOneLineAndNoStackTrace() {
        Cli.Result r = new Cli(data).run("import", data.resolve("nope.jsonl").toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().lines()).containsExactly("larder import: no such file: " + data.resolve("nope.jsonl"));
    }

    @Test
    void aMissingFileShowsTheStackTraceWithVerbose() {
        Cli.Result r = new Cli(data).run("import", data.resolve("nope.jsonl").toString(), "--verbose");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("NoSuchFileException", "\tat ");
    }

    @Test
    void noFileIsBadUsage() {
        Cli.Result r = new Cli(data).run("import");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required parameter", "Try 'larder import --help'");
    }

    // ---- input that is not UTF-8 JSON lines

    @Test
    void aLineNotInUtf8IsRefusedByNumberWithAHintAndNothingGarbledIsStored() throws IOException {
        Path file = data.resolve("mixed.jsonl");
        Files.write(file, concat((Events.message(1, 111, 7, "阿白", EIGHT_AM, "早上好") + "\n").getBytes(StandardCharsets.UTF_8),
                (Events.message(2, 111, 8, "小明", EIGHT_AM + 1, "吃了吗") + "\n").getBytes(Charset.forName("GBK"))));
        Cli cli = new Cli(data);

        Cli.Result r = cli.run("import", file.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("messages  1 new", "refused   1 line", "line 2: not valid UTF-8: byte",
                "import it again with --encoding");
        Cli.Result all = cli.run("query", "--group", "111");
        assertThat(all.out()).contains("早上好").doesNotContain("\uFFFD", "吃了吗");
    }

    @Test
    void aLogInAnotherEncodingWhoseHeartbeatsAloneCanBeReadFails() throws IOException {
        Path file = data.resolve("gbk.jsonl");
        Files.write(file, (Events.heartbeat(EIGHT_AM) + "\n" + Events.message(2, 111, 8, "小明", EIGHT_AM + 1, "吃了吗") + "\n"
                + Events.heartbeat(EIGHT_AM + 2) + "\n").getBytes(Charset.forName("GBK")));

        Cli.Result r = new Cli(data).run("import", file.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("refused   1 line", "import it again with --encoding");
        assertThat(r.err()).contains("no message in " + file + " could be read: 1 line was refused, and the 2 others were set aside");
    }

    @Test
    void aGbkLogIsReadWithItsEncoding() throws IOException {
        Path file = data.resolve("gbk.jsonl");
        Files.write(file, (Events.message(2, 111, 8, "小明", EIGHT_AM + 1, "吃了吗") + "\n").getBytes(Charset.forName("GBK")));
        Cli cli = new Cli(data);

        Cli.Result r = cli.run("import", file.toString(), "--encoding", "GBK");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("messages  1 new").doesNotContain("refused");
        assertThat(cli.run("query", "--group", "111").out()).contains("小明: 吃了吗");
    }

    @Test
    void aUtf8LogGivenAnotherEncodingIsRefusedWholeAndNothingGarbledIsStored() {
        Cli cli = new Cli(data);

        Cli.Result refused = cli.run("import", events().toString(), "--encoding", "GBK");
        Cli.Result right = cli.run("import", events().toString());

        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.out()).contains("refused " + events() + ": it is UTF-8 text, not GBK").doesNotContain("messages");
        assertThat(refused.err()).contains(events() + " is UTF-8 text, not GBK", "import it without --encoding")
                .doesNotContain("Exception");
        assertThat(right.code()).as(right.err()).isZero();
        assertThat(right.out()).contains("messages  2 new, 0 already archived");
        assertThat(cli.run("query", "--group", "111").out()).contains("阿白: 早上好");
    }

    @Test
    void aGzipHoldingUtf8GivenAnotherEncodingIsRefusedWhole() throws IOException {
        Path file = data.resolve("events.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(Files.readAllBytes(events()));
        }

        Cli.Result r = new Cli(data).run("import", file.toString(), "--encoding", "GB18030");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("refused " + file + ": it is a gzip file holding UTF-8 text, not GB18030");
    }

    @Test
    void anAsciiLogIsReadInAnyEncoding() {
        Path file = Cli.write(data.resolve("ascii.jsonl"), List.of(Events.message(1, 111, 7, "Bai", EIGHT_AM, "morning")));

        Cli.Result r = new Cli(data).run("import", file.toString(), "--encoding", "GBK");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("messages  1 new");
    }

    @Test
    void anUnknownEncodingIsBadUsageNamedInPlainWords() {
        Cli.Result r = new Cli(data).run("import", events().toString(), "--encoding", "NOPE");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("'NOPE' is not an encoding this Java knows; expected a name such as UTF-8, GBK")
                .doesNotContain("java.", "Exception");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aNegativeShowRefusedIsBadUsageBeforeAnythingIsImported() {
        Cli.Result r = new Cli(data).run("import", events().toString(), "--show-refused", "-1");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--show-refused must be 0 or more, got -1").doesNotContain("Exception");
        assertThat(r.out()).isEmpty();
        assertThat(data.resolve("larder.snapshot")).doesNotExist();
    }

    @Test
    void showRefusedZeroCountsTheRefusedLinesWithoutListingThem() {
        Cli.Result r = new Cli(data).run("import", events().toString(), "--show-refused", "0");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("refused   2 lines").doesNotContain("line 2:");
    }

    @Test
    void aGzipLogIsReadAsItIs() throws IOException {
        Path file = data.resolve("events.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(Files.readAllBytes(events()));
        }

        Cli.Result r = new Cli(data).run("import", file.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("messages  2 new", "recalls   1 applied");
    }

    @Test
    void aGzipCutShortIsNamedWhatItHeldBeforeIsStoredAndTheNextFileIsRead() throws IOException {
        byte[] whole = gzip(manyMessages(5_000));
        Path half = data.resolve("half.gz");
        Files.write(half, Arrays.copyOf(whole, whole.length / 2));
        Cli cli = new Cli(data);

        Cli.Result r = cli.run("import", half.toString(), events().toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("imported " + half, "damaged   the compressed data is cut short ",
                "imported " + events(), "imported 2 logs: ");
        assertThat(r.err()).contains("larder import: " + half + ": the compressed data is cut short ")
                .doesNotContain("ZLIB", "Exception");
        long stored = Long.parseLong(r.out().replaceAll("(?s).*?imported " + Pattern.quote(half.toString())
                + ": ([0-9,]+) lines.*", "$1").replace(",", ""));
        assertThat(stored).isBetween(100L, 4_999L);
        assertThat(r.out()).contains("cut short in line " + HumanFormat.count(stored)
                + ": the lines before it were imported", "messages  " + HumanFormat.count(stored - 1) + " new");
        assertThat(cli.run("query", "--group", "111").out()).contains("第一条");
    }

    @Test
    void aGzipWithADamagedTrailerIsNamedAfterItsLinesAreImported() throws IOException {
        byte[] bytes = gzip(manyMessages(100));
        bytes[bytes.length - 6] ^= (byte) 0xFF;            // its CRC
        Path damaged = Files.write(data.resolve("damaged.gz"), bytes);

        Cli.Result r = new Cli(data).run("import", damaged.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("messages  100 new", "damaged   the compressed data is damaged after line 100 (");
        assertThat(r.err()).contains(damaged + ": the compressed data is damaged after line 100 (").doesNotContain("Exception");
    }

    @Test
    void aGzipCutShortInItsHeaderIsRefusedByNameAndTheNextFileIsRead() throws IOException {
        Path tiny = Files.write(data.resolve("tiny.gz"), new byte[] {0x1F, (byte) 0x8B});

        Cli.Result r = new Cli(data).run("import", tiny.toString(), events().toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("refused " + tiny + ": it is a gzip file cut short before its first line", "messages  2 new");
        assertThat(r.err()).contains(tiny + " is a gzip file cut short").doesNotContain("EOFException");
    }

    @Test
    void aDirectoryIsReadWholeItsFilesInTheOrderOfTheirEvents() throws IOException {
        Path dir = Files.createDirectories(data.resolve("logs/2026-11"));
        // named so that name order would read the recall before its message
        Cli.write(dir.resolve("a.jsonl"), List.of(Events.recall(1, 111, 7, EIGHT_AM + 3600)));
        Cli.write(dir.resolve("b.jsonl"), List.of(Events.message(1, 111, 7, "阿白", EIGHT_AM, "早上好")));
        Cli.write(dir.resolve(".hidden.jsonl"), List.of("not even JSON"));

        Cli.Result r = new Cli(data).run("import", data.resolve("logs").toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("imported " + dir.resolve("b.jsonl"), "imported " + dir.resolve("a.jsonl"),
                "recalls   1 applied, 0 already applied, 0 of unknown messages", "imported 2 logs: 2 lines, 1 new messages, 0 lines refused");
        assertThat(r.out().indexOf("b.jsonl")).isLessThan(r.out().indexOf("a.jsonl"));
        assertThat(r.out()).doesNotContain("hidden");
    }

    @Test
    void utf16TextIsRefusedByNameAndTheRunFails() throws IOException {
        Path file = data.resolve("utf16.jsonl");
        Files.write(file, concat(new byte[] {(byte) 0xFF, (byte) 0xFE},
                (Events.message(1, 111, 7, "阿白", EIGHT_AM, "早") + "\n").getBytes(StandardCharsets.UTF_16LE)));

        Cli.Result r = new Cli(data).run("import", file.toString(), events().toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("refused " + file + ": it is UTF-16 text", "messages  2 new");
        assertThat(r.err()).contains("larder import: " + file + " is UTF-16 text (convert it to UTF-8 first");
    }

    @Test
    void anArchiveIsRefusedByName() throws IOException {
        Path jar = data.resolve("tool.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            zip.write("Manifest-Version: 1.0\n".getBytes(StandardCharsets.UTF_8));
        }

        Cli.Result r = new Cli(data).run("import", jar.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains(jar + " is a zip archive");
    }

    @Test
    void aFileOfOneLineOverTheLimitFailsTheRunAndALargerLimitReadsIt() {
        Path file = Cli.write(data.resolve("huge.jsonl"), List.of(Events.message(9, 111, 7, "阿白", EIGHT_AM, "长".repeat(1_700_000))));
        Cli cli = new Cli(data);

        Cli.Result refused = cli.run("import", file.toString());
        Cli.Result read = cli.run("import", file.toString(), "--max-line", "16MB");   // the text is in the line twice

        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.out()).contains("line 1: line longer than 1048576 bytes");
        assertThat(refused.err()).contains("nothing in " + file + " could be read: all 1 line was refused");
        assertThat(read.code()).as(read.out() + read.err()).isZero();
        assertThat(read.out()).contains("messages  1 new");
    }

    @Test
    void strictMakesAnyRefusedLineFailTheRunAfterImportingTheRest() {
        Cli.Result r = new Cli(data).run("import", events().toString(), "--strict");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("messages  2 new", "refused   2 lines");
        assertThat(r.err()).contains("2 lines were refused (--strict)");
    }

    @Test
    void aLogWithNoEventsFailsTheRun() {
        Path empty = Cli.write(data.resolve("empty.jsonl"), List.of());

        Cli.Result r = new Cli(data).run("import", empty.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains(empty + " holds no events");
    }

    /** {@code n} messages in group 111, distinct enough that gzip cannot fold them into a few bytes. */
    private static List<String> manyMessages(int n) {
        Random random = new Random(7);
        return IntStream.range(0, n).mapToObj(i -> Events.message(1_000 + i, 111, 7 + i % 9, "群友",
                EIGHT_AM + i, i == 0 ? "第一条" : Long.toString(random.nextLong(), 36))).toList();
    }

    private byte[] gzip(List<String> lines) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
