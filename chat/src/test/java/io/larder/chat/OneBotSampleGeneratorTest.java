package io.larder.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OneBotSampleGeneratorTest {

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
            Map<String, Object> e;
            try {
                e = Json.parseObject(line);
            } catch (Json.JsonException ex) {
                malformed++;
                continue;
            }
            if ("group_recall".equals(e.get("notice_type"))) {
                recall = true;
            }
            if (!"group".equals(e.get("message_type")) || !e.containsKey("group_id")) {
                continue;
            }
            messages++;
            bot |= "message_sent".equals(e.get("post_type"));
            groups.add(e.get("group_id").toString());
            String id = e.get("message_id").toString();
            ids.add(id);
            negativeIds += id.startsWith("-") ? 1 : 0;
            if (e.get("message") instanceof List<?> segments) {
                arrays++;
                segments.forEach(s -> segmentTypes.add((String) ((Map<?, ?>) s).get("type")));
            } else {
                strings++;
                segmentTypes.addAll(CqCode.parse((String) e.get("message")).stream().map(CqCode.Segment::type).toList());
            }
            assertThat(OneBotEvents.map(e)).isInstanceOf(OneBotEvents.Posted.class);
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
            Map<String, Object> e;
            try {
                e = Json.parseObject(line);
            } catch (Json.JsonException ex) {
                continue;
            }
            if (e.get("raw_message") instanceof String raw && "group".equals(e.get("message_type")) && !raw.contains("[CQ:")) {
                shortest = Math.min(shortest, raw.length());
                longest = Math.max(longest, raw.length());
                emoji |= raw.codePoints().anyMatch(cp -> cp >= 0x1F300);
            }
        }
        assertThat(shortest).isLessThanOrEqualTo(2);
        assertThat(longest).isGreaterThan(60);
        assertThat(emoji).isTrue();
    }
}
