package io.larder.spi;

import io.larder.spi.LimitReply.RuleState;
import java.util.List;

/**
 * One subject's counters of one limiter, and the decision of a {@link LimitCall} over them: the
 * reference arithmetic of the limit step. The memory adapter decides with it; an adapter that
 * decides elsewhere (the Redis adapter's limit scripts) must answer exactly as it does, call
 * for call: the same window, remaining permits, retry and reset times, and the same moment a
 * counter is gone. Not thread-safe: one subject's calls are applied one at a time.
 */
public final class LimitCounters {
    // per limit: FIXED/DAY/MONTH (window start ms, count, -), SLIDING (start ms, current, previous), SMOOTH (tat µs, -, -)
    private final long[] a;
    private final long[] b;
    private final long[] c;
    /** Per limit, when its counter is gone (epoch ms, as Redis's PXAT); 0 when it holds nothing. */
    private final long[] expires;
    /** Empty counters for {@code limits} limits. */
    public LimitCounters(int limits) {
        a = new long[limits];
        b = new long[limits];
        c = new long[limits];
        expires = new long[limits];
    }

    /** Where the window of a fixed or calendar limit lies at a time. */
    public interface Windows {
        /** The window of limit {@code limit} (its index in the layout) holding {@code nowMillis}: {start, end} in epoch ms. */
        long[] window(int limit, long nowMillis);
    }

    /** Decides {@code call} at {@code now} (epoch µs), changing the counters only as the call's op says. */
    public LimitReply apply(LimitCall call, List<LimitRule> rules, Windows windows, long now) {
        long nowMs = Math.floorDiv(now, 1000);
        int n = rules.size();
        long permits = call.permits();
        boolean refund = call.op() == LimitCall.Op.REFUND;
        boolean allowed = true;
        long retry = 0;
        // per limit: the counter after the call (committed only when the op and the decision say so),
        // and what the caller is shown before and after
        long[] na = new long[n];
        long[] nb = new long[n];
        long[] nc = new long[n];
        long[] nexp = new long[n];
        RuleState[] before = new RuleState[n];
        RuleState[] after = new RuleState[n];
        for (int i = 0; i < n; i++) {
            LimitRule r = rules.get(i);
            boolean live = expires[i] > nowMs;
            long max = r.max();
            switch (r.kind()) {
                case FIXED, DAY, MONTH -> {
                    long[] w = windows.window(i, nowMs);
                    long start = w[0];
                    long end = w[1];
                    long used = live && a[i] == start ? b[i] : 0;
                    long next = used;
                    if (refund) {
                        if (call.windows().get(i) == start) {
                            next = Math.max(0, used - permits);
                        }
                    } else if (used + permits <= max) {
                        next = used + permits;
                    } else {
                        allowed = false;
                        retry = Math.max(retry, end * 1000 - now);
                    }
                    na[i] = start;
                    nb[i] = next;
                    nexp[i] = next == 0 ? 0 : end;
                    before[i] = new RuleState(Math.max(0, max - used), end * 1000, start);
                    after[i] = new RuleState(Math.max(0, max - next), end * 1000, start);
                }
                case SLIDING -> {
                    long p = r.period().toMillis();
                    long start = nowMs - Math.floorMod(nowMs, p);
                    long curr = 0;
                    long prev = 0;
                    if (live && a[i] == start) {
                        curr = b[i];
                        prev = c[i];
                    } else if (live && a[i] == start - p) {
                        prev = b[i];
                    }
                    long weight = p - (nowMs - start);
                    long nextCurr = curr;
                    long nextPrev = prev;
                    if (refund) {
                        long w = call.windows().get(i);
                        if (w == start) {
                            nextCurr = Math.max(0, curr - permits);
                        } else if (w == start - p) {
                            nextPrev = Math.max(0, prev - permits);
                        }
                    } else if (permits <= slidingRemaining(max, p, weight, curr, prev)) {
                        nextCurr = curr + permits;
                    } else {
                        allowed = false;
                        retry = Math.max(retry, slidingWait(max, p, start, now, curr, prev, permits));
                    }
                    na[i] = start;
                    nb[i] = nextCurr;
                    nc[i] = nextPrev;
                    // the current count matters until the next window ends, the previous one until this one does
                    nexp[i] = nextCurr > 0 ? start + 2 * p : nextPrev > 0 ? start + p : 0;
                    before[i] = new RuleState(slidingRemaining(max, p, weight, curr, prev),
                            slidingResets(p, start, now, curr, prev), start);
                    after[i] = new RuleState(slidingRemaining(max, p, weight, nextCurr, nextPrev),
                            slidingResets(p, start, now, nextCurr, nextPrev), start);
                }
                case SMOOTH -> {
                    long t = r.intervalMicros();
                    long cap = r.burst() * t;
                    long tat = live ? Math.max(a[i], now) : now;
                    long next = tat;
                    if (refund) {
                        next = Math.max(now, tat - permits * t);
                    } else if (tat + permits * t - now <= cap) {
                        next = tat + permits * t;
                    } else {
                        allowed = false;
                        retry = Math.max(retry, tat + permits * t - cap - now);
                    }
                    na[i] = next;
                    nexp[i] = next <= now ? 0 : -Math.floorDiv(-next, 1000);
                    before[i] = new RuleState(Math.max(0, Math.floorDiv(cap - (tat - now), t)), tat, 0);
                    after[i] = new RuleState(Math.max(0, Math.floorDiv(cap - (next - now), t)), next, 0);
                }
            }
        }
        boolean changes = refund || allowed && call.op() == LimitCall.Op.ACQUIRE;
        if (changes) {
            System.arraycopy(na, 0, a, 0, n);
            System.arraycopy(nb, 0, b, 0, n);
            System.arraycopy(nc, 0, c, 0, n);
            System.arraycopy(nexp, 0, expires, 0, n);
        }
        return new LimitReply(refund || allowed, now, allowed ? 0 : retry, List.of(changes ? after : before));
    }

