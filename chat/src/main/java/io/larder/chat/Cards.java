package io.larder.chat;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * OneBot's {@code json} segments (QQ's ark cards: link and mini-program shares, music, contacts)
 * read for what a reader of the history needs, and the label a card shows by in a message's
 * content. Stateless, thread-safe.
 */
final class Cards {
    /** The most characters of a card's title and description shown in a message's content. */
    static final int CARD_LABEL_MAX = 120;

    private Cards() {
    }

    /**
     * The card a {@code json} segment's data describes: {@code app}, {@code prompt}, and the
     * title, description and link of the first entry of {@code meta} that has a title or a
     * description ({@code meta.detail_1}, {@code meta.news}, {@code meta.music}, ...); {@code null}
     * when the data is not a JSON object.
     */
    static ChatMessage.@Nullable Card read(String data) {
        Map<String, Object> card;
        try {
            card = Json.parseObject(data);
        } catch (Json.JsonException e) {
            return null;
        }
        String title = "";
        String desc = "";
        String url = "";
        if (card.get("meta") instanceof Map<?, ?> meta) {
            for (Object entry : meta.values()) {
                if (entry instanceof Map<?, ?> m && (scalar(m, "title") != null || scalar(m, "desc") != null)) {
                    title = orEmpty(scalar(m, "title"));
                    desc = orEmpty(scalar(m, "desc"));
                    for (String key : List.of("qqdocurl", "jumpUrl", "url")) {
                        if (scalar(m, key) != null && url.isEmpty()) {
                            url = orEmpty(scalar(m, key));
                        }
                    }
                    break;
                }
            }
        }
        return new ChatMessage.Card(orEmpty(scalar(card, "app")), orEmpty(scalar(card, "prompt")), title, desc, url);
    }

    /**
     * How a card shows in a message's content: {@code [卡片:title — description]}, or the one of
     * them it has, else its prompt, else {@code [卡片]}; on one line, at most
     * {@value #CARD_LABEL_MAX} characters (then {@code …}), square brackets turned into
     * {@code 【】} so the label stays one placeholder.
     */
    static String label(ChatMessage.Card c) {
        String title = oneLine(c.title());
        String desc = oneLine(c.description());
        String text = !title.isEmpty() && !desc.isEmpty() && !title.equals(desc) ? title + " — " + desc
                : !title.isEmpty() ? title : !desc.isEmpty() ? desc : oneLine(c.prompt());
        if (text.isEmpty()) {
            return "[卡片]";
        }
        if (text.codePointCount(0, text.length()) > CARD_LABEL_MAX) {
            text = text.substring(0, text.offsetByCodePoints(0, CARD_LABEL_MAX)) + "…";
        }
        return "[卡片:" + text.replace('[', '【').replace(']', '】') + "]";
    }

    private static String oneLine(String s) {
        return s.strip().replaceAll("\\s+", " ");
    }

    private static @Nullable String scalar(Map<?, ?> m, String key) {
        Object v = m.get(key);
        return v instanceof String || v instanceof Number || v instanceof Boolean ? v.toString() : null;
    }

    private static String orEmpty(@Nullable String s) {
        return s == null ? "" : s;
    }
}
