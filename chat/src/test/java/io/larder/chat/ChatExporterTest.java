package io.larder.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.Secret;
import io.larder.testkit.TestClock;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChatExporterTest {
    private static final String G = "600000123";
    private static final long T = TestClock.START.toEpochMilli();
    private static final long MINUTE = 60_000;
    private final MemoryArchives memory = new MemoryArchives();
    private final ChatArchive archive = memory.archive;

    @AfterEach
    void close() {
        memory.close();
    }

    private static ChatMessage said(String id, String sender, String name, long at, String text) {
        return ChatMessage.builder(G, sender).id(id).senderName(name).content(text).timestamp(at).build();
    }

    private static List<Map<String, Object>> lines(String jsonl) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String line : jsonl.split("\n")) {
            out.add(Json.parseObject(line));
        }
        return out;
    }

    private String export(ChatExporter exporter) {
        StringWriter out = new StringWriter();
        exporter.export(archive, ChatQuery.group(G), out);
        return out.toString();
    }

    @Test
    void theMessagesFormatWritesOneSnakeCaseObjectALine() {
        archive.appendAll(List.of(
                said("1", "42", "小明", T, "你好\n世界"),
                ChatMessage.builder(G, "43").id("2").senderName("小红").senderRole(SenderRole.ADMIN).type(MessageType.IMAGE)
                        .content("@42 [图片]").mention("42").replyTo("1").timestamp(T + 1000)
                        .attachment(new ChatMessage.Attachment(MessageType.IMAGE, "https://p/1", "1.jpg", 99)).build()));
        List<Map<String, Object>> lines = lines(export(ChatExporter.builder().build()));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).containsEntry("id", "1").containsEntry("group_id", G).containsEntry("sender_id", "42")
                .containsEntry("sender_name", "小明").containsEntry("sender_role", "member").containsEntry("type", "text")
                .containsEntry("content", "你好\n世界").containsEntry("timestamp", T)
                .containsEntry("time", "2026-11-21T20:00:00+08:00").doesNotContainKeys("reply_to", "deleted_at", "attachments");
        assertThat(lines.get(1)).containsEntry("reply_to", "1").containsEntry("mentions", List.of("42"))
                .containsEntry("type", "image").containsEntry("attachments",
                        List.of(Map.of("kind", "image", "url", "https://p/1", "name", "1.jpg", "size", 99L)));
    }

    @Test
    void deletedMessagesAreLeftOutUnlessTheQueryAsks() {
        archive.appendAll(List.of(said("1", "42", "a", T, "x"), said("2", "42", "a", T + 1, "y")));
        archive.delete(G, "1", new ChatArchive.Actor("42", SenderRole.MEMBER));
        assertThat(lines(export(ChatExporter.builder().build()))).extracting(l -> l.get("id")).containsExactly("2");
        StringWriter out = new StringWriter();
        ChatExporter.builder().build().export(archive, ChatQuery.group(G).includeDeleted(), out);
        assertThat(lines(out.toString()).get(0)).containsEntry("deleted_by", "42").containsKey("deleted_at");
    }

    @Test
    void theChatFormatCutsConversationsAtTheSilenceGapAndKeepsOnlyExchanges() {
        archive.appendAll(List.of(
                said("1", "42", "小明", T, "在吗"),
                said("2", "10001", "bot", T + MINUTE, "在的"),
                said("3", "43", "小红", T + 20 * MINUTE, "我也在"),
                said("4", "42", "小明", T + 60 * MINUTE, "新话题"),
                said("5", "43", "小红", T + 61 * MINUTE, "好")));
        StringWriter out = new StringWriter();
        ExportReport report = ChatExporter.builder().format(ExportFormat.CHAT).assistant("10001")
                .conversationGap(Duration.ofMinutes(30)).build().export(archive, ChatQuery.group(G), out);
        List<Map<String, Object>> lines = lines(out.toString());
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).isEqualTo(Map.of("messages", List.of(
                Map.of("role", "user", "content", "小明: 在吗"),
                Map.of("role", "assistant", "content", "在的"))));
        assertThat(report.messages()).isEqualTo(2);
        assertThat(report.dropped()).isEqualTo(Map.of("after the last reply", 1L, "no reply", 2L));
    }

    @Test
    void manyPartyChatBecomesAlternatingTurnsThatBothFormatsAccept() {
        archive.appendAll(List.of(
                said("1", "10001", "bot", T, "大家好"),
                said("2", "42", "小明", T + 1000, "今天吃什么"),
                said("3", "43", "小红", T + 2000, "火锅？"),
                said("4", "10001", "bot", T + 3000, "火锅不错"),
                said("5", "44", "阿白", T + 4000, "   "),
                said("6", "42", "小明", T + 5000, "几点"),
                said("7", "10001", "bot", T + 6000, "七点"),
                said("8", "10001", "bot", T + 7000, "老地方"),
                said("9", "43", "小红", T + 8000, "好")));
        StringWriter chat = new StringWriter();
        ExportReport report = ChatExporter.builder().format(ExportFormat.CHAT).assistant("10001").build()
                .export(archive, ChatQuery.group(G), chat);
        StringWriter shareGpt = new StringWriter();
        ChatExporter.builder().format(ExportFormat.SHAREGPT).assistant("10001").system("你是群聊助手").build()
                .export(archive, ChatQuery.group(G), shareGpt);

        assertThat(lines(chat.toString())).containsExactly(Map.of("messages", List.of(
                Map.of("role", "user", "content", "小明: 今天吃什么\n小红: 火锅？"),
                Map.of("role", "assistant", "content", "火锅不错"),
                Map.of("role", "user", "content", "小明: 几点"),
                Map.of("role", "assistant", "content", "七点\n老地方"))));
        assertThat(report.dropped()).isEqualTo(Map.of("before the first question", 1L, "after the last reply", 1L,
                "empty", 1L));
        assertThat(report.messages()).isEqualTo(6);
        assertThat(lines(shareGpt.toString())).containsExactly(Map.of("conversations", List.of(
                Map.of("from", "system", "value", "你是群聊助手"),
                Map.of("from", "human", "value", "小明: 今天吃什么\n小红: 火锅？"),
                Map.of("from", "gpt", "value", "火锅不错"),
                Map.of("from", "human", "value", "小明: 几点"),
                Map.of("from", "gpt", "value", "七点\n老地方"))));
    }

    @Test
    void aChosenPersonCanSpeakAsTheAssistant() {
        archive.appendAll(List.of(said("1", "42", "小明", T, "在吗"), said("2", "43", "小红", T + 1, "在")));
        String jsonl = export(ChatExporter.builder().format(ExportFormat.SHAREGPT).assistant("43").build());
        assertThat(jsonl).isEqualTo("{\"conversations\":[{\"from\":\"human\",\"value\":\"小明: 在吗\"},"
                + "{\"from\":\"gpt\",\"value\":\"在\"}]}\n");
    }

    @Test
    void aConversationFormatNeedsToKnowWhoTheAssistantIs() {
        assertThatThrownBy(() -> ChatExporter.builder().format(ExportFormat.CHAT).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("assistant");
    }

    @Test
    void aLongConversationContinuesOnTheNextLineAndShortOnesCanBeLeftOut() {
        List<ChatMessage> run = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            run.add(said("r" + i, i % 2 == 0 ? "42" : "10001", "a", T + i * MINUTE, "m" + i));
        }
        run.add(said("lonely", "42", "a", T + 300 * MINUTE, "alone"));
        archive.appendAll(run);
        StringWriter out = new StringWriter();
        ExportReport report = ChatExporter.builder().format(ExportFormat.CHAT).assistant("10001").maxConversationMessages(4)
                .minConversationMessages(2).build().export(archive, ChatQuery.group(G).limit(2), out);
        assertThat(lines(out.toString())).extracting(l -> ((List<?>) l.get("messages")).size()).containsExactly(4, 2);
        assertThat(report.lines()).isEqualTo(2);
        assertThat(report.messages()).isEqualTo(6);
        assertThat(report.dropped()).isEqualTo(Map.of("short conversation", 1L));
    }

    @Test
    void pseudonymsAreStablePerPersonAndPerSecret() {
        archive.appendAll(List.of(
                ChatMessage.builder(G, "42").id("1").senderName("小明").content("@43 hi").mention("43").timestamp(T).build(),
                said("2", "43", "小红", T + 1, "hello"),
                said("3", "42", "小明改名", T + 2, "again")));
        Pseudonymizer p = Pseudonymizer.hmacSha256(Secret.of("s3cret"));
        List<Map<String, Object>> lines = lines(export(ChatExporter.builder().pseudonymize(p).build()));
        String alias42 = (String) lines.get(0).get("sender_id");
        String alias43 = (String) lines.get(1).get("sender_id");
        assertThat(alias42).matches("u_[0-9a-f]{12}").isEqualTo(lines.get(2).get("sender_id")).isNotEqualTo(alias43);
        assertThat(lines.get(0)).containsEntry("sender_name", alias42).containsEntry("content", "@" + alias43 + " hi")
                .containsEntry("mentions", List.of(alias43));
        assertThat(lines.get(2)).containsEntry("sender_name", alias42);
        assertThat(Pseudonymizer.hmacSha256(Secret.of("s3cret")).alias("42")).isEqualTo(alias42);
        assertThat(Pseudonymizer.hmacSha256(Secret.of("other")).alias("42")).isNotEqualTo(alias42);
        assertThat(p.toString()).doesNotContain("s3cret");
        assertThatThrownBy(() -> Pseudonymizer.hmacSha256(Secret.none())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPseudonymizedMentionLeavesNoNameInTheText() {
        ChatMessage m = ChatMessage.builder("g", "7").id("1").timestamp(1).senderName("李四")
                .mention("42", "张三").mention("43").mention("all").content("@张三 @43 @全体成员 开会").build();
        Pseudonymizer p = Pseudonymizer.hmacSha256(Secret.of("s3cret"));

        ChatMessage shown = p.apply(m);

        assertThat(shown.content()).isEqualTo("@" + p.alias("42") + " @" + p.alias("43") + " @全体成员 开会");
        assertThat(shown.toString()).doesNotContain("张三", "李四", "\"42\"");
        assertThat(shown.mentions()).containsExactly(p.alias("42"), p.alias("43"), "all");
    }

    @Test
    void theChatFormatDecidesRolesBeforeIdsArePseudonymized() {
        archive.appendAll(List.of(said("1", "42", "小明", T, "q"), said("2", "10001", "bot", T + 1, "a")));
        String jsonl = export(ChatExporter.builder().format(ExportFormat.CHAT).assistant("10001")
                .pseudonymize(Pseudonymizer.hmacSha256(Secret.of("k"))).build());
        assertThat(jsonl).contains("\"role\":\"assistant\",\"content\":\"a\"").doesNotContain("小明");
    }

    @Test
    void filtersDropEmptyMessagesFloodsAndPatternsAndAreCounted() {
        archive.appendAll(List.of(
                said("1", "42", "a", T, "正常消息"),
                said("2", "42", "a", T + 1000, "  "),
                said("3", "44", "spam", T + 2000, "加微信 vx123 领红包"),
                said("4", "43", "b", T + 3000, "刷屏"),
                said("5", "43", "b", T + 4000, "刷屏"),
                said("6", "43", "b", T + 5000, "刷屏"),
                said("7", "43", "b", T + 6000, "刷屏"),
                said("8", "42", "a", T + 7000, "刷屏"),
                said("9", "43", "b", T + 8000, "刷屏")));
        StringWriter out = new StringWriter();
        ExportReport report = ChatExporter.builder()
                .filter(MessageFilter.dropEmpty())
                .filter(MessageFilter.dropMatching(List.of(Pattern.compile("加微信|vx\\d+"))))
                .filter(MessageFilter.collapseFloods(2, Duration.ofMinutes(1)))
                .build().export(archive, ChatQuery.group(G), out);
        assertThat(lines(out.toString())).extracting(l -> l.get("id")).containsExactly("1", "4", "5", "8", "9");
        assertThat(report.dropped()).isEqualTo(Map.of("empty", 1L, "pattern", 1L, "flood", 2L));
        assertThat(report.messages()).isEqualTo(5);
    }

    @Test
    void filtersKeepSendersAndTypesAndDropMediaOnlyAndShortMessages() {
        ChatMessage picture = ChatMessage.builder(G, "42").id("p").type(MessageType.IMAGE).content("[图片]").timestamp(T)
                .attachment(new ChatMessage.Attachment(MessageType.IMAGE, "u", "1.jpg", 1)).build();
        ChatMessage captioned = ChatMessage.builder(G, "42").id("c").type(MessageType.IMAGE).content("看这个[图片]").timestamp(T)
                .attachment(new ChatMessage.Attachment(MessageType.IMAGE, "u", "2.jpg", 1)).build();
        ChatMessage faces = ChatMessage.builder(G, "43").id("f").type(MessageType.FACE).content("[表情][表情]").timestamp(T).build();
        ChatMessage file = ChatMessage.builder(G, "43").id("d").type(MessageType.FILE).content("[文件:报价单.xlsx]").timestamp(T).build();
        ChatMessage text = said("t", "43", "b", T, "好的");

        assertThat(List.of(picture, captioned, faces, file, text).stream().filter(MessageFilter.dropMediaOnly()::keep)
                .map(ChatMessage::id)).containsExactly("c", "t");
        assertThat(List.of(picture, captioned, text).stream().filter(MessageFilter.minLength(3)::keep)
                .map(ChatMessage::id)).containsExactly("c");
        assertThat(MessageFilter.onlySenders(List.of("43")).keep(text)).isTrue();
        assertThat(MessageFilter.onlySenders(List.of("43")).keep(picture)).isFalse();
        assertThat(MessageFilter.onlyTypes(List.of(MessageType.IMAGE)).keep(captioned)).isTrue();
        assertThat(MessageFilter.onlyTypes(List.of(MessageType.IMAGE)).keep(text)).isFalse();
        assertThat(MessageFilter.dropMediaOnly().name()).isEqualTo("media only");
    }

    @Test
    void aFloodFilterStartsEachExportClean() {
        archive.appendAll(List.of(said("1", "43", "b", T, "刷屏"), said("2", "43", "b", T + 1, "刷屏")));
        ChatExporter exporter = ChatExporter.builder().filter(MessageFilter.collapseFloods(1, Duration.ofMinutes(1))).build();
        assertThat(lines(export(exporter))).hasSize(1);
        assertThat(lines(export(exporter))).hasSize(1);
    }

    @Test
    void aFloodEndsWhenItsWindowPasses() {
        MessageFilter f = MessageFilter.collapseFloods(1, Duration.ofSeconds(10));
        assertThat(f.keep(said("1", "43", "b", T, "x"))).isTrue();
        assertThat(f.keep(said("2", "43", "b", T + 5_000, "x"))).isFalse();
        assertThat(f.keep(said("3", "43", "b", T + 11_000, "x"))).isTrue();
    }

    @Test
    void theChatFormatNeedsOldestFirst() {
        assertThatThrownBy(() -> ChatExporter.builder().format(ExportFormat.CHAT).build()
                .export(archive, ChatQuery.group(G).newestFirst(), new StringWriter()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
