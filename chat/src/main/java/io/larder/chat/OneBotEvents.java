package io.larder.chat;

import io.larder.chat.CqCode.Segment;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Maps one OneBot v11 event (a parsed JSON object) to what the archive does with it: a group
 * message ({@code post_type} {@code message}, or {@code message_sent} for the bot's own, with
 * {@code message_type} {@code group}), a recall ({@code notice_type} {@code group_recall}), or
 * a skip named by kind ({@code meta_event.heartbeat}, {@code message.private}, {@code notice.group_increase}, ...).
 *
 * <p>Content: text as sent, spaces and indentation included, {@code @name} (or {@code @qq},
 * {@code @全体成员}) for mentions, and a Chinese placeholder per medium, as QQ itself shows them:
 * {@code [图片]}, {@code [语音]}, {@code [视频]}, {@code [文件:name]}, {@code [表情]}, {@code [卡片]},
 * {@code [聊天记录]}, or {@code [type]} for a segment it does not know. Media URLs and names go to
 * the attachments, mentions (with the name shown) to the mention list, the first {@code reply} to
 * reply-to. A {@code json} card is read for its prompt, title, description and link (kept in the
 * cards) and shown as {@code [卡片:title — description]} (see {@link Cards#label}); a card whose
 * JSON cannot be read stays {@code [卡片]}. A {@code forward} keeps its id in the forwards, its
 * messages not fetched. {@code message_seq} and {@code real_seq} are kept when sent. The sender's
 * name is the group card, else the nickname; an anonymous message keeps the anonymous name the
 * group saw. Ids are kept as the decimal text of their number (32-bit message ids may be
 * negative). Stateless, thread-safe.
 */
final class OneBotEvents {
    /** The placeholders media and unknown segments are shown by in a message's content. */
    static final Pattern PLACEHOLDER = Pattern.compile("\\[(?:图片|语音|视频|表情|卡片(?::[^\\]]*)?|聊天记录|戳一戳|骰子|猜拳|文件:[^\\]]*|[a-z_]+)]");

    private OneBotEvents() {
    }

    /** What an event means to the archive. */
    sealed interface Event {
    }

    /** A group message. */
    record Posted(ChatMessage message) implements Event {
    }

    /** A recall of a group message. */
    record Recalled(Recalls.Recall recall) implements Event {
    }

    /** Anything else, by kind. */
    record Skipped(String kind) implements Event {
    }

    /** An event that claims to be one the archive reads but lacks or garbles a field. */
    static final class MalformedEventException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        MalformedEventException(String message) {
            super(message);
        }
    }

    static Event map(Map<String, Object> e) {
        String post = text(e, "post_type");
        switch (post) {
            case "message", "message_sent" -> {
                String type = optionalText(e, "message_type");
                return "group".equals(type) ? new Posted(message(e)) : new Skipped("message." + (type == null ? "unknown" : type));
            }
            case "notice" -> {
                String notice = optionalText(e, "notice_type");
                if ("group_recall".equals(notice)) {
                    return new Recalled(new Recalls.Recall(id(e, "group_id"), id(e, "message_id"), id(e, "operator_id"),
                            seconds(e, "time") * 1000));
                }
                return new Skipped("notice." + (notice == null ? "unknown" : notice));
            }
            case "meta_event" -> {
                String meta = optionalText(e, "meta_event_type");
                return new Skipped("meta_event." + (meta == null ? "unknown" : meta));
            }
            default -> {
                return new Skipped(post);
            }
        }
    }

    static ChatMessage message(Map<String, Object> e) {
        Map<String, Object> sender = e.get("sender") == null ? Map.of() : object(e, "sender");
        String card = sender.get("card") == null ? "" : text(sender, "card");
        String nickname = sender.get("nickname") == null ? "" : text(sender, "nickname");
        String role = sender.get("role") == null ? "member" : text(sender, "role");
        String anonymous = e.get("anonymous") instanceof Map<?, ?> a && a.get("name") instanceof String n && !n.isBlank()
                ? n : null;
        ChatMessage.Builder b = ChatMessage.builder(id(e, "group_id"), id(e, "user_id"))
                .id(id(e, "message_id"))
                .timestamp(seconds(e, "time") * 1000)
                .senderName(anonymous != null ? anonymous : card.isBlank() ? nickname : card)
                .senderRole(switch (role) {
                    case "owner" -> SenderRole.OWNER;
                    case "admin" -> SenderRole.ADMIN;
                    default -> SenderRole.MEMBER;
                });
        String messageSeq = optionalNumber(e, "message_seq");
        if (messageSeq != null) {
            b.messageSeq(messageSeq);
        }
        String realSeq = optionalNumber(e, "real_seq");
        if (realSeq != null) {
            b.realSeq(realSeq);
        }
        Object message = e.get("message");
        List<Segment> segments;
        List<List<ChatMessage.ForwardedMessage>> forwarded = List.of();
        if (message instanceof List<?> list) {
            segments = segments(list);
            forwarded = forwardedContents(list);
        } else if (message instanceof String s) {
            segments = CqCode.parse(s);
        } else if (message == null && e.get("raw_message") instanceof String raw) {
            segments = CqCode.parse(raw);
        } else {
            throw new MalformedEventException("field 'message' must be a segment array or a CQ string, found "
                    + Json.kind(message));
        }
        fill(b, segments, forwarded.iterator());
        return b.build();
    }

    /**
     * Fills the content, type, media, mentions, reply, cards and forwards of {@code segments};
     * {@code forwarded} gives, per {@code forward} segment in order, the messages the source sent
     * with it ({@code null}: not sent).
     */
    private static void fill(ChatMessage.Builder b, List<Segment> segments,
                             Iterator<List<ChatMessage.ForwardedMessage>> forwarded) {
        StringBuilder content = new StringBuilder();
        MessageType media = null;
        boolean other = false;
        boolean faces = false;
        boolean reply = false;
        boolean afterMention = false;
        for (Segment s : segments) {
            boolean mention = false;
            switch (s.type()) {
                case "text" -> {
                    String t = s.get("text");
                    if (afterMention && !t.isEmpty() && !Character.isWhitespace(t.charAt(0))) {
                        content.append(' ');
                    }
                    content.append(t);
                }
                case "at" -> {
                    String qq = s.get("qq");
                    if (qq.isEmpty()) {
                        throw new MalformedEventException("an 'at' segment has no qq");
                    }
                    String name = s.get("name");
                    if (name.isEmpty() || qq.equals("all")) {
                        b.mention(qq);
                    } else {
                        b.mention(qq, name);
                    }
                    content.append(qq.equals("all") ? "@全体成员" : "@" + (name.isEmpty() ? qq : name));
                    mention = true;
                }
                case "reply" -> {
                    if (!reply && !s.get("id").isEmpty()) {
                        b.replyTo(s.get("id"));
                        reply = true;
                    }
                }
                case "face", "mface", "sface", "marketface", "bface" -> {
                    content.append("[表情]");
                    faces = true;
                }
                case "image" -> media = attach(b, content, s, MessageType.IMAGE, "[图片]", media);
                case "record" -> media = attach(b, content, s, MessageType.VOICE, "[语音]", media);
                case "video" -> media = attach(b, content, s, MessageType.VIDEO, "[视频]", media);
                case "file" -> {
                    String name = s.get("name").isEmpty() ? s.get("file") : s.get("name");
                    media = attach(b, content, s, MessageType.FILE, "[文件:" + name + "]", media);
                }
                case "json" -> {
                    ChatMessage.Card c = Cards.read(s.get("data"));
                    if (c != null) {
                        b.card(c);
                    }
                    content.append(c == null ? "[卡片]" : Cards.label(c));
                    other = true;
                }
                case "forward" -> {
                    List<ChatMessage.ForwardedMessage> sent = forwarded.hasNext() ? forwarded.next() : null;
                    if (!s.get("id").isEmpty()) {
                        b.forward(new ChatMessage.Forward(s.get("id"), sent));
                    }
                    content.append("[聊天记录]");
                    other = true;
                }
                default -> {
                    content.append(placeholder(s.type()));
                    other = true;
                }
            }
            afterMention = mention;
        }
        String text = content.toString();
        boolean onlyFaces = faces && text.replace("[表情]", "").isBlank();
        b.type(media != null ? media : other ? MessageType.OTHER : onlyFaces ? MessageType.FACE : MessageType.TEXT);
        b.content(text);
    }

    private static MessageType attach(ChatMessage.Builder b, StringBuilder content, Segment s, MessageType kind,
                                      String label, @Nullable MessageType first) {
        String name = s.get("name").isEmpty() ? s.get("file") : s.get("name");
        long size = 0;
        for (String key : List.of("file_size", "size")) {
            if (!s.get(key).isEmpty()) {
                try {
                    size = Math.max(0, Long.parseLong(s.get(key)));
                } catch (NumberFormatException ignored) {
                    // a size is a nicety; an unreadable one is unknown
                }
            }
        }
        b.attachment(new ChatMessage.Attachment(kind, s.get("url"), name, size));
        content.append(label);
        return first == null ? kind : first;
    }

    /**
     * Per {@code forward} segment of an array message, in order: the messages NapCat sends in its
     * {@code data.content} (when its {@code parseMultMsg} is on), or {@code null} when none were
     * sent or one of them cannot be read, so the forward stays "not fetched" rather than half filled.
     */
    private static List<List<ChatMessage.ForwardedMessage>> forwardedContents(List<?> segments) {
        List<List<ChatMessage.ForwardedMessage>> out = new ArrayList<>();
        for (Object item : segments) {
            if (item instanceof Map<?, ?> seg && "forward".equals(seg.get("type"))) {
                out.add(seg.get("data") instanceof Map<?, ?> d && d.get("content") instanceof List<?> c ? forwarded(c) : null);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static @Nullable List<ChatMessage.ForwardedMessage> forwarded(List<?> content) {
        List<ChatMessage.ForwardedMessage> out = new ArrayList<>(content.size());
        try {
            for (Object item : content) {
                if (!(item instanceof Map<?, ?> m)) {
                    return null;
                }
                Map<String, Object> e = (Map<String, Object>) m;
                Map<String, Object> sender = e.get("sender") instanceof Map<?, ?> ? object(e, "sender") : Map.of();
                String card = sender.get("card") instanceof String c ? c : "";
                String nickname = sender.get("nickname") instanceof String n ? n : "";
                String senderId = e.get("user_id") != null ? id(e, "user_id") : "";
                List<Segment> segs = e.get("message") instanceof List<?> l ? segments(l)
                        : e.get("message") instanceof String t ? CqCode.parse(t)
                        : e.get("raw_message") instanceof String raw ? CqCode.parse(raw) : List.of();
                // a forward inside a forward shows as its placeholder; its own messages are not kept
                ChatMessage.Builder text = ChatMessage.builder("forward", senderId.isEmpty() ? "unknown" : senderId).timestamp(0);
                fill(text, segs, Collections.emptyIterator());
                out.add(new ChatMessage.ForwardedMessage(senderId, card.isBlank() ? nickname : card,
                        e.get("time") != null ? seconds(e, "time") * 1000 : 0, text.build().content()));
            }
        } catch (IllegalArgumentException unreadable) {
            // MalformedEventException, or a value a message refuses: the forward is left to be fetched
            return null;
        }
        return out;
    }

    private static String placeholder(String type) {
        return switch (type) {
            case "xml", "share", "contact", "music", "location", "ark" -> "[卡片]";
            case "node" -> "[聊天记录]";
            case "poke" -> "[戳一戳]";
            case "dice" -> "[骰子]";
            case "rps" -> "[猜拳]";
            default -> "[" + type + "]";
        };
    }

    private static List<Segment> segments(List<?> list) {
        List<Segment> out = new ArrayList<>(list.size());
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> seg)) {
                throw new MalformedEventException("a message segment must be an object, found " + Json.kind(item));
            }
            if (!(seg.get("type") instanceof String type) || type.isEmpty()) {
                throw new MalformedEventException("a message segment has no type");
            }
            Map<String, String> data = new LinkedHashMap<>();
            Object d = seg.get("data");
            if (d instanceof Map<?, ?> m) {
                m.forEach((k, v) -> {
                    if (v instanceof String || v instanceof Number || v instanceof Boolean) {
                        data.put(k.toString(), v.toString());
                    }
                });
            } else if (d != null) {
                throw new MalformedEventException("the data of a '" + type + "' segment must be an object");
            }
            out.add(new Segment(type, data));
        }
        return out;
    }

    /** An id: a JSON integer (kept as its decimal text) or a string of digits. */
    private static String id(Map<String, Object> e, String field) {
        Object v = e.get(field);
        if (v instanceof Long || v instanceof BigInteger) {
            return v.toString();
        }
        if (v instanceof String s && s.matches("-?[0-9]{1,40}")) {
            return s;
        }
        throw new MalformedEventException(v == null ? "missing field '" + field + "'"
                : "field '" + field + "' must be an integer id, found " + Json.kind(v));
    }

    /** An optional sequence number: a JSON integer or a string of digits, as its decimal text; absent or empty is null. */
    private static @Nullable String optionalNumber(Map<String, Object> e, String field) {
        Object v = e.get(field);
        if (v == null || v instanceof String s && s.isEmpty()) {
            return null;
        }
        if (v instanceof Long || v instanceof BigInteger) {
            return v.toString();
        }
        if (v instanceof String s && s.matches("-?[0-9]{1,40}")) {
            return s;
        }
        throw new MalformedEventException("field '" + field + "' must be an integer, found " + Json.kind(v));
    }

    private static long seconds(Map<String, Object> e, String field) {
        Object v = e.get(field);
        if (v instanceof Long n && n >= 0 && n < 100_000_000_000L) {
            return n;
        }
        throw new MalformedEventException(v == null ? "missing field '" + field + "'"
                : "field '" + field + "' must be epoch seconds, found " + (v instanceof Long ? v : Json.kind(v)));
    }

    private static String text(Map<String, Object> e, String field) {
        String v = optionalText(e, field);
        if (v == null) {
            throw new MalformedEventException("missing field '" + field + "'");
        }
        return v;
    }

    private static @Nullable String optionalText(Map<String, Object> e, String field) {
        Object v = e.get(field);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw new MalformedEventException("field '" + field + "' must be a string, found " + Json.kind(v));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> e, String field) {
        Object v = e.get(field);
        if (v instanceof Map) {
            return (Map<String, Object>) v;
        }
        throw new MalformedEventException("field '" + field + "' must be an object, found " + Json.kind(v));
    }
}
