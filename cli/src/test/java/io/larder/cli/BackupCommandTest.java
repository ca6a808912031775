package io.larder.cli;

import static io.larder.cli.Events.EIGHT_AM;
import static org.assertj.core.api.Assertions.assertThat;

import io.larder.Larder;
import io.larder.chat.ChatArchive;
import io.larder.chat.SenderGroup;
import io.larder.config.BackupSettings;
import io.larder.config.LarderYaml;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code larder backup} and {@code restore} between memory stores: everything comes back, and a damaged file writes nothing. */
class BackupCommandTest {
    @TempDir
    Path data;
    @TempDir
    Path elsewhere;
    private Cli cli;

    @BeforeEach
    void importChat() {
        cli = Cli.holding(data, List.of(
                Events.message(101, 111, 7, "阿白", EIGHT_AM, "早上好"),
                Events.message(102, 111, 8, "小明", EIGHT_AM + 60, "发错群了"),
                Events.recall(102, 111, 8, EIGHT_AM + 65),
                Events.recall(999, 111, 8, EIGHT_AM + 70),
                Events.message(103, 111, 8, "小明", EIGHT_AM + 86_400, "第二天 😂"),
                Events.message(201, 222, 9, "路人", EIGHT_AM, "另一个群")));
    }

    @Test
    void aBackupRestoredIntoAnEmptyStoreGivesBackEverything() {
        Path file = elsewhere.resolve("chat.jsonl.gz");
        Cli.Result backup = cli.run("backup", "-o", file.toString());
        Cli target = new Cli(elsewhere.resolve("data"));
        Cli.Result restore = target.run("restore", file.toString());

        assertThat(backup.code()).as(backup.err()).isZero();
        assertThat(backup.out()).contains("backed up 4 stores, 11 records, to " + file);
        assertThat(restore.code()).as(restore.err()).isZero();
        assertThat(restore.out()).contains("checked " + file + ": 4 stores, 11 records, every checksum matches and every record converts",
                "  chat  4 records restored", "restored 11 records in 4 stores; every count matches");
        assertThat(groupsOf(elsewhere.resolve("data"), "8")).isEqualTo(groupsOf(data, "8")).hasSize(1);
        for (String[] command : List.of(new String[] {"stats"}, new String[] {"export", "--include-deleted"},
                new String[] {"query", "--group", "111", "--deleted"})) {
            assertThat(target.run(command).out()).isEqualTo(cli.run(command).out()).isNotBlank();
        }
        Path late = Cli.write(elsewhere.resolve("late.jsonl"), List.of(Events.message(999, 111, 7, "阿白", EIGHT_AM + 69, "撤回我")));
        target.run("import", late.toString());
        assertThat(target.run("query", "--group", "111").out()).doesNotContain("撤回我");
    }

    /** A sender's groups as the archive in {@code folder} keeps them: times written by a backup read back as times. */
    private static List<SenderGroup> groupsOf(Path folder, String senderId) {
        try (Larder larder = LarderYaml.open(new ConfigChoice(null, null, folder, n -> null).settings())) {
            return ChatArchive.open(larder).groupsOf(senderId);
        }
    }

