package io.larder.redis.limits;

import io.larder.StorageException;
import io.larder.redis.internal.KeyText;
import io.larder.spi.LimitCall;
import io.larder.spi.LimitCounters;
import io.larder.spi.LimitLayout;
import io.larder.spi.LimitReply;
import io.larder.spi.LimitRule;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One limiter's calls of its {@link LimitScript} as bytes: the keys of a subject's counters, the
 * arguments of a call, and the reply read back. The script answers only the counts it read and
 * whether it admitted the call; the remaining permits, reset and retry times are worked out here
 * with {@link LimitCounters}, the arithmetic the memory adapter decides with, and a reply whose
 * decision that arithmetic does not reach is refused. The limits themselves are in the script's
 * text, so a call sends only the operation and the permits (a refund also its windows). In a zone
 * whose offset changes (DST), calendar limits (day, month) also send the boundaries of
 * {@value #AROUND} window either side of the one the client's clock is in, and the script picks
 * the window holding the server's time: a client clock off the server's by up to a whole window
 * (at least 23 hours for days, 28 days for months) still decides exactly as the server says, and
 * one further off is refused by the script, never trusted. In a zone with a fixed offset (UTC,
 * say) the script finds days and months from the server's time alone.
 *
 * <p>Every call runs through here, so nothing constant is encoded twice: the key's parts are
 * bytes made once, a subject is encoded once per call, and the calendar boundaries are remade
 * only when the client's clock leaves the windows they propose, with the whole argument list of
 * the common call (one permit) made with them. Thread-safe.
 */
final class LimitEncoding {
    /**
     * Calendar windows proposed either side of the client's. One: every argument costs the script
     * a string, and one window either side already covers a client a day (a month) off.
     */
    static final int AROUND = 1;
    private static final byte[] ACQUIRE = KeyText.bytes("a");
    private static final byte[] PEEK = KeyText.bytes("p");
    private static final byte[] REFUND = KeyText.bytes("r");
    private static final byte[] ONE = KeyText.bytes("1");
    /** The key layout's name and version, the first part of every key after the prefix. */
    static final String VERSION = "limit-v2";

    private final LimitLayout layout;
    private final Clock clock;
    private final String keyBase;
    private final byte[] keyBaseBytes;
    /** Per counter (a sliding limit has two: even and odd windows), its key's end. */
    private final String[] suffixes;
    private final byte[][] suffixBytes;
    /** The reply's length: allowed, now, and a count per fixed, calendar or smooth limit, two per sliding one. */
    private final int replyLength;
    /** Per limit: the rule when it is a calendar one, else null. */
    private final LimitRule[] calendars;
    private final boolean timeless;
    /** Whether calendar limits send their boundaries (a zone whose offset changes). */
    private final boolean sendsBoundaries;
    private volatile Proposal proposal;

    /**
     * The calendar limits' boundaries for client times in {@code [from, to)}, those sent as
     * arguments ({@code limits}, empty in a zone with a fixed offset), and the whole argument
     * lists of an acquire and a peek of one permit.
     */
    private record Proposal(long from, long to, byte[][] limits, long[][] boundaries, List<byte[]> acquireOne,
            List<byte[]> peekOne) {
        boolean holds(long nowMillis) {
            return nowMillis >= from && nowMillis < to;
        }
    }

    LimitEncoding(LimitLayout layout, Clock clock) {
        this.layout = layout;
        this.clock = clock;
        this.keyBase = layout.keyPrefix() + VERSION + ":" + layout.name() + ":{";
        this.keyBaseBytes = KeyText.bytes(keyBase);
        List<LimitRule> rules = layout.rules();
        List<String> ends = new ArrayList<>();
        this.calendars = new LimitRule[rules.size()];
        boolean anyCalendar = false;
        for (int i = 0; i < rules.size(); i++) {
            LimitRule r = rules.get(i);
            if (r.kind() == LimitRule.Kind.SLIDING) {
                ends.add("}:" + r.id() + ":0");
                ends.add("}:" + r.id() + ":1");
            } else {
                ends.add("}:" + r.id());
            }
            if (r.kind() == LimitRule.Kind.DAY || r.kind() == LimitRule.Kind.MONTH) {
                calendars[i] = r;
                anyCalendar = true;
            }
        }
        this.suffixes = ends.toArray(new String[0]);
        this.suffixBytes = new byte[suffixes.length][];
        for (int i = 0; i < suffixes.length; i++) {
            suffixBytes[i] = KeyText.bytes(suffixes[i]);
        }
        this.replyLength = 2 + suffixes.length;
        this.timeless = !anyCalendar;
        this.sendsBoundaries = !LimitScript.computesCalendar(layout.zone());
        this.proposal = timeless ? propose(0) : new Proposal(0, 0, new byte[0][], new long[layout.rules().size()][], List.of(), List.of());
    }

    /** What every key of this limiter starts with: <code>P limit:NAME:{</code>. */
    String keyBase() {
        return keyBase;
    }

    /** How many keys a subject's call touches: one per limit, two per sliding limit. */
    int keyCount() {
        return suffixes.length;
    }

    /** The key of {@code subject}'s counter {@code i} ({@link #keys} order): {@code P limit-v2:NAME:{TAG}:ID}. */
    String key(String subject, int i) {
        return keyBase + KeyText.escape(subject) + suffixes[i];
    }

    /** The keys of {@code subject}'s counters, one per limit, all under its hash tag. */
    List<byte[]> keys(String subject) {
        byte[] tag = KeyText.bytes(KeyText.escape(subject));
        if (suffixBytes.length == 1) {
            return List.of(key(tag, suffixBytes[0]));
        }
        byte[][] keys = new byte[suffixBytes.length][];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = key(tag, suffixBytes[i]);
        }
        return List.of(keys);
    }

    private byte[] key(byte[] tag, byte[] suffix) {
        byte[] key = Arrays.copyOf(keyBaseBytes, keyBaseBytes.length + tag.length + suffix.length);
        System.arraycopy(tag, 0, key, keyBaseBytes.length, tag.length);
        System.arraycopy(suffix, 0, key, keyBaseBytes.length + tag.length, suffix.length);
        return key;
    }

    /** The arguments of {@code call}; calendar limits propose windows around the client clock's now. */
    List<byte[]> args(LimitCall call) {
        Proposal p = proposal;
        if (!timeless) {
            long now = clock.millis();
            if (!p.holds(now)) {
                p = propose(now);
                proposal = p;
            }
        }
        LimitCall.Op op = call.op();
        if (call.permits() == 1 && op != LimitCall.Op.REFUND) {
            return op == LimitCall.Op.ACQUIRE ? p.acquireOne : p.peekOne;
        }
        // the script reads a refund's windows after the boundaries, one per limit
        int windows = op == LimitCall.Op.REFUND ? call.windows().size() : 0;
        if (op == LimitCall.Op.REFUND && windows != layout.rules().size()) {
            throw new IllegalArgumentException("a refund names one window per limit: " + layout.rules().size()
                    + " for limiter '" + layout.name() + "', got " + windows);
        }
        byte[][] args = new byte[2 + p.limits.length + windows][];
        args[0] = switch (op) {
            case ACQUIRE -> ACQUIRE;
            case PEEK -> PEEK;
            case REFUND -> REFUND;
        };
        args[1] = call.permits() == 1 ? ONE : KeyText.bytes(Long.toString(call.permits()));
        System.arraycopy(p.limits, 0, args, 2, p.limits.length);
        for (int i = 0; i < windows; i++) {
            args[2 + p.limits.length + i] = KeyText.bytes(Long.toString(call.windows().get(i)));
        }
        return List.of(args);
    }

    /** The calendar boundaries for the client time {@code nowMillis}, valid while that time stays in every calendar window they propose. */
    private Proposal propose(long nowMillis) {
        List<byte[]> limits = new ArrayList<>();
        long[][] boundaries = new long[calendars.length][];
        long from = Long.MIN_VALUE;
        long to = Long.MAX_VALUE;
        for (int i = 0; i < calendars.length; i++) {
            LimitRule rule = calendars[i];
            if (rule == null) {
                continue;
            }
            long[] b = rule.boundaries(nowMillis, layout.zone(), AROUND);
            boundaries[i] = b;
            if (sendsBoundaries) {
                for (long boundary : b) {
                    limits.add(KeyText.bytes(Long.toString(boundary)));
                }
            }
            from = Math.max(from, b[AROUND]);
            to = Math.min(to, b[AROUND + 1]);
        }
        byte[][] all = limits.toArray(new byte[0][]);
        return new Proposal(from, to, all, boundaries, withHead(ACQUIRE, all), withHead(PEEK, all));
    }

    private static List<byte[]> withHead(byte[] op, byte[][] limits) {
        byte[][] args = new byte[2 + limits.length][];
        args[0] = op;
        args[1] = ONE;
        System.arraycopy(limits, 0, args, 2, limits.length);
        return List.of(args);
    }

    /**
     * The script's reply to {@code call} as a {@link LimitReply}: the counts it read, restored
     * into {@link LimitCounters}, which answers the call exactly as the memory adapter would.
     */
    LimitReply reply(LimitCall call, List<?> reply) {
        List<LimitRule> rules = layout.rules();
        int n = rules.size();
        if (reply.size() != replyLength) {
            throw new StorageException("the limit script answered " + reply.size() + " numbers for " + n + " limits of limiter '"
                    + layout.name() + "'");
        }
        long now = number(reply, 1);
        long nowMs = Math.floorDiv(now, 1000);
        LimitCounters counters = new LimitCounters(n);
        int r = 2;
        for (int i = 0; i < n; i++) {
            LimitRule rule = rules.get(i);
            switch (rule.kind()) {
                case FIXED, DAY, MONTH -> {
                    long used = number(reply, r++);
                    if (used > 0) {
                        counters.restore(i, window(i, nowMs)[0], used, 0);
                    }
                }
                case SLIDING -> {
                    long curr = number(reply, r++);
                    long prev = number(reply, r++);
                    if (curr > 0 || prev > 0) {
                        long p = rule.period().toMillis();
                        counters.restore(i, nowMs - Math.floorMod(nowMs, p), curr, prev);
                    }
                }
                case SMOOTH -> {
                    long tat = number(reply, r++);
                    if (tat > 0) {
                        counters.restore(i, tat, 0, 0);
                    }
                }
            }
        }
        LimitReply answer = counters.apply(call, rules, this::window, now);
        if (answer.allowed() != (number(reply, 0) == 1)) {
            throw new StorageException("the limit script decided " + (number(reply, 0) == 1 ? "to admit" : "to deny") + " " + call
                    + " on limiter '" + layout.name() + "', and the reference arithmetic does not: " + reply);
        }
        return answer;
    }

    /** The fixed or calendar window of limit {@code i} holding the server's time {@code nowMs}: {start, end}. */
    private long[] window(int i, long nowMs) {
        LimitRule rule = layout.rules().get(i);
        if (rule.kind() == LimitRule.Kind.FIXED) {
            long p = rule.period().toMillis();
            long start = nowMs - Math.floorMod(nowMs, p);
            return new long[] {start, start + p};
        }
        // the script picked among the boundaries proposed; the current proposal names them unless
        // the client's clock left them since, and then the zone's rules give the same ones
        long[] b = proposal.boundaries[i];
        if (b != null) {
            for (int j = 0; j + 1 < b.length; j++) {
                if (b[j] <= nowMs && nowMs < b[j + 1]) {
                    return new long[] {b[j], b[j + 1]};
                }
            }
        }
        return rule.boundaries(nowMs, layout.zone(), 0);
    }

    private static long number(List<?> reply, int i) {
        if (reply.get(i) instanceof Long l) {
            return l;
        }
        throw new StorageException("the limit script answered " + reply.get(i) + " where a number belongs");
    }
}
