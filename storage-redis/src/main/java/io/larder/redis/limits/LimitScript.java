package io.larder.redis.limits;

import io.larder.ConfigurationException;
import io.larder.redis.internal.LuaScript;
import io.larder.spi.LimitLayout;
import io.larder.spi.LimitRule;
import java.time.ZoneId;
import java.util.List;

/**
 * One limiter's Lua script, written from its limits ({@link LimitScriptWriter}): their kinds and
 * numbers are constants of the text, so a call sends only what it asks (the operation, the
 * permits, a refund's windows) and, in a zone whose offset changes (DST), the calendar
 * boundaries the client proposes. The text depends on nothing but the limits' numbers and the
 * zone's fixed offset, never on a name, a prefix or a subject: limiters with the same limits
 * share one script (one SHA-1), and a call's keys and arguments are the only user input it sees.
 * Immutable.
 *
 * @param source the script's text
 */
record LimitScript(String source) implements LuaScript {
    /**
     * The most counters (keys) one limiter's script counts: one per limit, two per sliding limit.
     * Each is a few Lua locals, and a Lua function holds at most 200.
     */
    static final int MAX_COUNTERS = 32;

    /** The script that counts {@code layout}'s limits. */
    static LimitScript of(LimitLayout layout) {
        int counters = counters(layout.rules());
        if (counters > MAX_COUNTERS) {
            throw new ConfigurationException("limiter '" + layout.name() + "' has " + layout.rules().size()
                    + " limits in " + counters + " counters; on Redis a limiter counts at most " + MAX_COUNTERS
                    + " (a sliding limit takes two)");
        }
        return new LimitScript(new LimitScriptWriter(layout.rules(), layout.zone()).write());
    }

    /** How many keys a subject's call touches: one per limit, two per sliding limit. */
    static int counters(List<LimitRule> rules) {
        int n = 0;
        for (LimitRule r : rules) {
            n += r.kind() == LimitRule.Kind.SLIDING ? 2 : 1;
        }
        return n;
    }

    /**
     * Whether the script finds calendar days and months of {@code zone} by itself: when the zone's
     * offset never changes. Else the client proposes each calendar limit's boundaries.
     */
    static boolean computesCalendar(ZoneId zone) {
        return zone.getRules().isFixedOffset();
    }

    @Override
    public String toString() {
        return "LimitScript[" + source.length() + " chars]";
    }
}
