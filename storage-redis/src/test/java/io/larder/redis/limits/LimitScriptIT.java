package io.larder.redis.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.larder.spi.LimitCall;
import io.larder.spi.LimitCounters;
import io.larder.spi.LimitLayout;
import io.larder.spi.LimitReply;
import io.larder.spi.LimitRule;
import io.larder.testkit.RedisExtension;
import io.larder.testkit.RedisStandalone;
import io.larder.testkit.RespClient;
import io.larder.testkit.RespException;
import io.larder.testkit.TestClock;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A limiter's {@link LimitScript} on a real server, its clock frozen where a test puts it ({@link FrozenScript}):
 * window boundaries to the millisecond, calendar windows in zones with DST, clients whose clocks
 * are off, refused counters; and, call for call on random sequences, the same answers as the
 * reference arithmetic ({@link LimitCounters}) that the memory adapter decides with.
 */
class LimitScriptIT {
    @RegisterExtension
    static final RedisExtension<RedisStandalone> REDIS = RedisExtension.standalone().shared();
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private RespClient client;
    /** A minute boundary a day from now: frozen times stay ahead of the server's, so no counter expires early. */
    private long minute;

    @BeforeEach
    void connect() {
        client = REDIS.get().process().client();
        long inADay = System.currentTimeMillis() + Duration.ofDays(1).toMillis();
        minute = inADay - Math.floorMod(inADay, 60_000L) + 60_000L;
    }

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void aRequestAt59_999CountsInTheMinuteItEndsAndOneAt60_000StartsTheNext() {
        FrozenScript lua = script(ZoneOffset.UTC, LimitRule.fixed(2, Duration.ofMinutes(1)));
        long last = (minute - 1) * 1000;
        assertThat(lua.apply(LimitCall.acquire("u", 2), last - 59_000_000).allowed()).isTrue();
        LimitReply atTheEnd = lua.apply(LimitCall.acquire("u", 1), last);
        assertThat(atTheEnd.allowed()).isFalse();
        assertThat(atTheEnd.retryAfterMicros()).isEqualTo(1000);
        assertThat(atTheEnd.rules().get(0).resetsAtMicros()).isEqualTo(minute * 1000);
        LimitReply next = lua.apply(LimitCall.acquire("u", 1), minute * 1000);
        assertThat(next.allowed()).isTrue();
        assertThat(next.rules().get(0)).isEqualTo(new LimitReply.RuleState(1, (minute + 60_000) * 1000, minute));
    }

    @Test
    void aMonthInShanghaiEndsAtShanghaisMidnightNotUtcs() {
        FrozenScript lua = script(SHANGHAI, LimitRule.month(1));
        LocalDate firstOfNext = Instant.ofEpochMilli(minute).atZone(SHANGHAI).toLocalDate().withDayOfMonth(1).plusMonths(1);
        long boundary = firstOfNext.atStartOfDay(SHANGHAI).toInstant().toEpochMilli();
        assertThat(Instant.ofEpochMilli(boundary).atZone(ZoneOffset.UTC).getHour()).isEqualTo(16);
        assertThat(lua.apply(LimitCall.acquire("u", 1), (boundary - 1) * 1000).allowed()).isTrue();
        assertThat(lua.apply(LimitCall.acquire("u", 1), (boundary - 1) * 1000 + 999).allowed()).isFalse();
        LimitReply march = lua.apply(LimitCall.acquire("u", 1), boundary * 1000);
        assertThat(march.allowed()).isTrue();
        assertThat(march.rules().get(0).resetsAtMicros())
                .isEqualTo(firstOfNext.plusMonths(1).atStartOfDay(SHANGHAI).toInstant().toEpochMilli() * 1000);
    }

    @Test
    void aDayInNewYorkThatSkipsAnHourLasts23Hours() {
        ZoneOffsetTransition spring = nextSpringForward(NEW_YORK, minute);
        LocalDate day = spring.getDateTimeBefore().toLocalDate();
        long start = day.atStartOfDay(NEW_YORK).toInstant().toEpochMilli();
        long end = day.plusDays(1).atStartOfDay(NEW_YORK).toInstant().toEpochMilli();
        assertThat(end - start).isEqualTo(Duration.ofHours(23).toMillis());
        TestClock proposer = TestClock.at(start + 3_600_000);
        FrozenScript lua = new FrozenScript(client, layout(NEW_YORK, LimitRule.day(1)), proposer);
        LimitReply first = lua.apply(LimitCall.acquire("u", 1), (start + 3_600_000) * 1000);
        assertThat(first.rules().get(0).window()).isEqualTo(start);
        assertThat(first.rules().get(0).resetsAtMicros()).isEqualTo(end * 1000);
        proposer.set(end - 1);
        assertThat(lua.apply(LimitCall.acquire("u", 1), (end - 1) * 1000).allowed()).isFalse();
        proposer.set(end);
        assertThat(lua.apply(LimitCall.acquire("u", 1), end * 1000).allowed()).isTrue();
    }

