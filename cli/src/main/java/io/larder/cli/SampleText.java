package io.larder.cli;

import java.util.SplittableRandom;

/** Word lists and sentence building for {@link OneBotSampleGenerator}: everyday group-chat Chinese. */
final class SampleText {
    private static final String[] OPENERS = {"", "", "", "哈哈哈", "话说", "我觉得", "其实", "刚才", "那个", "诶", "好吧", "确实",
        "笑死", "救命", "不是吧", "说真的", "有没有人", "今天", "明天", "周末"};
    private static final String[] SUBJECTS = {"我", "你", "他", "我们", "大家", "老板", "群主", "这个游戏", "那家店", "隔壁组",
        "我室友", "这个版本", "新出的手机", "楼上", "猫猫", "这波"};
    private static final String[] VERBS = {"想去", "已经", "还在", "打算", "不想", "准备", "刚刚", "一直在", "终于", "又要"};
    private static final String[] ACTIONS = {"吃火锅", "开黑", "加班", "写代码", "看电影", "排队", "改需求", "抽卡", "摸鱼", "上分",
        "修bug", "买奶茶", "跑步", "睡觉", "复习考试", "搬家", "追剧", "打游戏", "健身", "学Java"};
    private static final String[] TAILS = {"", "", "了", "吗", "吧", "啊", "呢", "！", "？", "。", "……", "哈哈", "好累", "太难了",
        "有点离谱", "绝了", "冲冲冲", "真的假的"};
    private static final String[] SHORT = {"好的", "收到", "+1", "哈哈哈哈", "？", "6", "牛", "确实", "草", "早", "晚安", "在吗",
        "来了来了", "啊这", "好家伙", "[doge]", "A&B 都行", "[狗头]", "1, 2, 3"};
    private static final String[] EMOJI = {"😂", "👍", "🤔", "🎉", "😭", "🙏", "🔥", "❤️", "👀", "🐱", "👨‍💻"};
    private static final String[] LATIN = {"ok", "LOL", "GG", "nice", "emmm", "bug", "PR", "deadline", "WiFi", "App"};
    static final String[] NICKNAMES = {"小明", "阿强", "咸鱼", "猫猫", "Kevin", "夜雨", "大白", "橙子", "老王", "Luna", "阿杰",
        "小鹿", "土豆", "星河", "Momo", "阿福", "木子", "路人甲", "七七", "北北"};
    static final String[] CARDS = {"", "", "", "[管理]", "【摸鱼组】", "前端-", "运营·", "2026届 "};
    static final String[] FILES = {"会议纪要.docx", "报价单.xlsx", "截图合集.zip", "需求文档v3.pdf", "新歌.mp3"};

    private SampleText() {
    }

    /** A sentence of 1 to about 60 characters, mostly short, as chat is. */
    static String sentence(SplittableRandom r) {
        int shape = r.nextInt(100);
        if (shape < 25) {
            return pick(r, SHORT);
        }
        StringBuilder s = new StringBuilder();
        int clauses = shape < 80 ? 1 : shape < 95 ? 2 : 3 + r.nextInt(3);
        for (int i = 0; i < clauses; i++) {
            if (i > 0) {
                s.append(r.nextBoolean() ? "，" : " ");
            }
            s.append(pick(r, OPENERS)).append(pick(r, SUBJECTS)).append(pick(r, VERBS)).append(pick(r, ACTIONS));
            if (r.nextInt(8) == 0) {
                s.append(' ').append(pick(r, LATIN)).append(' ');
            }
            s.append(pick(r, TAILS));
        }
        if (r.nextInt(6) == 0) {
            s.append(pick(r, EMOJI));
        }
        return s.toString();
    }

    static String pick(SplittableRandom r, String[] words) {
        return words[r.nextInt(words.length)];
    }
}
