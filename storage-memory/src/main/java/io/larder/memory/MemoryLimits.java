package io.larder.memory;

import io.larder.Key;
import io.larder.spi.BackendLimits;
import io.larder.spi.LimitCall;
import io.larder.spi.LimitCounters;
import io.larder.spi.LimitLayout;
import io.larder.spi.LimitReply;
import io.larder.spi.LimitRule;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One rate limiter's counters in memory, deciding by the clock the limiter was opened with. A
 * subject's counters change inside the map's compute for it, so a decision over all its limits
 * is atomic. A subject whose counters have all run out is removed: by the calls that follow
 * (each takes up to {@value #PURGE_PER_CALL} due subjects off an expiry queue), and by
 * {@link #counters()}. Thread-safe.
 */
final class MemoryLimits implements BackendLimits {
    private static final int PURGE_PER_CALL = 2;

    private final LimitLayout layout;
    private final Clock clock;
    private final MemoryBackend backend;
    private final ConcurrentHashMap<String, Subject> subjects = new ConcurrentHashMap<>();
    private final ExpiryQueue expiries = new ExpiryQueue();
    private final LimitCounters.Windows windows;

    MemoryLimits(LimitLayout layout, Clock clock, MemoryBackend backend) {
        this.layout = layout;
        this.clock = clock;
        this.backend = backend;
        List<LimitRule> rules = layout.rules();
        CalendarWindow[] calendar = new CalendarWindow[rules.size()];
        for (int i = 0; i < calendar.length; i++) {
            calendar[i] = new CalendarWindow(rules.get(i), layout);
        }
        this.windows = (limit, nowMillis) -> calendar[limit].at(nowMillis);
    }

    LimitLayout layout() {
        return layout;
    }

    @Override
    public LimitReply apply(LimitCall call) {
        backend.checkOpen();
        purge(clock.millis(), PURGE_PER_CALL);
        LimitReply[] reply = new LimitReply[1];
        subjects.compute(call.subject(), (subject, held) -> {
            // the time is read under the subject's lock, as a script reads TIME: a call that read it
            // earlier but came in later would count in a window its subject has already left
            long now = micros(clock.instant());
            long nowMs = Math.floorDiv(now, 1000);
            Subject s = held == null ? new Subject(layout.rules().size()) : held;
            reply[0] = s.counters.apply(call, layout.rules(), windows, now);
            if (s.counters.isEmpty(nowMs)) {
                return null;
            }
            if (s.queuedAt == 0) {
                s.queuedAt = s.counters.expiresAt();
                expiries.add(Key.of(subject), s.queuedAt);
            }
            return s;
        });
        return reply[0];
    }

    @Override
    public long counters() {
        backend.checkOpen();
        long nowMs = clock.millis();
        purge(nowMs, Integer.MAX_VALUE);
        long live = 0;
        for (Subject s : subjects.values()) {
            live += s.counters.live(nowMs);
        }
        return live;
    }

    /** How many subjects are held, run-out ones not yet removed included (for tests). */
    int subjectsHeld() {
        return subjects.size();
    }

    /** Removes up to {@code most} subjects whose counters have all run out. */
    private void purge(long nowMs, int most) {
        for (int i = 0; i < most; i++) {
            ExpiryQueue.Due due = expiries.takeDue(nowMs);
            if (due == null) {
                return;
            }
            subjects.computeIfPresent(due.key().id(), (subject, s) -> {
                if (s.queuedAt != due.at()) {
                    return s;                        // an older queue entry: the subject is queued under another one
                }
                if (s.counters.isEmpty(nowMs)) {
                    return null;
                }
                s.queuedAt = s.counters.expiresAt(); // refreshed since it was queued: queue it again for its new end
                expiries.add(Key.of(subject), s.queuedAt);
                return s;
            });
        }
    }

    static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    }

    /** A subject's counters, and the expiry it is queued under (0: not queued). Guarded by the map's compute. */
    private static final class Subject {
        private final LimitCounters counters;
        private long queuedAt;

        Subject(int limits) {
            counters = new LimitCounters(limits);
        }
    }

    /** The window of a fixed or calendar limit at a time, remembered until the time leaves it. */
    private static final class CalendarWindow {
        private final LimitRule rule;
        private final LimitLayout layout;
        private volatile long[] current = {0, 0};

        CalendarWindow(LimitRule rule, LimitLayout layout) {
            this.rule = rule;
            this.layout = layout;
        }

        long[] at(long nowMillis) {
            long[] w = current;
            if (nowMillis >= w[0] && nowMillis < w[1]) {
                return w;
            }
            long[] fresh = rule.boundaries(nowMillis, layout.zone(), 0);
            current = fresh;
            return fresh;
        }
    }
}
