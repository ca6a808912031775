package io.larder.redis.limits;

import io.larder.spi.LimitRule;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * Writes the Lua text of one limiter's {@link LimitScript} (key layout {@code limit-v2},
 * {@code KEYS.md} "Rate limits"): every limit is checked and, when all admit the request,
 * counted; otherwise nothing changes (all or none). The time is the server's ({@code TIME}). The
 * decision is storage-api's {@code LimitCounters}, step for step; the client turns the counts the
 * script answers into remaining permits, reset and retry times with that same arithmetic.
 *
 * <p>The script is written out limit by limit, its kinds and numbers as constants, because every
 * call runs all of it: no argument per limit to send and convert, no loop choosing a kind, a
 * local per count rather than a table, and no number formatted but a new window's first value.
 * Only numbers of {@link LimitRule} (checked where they were made) and the zone's fixed offset
 * go into the text.
 *
 * <p>The script's arguments: {@code ARGV[1]} the operation ({@code a} acquire, {@code p} peek,
 * {@code r} refund), {@code ARGV[2]} the permits; then, in a zone whose offset changes, per
 * calendar limit the {@code 2 * AROUND + 2} boundaries the client proposes (the script picks the
 * window holding the server's time); then, for a refund, per limit the window its permits were
 * taken in. Its reply: allowed (1/0; a refund 1), the server's time in µs, then per limit the
 * state before the call: fixed and calendar the count; sliding the current and the previous
 * count; smooth the tat or 0. A window's counter is the integer {@code tag * 2^41 + count}, the
 * tag being its index mod 2047, plus 1 (fixed and sliding: start / period; calendar: start's hour
 * since the epoch), so a write within the window is one {@code INCRBY} that keeps its
 * {@code PXAT}; a smooth limit's counter is its tat in epoch µs. Not thread-safe; one per script.
 */
final class LimitScriptWriter {
    private static final int BOUNDARIES = 2 * LimitEncoding.AROUND + 2;
    private static final long DAY_MS = 86_400_000L;

    private final List<LimitRule> rules;
    private final boolean computesCalendar;
    /** The zone's offset from UTC in ms, when fixed. */
    private final long offsetMs;
    private final int keyCount;
    private final StringBuilder out = new StringBuilder(4096);

    LimitScriptWriter(List<LimitRule> rules, ZoneId zone) {
        this.rules = rules;
        this.computesCalendar = LimitScript.computesCalendar(zone);
        this.offsetMs = computesCalendar ? zone.getRules().getOffset(Instant.EPOCH).getTotalSeconds() * 1000L : 0;
        this.keyCount = LimitScript.counters(rules);
    }

    String write() {
        header();
        int key = 1;
        int boundaryArg = 3;
        for (int i = 0; i < rules.size(); i++) {
            LimitRule r = rules.get(i);
            // a refund's window for this limit follows the proposed boundaries
            String window = "ARGV[" + (3 + proposedBoundaries() + i) + "]";
            line("-- limit " + (i + 1) + ": " + describe(r));
            switch (r.kind()) {
                case FIXED -> fixed(key, r.max(), r.period().toMillis(), window);
                case DAY, MONTH -> {
                    if (computesCalendar) {
                        calendar(key, r.max(), r.kind() == LimitRule.Kind.DAY, window);
                    } else {
                        proposed(key, r.max(), boundaryArg, window);
                        boundaryArg += BOUNDARIES;
                    }
                }
                case SLIDING -> sliding(key, r.max(), r.period().toMillis(), window);
                case SMOOTH -> smooth(key, r.burst(), r.intervalMicros());
            }
            key += r.kind() == LimitRule.Kind.SLIDING ? 2 : 1;
        }
        commit();
        StringBuilder reply = new StringBuilder("return {allowed and 1 or 0, now");
        for (int k = 1; k <= keyCount; k++) {
            reply.append(", u").append(k);
        }
        line(reply.append('}').toString());
        return out.toString();
    }

    /** How many arguments the calendar limits' proposed boundaries take. */
    private int proposedBoundaries() {
        if (computesCalendar) {
            return 0;
        }
        int n = 0;
        for (LimitRule r : rules) {
            if (r.kind() == LimitRule.Kind.DAY || r.kind() == LimitRule.Kind.MONTH) {
                n += BOUNDARIES;
            }
        }
        return n;
    }

    private void header() {
        line("-- Larder rate limits, key layout limit-v2 (storage-redis KEYS.md, \"Rate limits\"): written from");
        line("-- one limiter's limits by LimitScriptWriter, which says what the arguments and the reply are.");
        // FrozenScript (the tests) replaces this line to put the server's clock where a test wants it
        line("local time = redis.call('TIME')");
        line("local sec, usec = tonumber(time[1]), tonumber(time[2])");
        line("local now = sec * 1000000 + usec");
        line("local nowms = sec * 1000 + (usec - usec % 1000) / 1000");
        line("local op = ARGV[1]");
        line("local permits = tonumber(ARGV[2])");
        line("local refund = op == 'r'");
        StringBuilder mget = new StringBuilder("local stored = redis.call('MGET'");
        for (int k = 1; k <= keyCount; k++) {
            mget.append(", KEYS[").append(k).append(']');
        }
        line(mget.append(')').toString());
        line("local COUNT = 2199023255552");
        line("local find = string.find");
        line("local CORRUPT = ' holds a value no limiter wrote'");
        line("local allowed = true");
        // per counter k: u (the count the reply gives), w what a commit writes (true: INCRBY the
        // permits; a number: INCRBY it, or with e SET it PXAT e; false: DEL) and e
        StringBuilder locals = new StringBuilder("local ");
        for (int k = 1; k <= keyCount; k++) {
            locals.append(k > 1 ? ", " : "").append('u').append(k).append(", w").append(k).append(", e").append(k);
        }
        line(locals.toString());
    }

    /** Reads counter {@code k} of a window tagged {@code tag}: {@code u} its count, {@code here} whether it counts this window. */
    private void readWindow(int k, String v, String tag, String used, String here, String keyName) {
        line("  if " + v + " then");
        line("    local x = tonumber(" + v + ")");
        line("    if x and x - x % COUNT == " + tag + " then");
        line("      " + used + ", " + here + " = x - " + tag + ", true");
        line("    elseif #" + v + " > 16 or not find(" + v + ", '^%d+$') then");
        line("      return redis.error_reply('LARDER_CORRUPT_LIMIT ' .. " + keyName + " .. CORRUPT)");
        line("    end");
        line("  end");
    }

    private void fixed(int k, long max, long period, String window) {
        line("do");
        line("  local start = nowms - nowms % " + period);
        line("  local finish = start + " + period);
        line("  local tag = (start / " + period + " % 2047 + 1) * COUNT");
        windowCounter(k, max, window);
    }

    /** A calendar day or month of a zone whose offset is fixed: found from the server's time alone. */
    private void calendar(int k, long max, boolean day, String window) {
        line("do");
        if (day) {
            line("  local start = nowms - " + shifted("nowms") + " % " + DAY_MS);
            line("  local finish = start + " + DAY_MS);
        } else {
            // the civil date of the zone's day (days since 0000-03-01 counted in 400-year eras,
            // years starting in March so February's leap day comes last), then the month's first
            // day and the next month's
            line("  local d = " + shifted("nowms"));
            line("  d = (d - d % " + DAY_MS + ") / " + DAY_MS);
            line("  local z = d + 719468");
            line("  local doe = z % 146097");
            line("  local y = doe - (doe - doe % 1460) / 1460 + (doe - doe % 36524) / 36524 - (doe - doe % 146096) / 146096");
            line("  y = (y - y % 365) / 365");
            line("  local doy = doe - 365 * y - (y - y % 4) / 4 + (y - y % 100) / 100");
            line("  local mp = 5 * doy + 2");
            line("  mp = (mp - mp % 153) / 153");
            line("  local first = 153 * mp + 2");
            line("  first = (first - first % 5) / 5");
            line("  local after");
            line("  if mp < 11 then");
            line("    after = 153 * mp + 155");
            line("    after = (after - after % 5) / 5");
            line("  else");
            line("    local n = y + 1");
            line("    after = 365 * n + (n - n % 4) / 4 - (n - n % 100) / 100 + (n - n % 400) / 400 - 365 * y - (y - y % 4) / 4 + (y - y % 100) / 100");
            line("  end");
            line("  local start = " + unshifted("(d - doy + first) * " + DAY_MS));
            line("  local finish = " + unshifted("(d - doy + after) * " + DAY_MS));
        }
        line("  local tag = ((start - start % 3600000) / 3600000 % 2047 + 1) * COUNT");
        windowCounter(k, max, window);
    }

    /** A calendar limit in a zone whose offset changes: the window among the client's proposal that holds the server's time. */
    private void proposed(int k, long max, int arg, String window) {
        line("do");
        line("  local start, finish");
        line("  for j = " + (arg + 1) + ", " + (arg + BOUNDARIES - 1) + " do");
        line("    local hi = tonumber(ARGV[j])");
        line("    if nowms < hi then");
        line("      local lo = tonumber(ARGV[j - 1])");
        line("      if lo <= nowms then");
        line("        start, finish = lo, hi");
        line("      end");
        line("      break");
        line("    end");
        line("  end");
        line("  if not start then");
        line("    return redis.error_reply('LARDER_CLOCK_SKEW the server time ' .. string.format('%.0f', nowms)");
        line("      .. ' ms is outside the calendar windows ' .. ARGV[" + arg + "] .. '..' .. ARGV["
                + (arg + BOUNDARIES - 1) + "]");
        line("      .. ' the client proposed for ' .. KEYS[" + k + "])");
        line("  end");
        line("  local tag = ((start - start % 3600000) / 3600000 % 2047 + 1) * COUNT");
        windowCounter(k, max, window);
    }

    /** The rest of a fixed or calendar limit, given {@code start}, {@code finish} and {@code tag}; closes the block. */
    private void windowCounter(int k, long max, String window) {
        String u = "u" + k;
        String w = "w" + k;
        line("  local v, here = stored[" + k + "], false");
        line("  " + u + " = 0");
        readWindow(k, "v", "tag", u, "here", "KEYS[" + k + "]");
        line("  if refund then");
        line("    if tonumber(" + window + ") == start and " + u + " > 0 then");
        line("      " + w + " = " + u + " > permits and -permits");
        line("    elseif v and not here then");
        // a window that has ended counts nothing: a refund takes it away
        line("      " + w + " = false");
        line("    end");
        line("  elseif " + u + " + permits > " + max + " then");
        line("    allowed = false");
        line("  elseif here then");
        line("    " + w + " = true");
        line("  else");
        line("    " + w + ", e" + k + " = tag + permits, finish");
        line("  end");
        line("end");
    }

    /** Counters {@code k} (even windows) and {@code k + 1} (odd windows); the reply's {@code u k} is the current count, {@code u k+1} the previous. */
    private void sliding(int k, long max, long period, String window) {
        int o = k + 1;
        line("do");
        line("  local start = nowms - nowms % " + period);
        line("  local index = start / " + period);
        line("  local odd = index % 2 == 1");
        line("  local vc, vp, kc, kp = stored[" + k + "], stored[" + o + "], KEYS[" + k + "], KEYS[" + o + "]");
        line("  if odd then");
        line("    vc, vp, kc, kp = vp, vc, kp, kc");
        line("  end");
        line("  local tc, tp = (index % 2047 + 1) * COUNT, ((index - 1) % 2047 + 1) * COUNT");
        line("  local curr, prev, here, unused = 0, 0, false, false");
        readWindow(k, "vc", "tc", "curr", "here", "kc");
        readWindow(k, "vp", "tp", "prev", "unused", "kp");
        // numbers are doubles: exact for integers below 2^53, which every number here stays under
        // (LimitRule checks the limits); a quotient near an integer may round up, so it is corrected
        line("  local x = " + max + " * " + period + " - prev * (" + period + " - (nowms - start))");
        line("  local q = math.floor(x / " + period + ")");
        line("  if q * " + period + " > x then");
        line("    q = q - 1");
        line("  elseif (q + 1) * " + period + " <= x then");
        line("    q = q + 1");
        line("  end");
        line("  u" + k + ", u" + o + " = curr, prev");
        line("  local wc, ec, wp");
        line("  if refund then");
        line("    local w = tonumber(" + window + ")");
        line("    if w == start and curr > 0 then");
        line("      wc = curr > permits and -permits");
        line("    elseif w == start - " + period + " and prev > 0 then");
        line("      wp = prev > permits and -permits");
        line("    end");
        line("  elseif permits > q - curr then");
        line("    allowed = false");
        line("  elseif here then");
        line("    wc = true");
        line("  else");
        line("    wc, ec = tc + permits, start + " + 2 * period);
        line("  end");
        line("  if odd then");
        line("    w" + o + ", e" + o + ", w" + k + " = wc, ec, wp");
        line("  else");
        line("    w" + k + ", e" + k + ", w" + o + " = wc, ec, wp");
        line("  end");
        line("end");
    }

    /** GCRA: counter {@code k} holds the theoretical arrival time in epoch µs. */
    private void smooth(int k, long burst, long interval) {
        String w = "w" + k;
        line("do");
        line("  local v = stored[" + k + "]");
        line("  local tat = now");
        line("  if v then");
        line("    v = tonumber(v)");
        // (false for a NaN too)
        line("    if not (v and v < 9007199254740992) then");
        line("      return redis.error_reply('LARDER_CORRUPT_LIMIT ' .. KEYS[" + k + "] .. CORRUPT)");
        line("    end");
        line("    if v > now then");
        line("      tat = v");
        line("    end");
        line("  end");
        line("  u" + k + " = v or 0");
        line("  local nxt = tat");
        line("  if refund then");
        line("    nxt = math.max(now, tat - permits * " + interval + ")");
        line("  elseif tat + permits * " + interval + " - now <= " + burst * interval + " then");
        line("    nxt = tat + permits * " + interval);
        line("  else");
        line("    allowed = false");
        line("  end");
        // a tat that is not in the future holds nothing: the counter goes
        line("  if nxt > now then");
        line("    if nxt ~= tat then");
        line("      " + w + ", e" + k + " = nxt, math.ceil(nxt / 1000)");
        line("    end");
        line("  elseif v then");
        line("    " + w + " = false");
        line("  end");
        line("end");
    }

    /**
     * The writes, when the call acquires and every limit admitted it, or refunds: the
     * {@code INCRBY}s first, because Redis refuses one on a counter whose number it does not read
     * (spaces, a sign, leading zeros), and then the ones before it are undone, so the call changes
     * nothing and names the key; then the {@code SET}s and {@code DEL}s, which cannot fail.
     */
    private void commit() {
        line("if refund or (allowed and op == 'a') then");
        line("  local p = ARGV[2]");
        for (int k = 1; k <= keyCount; k++) {
            line("  local b" + k + " = w" + k + " == true and p or (not e" + k + " and w" + k + ")");
            line("  if b" + k + " and type(redis.pcall('INCRBY', KEYS[" + k + "], b" + k + ")) == 'table' then");
            for (int j = 1; j < k; j++) {
                line("    if b" + j + " then redis.call('DECRBY', KEYS[" + j + "], b" + j + ") end");
            }
            line("    return redis.error_reply('LARDER_CORRUPT_LIMIT ' .. KEYS[" + k + "] .. CORRUPT)");
            line("  end");
        }
        for (int k = 1; k <= keyCount; k++) {
            line("  if e" + k + " then");
            line("    redis.call('SET', KEYS[" + k + "], string.format('%.0f', w" + k + "), 'PXAT', string.format('%.0f', e" + k + "))");
            line("  elseif w" + k + " == false then");
            line("    redis.call('DEL', KEYS[" + k + "])");
            line("  end");
        }
        line("end");
    }

    /** {@code ms}, an epoch time, as the zone's wall clock reads it in ms: UTC plus the offset. */
    private String shifted(String ms) {
        return offsetMs == 0 ? ms : "(" + ms + " + " + offsetMs + ")";
    }

    /** The epoch time of {@code local}, a time the zone's wall clock reads. */
    private String unshifted(String local) {
        return offsetMs == 0 ? local : local + " - " + offsetMs;
    }

    private static String describe(LimitRule r) {
        return switch (r.kind()) {
            case FIXED -> "fixed window of " + r.period().toMillis() + " ms, " + r.max() + " permits";
            case DAY -> "calendar day, " + r.max() + " permits";
            case MONTH -> "calendar month, " + r.max() + " permits";
            case SLIDING -> "sliding window of " + r.period().toMillis() + " ms, " + r.max() + " permits";
            case SMOOTH -> "smooth, a permit every " + r.intervalMicros() + " us, burst " + r.burst();
        };
    }

    private void line(String text) {
        out.append(text).append('\n');
    }
}