    @Test
    void aClientClockHoursOffStillCountsInTheWindowTheServersClockIsIn() {
        long server = (minute + 30 * 60_000) * 1000;
        LimitLayout layout = layout(SHANGHAI, LimitRule.day(5), LimitRule.month(9));
        FrozenScript right = new FrozenScript(client, layout, TestClock.at(server / 1000));
        FrozenScript behind = new FrozenScript(client, layout, TestClock.at(server / 1000 - Duration.ofHours(9).toMillis()));
        FrozenScript ahead = new FrozenScript(client, layout, TestClock.at(server / 1000 + Duration.ofHours(20).toMillis()));
        LimitReply a = right.apply(LimitCall.acquire("u", 1), server);
        LimitReply b = behind.apply(LimitCall.acquire("u", 1), server + 1);
        LimitReply c = ahead.apply(LimitCall.acquire("u", 1), server + 2);
        assertThat(List.of(a, b, c)).extracting(r -> r.rules().get(0).window()).containsOnly(a.rules().get(0).window());
        assertThat(List.of(a, b, c)).extracting(r -> r.rules().get(0).remaining()).containsExactly(4L, 3L, 2L);
        assertThat(List.of(a, b, c)).extracting(r -> r.rules().get(1).resetsAtMicros()).containsOnly(a.rules().get(1).resetsAtMicros());
    }

    @Test
    void aClientClockMoreThanAWindowOffIsRefusedNotTrusted() {
        long server = minute * 1000;
        FrozenScript far = new FrozenScript(client, layout(SHANGHAI, LimitRule.day(5)),
                TestClock.at(minute - Duration.ofDays(2).toMillis()));
        assertThatThrownBy(() -> far.raw(LimitCall.acquire("u", 1), server)).isInstanceOf(RespException.class)
                .hasMessageContaining("LARDER_CLOCK_SKEW");
        assertThat(client.callLong("EXISTS", far.encoding().key("u", 0))).isZero();
    }

    @Test
    void aCounterNoLimiterWroteIsRefusedAndLeftAsItIs() {
        FrozenScript lua = script(ZoneOffset.UTC, LimitRule.fixed(5, Duration.ofMinutes(1)));
        String key = lua.encoding().key("u", 0);
        client.call("SET", key, "not a counter");
        assertThatThrownBy(() -> lua.raw(LimitCall.acquire("u", 1), minute * 1000)).isInstanceOf(RespException.class)
                .hasMessageContaining("LARDER_CORRUPT_LIMIT").hasMessageContaining(key);
        assertThat(client.callString("GET", key)).isEqualTo("not a counter");
    }

