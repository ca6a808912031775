package io.larder.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.Codec;
import io.larder.DataSize;
import io.larder.Encoding;
import io.larder.Secret;
import io.larder.serialization.JacksonCodecProvider;
import io.larder.spi.RecordCodec;
import io.larder.spi.ValueSizes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Events as NapCat sends them (array format, {@code onebot/napcat-group.jsonl}): what the mapping keeps of each. */
class NapCatEventsTest {
    private static final String FIXTURE = "/onebot/napcat-group.jsonl";
    private static final String GROUP = "738261945";
    private final MemoryArchives memory = new MemoryArchives();

    @AfterEach
    void close() {
        memory.close();
    }

    private static byte[] fixture() {
        try (InputStream in = NapCatEventsTest.class.getResourceAsStream(FIXTURE)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines() {
        return new String(fixture(), StandardCharsets.UTF_8).lines().toList();
    }

    /** The message of fixture line {@code n} (from 1). */
    private static ChatMessage line(int n) {
        OneBotEvents.Event e = OneBotEvents.map(Json.parseObject(lines().get(n - 1)));
        assertThat(e).isInstanceOf(OneBotEvents.Posted.class);
        return ((OneBotEvents.Posted) e).message();
    }

    @Test
    void theSequenceNumbersAndTheSenderAreKept() {
        ChatMessage m = line(1);
        assertThat(m.id()).isEqualTo("1837291234");
        assertThat(m.messageSeq()).isEqualTo("1837291234");
        assertThat(m.realSeq()).isEqualTo("48213");
        assertThat(m.senderName()).isEqualTo("白 | 运维");
        assertThat(m.senderRole()).isEqualTo(SenderRole.ADMIN);
        assertThat(m.content()).isEqualTo("@20000042 今晚发版，记得看群公告");
        assertThat(m.mentions()).containsExactly("20000042");
        assertThat(line(2).id()).isEqualTo("-1203344556");
        assertThat(line(2).realSeq()).isEqualTo("48214");
    }

    @Test
    void imagesFacesAndRepliesMapAsBefore() {
        ChatMessage image = line(2);
        assertThat(image.msgType()).isEqualTo(MessageType.IMAGE);
        assertThat(image.content()).isEqualTo("[图片]");
        assertThat(image.attachments()).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("6F1D2C3B4A5E6F708192A3B4C5D6E7F8.jpg");
            assertThat(a.size()).isEqualTo(183_422);
            assertThat(a.url()).startsWith("https://multimedia.nt.qq.com.cn/download?appid=1407&fileid=");
        });
        assertThat(line(3).content()).isEqualTo("收到[表情]");
        assertThat(line(3).senderName()).isEqualTo("周工");
        assertThat(line(3).senderRole()).isEqualTo(SenderRole.OWNER);
        assertThat(line(4).replyTo()).isEqualTo("1837291234");
        assertThat(line(4).content()).isEqualTo("@20000001 好的");
    }

    @Test
    void aMiniProgramCardKeepsItsPromptTitleDescriptionAndLink() {
        ChatMessage m = line(5);
        assertThat(m.content()).isEqualTo("[卡片:哔哩哔哩 — 【4K】城市夜景延时摄影]");
        assertThat(m.msgType()).isEqualTo(MessageType.OTHER);
        assertThat(m.cards()).containsExactly(new ChatMessage.Card("com.tencent.miniapp_01", "[QQ小程序]【4K】城市夜景延时摄影",
                "哔哩哔哩", "【4K】城市夜景延时摄影", "https://b23.tv/xYz12Ab?share_medium=android"));
    }

