package io.larder.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Generates realistic OneBot v11 event logs, one JSON object a line, the same for the same seed:
 * a few groups whose members chat in everyday Chinese of varied length with emoji, faces,
 * pictures, voice, video and files, mentions and replies; the bot's own messages
 * ({@code message_sent}); recalls by the sender or an admin; redelivered messages; heartbeats,
 * private messages and join notices (to be skipped); and about one line in two hundred damaged
 * (cut short, not JSON, or a message without its group). Messages are written as segment arrays
 * or CQ strings. Constant memory for any count. Immutable; each {@link #lines} walk is independent.
 * {@code larder demo} writes its sample with it; the command's tests import what it writes.
 */
final class OneBotSampleGenerator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final long seed;
    private final int groups;
    private final int members;
    private final long startSeconds;
    private final String botId;

    private OneBotSampleGenerator(Builder b) {
        this.seed = b.seed;
        this.groups = b.groups;
        this.members = b.members;
        this.startSeconds = b.start.getEpochSecond();
        this.botId = b.botId;
    }

    /** A builder: seed 42, 3 groups of 15 members, starting 2026-11-01 08:00 (UTC+8), bot id 10001. */
    static Builder builder() {
        return new Builder();
    }

    /** The user id the bot posts as: the assistant of a chat export. */
    String botId() {
        return botId;
    }

    /** {@code count} lines, generated as they are read. */
    Iterator<String> lines(long count) {
        return new Walk(count);
    }

    /** {@code count} lines as a stream. */
    Stream<String> stream(long count) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(lines(count), Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /** Writes {@code count} lines, each ended by {@code \n}. Does not close {@code out}. */
    void write(Writer out, long count) {
        try {
            for (Iterator<String> it = lines(count); it.hasNext();) {
                out.write(it.next());
                out.write('\n');
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Member(String id, String nickname, String card, String role) {
    }

    /** One message segment: its type ({@code text}, {@code at}, {@code image}...) and its parameters, in order. */
    private record Segment(String type, Map<String, String> data) {
        static Segment text(String text) {
            return new Segment("text", Map.of("text", text));
        }
    }

    private record Group(String id, List<Member> members, ArrayDeque<long[]> recent) {
    }

    /** One walk: its own random sequence, clock, id counter and recent messages. */
    private final class Walk implements Iterator<String> {
        private final SplittableRandom r = new SplittableRandom(seed);
        private final List<Group> all = new ArrayList<>();
        private final String[] lastMessageLine;
        private final long count;
        private long emitted;
        private long time = startSeconds;
        private long sequence;

        Walk(long count) {
            this.count = count;
            this.lastMessageLine = new String[groups];
            for (int g = 0; g < groups; g++) {
                List<Member> people = new ArrayList<>();
                for (int m = 0; m < members; m++) {
                    String role = m == 0 ? "owner" : m <= 2 ? "admin" : "member";
                    String nick = SampleText.NICKNAMES[(g * 7 + m) % SampleText.NICKNAMES.length] + (m >= SampleText.NICKNAMES.length ? m : "");
                    String card = SampleText.pick(r, SampleText.CARDS);
                    people.add(new Member(Long.toString(20_000_000L + g * 100_000L + m * 37L + r.nextInt(30)), nick,
                            card.isEmpty() ? "" : card + nick, role));
                }
                people.add(new Member(botId, "小助手", "", "member"));
                all.add(new Group(Long.toString(600_000_000L + g * 1_111_111L + r.nextInt(1000)), people, new ArrayDeque<>()));
            }
        }

        @Override
        public boolean hasNext() {
            return emitted < count;
        }

        @Override
        public String next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            emitted++;
            if (emitted == 1) {
                return event(ordered("meta_event_type", "lifecycle", "sub_type", "connect"), "meta_event");
            }
            int roll = r.nextInt(1000);
            Group g = all.get(r.nextInt(all.size()));
            int gi = all.indexOf(g);
            if (roll < 20) {
                return heartbeat();
            }
            if (roll < 25) {
                return malformed(g);
            }
            if (roll < 35 && !g.recent().isEmpty()) {
                return recall(g);
            }
            if (roll < 40 && lastMessageLine[gi] != null) {
                return lastMessageLine[gi];
            }
            if (roll < 50) {
                return privateMessage(g);
            }
            if (roll < 55) {
                advance();
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("notice_type", "group_increase");
                e.put("sub_type", "approve");
                e.put("group_id", Long.parseLong(g.id()));
                e.put("operator_id", 0L);
                e.put("user_id", 30_000_000L + r.nextInt(1_000_000));
                return event(e, "notice");
            }
            String line = groupMessage(g);
            lastMessageLine[gi] = line;
            return line;
        }

        private String groupMessage(Group g) {
            advance();
            boolean bot = r.nextInt(100) < 4;
            Member from = bot ? g.members().get(g.members().size() - 1) : g.members().get(r.nextInt(g.members().size() - 1));
            long id = messageId();
            List<Segment> segments = segments(g, from);
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("message_type", "group");
            e.put("sub_type", "normal");
            e.put("message_id", id);
            e.put("group_id", Long.parseLong(g.id()));
            e.put("user_id", Long.parseLong(from.id()));
            e.put("anonymous", null);
            String cq = cq(segments);
            e.put("message", r.nextInt(10) < 7 ? array(segments) : cq);
            e.put("raw_message", cq);
            e.put("font", 0L);
            e.put("sender", ordered("user_id", Long.parseLong(from.id()), "nickname", from.nickname(), "card", from.card(),
                    "role", from.role()));
            g.recent().addLast(new long[] {id, g.members().indexOf(from)});
            if (g.recent().size() > 24) {
                g.recent().removeFirst();
            }
            return event(e, bot ? "message_sent" : "message");
        }

        private List<Segment> segments(Group g, Member from) {
            List<Segment> s = new ArrayList<>();
            int roll = r.nextInt(100);
            if (roll < 10 && !g.recent().isEmpty()) {
                long[] answered = g.recent().getLast();
                s.add(new Segment("reply", texts("id", Long.toString(answered[0]))));
                if (r.nextInt(10) < 7) {
                    s.add(new Segment("at", texts("qq", g.members().get((int) answered[1]).id())));
                    s.add(Segment.text(" "));
                }
            } else if (roll < 18) {
                String qq = r.nextInt(12) == 0 && from.role().equals("owner") ? "all" : g.members().get(r.nextInt(g.members().size())).id();
                s.add(new Segment("at", texts("qq", qq)));
                s.add(Segment.text(" "));
            }
            int body = r.nextInt(1000);
            if (body < 700) {
                s.add(Segment.text(SampleText.sentence(r)));
                if (r.nextInt(10) == 0) {
                    s.add(new Segment("face", texts("id", Integer.toString(r.nextInt(300)))));
                }
            } else if (body < 800) {
                if (r.nextInt(10) < 4) {
                    s.add(Segment.text(SampleText.sentence(r)));
                }
                String hex = hex(32);
                s.add(new Segment("image", texts("file", hex + ".image", "url",
                        "https://gchat.qpic.cn/gchatpic_new/0/0-0-" + hex.toUpperCase(Locale.ROOT) + "/0?term=2",
                        "file_size", Integer.toString(20_000 + r.nextInt(2_000_000)))));
            } else if (body < 850) {
                for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
                    s.add(new Segment("face", texts("id", Integer.toString(r.nextInt(300)))));
                }
            } else if (body < 870) {
                s.add(new Segment("record", texts("file", hex(16) + ".amr", "url", "https://grouptalk.c2c.qq.com/" + hex(16))));
            } else if (body < 885) {
                s.add(new Segment("video", texts("file", hex(16) + ".mp4", "url", "https://multimedia.nt.qq.com/" + hex(16))));
            } else if (body < 900) {
                String name = SampleText.pick(r, SampleText.FILES);
                s.add(new Segment("file", texts("file", name, "name", name, "size", Integer.toString(1000 + r.nextInt(9_000_000)))));
            } else {
                StringBuilder longer = new StringBuilder();
                for (int i = 0, n = 3 + r.nextInt(6); i < n; i++) {
                    longer.append(SampleText.sentence(r)).append(i % 3 == 2 ? "\n" : "，");
                }
                s.add(Segment.text(longer.toString()));
            }
            return s;
        }

        private String recall(Group g) {
            advance();
            long[] m = r.nextInt(4) == 0 ? g.recent().pollFirst() : g.recent().pollLast();
            Member sender = g.members().get((int) m[1]);
            Member operator = r.nextInt(10) < 7 ? sender : g.members().get(1 + r.nextInt(2));
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("notice_type", "group_recall");
            e.put("group_id", Long.parseLong(g.id()));
            e.put("user_id", Long.parseLong(sender.id()));
            e.put("operator_id", Long.parseLong(operator.id()));
            e.put("message_id", m[0]);
            return event(e, "notice");
        }

        private String privateMessage(Group g) {
            advance();
            Member from = g.members().get(r.nextInt(g.members().size() - 1));
            String text = SampleText.sentence(r);
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("message_type", "private");
            e.put("sub_type", "friend");
            e.put("message_id", messageId());
            e.put("user_id", Long.parseLong(from.id()));
            e.put("message", escape(text));
            e.put("raw_message", escape(text));
            e.put("font", 0L);
            e.put("sender", ordered("user_id", Long.parseLong(from.id()), "nickname", from.nickname()));
            return event(e, "message");
        }

        private String heartbeat() {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("meta_event_type", "heartbeat");
            e.put("status", ordered("online", true, "good", true));
            e.put("interval", 5000L);
            return event(e, "meta_event");
        }

        private String malformed(Group g) {
            int kind = r.nextInt(3);
            if (kind == 0) {
                String whole = groupMessage(g);
                g.recent().removeLast(); // it never arrives whole, so nothing may reply to or recall it
                int cut = 10 + r.nextInt(whole.length() - 20);
                // never between the halves of an emoji: the damaged line must still be valid UTF-8
                return whole.substring(0, Character.isLowSurrogate(whole.charAt(cut)) ? cut - 1 : cut);
            }
            if (kind == 1) {
                return "<html><body>502 Bad Gateway</body></html>";
            }
            advance();
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("message_type", "group");
            e.put("message_id", messageId());
            e.put("user_id", Long.parseLong(g.members().get(0).id()));
            e.put("message", "没有群号的消息");
            return event(e, "message");
        }

        private String event(Map<String, Object> fields, String postType) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("time", time);
            e.put("self_id", Long.parseLong(botId));
            e.put("post_type", postType);
            e.putAll(fields);
            try {
                return JSON.writeValueAsString(e);
            } catch (JsonProcessingException ex) {
                throw new IllegalStateException("maps of text, numbers and lists are always JSON", ex);
            }
        }

        private List<Object> array(List<Segment> segments) {
            List<Object> out = new ArrayList<>();
            for (Segment s : segments) {
                out.add(ordered("type", s.type(), "data", new LinkedHashMap<>(s.data())));
            }
            return out;
        }

        /** A distinct 32-bit id, often negative: an odd multiplier and a xor are bijections of int. */
        private long messageId() {
            return (int) (++sequence * 0x9E3779B1L) ^ 0x5BD1E995;
        }

        /** Busy groups: seconds apart mostly, minutes sometimes, rarely hours (about 33 s on average: a million lines span a year). */
        private void advance() {
            int roll = r.nextInt(1000);
            time += roll < 940 ? 1 + r.nextInt(15) : roll < 999 ? 15 + r.nextInt(285) : 3600 + r.nextInt(7 * 3600);
        }

        private String hex(int digits) {
            StringBuilder s = new StringBuilder(digits);
            for (int i = 0; i < digits; i++) {
                s.append(Character.forDigit(r.nextInt(16), 16));
            }
            return s.toString();
        }
    }

    /** The CQ string OneBot writes for segments: text escaped, every other segment as {@code [CQ:type,key=value]}. */
    private static String cq(List<Segment> segments) {
        StringBuilder out = new StringBuilder();
        for (Segment s : segments) {
            if (s.type().equals("text")) {
                out.append(escape(s.data().getOrDefault("text", "")));
                continue;
            }
            out.append("[CQ:").append(s.type());
            s.data().forEach((k, v) -> out.append(',').append(k).append('=').append(escape(v).replace(",", "&#44;")));
            out.append(']');
        }
        return out.toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("[", "&#91;").replace("]", "&#93;");
    }

    /** A map keeping the order its pairs are given in: {@code Map.of} would change it from run to run. */
    private static Map<String, Object> ordered(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private static Map<String, String> texts(Object... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], (String) pairs[i + 1]);
        }
        return m;
    }

    /** Builds a {@link OneBotSampleGenerator}. Not thread-safe. */
    static final class Builder {
        private long seed = 42;
        private int groups = 3;
        private int members = 15;
        private Instant start = Instant.parse("2026-11-01T00:00:00Z");
        private String botId = "10001";

        private Builder() {
        }

        /** The seed: the same seed gives the same lines. */
        Builder seed(long value) {
            seed = value;
            return this;
        }

        /** How many groups chat (3). */
        Builder groups(int n) {
            if (n < 1 || n > 1000) {
                throw new IllegalArgumentException("groups must be 1..1000, got " + n);
            }
            groups = n;
            return this;
        }

        /** Members of each group besides the bot (15), at least 3: an owner and two admins. */
        Builder membersPerGroup(int n) {
            if (n < 3 || n > 10_000) {
                throw new IllegalArgumentException("members per group must be 3..10000, got " + n);
            }
            members = n;
            return this;
        }

        /** When the first event happens. */
        Builder start(Instant value) {
            start = Objects.requireNonNull(value, "start");
            return this;
        }

        /** The bot's user id (digits). */
        Builder botId(String value) {
            Objects.requireNonNull(value, "botId");
            if (!value.matches("[1-9][0-9]{0,17}")) {
                throw new IllegalArgumentException("a bot id is a QQ number, got '" + value + "'");
            }
            botId = value;
            return this;
        }

        /** The generator. */
        OneBotSampleGenerator build() {
            return new OneBotSampleGenerator(this);
        }
    }
}