    @Test
    void aCounterIncrbyRefusesUndoesTheCallsOtherCountsAndIsNamed() {
        FrozenScript lua = script(ZoneOffset.UTC, LimitRule.fixed(5, Duration.ofMinutes(1)), LimitRule.fixed(5, Duration.ofHours(1)));
        assertThat(lua.apply(LimitCall.acquire("u", 1), minute * 1000).allowed()).isTrue();
        String first = lua.encoding().key("u", 0);
        String second = lua.encoding().key("u", 1);
        String before = client.callString("GET", first);
        // a leading zero: the same number to Lua, not an integer to INCRBY
        client.call("SET", second, "0" + client.callString("GET", second));
        assertThatThrownBy(() -> lua.raw(LimitCall.acquire("u", 1), minute * 1000 + 1)).isInstanceOf(RespException.class)
                .hasMessageContaining("LARDER_CORRUPT_LIMIT").hasMessageContaining(second);
        assertThat(client.callString("GET", first)).as("all or none").isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Z", "+05:45", "-03:30", "+14:00"})
    void inAZoneWithAFixedOffsetTheScriptFindsEveryDayAndMonthItself(String offset) {
        ZoneOffset zone = ZoneOffset.of(offset);
        TestClock proposer = TestClock.at(minute);
        FrozenScript lua = new FrozenScript(client, layout(zone, LimitRule.day(1), LimitRule.month(1)), proposer);
        assertThat(lua.encoding().args(LimitCall.acquire("u", 1))).as("no boundaries sent").hasSize(2);
        LocalDate first = Instant.ofEpochMilli(minute).atZone(zone).toLocalDate().withDayOfMonth(1).plusMonths(1);
        List<LocalDate> months = new ArrayList<>();
        for (LocalDate m = first; m.isBefore(first.plusYears(9)); m = m.plusMonths(1)) {
            months.add(m);
        }
        // 2100 is no leap year: its February has 28 days
        for (LocalDate m = LocalDate.of(2099, 11, 1); m.isBefore(LocalDate.of(2100, 5, 1)); m = m.plusMonths(1)) {
            months.add(m);
        }
        for (LocalDate m : months) {
            long start = m.atStartOfDay(zone).toInstant().toEpochMilli();
            long end = m.plusMonths(1).atStartOfDay(zone).toInstant().toEpochMilli();
            String subject = "month-" + m;
            proposer.set(start);
            assertThat(lua.apply(LimitCall.acquire(subject, 1), start * 1000).allowed()).as("%s starts", m).isTrue();
            assertThat(lua.apply(LimitCall.acquire(subject, 1), start * 1000 + 999).allowed()).as("%s, same day", m).isFalse();
            proposer.set(end - 1);
            LimitReply last = lua.apply(LimitCall.acquire(subject, 1), end * 1000 - 1);
            assertThat(last.allowed()).as("%s's last µs is in it", m).isFalse();
            assertThat(last.rules().get(1).remaining()).isZero();
            proposer.set(end);
            assertThat(lua.apply(LimitCall.acquire(subject, 1), end * 1000).allowed()).as("the month after %s", m).isTrue();
            long nextEnd = m.plusMonths(2).atStartOfDay(zone).toInstant().toEpochMilli();
            long pttl = client.callLong("PTTL", lua.encoding().key(subject, 1));
            assertThat(System.currentTimeMillis() + pttl).as("the month after %s ends when the zone says", m)
                    .isCloseTo(nextEnd, within(5_000L));
            long dayPttl = client.callLong("PTTL", lua.encoding().key(subject, 0));
            assertThat(System.currentTimeMillis() + dayPttl).as("its first day ends a day later")
                    .isCloseTo(end + 86_400_000, within(5_000L));
        }
    }

    @Test
    void limitersWithTheSameLimitsLoadOneScriptAndThirtyTwoCountersStillDecide() throws Exception {
        List<LimitRule> rules = List.of(LimitRule.fixed(5, Duration.ofMinutes(1)), LimitRule.day(9));
        String a = LimitScript.of(layout(ZoneOffset.UTC, rules.toArray(new LimitRule[0]))).source();
        String b = LimitScript.of(layout(ZoneOffset.UTC, rules.toArray(new LimitRule[0]))).source();
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(a.getBytes(StandardCharsets.UTF_8)));
        assertThat(client.callString("SCRIPT", "LOAD", b)).isEqualTo(sha);
        assertThat(client.callString("SCRIPT", "LOAD", LimitScript.of(layout(ZoneOffset.UTC, LimitRule.fixed(6,
                Duration.ofMinutes(1)), LimitRule.day(9))).source())).isNotEqualTo(sha);
        // 32 counters: the most Lua locals a script may need still load and decide
        List<LimitRule> many = new ArrayList<>();
        for (int i = 1; i <= LimitScript.MAX_COUNTERS / 2; i++) {
            many.add(LimitRule.sliding(10, Duration.ofSeconds(i)));
        }
        FrozenScript lua = new FrozenScript(client, layout(ZoneOffset.UTC, many.toArray(new LimitRule[0])), TestClock.at(minute));
        assertThat(lua.apply(LimitCall.acquire("u", 10), minute * 1000).allowed()).isTrue();
        assertThat(lua.apply(LimitCall.acquire("u", 1), minute * 1000 + 1).allowed()).isFalse();
    }

    @Test
    void subjectsWithBracesPercentAndColonsGetKeysOfTheirOwnUnderTheirOwnTag() {
        FrozenScript lua = script(ZoneOffset.UTC, LimitRule.fixed(1, Duration.ofMinutes(1)));
        List<String> subjects = List.of("a{b", "a%7Bb", "a}b", "a:b", "a\nb", "{}", "%");
        for (String s : subjects) {
            assertThat(lua.apply(LimitCall.acquire(s, 1), minute * 1000).allowed()).as(s).isTrue();
        }
        List<String> keys = subjects.stream().map(s -> lua.encoding().key(s, 0)).toList();
        assertThat(keys).doesNotHaveDuplicates();
        for (String k : keys) {
            String tag = k.substring(k.indexOf('{') + 1, k.indexOf('}'));
            assertThat(tag).doesNotContain("{");
            assertThat(client.callLong("EXISTS", k)).isEqualTo(1);
        }
    }