    @Test
    void withoutAFileTheBackupGoesIntoTheBackupFolder() throws IOException {
        Cli.Result r = cli.run("backup");

        assertThat(r.code()).as(r.err()).isZero();
        try (Stream<Path> files = Files.list(data.resolve("backups"))) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).singleElement()
                    .satisfies(name -> assertThat(name).matches("larder-backup-\\d{8}T\\d{6}Z\\.jsonl\\.gz"));
        }
    }

    @Test
    void aChangedBackupIsRefusedAndWritesNothing() throws IOException {
        Path file = elsewhere.resolve("chat.jsonl.gz");
        cli.run("backup", "-o", file.toString());
        String text = gunzip(file);
        Files.write(file, gzip(text.replace("早上好", "晚上好")));
        Cli target = new Cli(elsewhere.resolve("data"));

        Cli.Result r = target.run("restore", file.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("the backup " + file + " cannot be restored, at line ",
                "the records of store chat do not match their checksum", "nothing was written");
        assertThat(target.run("stats").err()).contains("the archive holds no messages yet");
    }

    @Test
    void aRestoreOfAStoreTheBackupDoesNotHoldIsRefusedAndWritesNothing() {
        Path file = elsewhere.resolve("chat.jsonl.gz");
        cli.run("backup", "-o", file.toString());
        Cli target = new Cli(elsewhere.resolve("data"));

        Cli.Result r = target.run("restore", file.toString(), "--store", "chat", "--store", "chats");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no store named 'chats' in " + file + "; it holds chat, chat.counts", "nothing was written");
        assertThat(target.run("stats").err()).contains("the archive holds no messages yet");
    }

    @Test
    void aRestoreIntoAChatDeclarationTheArchiveCannotUseIsRefusedAndWritesNothing() {
        Path file = elsewhere.resolve("chat.jsonl.gz");
        cli.run("backup", "-o", file.toString());
        Path wrong = Cli.write(elsewhere.resolve("wrong.yaml"), List.of(
                "larder:",
                "  stores:",
                "    chat: { partition-by: group_id, time: timestamp, indexes: [sender_id], layout: archive }"));
        Cli target = new Cli(elsewhere.resolve("data"));

        Cli.Result r = target.run("restore", file.toString(), "--config", wrong.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("indexes must include msg_type");
        assertThat(r.out()).doesNotContain("records restored");
        assertThat(target.run("stats").err()).contains("the archive holds no messages yet");
    }

    @Test
    void aRecordTheTargetsDeclarationRefusesIsFoundByTheCheckAndNothingIsWritten() {
        Path file = elsewhere.resolve("chat.jsonl.gz");
        cli.run("backup", "-o", file.toString());
        Path tiny = Cli.write(elsewhere.resolve("tiny.yaml"), List.of(
                "larder:",
                "  stores:",
                "    chat: { partition-by: group_id, time: timestamp, indexes: [sender_id, msg_type], max-value-size: 1B }"));
        Cli target = new Cli(elsewhere.resolve("data"));

        Cli.Result r = target.run("restore", file.toString(), "--config", tiny.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("the backup " + file + " cannot be restored, at line 3: a record of store chat cannot be "
                + "stored: ", "nothing was written").doesNotContain("Exception");
        assertThat(r.out()).doesNotContain("every checksum matches", "records restored");
        assertThat(target.run("stats").err()).contains("the archive holds no messages yet");
    }

    @Test
    void aRecordWhoseTimeIsNoTimeIsRefusedWithItsLineAndStoreAndNothingIsWritten() throws IOException {
        Path file = elsewhere.resolve("chat.jsonl.gz");
        cli.run("backup", "-o", file.toString());
        List<String> lines = new ArrayList<>(gunzip(file).lines().toList());
        int last = -1;                              // the last record of store chat: the records before it would be written first
        for (int i = 0; i < lines.size() && !lines.get(i).startsWith("{\"end\":"); i++) {
            last = lines.get(i).startsWith("{\"r\":") ? i : last;
        }
        lines.set(last, lines.get(last).replaceFirst("\"timestamp\":\\d+", "\"timestamp\":\"abc\""));
        Files.write(file, gzip(resealed(lines)));
        Cli target = new Cli(elsewhere.resolve("data"));

        Cli.Result r = target.run("restore", file.toString());

        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains("the backup " + file + " cannot be restored, at line " + (last + 1)
                        + ": a record of store chat cannot be stored: field 'timestamp' holds the text \"abc\"", "nothing was written")
                .doesNotContain("Exception");
        assertThat(r.out()).doesNotContain("every checksum matches", "records restored");
        assertThat(target.run("stats").err()).contains("the archive holds no messages yet");
    }
    @Test
    void aBackupCutShortIsRefusedAndWritesNothing() throws IOException {
        Path file = elsewhere.resolve("chat.jsonl.gz");
        cli.run("backup", "-o", file.toString());
        List<String> lines = new ArrayList<>(gunzip(file).lines().toList());
        Files.write(file, gzip(String.join("\n", lines.subList(0, lines.size() - 2)) + "\n"));
        Cli target = new Cli(elsewhere.resolve("data"));

        Cli.Result r = target.run("restore", file.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("the backup ends without its closing line: it was cut short", "nothing was written");
        assertThat(target.run("stats").err()).contains("the archive holds no messages yet");
    }

    @Test
    void aBackupOfANewerFormatAndAFileThatIsNoBackupAreRefused() throws IOException {
        Path newer = Files.write(elsewhere.resolve("newer.jsonl.gz"), gzip("{\"larder_backup\":2}\n"));
        Path other = Cli.write(elsewhere.resolve("other.jsonl"), List.of("{}"));

        Cli.Result r1 = cli.run("restore", newer.toString());
        Cli.Result r2 = cli.run("restore", other.toString());

        assertThat(r1.err()).contains("made by a newer larder (format version 2; this one reads 1)");
        assertThat(r2.err()).contains("not a gzip file");
        assertThat(r1.code()).isEqualTo(1);
        assertThat(r2.code()).isEqualTo(1);
    }

    @Test
    void theScheduleBacksUpEachIntervalAndKeepsTheNewest() throws IOException {
        Path dir = elsewhere.resolve("scheduled");
        List<Instant> waitedUntil = new ArrayList<>();
        Clock[] clock = {Clock.fixed(Instant.parse("2026-12-04T00:00:00Z"), ZoneOffset.UTC)};
        BackupSchedule.Pause pause = (when, c) -> {
            waitedUntil.add(when);
            clock[0] = Clock.fixed(when, ZoneOffset.UTC);
        };
        StringWriter out = new StringWriter();
        Clock moving = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return clock[0].instant();
            }
        };
        BackupSchedule schedule = new BackupSchedule(new BackupSettings(true, Duration.ofHours(6), dir, 2), moving, pause,
                file -> {
                    Cli.Result r = cli.run("backup", "-o", file.toString());
                    assertThat(r.code()).as(r.err()).isZero();
                    return new BackupCommand.Written(file, 3, 8, Duration.ZERO);
                }, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));

        assertThat(schedule.run(3)).isZero();

        assertThat(waitedUntil).containsExactly(Instant.parse("2026-12-04T06:00:00Z"), Instant.parse("2026-12-04T12:00:00Z"));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted()).containsExactly(
                    "larder-backup-20261204T060000Z.jsonl.gz", "larder-backup-20261204T120000Z.jsonl.gz");
        }
        assertThat(out.toString()).contains("backing up every 6h into " + dir + ", keeping the newest 2",
                "removed larder-backup-20261204T000000Z.jsonl.gz");
    }

    @Test
    void scheduledBackupsMustBeTurnedOnFirst() {
        Cli.Result r = cli.run("backup", "--schedule");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("scheduled backups are off in classpath:larder-default.yaml: set larder.backup.enabled: true");
    }

    /** The lines of a backup with every checksum made again for them, as another program writing the format would. */
    private static String resealed(List<String> lines) {
        StringBuilder out = new StringBuilder();
        MessageDigest all = sha256();
        MessageDigest part = sha256();
        for (String line : lines) {
            String fixed = line;
            if (line.startsWith("{\"store\":")) {
                part = sha256();
            } else if (line.startsWith("{\"r\":")) {
                part.update((line + "\n").getBytes(StandardCharsets.UTF_8));
            } else if (line.startsWith("{\"end\":")) {
                fixed = line.replaceFirst("\"sha256\":\"[0-9a-f]*\"", "\"sha256\":\"" + HexFormat.of().formatHex(part.digest()) + "\"");
            } else if (line.startsWith("{\"end_of_backup\":")) {
                fixed = line.replaceFirst("\"sha256\":\"[0-9a-f]*\"", "\"sha256\":\"" + HexFormat.of().formatHex(all.digest()) + "\"");
            }
            all.update((fixed + "\n").getBytes(StandardCharsets.UTF_8));
            out.append(fixed).append('\n');
        }
        return out.toString();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
