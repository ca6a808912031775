package io.larder.redis.limits;

import io.larder.ConfigurationException;
import io.larder.StorageException;
import io.larder.redis.internal.KeyText;
import io.larder.spi.LimitCall;
import io.larder.spi.LimitLayout;
import io.larder.spi.LimitReply;
import io.larder.spi.LimitRule;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * One limiter's calls of {@code limit.lua} as bytes: the keys of a subject's counters, the
 * arguments of a call, and the reply read back. Calendar limits (day, month) send the
 * boundaries of {@value #AROUND} window either side of the one the client's clock is in, and the
 * script picks the window holding the server's time: a client clock off the server's by up to a
 * whole window (at least 23 hours for days, 28 days for months) still decides exactly as the
 * server says, and one further off is refused by the script, never trusted. Fixed, sliding and smooth limits send
 * no time at all. Thread-safe.
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

    private final LimitLayout layout;
    private final Clock clock;
    private final String keyBase;
    private final String[] suffixes;
    private final byte[][][] fixedArgs;
    private final Calendar[] calendars;

    LimitEncoding(LimitLayout layout, Clock clock) {
        this.layout = layout;
        this.clock = clock;
        this.keyBase = layout.keyPrefix() + "limit:" + layout.name() + ":{";
        List<LimitRule> rules = layout.rules();
        this.suffixes = new String[rules.size()];
        this.fixedArgs = new byte[rules.size()][][];
        this.calendars = new Calendar[rules.size()];
        for (int i = 0; i < rules.size(); i++) {
            LimitRule r = rules.get(i);
            suffixes[i] = "}:" + r.id();
            switch (r.kind()) {
                case FIXED -> fixedArgs[i] = args("f", r.max(), r.period().toMillis());
                case SLIDING -> fixedArgs[i] = args("s", r.max(), r.period().toMillis());
                case SMOOTH -> fixedArgs[i] = args("g", r.burst(), r.intervalMicros());
                case DAY, MONTH -> calendars[i] = new Calendar(r);
                default -> throw new ConfigurationException("limit.lua does not count limits of the kind " + r.kind()
                        + " (limiter '" + layout.name() + "')");
            }
        }
    }

    /** What every key of this limiter starts with: <code>P limit:NAME:{</code>. */
    String keyBase() {
        return keyBase;
    }

    /** The key of {@code subject}'s counter of limit {@code i}: {@code P limit:NAME:{TAG}:ID}. */
    String key(String subject, int i) {
        return keyBase + KeyText.escape(subject) + suffixes[i];
    }

    /** The keys of {@code subject}'s counters, one per limit, all under its hash tag. */
    List<byte[]> keys(String subject) {
        String tag = KeyText.escape(subject);
        List<byte[]> keys = new ArrayList<>(suffixes.length);
        for (String suffix : suffixes) {
            keys.add(KeyText.bytes(keyBase + tag + suffix));
        }
        return keys;
    }

    /** The arguments of {@code call}; calendar limits propose windows around the client clock's now. */
    List<byte[]> args(LimitCall call) {
        List<byte[]> args = new ArrayList<>(2 + 3 * suffixes.length + (call.op() == LimitCall.Op.REFUND ? suffixes.length : 0));
        args.add(switch (call.op()) {
            case ACQUIRE -> ACQUIRE;
            case PEEK -> PEEK;
            case REFUND -> REFUND;
        });
        args.add(KeyText.bytes(Long.toString(call.permits())));
        if (call.op() == LimitCall.Op.REFUND) {
            for (long w : call.windows()) {
                args.add(KeyText.bytes(Long.toString(w)));
            }
        }
        long now = -1;
        for (int i = 0; i < suffixes.length; i++) {
            if (calendars[i] == null) {
                args.addAll(List.of(fixedArgs[i]));
            } else {
                now = now < 0 ? clock.millis() : now;
                args.addAll(List.of(calendars[i].args(now)));
            }
        }
        return args;
    }

    /** The script's reply as a {@link LimitReply}. */
    LimitReply reply(List<?> reply) {
        int n = suffixes.length;
        if (reply.size() != 3 + 3 * n) {
            throw new StorageException("limit.lua answered " + reply.size() + " numbers for " + n + " limits of limiter '"
                    + layout.name() + "'");
        }
        List<LimitReply.RuleState> states = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            states.add(new LimitReply.RuleState(number(reply, 3 + 3 * i), number(reply, 4 + 3 * i), number(reply, 5 + 3 * i)));
        }
        return new LimitReply(number(reply, 0) == 1, number(reply, 1), number(reply, 2), states);
    }

    private static long number(List<?> reply, int i) {
        if (reply.get(i) instanceof Long l) {
            return l;
        }
        throw new StorageException("limit.lua answered " + reply.get(i) + " where a number belongs");
    }

    private static byte[][] args(String kind, long a, long b) {
        return new byte[][] {KeyText.bytes(kind), KeyText.bytes(Long.toString(a)), KeyText.bytes(Long.toString(b))};
    }

    /** A calendar limit's arguments, remade only when the client's clock leaves the window they were made for. */
    private final class Calendar {
        private final LimitRule rule;
        private volatile Proposal proposal = new Proposal(0, 0, new byte[0][]);

        private record Proposal(long from, long to, byte[][] args) {
        }

        Calendar(LimitRule rule) {
            this.rule = rule;
        }

        byte[][] args(long nowMillis) {
            Proposal p = proposal;
            if (nowMillis >= p.from && nowMillis < p.to) {
                return p.args;
            }
            long[] b = rule.boundaries(nowMillis, layout.zone(), AROUND);
            byte[][] args = new byte[3 + b.length][];
            args[0] = KeyText.bytes("c");
            args[1] = KeyText.bytes(Long.toString(rule.max()));
            args[2] = KeyText.bytes(Integer.toString(b.length));
            for (int i = 0; i < b.length; i++) {
                args[3 + i] = KeyText.bytes(Long.toString(b[i]));
            }
            proposal = new Proposal(b[AROUND], b[AROUND + 1], args);
            return args;
        }
    }
}