    /**
     * Sets limit {@code limit}'s counter to what a backend read from its own store, live until
     * the next call: for a fixed or calendar limit {@code a} is the window's start and {@code b}
     * its count; for a sliding one {@code a} the current window's start, {@code b} and {@code c}
     * its count and the previous window's; for a smooth one {@code a} the tat (µs). So an adapter
     * that decides elsewhere answers a call's numbers with this same arithmetic.
     */
    public void restore(int limit, long a, long b, long c) {
        this.a[limit] = a;
        this.b[limit] = b;
        this.c[limit] = c;
        this.expires[limit] = Long.MAX_VALUE;
    }

    /** Whether every counter is gone at {@code nowMillis}. */
    public boolean isEmpty(long nowMillis) {
        for (long e : expires) {
            if (e > nowMillis) {
                return false;
            }
        }
        return true;
    }

    /** When limit {@code limit}'s counter goes (epoch ms, as Redis's {@code PXAT}), or 0 when it holds nothing. */
    public long expiresAt(int limit) {
        return expires[limit];
    }

    /** When the last counter goes (epoch ms), or 0. */
    public long expiresAt() {
        long last = 0;
        for (long e : expires) {
            last = Math.max(last, e);
        }
        return last;
    }

    /** How many counters are live at {@code nowMillis}. */
    public int live(long nowMillis) {
        int live = 0;
        for (long e : expires) {
            if (e > nowMillis) {
                live++;
            }
        }
        return live;
    }

    /** Permits a sliding limit admits now: the current count plus the previous window's, weighted by what of it the trailing period still covers. */
    private static long slidingRemaining(long max, long p, long weight, long curr, long prev) {
        return Math.max(0, Math.floorDiv(max * p - prev * weight, p) - curr);
    }

    /** When a sliding limit admits its whole {@code max} again: once both counts have left the trailing period. */
    private static long slidingResets(long p, long start, long now, long curr, long prev) {
        return curr > 0 ? (start + 2 * p) * 1000 : prev > 0 ? (start + p) * 1000 : now;
    }

    /** How long until a sliding limit admits {@code permits}: later in this window, or in the next one. */
    private static long slidingWait(long max, long p, long start, long now, long curr, long prev, long permits) {
        long need = max - curr - permits;
        if (need >= 0 && prev > 0) {
            long at = p - Math.floorDiv(need * p, prev);      // the elapsed ms from which the previous window weighs little enough
            if (at < p) {
                return (start + at) * 1000 - now;
            }
        }
        long at = curr == 0 ? 0 : Math.max(0, p - Math.floorDiv((max - permits) * p, curr));
        return (start + p + at) * 1000 - now;
    }
}
