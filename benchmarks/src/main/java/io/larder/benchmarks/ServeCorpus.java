package io.larder.benchmarks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * OneBot v11 group-message events as NapCat sends them, generated before a run so the client
 * spends its time sending: a few groups of a few dozen members, everyday Chinese of varied
 * length, mostly segment arrays and some CQ strings, an image, a mention or a reply now and then,
 * about three messages a second. Every event is a new message (ids never repeat), so each one is
 * stored and acknowledged {@code stored}. The same seed gives the same events. Immutable.
 */
final class ServeCorpus {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] PHRASES = {
        "今天中午吃什么", "有人一起打游戏吗", "哈哈哈哈哈", "收到", "明天几点开会？", "这个版本的 bug 修好了没",
        "我刚到家，路上堵了一个小时", "周末去爬山吗，天气预报说是晴天", "好的👌", "谁有这本书的电子版",
        "图片看不清，再发一次", "下班了下班了🎉", "这道题我算出来是 42，你们呢", "老板说下周要加班😭",
        "推荐一个好用的键盘", "已经买好票了，周五晚上的高铁", "笑死", "等我五分钟", "晚安🌙",
        "刚看完那部电影，结局完全没想到，前面铺垫了那么久最后居然是这样", "群主在吗", "+1",
    };
    private static final int GROUPS = 8;
    private static final int MEMBERS = 40;

    private final List<String> events;
    private final long bytes;

    private ServeCorpus(List<String> events) {
        this.events = List.copyOf(events);
        long b = 0;
        for (String e : events) {
            b += e.length();
        }
        this.bytes = b;
    }

    /** {@code count} events from {@code seed}, their message ids starting at {@code firstId}. */
    static ServeCorpus generate(long seed, int count, long firstId) {
        List<String> out = new ArrayList<>(count);
        each(seed, count, firstId, out::add);
        return new ServeCorpus(out);
    }

    /**
     * The same events as {@link #generate}, one a line to {@code file} instead of held in memory (a
     * million of them are about 600 MB of text); returns the bytes written.
     */
    static long write(Path file, long seed, int count, long firstId) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            try {
                each(seed, count, firstId, e -> {
                    try {
                        w.write(e);
                        w.write('\n');
                    } catch (IOException x) {
                        throw new UncheckedIOException(x);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        return Files.size(file);
    }

    private static void each(long seed, int count, long firstId, Consumer<String> to) {
        SplittableRandom r = new SplittableRandom(seed);
        long time = 1_793_491_200L;
        for (int i = 0; i < count; i++) {
            if (r.nextInt(3) == 0) {
                time++;
            }
            long group = 600_000_000L + r.nextInt(GROUPS) * 1_111_111L;
            long user = 20_000_000L + r.nextInt(MEMBERS) * 37L;
            to.accept(message(r, firstId + i, group, user, time));
        }
    }

    /** The events, in sending order. */
    List<String> events() {
        return events;
    }

    /** The mean size of an event in characters. */
    long meanLength() {
        return events.isEmpty() ? 0 : bytes / events.size();
    }

    private static String message(SplittableRandom r, long id, long group, long user, long time) {
        List<Map<String, Object>> segments = new ArrayList<>();
        int roll = r.nextInt(100);
        if (roll < 8) {
            segments.add(segment("reply", "id", Long.toString(id - 1 - r.nextInt(20))));
        } else if (roll < 16) {
            segments.add(segment("at", "qq", Long.toString(20_000_000L + r.nextInt(MEMBERS) * 37L)));
            segments.add(segment("text", "text", " "));
        }
        StringBuilder text = new StringBuilder(PHRASES[r.nextInt(PHRASES.length)]);
        for (int i = 0, more = r.nextInt(10) == 0 ? 3 + r.nextInt(5) : 0; i < more; i++) {
            text.append('，').append(PHRASES[r.nextInt(PHRASES.length)]);
        }
        segments.add(segment("text", "text", text.toString()));
        if (r.nextInt(10) == 0) {
            String hex = Long.toHexString(r.nextLong()) + Long.toHexString(r.nextLong());
            segments.add(segment("image", "file", hex + ".image", "url",
                    "https://gchat.qpic.cn/gchatpic_new/0/0-0-" + hex.toUpperCase(Locale.ROOT) + "/0?term=2"));
        }
        StringBuilder cq = new StringBuilder();
        for (Map<String, Object> s : segments) {
            @SuppressWarnings("unchecked")
            Map<String, String> data = (Map<String, String>) s.getOrDefault("data", Map.of());
            if ("text".equals(s.get("type"))) {
                cq.append(data.getOrDefault("text", "").replace("&", "&amp;").replace("[", "&#91;").replace("]", "&#93;"));
            } else {
                cq.append("[CQ:").append(s.get("type"));
                data.forEach((k, v) -> cq.append(',').append(k).append('=').append(v));
                cq.append(']');
            }
        }
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("time", time);
        e.put("self_id", 10001L);
        e.put("post_type", "message");
        e.put("message_type", "group");
        e.put("sub_type", "normal");
        e.put("message_id", id);
        e.put("group_id", group);
        e.put("user_id", user);
        e.put("anonymous", null);
        e.put("message", r.nextInt(10) < 7 ? segments : cq.toString());
        e.put("raw_message", cq.toString());
        e.put("font", 0);
        Map<String, Object> sender = new LinkedHashMap<>();
        sender.put("user_id", user);
        sender.put("nickname", "群友" + (user % 1000));
        sender.put("card", "");
        sender.put("role", "member");
        e.put("sender", sender);
        try {
            return JSON.writeValueAsString(e);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot write a generated event", ex);
        }
    }

    private static Map<String, Object> segment(String type, String... pairs) {
        Map<String, String> data = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            data.put(pairs[i], pairs[i + 1]);
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", type);
        s.put("data", data);
        return s;
    }
}
