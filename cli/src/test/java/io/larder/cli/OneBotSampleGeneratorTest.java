package io.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.larder.Larder;
import io.larder.chat.ChatArchive;
import io.larder.chat.ImportReport;
import io.larder.chat.OneBotImporter;
import io.larder.memory.MemoryBackend;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class OneBotSampleGeneratorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CQ_TYPE = Pattern.compile("\\[CQ:([a-z]+)");

    @Test
    void theSameSeedGivesTheSameLinesAndAnotherSeedOthers() {
        List<String> a = OneBotSampleGenerator.builder().seed(11).build().stream(500).toList();
        assertThat(OneBotSampleGenerator.builder().seed(11).build().stream(500).toList()).isEqualTo(a);
        assertThat(OneBotSampleGenerator.builder().seed(12).build().stream(500).toList()).isNotEqualTo(a);
    }

    @Test
    void itWritesRealisticGroupChat() {
        int messages = 0;
        int arrays = 0;
        int strings = 0;
        int negativeIds = 0;
        int malformed = 0;
        Set<String> segmentTypes = new HashSet<>();
        Set<String> groups = new HashSet<>();
        Set<String> ids = new HashSet<>();
        boolean bot = false;
        boolean recall = false;
        for (String line : OneBotSampleGenerator.builder().seed(5).build().stream(4000).toList()) {
            JsonNode e = parse(line);
            if (e == null) {
                malformed++;
                continue;
            }
            recall |= "group_recall".equals(e.path("notice_type").asText());
            if (!"group".equals(e.path("message_type").asText()) || !e.has("group_id")) {
                continue;
            }
            messages++;
            bot |= "message_sent".equals(e.get("post_type").asText());
            groups.add(e.get("group_id").asText());
            String id = e.get("message_id").asText();
            ids.add(id);
            negativeIds += id.startsWith("-") ? 1 : 0;
            if (e.get("message").isArray()) {
                arrays++;
                e.get("message").forEach(s -> segmentTypes.add(s.get("type").asText()));
            } else {
                strings++;
                Matcher m = CQ_TYPE.matcher(e.get("message").asText());
                while (m.find()) {
                    segmentTypes.add(m.group(1));
                }
            }
        }
        assertThat(messages).isGreaterThan(3500);
        assertThat(groups).hasSize(3);
        assertThat(ids.size()).isLessThan(messages).isGreaterThan(messages * 9 / 10); // redeliveries repeat ids
        assertThat(negativeIds).isGreaterThan(messages / 4);
        assertThat(arrays).isGreaterThan(strings).isGreaterThan(0);
        assertThat(strings).isPositive();
        assertThat(segmentTypes).contains("text", "at", "reply", "face", "image", "record", "video", "file");
        assertThat(malformed).isPositive();
        assertThat(bot).isTrue();
        assertThat(recall).isTrue();
    }

    @Test
    void textVariesInLengthAndCarriesEmoji() {
        int shortest = Integer.MAX_VALUE;
        int longest = 0;
        boolean emoji = false;
        for (String line : OneBotSampleGenerator.builder().build().stream(3000).toList()) {
            JsonNode e = parse(line);
            if (e != null && e.has("raw_message") && "group".equals(e.path("message_type").asText())) {
                String raw = e.get("raw_message").asText();
                if (!raw.contains("[CQ:")) {
                    shortest = Math.min(shortest, raw.length());
                    longest = Math.max(longest, raw.length());
                    emoji |= raw.codePoints().anyMatch(cp -> cp >= 0x1F300);
                }
            }
        }
        assertThat(shortest).isLessThanOrEqualTo(2);
        assertThat(longest).isGreaterThan(60);
        assertThat(emoji).isTrue();
    }

    /** What the importer makes of the sample: every line accounted for, every group message read but the damaged ones. */
    @Test
    void theSampleImportsLineForLineWithOnlyItsDamagedLinesRefused() {
        StringBuilder log = new StringBuilder();
        OneBotSampleGenerator.builder().seed(3).build().stream(5000).forEach(l -> log.append(l).append('\n'));
        try (Larder larder = Larder.builder().backend(MemoryBackend.create()).build()) {
            ImportReport r = OneBotImporter.builder().build().importFrom(
                    new ByteArrayInputStream(log.toString().getBytes(StandardCharsets.UTF_8)), ChatArchive.open(larder));
            assertThat(r.lines()).isEqualTo(5000);
            assertThat(r.taken() + r.duplicates() + r.resent() + r.recallsApplied() + r.recallsRepeated() + r.recallsUnknown()
                    + r.skippedTotal() + r.refused()).isEqualTo(r.lines());
            assertThat(r.refused()).isBetween(5L, 60L);
            assertThat(r.refusals()).allSatisfy(f -> assertThat(f.reason())
                    .containsAnyOf("malformed JSON", "missing field 'group_id'"));
            assertThat(r.resent()).as("the sample's redeliveries").isPositive();
            assertThat(r.duplicates()).as("nothing was archived before").isZero();
            assertThat(r.recallsUnknown()).isZero();
            assertThat(r.skipped()).containsKeys("meta_event.heartbeat", "meta_event.lifecycle", "message.private",
                    "notice.group_increase");
        }
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
