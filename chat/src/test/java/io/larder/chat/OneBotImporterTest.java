package io.larder.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OneBotImporterTest {
    private final MemoryArchives memory = new MemoryArchives();
    private final ChatArchive archive = memory.archive;

    @AfterEach
    void close() {
        memory.close();
    }

    private static String message(long id, String text) {
        return "{\"time\":1763728500,\"post_type\":\"message\",\"message_type\":\"group\",\"message_id\":" + id
                + ",\"group_id\":600000123,\"user_id\":20000042,\"message\":\"" + text + "\",\"sender\":{\"nickname\":\"小明\"}}";
    }

    private static String recall(long id, long operator) {
        return "{\"time\":1763728600,\"post_type\":\"notice\",\"notice_type\":\"group_recall\",\"group_id\":600000123,"
                + "\"user_id\":20000042,\"operator_id\":" + operator + ",\"message_id\":" + id + "}";
    }

    private ImportReport importLines(OneBotImporter importer, String... lines) {
        return importer.importFrom(new ByteArrayInputStream((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8)),
                archive);
    }

    @Test
    void everyLineIsAccountedForByKind() {
        ImportReport r = importLines(OneBotImporter.builder().build(),
                message(-1, "one"),
                "{\"post_type\":\"meta_event\",\"meta_event_type\":\"heartbeat\"}",
                "",
                message(-1, "one again"),
                message(2, "two"),
                recall(2, 1),
                recall(99, 1),
                "{\"post_type\":\"message\",\"message_type\":\"private\"}",
                "{\"post_type\":\"meta_event\",\"meta_event_type\":\"heartbeat\"}");
        assertThat(r.lines()).isEqualTo(9);
        assertThat(r.taken()).isEqualTo(2);
        assertThat(r.resent()).isEqualTo(1);
        assertThat(r.duplicates()).isZero();
        assertThat(r.recallsApplied()).isEqualTo(1);
        assertThat(r.recallsUnknown()).isEqualTo(1);
        assertThat(r.skipped()).isEqualTo(Map.of("meta_event.heartbeat", 2L, "blank", 1L, "message.private", 1L));
        assertThat(r.skippedTotal()).isEqualTo(4);
        assertThat(r.refused()).isZero();
        assertThat(archive.find("600000123", "-1").orElseThrow().content()).isEqualTo("one");
        ChatMessage recalled = archive.findIncludingDeleted("600000123", "2").orElseThrow();
        assertThat(recalled.deletedBy()).isEqualTo("1");
        assertThat(recalled.deletedAt()).isEqualTo(1_763_728_600_000L);
    }

    @Test
    void aMalformedLineIsRefusedWithItsNumberAndTheImportGoesOn() {
        ImportReport r = importLines(OneBotImporter.builder().build(),
                message(1, "ok"),
                "{\"time\":1763728500,\"post_type\":\"mess",
                "<html>502</html>",
                "{\"post_type\":\"message\",\"message_type\":\"group\",\"time\":1,\"message_id\":1,\"user_id\":2,\"message\":\"x\"}",
                message(2, "still read"));
        assertThat(r.taken()).isEqualTo(2);
        assertThat(r.refused()).isEqualTo(3);
        assertThat(r.refusals()).extracting(ImportReport.Refusal::line).containsExactly(2L, 3L, 4L);
        assertThat(r.refusals().get(0).reason()).startsWith("malformed JSON: unterminated string");
        assertThat(r.refusals().get(1).reason()).startsWith("malformed JSON: unexpected character '<'");
        assertThat(r.refusals().get(2).reason()).isEqualTo("missing field 'group_id'");
    }

    @Test
    void refusalsAreAllCountedButOnlyTheFirstAreNamed() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            lines.add("garbage " + i);
        }
        ImportReport r = importLines(OneBotImporter.builder().maxRefusals(3).build(), lines.toArray(String[]::new));
        assertThat(r.refused()).isEqualTo(10);
        assertThat(r.refusals()).extracting(ImportReport.Refusal::line).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aLineLongerThanTheBoundIsRefusedWithoutBeingHeld() {
        String huge = message(5, "x".repeat(5000));
        ImportReport r = importLines(OneBotImporter.builder().maxLineBytes(1000).build(), message(4, "short"), huge, message(6, "after"));
        assertThat(r.taken()).isEqualTo(2);
        assertThat(r.refusals()).containsExactly(new ImportReport.Refusal(2, "line longer than 1000 bytes"));
    }

    @Test
    void aRecallFindsAMessageOfItsOwnBatchAndOfAnEarlierOne() {
        ImportReport r = importLines(OneBotImporter.builder().batchSize(2).build(),
                message(1, "a"), message(2, "b"), message(3, "c"), recall(1, 20000042), recall(3, 20000042), recall(3, 20000042));
        assertThat(r.recallsApplied()).isEqualTo(2);
        assertThat(r.recallsRepeated()).isEqualTo(1);
        assertThat(archive.find("600000123", "1")).isEmpty();
        assertThat(archive.find("600000123", "2")).isPresent();
        assertThat(archive.find("600000123", "3")).isEmpty();
    }

    @Test
    void aByteOrderMarkAndWindowsLineEndsAreRead() {
        byte[] bytes = ("\uFEFF" + message(1, "a") + "\r\n" + message(2, "b") + "\r\n").getBytes(StandardCharsets.UTF_8);
        ImportReport r = OneBotImporter.builder().build().importFrom(new ByteArrayInputStream(bytes), archive);
        assertThat(r.taken()).isEqualTo(2);
        assertThat(r.refused()).isZero();
    }

    @Test
    void aLineThatIsNotUtf8IsRefusedWithItsNumberAndNothingIsStoredGarbled() {
        byte[] gbk = (message(2, "小明") + "\n").getBytes(Charset.forName("GBK"));
        byte[] utf8 = (message(1, "ok") + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] log = new byte[utf8.length + gbk.length];
        System.arraycopy(utf8, 0, log, 0, utf8.length);
        System.arraycopy(gbk, 0, log, utf8.length, gbk.length);
        ImportReport r = OneBotImporter.builder().build().importFrom(new ByteArrayInputStream(log), archive);
        assertThat(r.taken()).isEqualTo(1);
        assertThat(r.refused()).isEqualTo(1);
        assertThat(r.refusals().get(0).line()).isEqualTo(2);
        assertThat(r.refusals().get(0).reason()).startsWith("not valid UTF-8: byte").contains(" at byte ");
        assertThat(archive.find("600000123", "2")).isEmpty();
    }

    @Test
    void aGbkLogIsReadInItsOwnEncoding() {
        byte[] gbk = (message(3, "早上好，小明") + "\n").getBytes(Charset.forName("GBK"));
        ImportReport r = OneBotImporter.builder().charset(Charset.forName("GBK")).build()
                .importFrom(new ByteArrayInputStream(gbk), archive);
        assertThat(r.refused()).isZero();
        assertThat(archive.find("600000123", "3").orElseThrow().content()).isEqualTo("早上好，小明");
        assertThat(archive.find("600000123", "3").orElseThrow().senderName()).isEqualTo("小明");
    }

    @Test
    void progressIsReportedAfterWritingWhatIsPending() {
        List<ImportReport> seen = new ArrayList<>();
        importLines(OneBotImporter.builder().progress(2, seen::add).build(), message(1, "a"), message(2, "b"), message(3, "c"));
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).taken()).isEqualTo(2);
    }

    @Test
    void progressComesEveryIntervalAtFirstThenEveryTenthOfTheLinesReadUpToTenIntervals() {
        List<ImportReport> seen = new ArrayList<>();
        String[] lines = IntStream.rangeClosed(1, 400).mapToObj(i -> message(i, "m" + i)).toArray(String[]::new);
        importLines(OneBotImporter.builder().progress(2, seen::add).build(), lines);
        List<Long> at = seen.stream().map(ImportReport::lines).toList();
        assertThat(at.subList(0, 10)).containsExactly(2L, 4L, 6L, 8L, 10L, 12L, 14L, 16L, 18L, 20L);
        assertThat(at).contains(22L, 24L, 26L, 28L, 30L, 33L, 36L);
        for (int i = 1; i < at.size(); i++) {
            assertThat(at.get(i) - at.get(i - 1)).isBetween(2L, 20L);
        }
        // each report came after what was read before it was written
        seen.forEach(r -> assertThat(r.taken()).isEqualTo(r.lines()));
    }

    @Test
    void fourWritersStoreEveryLineAndAccountForItAsTwoDo() {
        String[] lines = IntStream.rangeClosed(1, 300).mapToObj(i -> message(i, "m" + i)).toArray(String[]::new);
        ImportReport r = importLines(OneBotImporter.builder().writers(4).batchSize(7).build(), lines);
        assertThat(r.lines()).isEqualTo(300);
        assertThat(r.taken()).isEqualTo(300);
        assertThat(archive.find("600000123", "300").orElseThrow().content()).isEqualTo("m300");
        assertThatThrownBy(() -> OneBotImporter.builder().writers(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void settingsAreMadeOnceAndChecked() {
        assertThatThrownBy(() -> OneBotImporter.builder().batchSize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OneBotImporter.builder().batchSize(5).batchSize(6)).isInstanceOf(IllegalStateException.class);
    }
}
