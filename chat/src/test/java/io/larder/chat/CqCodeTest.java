package io.larder.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.chat.CqCode.Segment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CqCodeTest {

    /** Parameters in the order given ({@code Map.of} changes its order from run to run). */
    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    @Test
    void readsTextAndCodesInOrder() {
        assertThat(CqCode.parse("[CQ:at,qq=123]hello[CQ:image,file=x.jpg,url=https://h/p?a=1&amp;b=2]!")).containsExactly(
                new Segment("at", Map.of("qq", "123")),
                Segment.text("hello"),
                new Segment("image", Map.of("file", "x.jpg", "url", "https://h/p?a=1&b=2")),
                Segment.text("!"));
    }

    @Test
    void decodesTheEscapesOfTextAndOfValues() {
        assertThat(CqCode.parse("&#91;doge&#93; A&amp;B, 1&#44;2")).containsExactly(Segment.text("[doge] A&B, 1,2"));
        assertThat(CqCode.parse("[CQ:share,title=a&#44;b&#91;c&#93;,url=x]").get(0).data())
                .containsEntry("title", "a,b[c]").containsEntry("url", "x");
    }

    @Test
    void decodesInOnePassSoAnEscapedAmpersandStaysLiteral() {
        assertThat(CqCode.unescape("&amp;#91; &amp;amp; &#9; &")).isEqualTo("&#91; &amp; &#9; &");
    }

    @Test
    void keepsABracketThatIsNotACodeAsText() {
        assertThat(CqCode.parse("[CQ:at,qq=1 unterminated")).containsExactly(Segment.text("[CQ:at,qq=1 unterminated"));
        assertThat(CqCode.parse("a[CQ:]b")).containsExactly(Segment.text("a[CQ:]b"));
        assertThat(CqCode.parse("[CQ:bad [CQ:at,qq=2]")).containsExactly(Segment.text("[CQ:bad "), new Segment("at", Map.of("qq", "2")));
        assertThat(CqCode.parse("[doge]")).containsExactly(Segment.text("[doge]"));
        assertThat(CqCode.parse("")).isEmpty();
    }

    @Test
    void writesWhatItReads() {
        List<Segment> segments = List.of(new Segment("reply", Map.of("id", "-5")), Segment.text("[狗头] A&B, ok"),
                new Segment("image", ordered("file", "a,b.jpg", "url", "https://h/p?x=[1]")));
        String cq = CqCode.format(segments);
        assertThat(cq).isEqualTo("[CQ:reply,id=-5]&#91;狗头&#93; A&amp;B, ok[CQ:image,file=a&#44;b.jpg,url=https://h/p?x=&#91;1&#93;]");
        assertThat(CqCode.parse(cq)).isEqualTo(segments);
    }
}
