package io.larder.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.Secret;
import io.larder.testkit.TestClock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PromptRendererTest {
    private static final String G = "600000123";
    private static final long T = TestClock.START.toEpochMilli();
    private final MemoryArchives memory = new MemoryArchives();
    private final ChatArchive archive = memory.archive;

    @AfterEach
    void close() {
        memory.close();
    }

    private static ChatMessage said(String id, String sender, String name, long at, String text) {
        return ChatMessage.builder(G, sender).id(id).senderName(name).content(text).timestamp(at).build();
    }

    @Test
    void linesShowTimeNameAndTextOldestFirstInTheZone() {
        archive.appendAll(List.of(said("1", "42", "小明", T, "晚上吃什么"), said("2", "43", "小红", T + 15 * 60_000, "火锅！")));
        Transcript t = PromptRenderer.builder().build().latest(archive, G, 1000);
        assertThat(t.lines()).containsExactly("[2026-11-21 20:00] 小明: 晚上吃什么", "[2026-11-21 20:15] 小红: 火锅！");
        assertThat(t.truncated()).isFalse();
        assertThat(t.from()).hasValue(T);
        assertThat(t.to()).hasValue(T + 15 * 60_000);
        assertThat(PromptRenderer.builder().zone(ZoneOffset.UTC).build().latest(archive, G, 1000).lines().get(0))
                .startsWith("[2026-11-21 12:00] ");
    }

    @Test
    void controlCharactersAreShownNotObeyed() {
        archive.append(said("1", "42", "小明\u001b[2J", T, "a\u0000b\u001b[31mred\tx\u007f\u0085\r\nnext"));
        Transcript t = PromptRenderer.builder().build().latest(archive, G, 1000);
        // U+0085 (next line) and \r\n are line breaks: each becomes ⏎
        assertThat(t.lines()).containsExactly("[2026-11-21 20:00] 小明␛[2J: a␀b␛[31mred\tx␡ ⏎  ⏎ next");
        assertThat(t.text()).doesNotContainPattern("[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f]");
    }

    @Test
    void theNewestMessagesThatFitTheBudgetAreKept() {
        List<ChatMessage> many = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            many.add(said("m" + i, "42", "小明", T + i * 1000L, "第" + i + "条消息，今天天气不错"));
        }
        archive.appendAll(many);
        TokenEstimator estimator = TokenEstimator.cjkAware();
        for (int budget : new int[] {40, 100, 500, 2000}) {
            Transcript t = PromptRenderer.builder().build().latest(archive, G, budget);
            assertThat(t.tokens()).isLessThanOrEqualTo(budget).isEqualTo(estimator.estimate(t.text()));
            assertThat(t.truncated()).isTrue();
            assertThat(t.lines().get(t.lines().size() - 1)).contains("第299条");
            int firstShown = Integer.parseInt(t.lines().get(0).replaceAll(".*第(\\d+)条.*", "$1"));
            assertThat(firstShown).isEqualTo(300 - t.messages());
            // one more (older) line would not have fitted
            String older = PromptRenderer.builder().build().latest(archive, G, 100_000).lines().get(firstShown - 1);
            assertThat(t.tokens() + 1 + estimator.estimate(older)).isGreaterThan(budget);
        }
    }

    @Test
    void repliesNameWhomTheyAnswerAndMediaShowAsPlaceholders() {
        archive.appendAll(List.of(
                said("1", "42", "小明", T, "谁有空"),
                ChatMessage.builder(G, "43").id("2").senderName("小红").content("我").replyTo("1").timestamp(T + 1000).build(),
                ChatMessage.builder(G, "44").id("3").senderName("阿强").content("").replyTo("gone").timestamp(T + 2000)
                        .attachment(new ChatMessage.Attachment(MessageType.IMAGE, "u", "a.jpg", 0)).build(),
                said("4", "42", "小明", T + 3000, "第一行\n第二行")));
        assertThat(PromptRenderer.builder().build().latest(archive, G, 1000).lines()).containsExactly(
                "[2026-11-21 20:00] 小明: 谁有空",
                "[2026-11-21 20:00] 小红 ↩小明: 我",
                "[2026-11-21 20:00] 阿强 ↩?: [image]",
                "[2026-11-21 20:00] 小明: 第一行 ⏎ 第二行");
    }

    @Test
    void deletedMessagesAreNotShown() {
        archive.appendAll(List.of(said("1", "42", "小明", T, "秘密"), said("2", "43", "小红", T + 1, "公开")));
        archive.delete(G, "1", new ChatArchive.Actor("42", SenderRole.MEMBER));
        assertThat(PromptRenderer.builder().build().latest(archive, G, 1000).text()).doesNotContain("秘密").contains("公开");
    }

    @Test
    void aRangeIsRenderedWithinItsBounds() {
        archive.appendAll(List.of(said("1", "42", "a", T, "one"), said("2", "42", "a", T + 1000, "two"),
                said("3", "42", "a", T + 2000, "three")));
        Transcript t = PromptRenderer.builder().build().render(archive, ChatQuery.group(G).betweenMillis(T, T + 2000), 1000);
        assertThat(t.text()).contains("one", "two").doesNotContain("three");
    }

    @Test
    void aNewestMessageLongerThanTheBudgetIsShownCut() {
        archive.append(said("1", "42", "小明", T, "很长".repeat(500)));
        Transcript t = PromptRenderer.builder().build().latest(archive, G, 50);
        assertThat(t.messages()).isEqualTo(1);
        assertThat(t.lines().get(0)).endsWith("…");
        assertThat(t.tokens()).isLessThanOrEqualTo(50);
        assertThat(t.truncated()).isTrue();
    }

    @Test
    void aLongMessageIsShownCutAndOlderMessagesThatFitAreStillShown() {
        List<ChatMessage> chat = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            chat.add(said("old" + i, "43", "小红", T + i * 1000L, "第" + i + "条"));
        }
        chat.add(said("paste", "42", "小明", T + 10_000, "日志".repeat(5000)));
        chat.add(said("new", "43", "小红", T + 20_000, "太长了"));
        archive.appendAll(chat);

        Transcript t = PromptRenderer.builder().build().latest(archive, G, 400);

        assertThat(t.messages()).isEqualTo(7);
        assertThat(t.lines().get(5)).startsWith("[2026-11-21 20:00] 小明: 日志日志").endsWith("…");
        assertThat(TokenEstimator.cjkAware().estimate(t.lines().get(5))).isLessThanOrEqualTo(100);
        assertThat(t.lines().get(0)).endsWith("第0条");
        assertThat(t.tokens()).isLessThanOrEqualTo(400);
        assertThat(t.truncated()).isTrue();
        Transcript capped = PromptRenderer.builder().maxLineTokens(20).build().latest(archive, G, 400);
        assertThat(TokenEstimator.cjkAware().estimate(capped.lines().get(5))).isLessThanOrEqualTo(20);
    }

    @Test
    void anEmptyGroupRendersNothing() {
        Transcript t = PromptRenderer.builder().build().latest(archive, G, 100);
        assertThat(t.lines()).isEmpty();
        assertThat(t.from()).isEmpty();
        assertThat(t.tokens()).isZero();
    }

    @Test
    void theLineFormatAndEstimatorArePluggable() {
        archive.appendAll(List.of(said("1", "42", "小明", T, "a"), said("2", "42", "小明", T + 1, "b"),
                said("3", "42", "小明", T + 2, "c")));
        Transcript t = PromptRenderer.builder().lineFormat((m, r) -> m.senderId() + ">" + m.content())
                .estimator(text -> text.length()).build().latest(archive, G, 9);
        assertThat(t.lines()).containsExactly("42>b", "42>c");
    }

    @Test
    void namesCanBePseudonymized() {
        archive.append(said("1", "42", "小明", T, "hi"));
        Pseudonymizer p = Pseudonymizer.hmacSha256(Secret.of("k"));
        assertThat(PromptRenderer.builder().pseudonymize(p).build().latest(archive, G, 100).text())
                .isEqualTo("[2026-11-21 20:00] " + p.alias("42") + ": hi");
    }
}