    @Test
    void aSharedLinkShowsOnOneLineWithItsBracketsTurnedSoItStaysOnePlaceholder() {
        ChatMessage m = line(6);
        assertThat(m.content()).isEqualTo("这篇讲得清楚：[卡片:Java 17 新特性一览 — 密封类、记录类与模式匹配【详解】 附示例代码]");
        assertThat(m.cards()).singleElement().satisfies(c -> {
            assertThat(c.app()).isEqualTo("com.tencent.structmsg");
            assertThat(c.prompt()).isEqualTo("[分享]Java 17 新特性一览");
            assertThat(c.description()).isEqualTo("密封类、记录类与模式匹配[详解]\n附示例代码");
            assertThat(c.url()).isEqualTo("https://zhuanlan.zhihu.com/p/401234567");
        });
        assertThat(OneBotEvents.PLACEHOLDER.matcher(m.content()).replaceAll("")).isEqualTo("这篇讲得清楚：");
        assertThat(MessageFilter.dropMediaOnly().keep(line(5))).isFalse();
        assertThat(MessageFilter.dropMediaOnly().keep(m)).isTrue();
    }

    @Test
    void aCardWhoseJsonCannotBeReadStaysAPlaceholder() {
        ChatMessage m = line(9);
        assertThat(m.content()).isEqualTo("[卡片]");
        assertThat(m.cards()).isEmpty();
    }

    @Test
    void aLongCardLabelIsCut() {
        String desc = "长".repeat(300);
        String label = Cards.label(new ChatMessage.Card("", "", "", desc, ""));
        assertThat(label).isEqualTo("[卡片:" + "长".repeat(Cards.CARD_LABEL_MAX) + "…]");
        assertThat(Cards.label(new ChatMessage.Card("app", "", "", "", ""))).isEqualTo("[卡片]");
        assertThat(Cards.label(new ChatMessage.Card("", "[分享]标题", "", "", ""))).isEqualTo("[卡片:【分享】标题]");
    }

    @Test
    void aForwardKeepsItsIdAndSaysItsMessagesWereNotFetched() {
        ChatMessage m = line(7);
        assertThat(m.content()).isEqualTo("[聊天记录]");
        assertThat(m.forwards()).containsExactly(new ChatMessage.Forward("7445012345678901234", null));
        assertThat(m.forwards().get(0).fetched()).isFalse();
    }

    @Test
    void aForwardSentWithItsMessagesKeepsThem() {
        ChatMessage.Forward f = line(8).forwards().get(0);
        assertThat(f.id()).isEqualTo("7445012345678905678");
        assertThat(f.fetched()).isTrue();
        assertThat(f.messages()).containsExactly(
                new ChatMessage.ForwardedMessage("20000099", "群友甲", 1_733_300_000_000L, "明天几点集合？"),
                new ChatMessage.ForwardedMessage("20000098", "乙", 1_733_300_060_000L, "八点，带上[图片]"));
    }

    @Test
    void pseudonymizingReplacesTheSendersOfForwardedMessages() {
        Pseudonymizer p = Pseudonymizer.hmacSha256(Secret.of("s3cret"));
        ChatMessage.Forward f = p.apply(line(8)).forwards().get(0);
        assertThat(f.messages()).extracting(ChatMessage.ForwardedMessage::senderId)
                .containsExactly(p.alias("20000099"), p.alias("20000098"));
        assertThat(f.messages()).extracting(ChatMessage.ForwardedMessage::senderName)
                .containsExactly(p.alias("20000099"), p.alias("20000098"));
        assertThat(p.apply(line(7)).forwards()).isEqualTo(line(7).forwards());
    }

