package io.larder.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * Deterministic, realistic chat messages: Chinese text of about 120 characters mixed with the
 * Latin words, digits and punctuation real groups type, QQ-style numeric ids, one timestamp per
 * second and a half. The same index always gives the same message, in every JVM.
 */
public final class ChatCorpus {
    /** The time of message 0: 2026-01-01T00:00:00Z. */
    static final long EPOCH_MILLIS = 1_767_225_600_000L;

    private static final String[] PHRASES = {
        "今天下午三点开会，记得带上季度报告。",
        "这个模型的上下文窗口是128k，够用了吧？",
        "我刚把 Redis 升级到 7.0，延迟低了不少。",
        "群里有人试过用 Java 17 的 record 吗？",
        "周末一起去爬山吧，天气预报说是晴天。",
        "昨天的直播回放在哪里可以看到？",
        "服务器又挂了，运维同学快来看看！",
        "这道题的答案应该是 42，不信你算算。",
        "晚上吃火锅还是烧烤？投票决定吧。",
        "新版本的接口文档已经更新到群文件了。",
        "哈哈哈，这个表情包太好笑了😂",
        "请大家在周五之前提交代码评审意见。",
    };
    private static final String[] NAMES = {"小明", "阿强同学", "李华", "张三丰", "王小二", "猫猫头", "深夜码农", "Lily"};

    private ChatCorpus() {
    }

    /** Message {@code index} of group {@code groupId}. */
    public static ChatMessage message(String groupId, long index) {
        StringBuilder text = new StringBuilder(160);
        int p = (int) (index % PHRASES.length);
        while (text.codePointCount(0, text.length()) < 112) {
            text.append(PHRASES[p]);
            p = (p + 5) % PHRASES.length;
        }
        int cut = text.offsetByCodePoints(0, 112);
        text.setLength(cut);
        text.append(" #").append(index % 1000);
        return new ChatMessage(
                Long.toString(7_300_000_000_000_000_000L + index),
                groupId,
                Long.toString(1_000_000_000L + (index * 7919) % 500),
                NAMES[(int) (index % NAMES.length)],
                index % 10 == 0 ? "reply" : "text",
                "qq",
                EPOCH_MILLIS + index * 1500,
                text.toString());
    }

    /** {@code count} messages spread round-robin over {@code groups} groups named {@code group-100000...}. */
    public static List<ChatMessage> spread(int count, int groups) {
        List<ChatMessage> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(message(group(i % groups), i));
        }
        return out;
    }

    /** Messages {@code from} (inclusive) to {@code to} (exclusive) of one group. */
    public static List<ChatMessage> range(String groupId, long from, long to) {
        List<ChatMessage> out = new ArrayList<>((int) (to - from));
        for (long i = from; i < to; i++) {
            out.add(message(groupId, i));
        }
        return out;
    }

    /** The name of group number {@code n}. */
    public static String group(int n) {
        return "group-" + (100_000 + n);
    }
}
