package io.larder.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OneBotEventsTest {
    private static final String HEAD = "\"time\":1763728500,\"self_id\":10001,\"post_type\":\"message\",\"message_type\":\"group\","
            + "\"sub_type\":\"normal\",\"message_id\":-2081234567,\"group_id\":600000123,\"user_id\":20000042,";

    private static OneBotEvents.Event map(String json) {
        return OneBotEvents.map(Json.parseObject(json));
    }

    private static ChatMessage posted(String rest) {
        OneBotEvents.Event e = map("{" + HEAD + rest + "}");
        assertThat(e).isInstanceOf(OneBotEvents.Posted.class);
        return ((OneBotEvents.Posted) e).message();
    }

    @Test
    void aGroupMessageKeepsItsIdsAsTextAndItsTimeInMilliseconds() {
        ChatMessage m = posted("\"message\":[{\"type\":\"text\",\"data\":{\"text\":\"你好\"}}],"
                + "\"sender\":{\"user_id\":20000042,\"nickname\":\"小明\",\"card\":\"\",\"role\":\"admin\"}");
        assertThat(m.id()).isEqualTo("-2081234567");
        assertThat(m.groupId()).isEqualTo("600000123");
        assertThat(m.senderId()).isEqualTo("20000042");
        assertThat(m.senderName()).isEqualTo("小明");
        assertThat(m.senderRole()).isEqualTo(SenderRole.ADMIN);
        assertThat(m.timestamp()).isEqualTo(1_763_728_500_000L);
        assertThat(m.content()).isEqualTo("你好");
        assertThat(m.msgType()).isEqualTo(MessageType.TEXT);
        assertThat(m.schemaVersion()).isEqualTo(ChatMessage.SCHEMA_VERSION);
    }

    @Test
    void theGroupCardNamesTheSenderWhenSet() {
        ChatMessage m = posted("\"message\":\"hi\",\"sender\":{\"nickname\":\"nick\",\"card\":\"群名片\",\"role\":\"owner\"}");
        assertThat(m.senderName()).isEqualTo("群名片");
        assertThat(m.senderRole()).isEqualTo(SenderRole.OWNER);
        assertThat(posted("\"message\":\"hi\"").senderRole()).isEqualTo(SenderRole.MEMBER);
    }

    @Test
    void everySegmentTypeMapsToContentAttachmentsMentionsAndReply() {
        ChatMessage m = posted("\"message\":["
                + "{\"type\":\"reply\",\"data\":{\"id\":\"-77\"}},"
                + "{\"type\":\"at\",\"data\":{\"qq\":\"20000001\"}},"
                + "{\"type\":\"text\",\"data\":{\"text\":\"看这个\"}},"
                + "{\"type\":\"face\",\"data\":{\"id\":\"178\"}},"
                + "{\"type\":\"image\",\"data\":{\"file\":\"abc.image\",\"url\":\"https://gchat/abc\",\"file_size\":\"2048\"}},"
                + "{\"type\":\"record\",\"data\":{\"file\":\"v.amr\",\"url\":\"https://v\"}},"
                + "{\"type\":\"video\",\"data\":{\"file\":\"v.mp4\"}},"
                + "{\"type\":\"file\",\"data\":{\"file\":\"f1\",\"name\":\"报价单.xlsx\",\"size\":12345}},"
                + "{\"type\":\"at\",\"data\":{\"qq\":\"all\"}},"
                + "{\"type\":\"json\",\"data\":{\"data\":\"{}\"}},"
                + "{\"type\":\"forward\",\"data\":{\"id\":\"9\"}},"
                + "{\"type\":\"weird\"}]");
        assertThat(m.replyTo()).isEqualTo("-77");
        assertThat(m.mentions()).containsExactly("20000001", "all");
        assertThat(m.content()).isEqualTo("@20000001 看这个[表情][图片][语音][视频][文件:报价单.xlsx]@全体成员[卡片][聊天记录][weird]");
        assertThat(m.attachments()).containsExactly(
                new ChatMessage.Attachment(MessageType.IMAGE, "https://gchat/abc", "abc.image", 2048),
                new ChatMessage.Attachment(MessageType.VOICE, "https://v", "v.amr", 0),
                new ChatMessage.Attachment(MessageType.VIDEO, "", "v.mp4", 0),
                new ChatMessage.Attachment(MessageType.FILE, "", "报价单.xlsx", 12345));
        assertThat(m.msgType()).isEqualTo(MessageType.IMAGE);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[CQ:face,id=1][CQ:face,id=2]|FACE",
        "哈哈[CQ:face,id=1]|TEXT",
        "[CQ:record,file=a.amr]|VOICE",
        "[CQ:video,file=a.mp4]看|VIDEO",
        "[CQ:file,file=a.zip]|FILE",
        "[CQ:json,data=x]|OTHER",
        "[CQ:at,qq=1] [CQ:image,file=a.jpg]|IMAGE",
        "[CQ:at,qq=1]|TEXT",
    })
    void theTypeIsTheFirstMediumElseFacesElseText(String cq, MessageType type) {
        assertThat(posted("\"message\":\"" + cq + "\"").msgType()).isEqualTo(type);
    }

    @Test
    void aCqStringIsReadWithItsEscapes() {
        ChatMessage m = posted("\"message\":\"[CQ:at,qq=123]hello &#91;doge&#93; A&amp;B[CQ:image,file=x.jpg,url=https://h/a&#44;b]\"");
        assertThat(m.content()).isEqualTo("@123 hello [doge] A&B[图片]");
        assertThat(m.mentions()).containsExactly("123");
        assertThat(m.attachments().get(0).url()).isEqualTo("https://h/a,b");
    }

    @Test
    void aMentionIsSpacedFromTheTextAfterItOnce() {
        assertThat(posted("\"message\":\"[CQ:at,qq=1] hi\"").content()).isEqualTo("@1 hi");
        assertThat(posted("\"message\":\"[CQ:at,qq=1,name=小红]hi\"").content()).isEqualTo("@小红 hi");
    }

    @Test
    void rawMessageIsReadWhenMessageIsAbsent() {
        assertThat(posted("\"raw_message\":\"[CQ:face,id=1]\"").msgType()).isEqualTo(MessageType.FACE);
    }

    @Test
    void idsGivenAsDigitStringsAreAccepted() {
        ChatMessage m = OneBotEvents.message(Json.parseObject("{\"time\":1,\"message_id\":\"42\",\"group_id\":\"7\",\"user_id\":\"8\",\"message\":\"x\"}"));
        assertThat(m.id()).isEqualTo("42");
        assertThat(m.groupId()).isEqualTo("7");
    }

    @Test
    void theBotsOwnMessagesAreGroupMessagesToo() {
        OneBotEvents.Event e = map("{" + HEAD.replace("\"post_type\":\"message\"", "\"post_type\":\"message_sent\"") + "\"message\":\"好的\"}");
        assertThat(e).isInstanceOf(OneBotEvents.Posted.class);
    }

    @Test
    void aGroupRecallNamesTheMessageAndTheOperator() {
        OneBotEvents.Event e = map("{\"time\":1763728600,\"self_id\":10001,\"post_type\":\"notice\",\"notice_type\":\"group_recall\","
                + "\"group_id\":600000123,\"user_id\":20000042,\"operator_id\":20000001,\"message_id\":-2081234567}");
        assertThat(e).isEqualTo(new OneBotEvents.Recalled(new Recalls.Recall("600000123", "-2081234567", "20000001", 1_763_728_600_000L)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"post_type\":\"meta_event\",\"meta_event_type\":\"heartbeat\",\"time\":1}|meta_event.heartbeat",
        "{\"post_type\":\"meta_event\",\"meta_event_type\":\"lifecycle\"}|meta_event.lifecycle",
        "{\"post_type\":\"message\",\"message_type\":\"private\",\"user_id\":1}|message.private",
        "{\"post_type\":\"notice\",\"notice_type\":\"group_increase\"}|notice.group_increase",
        "{\"post_type\":\"request\",\"request_type\":\"friend\"}|request",
    })
    void otherEventsAreSkippedByKind(String json, String kind) {
        assertThat(map(json)).isEqualTo(new OneBotEvents.Skipped(kind));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"time\":1}|missing field 'post_type'",
        "{\"post_type\":\"message\",\"message_type\":\"group\",\"time\":1,\"message_id\":1,\"user_id\":2,\"message\":\"x\"}|missing field 'group_id'",
        "{\"post_type\":\"message\",\"message_type\":\"group\",\"time\":1,\"message_id\":1.5,\"group_id\":1,\"user_id\":2}|field 'message_id' must be an integer id",
        "{\"post_type\":\"message\",\"message_type\":\"group\",\"time\":\"now\",\"message_id\":1,\"group_id\":1,\"user_id\":2}|field 'time' must be epoch seconds",
        "{\"post_type\":\"message\",\"message_type\":\"group\",\"time\":1,\"message_id\":1,\"group_id\":1,\"user_id\":2,\"message\":7}|field 'message' must be a segment array or a CQ string",
        "{\"post_type\":\"message\",\"message_type\":\"group\",\"time\":1,\"message_id\":1,\"group_id\":1,\"user_id\":2,\"message\":[{\"data\":{}}]}|a message segment has no type",
        "{\"post_type\":\"message\",\"message_type\":\"group\",\"time\":1,\"message_id\":1,\"group_id\":1,\"user_id\":2,\"message\":[{\"type\":\"at\",\"data\":{}}]}|an 'at' segment has no qq",
        "{\"post_type\":\"notice\",\"notice_type\":\"group_recall\",\"time\":1,\"group_id\":1,\"message_id\":5}|missing field 'operator_id'",
        "{\"post_type\":7}|field 'post_type' must be a string",
    })
    void aGarbledEventIsRefusedWithTheReason(String json, String reason) {
        assertThatThrownBy(() -> map(json)).isInstanceOf(OneBotEvents.MalformedEventException.class).hasMessageContaining(reason);
    }

    @Test
    void segmentsKeepTheirOrderInContent() {
        assertThat(posted("\"message\":\"a[CQ:face,id=1]b[CQ:image,file=p]c\"").content()).isEqualTo("a[表情]b[图片]c");
        assertThat(posted("\"message\":\"[CQ:image,file=p]\"").attachments()).extracting(ChatMessage.Attachment::name)
                .isEqualTo(List.of("p"));
    }

    @Test
    void textIsKeptAsSentWithItsSpacesAndIndentation() {
        assertThat(posted("\"message\":\"   \"").content()).isEqualTo("   ");
        assertThat(posted("\"message\":[{\"type\":\"text\",\"data\":{\"text\":\"def f():\\n    return 1\\n\"}}]").content())
                .isEqualTo("def f():\n    return 1\n");
    }

    @Test
    void aMentionKeepsTheNameTheTextShowsItBy() {
        ChatMessage m = posted("\"message\":\"[CQ:at,qq=20000001,name=张三] 你好 [CQ:at,qq=20000002] [CQ:at,qq=all]\"");
        assertThat(m.content()).isEqualTo("@张三 你好 @20000002 @全体成员");
        assertThat(m.mentions()).containsExactly("20000001", "20000002", "all");
        assertThat(m.mentionNames()).containsExactly(Map.entry("20000001", "张三"));
    }

    @Test
    void anAnonymousMessageKeepsItsAnonymousName() {
        ChatMessage m = posted("\"anonymous\":{\"id\":12345,\"name\":\"匿名者·鲸鱼\",\"flag\":\"x\"},"
                + "\"message\":\"谁说的\",\"sender\":{\"user_id\":80000000,\"nickname\":\"匿名消息\",\"card\":\"\"}");
        assertThat(m.senderName()).isEqualTo("匿名者·鲸鱼");
    }
}