    @Test
    void onTheServersRealClockAnIdleSubjectsCountersAreGoneWhenTheirWindowsEnd() throws Exception {
        LimitLayout layout = layout(ZoneOffset.UTC, LimitRule.fixed(5, Duration.ofMillis(300)),
                LimitRule.sliding(5, Duration.ofMillis(200)), LimitRule.smooth(10, Duration.ofSeconds(1), 3));
        LimitEncoding encoding = new LimitEncoding(layout, TestClock.of(false));
        List<Object> command = new ArrayList<>(List.of("EVAL", LimitScript.of(layout).source(), encoding.keyCount()));
        command.addAll(encoding.keys("idle"));
        command.addAll(encoding.args(LimitCall.acquire("idle", 2)));
        List<?> reply = (List<?>) client.call(command.toArray());
        assertThat(reply.get(0)).isEqualTo(1L);
        long now = (Long) reply.get(1) / 1000;
        assertThat(Math.abs(now - System.currentTimeMillis())).as("the script's clock is the server's").isLessThan(1_000);
        int written = 0;
        for (int i = 0; i < encoding.keyCount(); i++) {
            long pttl = client.callLong("PTTL", encoding.key("idle", i));
            if (pttl != -2) {
                // 0: under a millisecond left, when the fixed window (aligned to the clock) ended just after the call
                assertThat(pttl).as("counter %d expires", i).isBetween(0L, 400L);
                written++;
            }
        }
        assertThat(written).as("one counter per limit (the sliding one's current window)").isEqualTo(3);
        Thread.sleep(450);
        for (int i = 0; i < encoding.keyCount(); i++) {
            assertThat(client.callLong("EXISTS", encoding.key("idle", i))).as("counter %d", i).isZero();
        }
    }

    @Test
    void onRandomCallsTheScriptAnswersExactlyAsTheReferenceArithmetic() {
        Random random = new Random(20261204);
        List<LimitLayout> layouts = List.of(
                layout(ZoneOffset.UTC, LimitRule.fixed(3, Duration.ofSeconds(1)), LimitRule.fixed(5, Duration.ofMinutes(1))),
                layout(NEW_YORK, LimitRule.day(4), LimitRule.month(6), LimitRule.fixed(3, Duration.ofHours(1))),
                layout(ZoneOffset.UTC, LimitRule.sliding(5, Duration.ofSeconds(1)), LimitRule.sliding(7, Duration.ofMillis(10_000))),
                layout(SHANGHAI, LimitRule.smooth(10, Duration.ofSeconds(1), 3), LimitRule.smooth(4, Duration.ofSeconds(1), 2),
                        LimitRule.fixed(4, Duration.ofSeconds(1)), LimitRule.sliding(6, Duration.ofMillis(1500))),
                // a fixed offset: the script finds days and months itself
                layout(ZoneOffset.ofHoursMinutes(-3, -30), LimitRule.day(4), LimitRule.month(6), LimitRule.fixed(3, Duration.ofHours(1))));
        int[] mix = new int[4];
        for (LimitLayout layout : layouts) {
            agree(layout, random, 400, mix);
        }
        System.out.printf("the limit scripts agreed with the reference on 2000 calls: %d allowed, %d denied, %d peeks, %d refunds%n",
                mix[0], mix[1], mix[2], mix[3]);
        assertThat(Arrays.stream(mix).min().orElseThrow()).as("the fewest calls of one kind").isGreaterThanOrEqualTo(100);
    }