    @Test
    void messagesFetchedLaterFillTheirForward() {
        ChatMessage m = line(7);
        List<ChatMessage.ForwardedMessage> fetched = List.of(new ChatMessage.ForwardedMessage("1", "a", 5, "hi"));
        ChatMessage filled = m.withForwardFetched("7445012345678901234", fetched);
        assertThat(filled.forwards().get(0).messages()).isEqualTo(fetched);
        assertThat(filled.withId("x").forwards()).isEqualTo(filled.forwards());
        assertThatThrownBy(() -> m.withForwardFetched("nope", fetched))
                .hasMessageContaining("no forward nope");
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void theNewFieldsSurviveBothCodecsAndOlderRecordsReadWithDefaults(Codec codec) {
        RecordCodec<ChatMessage> c = new JacksonCodecProvider().codec(ChatMessage.class,
                Encoding.defaults().withCodec(codec).withSchemaVersion(ChatMessage.SCHEMA_VERSION), DataSize.ofBytes(1 << 20),
                ValueSizes.IGNORE);
        for (int n : List.of(5, 6, 8)) {
            ChatMessage m = line(n);
            assertThat(c.decode(c.encode(m))).isEqualTo(m);
        }
        ChatMessage unfetched = line(7);
        ChatMessage back = c.decode(c.encode(unfetched));
        assertThat(back).isEqualTo(unfetched);
        assertThat(back.forwards().get(0).fetched()).isFalse();
        // a version 2 record: none of the fields version 3 added
        ChatMessage old = c.decode(new JacksonCodecProvider().codec(ChatMessage.class,
                Encoding.defaults().withCodec(codec).withSchemaVersion(2), DataSize.ofBytes(1 << 20), ValueSizes.IGNORE)
                .encode(ChatMessage.builder(GROUP, "1").id("9").content("旧").timestamp(1).build()));
        assertThat(old.cards()).isEmpty();
        assertThat(old.forwards()).isEmpty();
        assertThat(old.messageSeq()).isNull();
        assertThat(old.realSeq()).isNull();
    }

    @Test
    void theImportedFixtureExportsAndRendersItsCardsForwardsAndSequences() {
        ImportReport r = OneBotImporter.builder().batchSize(4).build()
                .importFrom(new ByteArrayInputStream(fixture()), memory.archive);
        assertThat(r.taken()).isEqualTo(10);
        assertThat(r.recallsApplied()).isEqualTo(1);
        assertThat(r.skipped()).containsEntry("meta_event.heartbeat", 1L);
        assertThat(r.refused()).isZero();

        StringWriter out = new StringWriter();
        ChatExporter.builder().zone(ZoneId.of("Asia/Shanghai")).build().export(memory.archive, ChatQuery.group(GROUP), out);
        List<Map<String, Object>> exported = new ArrayList<>();
        out.toString().lines().forEach(l -> exported.add(Json.parseObject(l)));
        // the recalled card is hidden; the two messages of the first second come in the order they arrived
        assertThat(exported).extracting(m -> m.get("id")).containsExactly("1837291234", "-1203344556", "905512",
                "1837291299", "1837291301", "1837291320", "1837291400", "1837291401", "1837291403");
        assertThat(exported.get(0)).containsEntry("message_seq", "1837291234").containsEntry("real_seq", "48213")
                .containsEntry("time", "2024-12-05T17:20:00+08:00");
        assertThat(exported.get(1)).containsEntry("timestamp", 1_733_390_400_001L)
                .containsEntry("time", "2024-12-05T17:20:00+08:00");
        assertThat(exported.get(4)).containsEntry("content", "[卡片:哔哩哔哩 — 【4K】城市夜景延时摄影]")
                .containsEntry("cards", List.of(Map.of("app", "com.tencent.miniapp_01", "prompt", "[QQ小程序]【4K】城市夜景延时摄影",
                        "title", "哔哩哔哩", "desc", "【4K】城市夜景延时摄影", "url", "https://b23.tv/xYz12Ab?share_medium=android")));
        assertThat(exported.get(6)).containsEntry("forwards", List.of(Map.of("id", "7445012345678901234", "fetched", false)));
        @SuppressWarnings("unchecked")
        Map<String, Object> fetched = ((List<Map<String, Object>>) exported.get(7).get("forwards")).get(0);
        assertThat(fetched).containsEntry("fetched", true);
        assertThat((List<?>) fetched.get("messages")).hasSize(2);

        List<String> transcript = PromptRenderer.builder().build().latest(memory.archive, GROUP, 100_000).lines();
        assertThat(transcript).anySatisfy(l -> assertThat(l).endsWith("小满: [卡片:哔哩哔哩 — 【4K】城市夜景延时摄影]"));
        assertThat(transcript.get(0)).endsWith("白 | 运维: @20000042 今晚发版，记得看群公告");
        assertThat(transcript.get(1)).endsWith("小满: [图片]");
    }
}