    /** Runs {@code steps} random calls on the script and the reference; counts allowed, denied, peeks and refunds in {@code mix}. */
    private void agree(LimitLayout layout, Random random, int steps, int[] mix) {
        TestClock proposer = TestClock.at(nextSpringForward(NEW_YORK, minute).getInstant().toEpochMilli() - 5_000);
        FrozenScript lua = new FrozenScript(client, layout, proposer);
        LimitCounters reference = new LimitCounters(layout.rules().size());
        LimitCounters.Windows windows = (i, nowMs) -> layout.rules().get(i).boundaries(nowMs, layout.zone(), 0);
        long capacity = layout.rules().stream().mapToLong(LimitRule::capacity).min().orElseThrow();
        long now = proposer.millis() * 1000;
        List<LimitReply> taken = new ArrayList<>();
        List<Long> takenPermits = new ArrayList<>();
        for (int step = 0; step < steps; step++) {
            now = next(now, layout, random);
            proposer.set(Math.floorDiv(now, 1000));
            LimitCall call;
            int dice = random.nextInt(100);
            long permits = 1 + random.nextInt((int) Math.min(capacity, 3));
            if (dice < 15 && !taken.isEmpty()) {
                int which = random.nextInt(taken.size());
                List<Long> w = taken.get(which).rules().stream().map(LimitReply.RuleState::window).toList();
                call = LimitCall.refund("s", 1 + random.nextInt(takenPermits.get(which).intValue()), w);
            } else if (dice < 30) {
                call = LimitCall.peek("s", permits);
            } else {
                call = LimitCall.acquire("s", permits);
            }
            LimitReply expected = reference.apply(call, layout.rules(), windows, now);
            long before = System.currentTimeMillis();
            LimitReply actual = lua.apply(call, now);
            assertThat(actual).as("step %d: %s at %d µs on %s", step, call, now, layout.rules()).isEqualTo(expected);
            if (call.op() == LimitCall.Op.ACQUIRE && actual.allowed()) {
                taken.add(actual);
                takenPermits.add(call.permits());
            }
            if (call.op() == LimitCall.Op.REFUND || call.op() == LimitCall.Op.ACQUIRE && actual.allowed()) {
                checkExpiries(lua, reference, layout, before);
            }
            mix[switch (call.op()) {
                case ACQUIRE -> actual.allowed() ? 0 : 1;
                case PEEK -> 2;
                case REFUND -> 3;
            }]++;
        }
    }

    /**
     * After a call that wrote, each counter exists exactly when the reference holds one, expiring
     * when it says. A sliding limit has two keys (even and odd windows): one of them expires when
     * the reference says; the other may still hold a window the frozen clock has left, which the
     * script reads as nothing and the server's own clock removes.
     */
    private void checkExpiries(FrozenScript lua, LimitCounters reference, LimitLayout layout, long before) {
        int k = 0;
        for (int i = 0; i < layout.rules().size(); i++) {
            boolean sliding = layout.rules().get(i).kind() == LimitRule.Kind.SLIDING;
            long expected = reference.expiresAt(i);
            List<String> keys = sliding ? List.of(lua.encoding().key("s", k), lua.encoding().key("s", k + 1))
                    : List.of(lua.encoding().key("s", k));
            k += keys.size();
            List<Long> pttls = keys.stream().map(key -> client.callLong("PTTL", key)).toList();
            long after = System.currentTimeMillis();
            if (expected == 0) {
                if (!sliding) {
                    assertThat(pttls.get(0)).as("%s is deleted", keys.get(0)).isEqualTo(-2);
                }
            } else {
                // PXAT = the server's now + PTTL; the server's now lies between before and after
                assertThat(pttls).as("%s expire at %d", keys, expected)
                        .anySatisfy(pttl -> assertThat(expected).isBetween(before + pttl - 1, after + pttl + 1));
            }
        }
    }

    /** The next frozen time: often a little later, sometimes right before or at a window's end, sometimes far. */
    private static long next(long now, LimitLayout layout, Random random) {
        int dice = random.nextInt(100);
        if (dice < 20) {
            return now + random.nextInt(3);
        }
        if (dice < 50) {
            return now + random.nextInt(200_000);
        }
        if (dice < 70) {
            return now + random.nextInt(2_000_000);
        }
        LimitRule r = layout.rules().get(random.nextInt(layout.rules().size()));
        long nowMs = Math.floorDiv(now, 1000);
        long end = r.kind() == LimitRule.Kind.SMOOTH ? nowMs + r.intervalMicros() / 1000 + 1
                : r.boundaries(nowMs, layout.zone(), 0)[1];
        return switch (random.nextInt(3)) {
            case 0 -> end * 1000 - 1000;                       // the window's last millisecond
            case 1 -> end * 1000;                              // its end
            default -> end * 1000 - 1;                         // its last microsecond
        };
    }

    private FrozenScript script(ZoneId zone, LimitRule... rules) {
        return new FrozenScript(client, layout(zone, rules), TestClock.at(minute));
    }

    private static LimitLayout layout(ZoneId zone, LimitRule... rules) {
        return new LimitLayout("lua" + PREFIXES.incrementAndGet() + "-" + ProcessHandle.current().pid() + ":", "api", zone,
                List.of(rules));
    }

    private static ZoneOffsetTransition nextSpringForward(ZoneId zone, long afterMillis) {
        ZoneOffsetTransition t = zone.getRules().nextTransition(Instant.ofEpochMilli(afterMillis));
        while (!t.isGap()) {
            t = zone.getRules().nextTransition(t.getInstant());
        }
        return t;
    }
}
