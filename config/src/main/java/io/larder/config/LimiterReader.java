package io.larder.config;

import static io.larder.config.BackendReader.or;

import io.larder.spi.LimitRule;
import io.larder.spi.LimiterDeclaration.OnUnavailable;
import io.larder.spi.LimiterDeclaration;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads {@code larder.limiters} into {@link LimiterDeclaration}s: limiter-neutral records of
 * {@code storage-api}, so this module needs nothing of the {@code limiter} module, which opens
 * them ({@code RateLimiter.of(larder, name)}). Each limit is {@code { max, per, type, burst }}.
 * Stateless.
 */
final class LimiterReader {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final List<String> UNITS = List.of("second", "minute", "hour", "day", "month");
    private static final String PER = "second, minute, hour, day, month or a duration such as 10s, 15m or 2h";
    private static final String ZONE = "a zone such as UTC, Asia/Shanghai or +08:00";
    private static final Set<String> FAIL_WORDS = Set.of("open", "closed", "close", "fail-open", "fail-closed");

    /** How a limit counts, as {@code type} spells it. */
    enum LimitType {
        /** Windows that start again at their end (the default). */
        FIXED,
        /** The trailing window, estimated from two fixed ones. */
        SLIDING,
        /** A steady rate with a burst (GCRA). */
        SMOOTH
    }

    private LimiterReader() {
    }

    static List<LimiterDeclaration> read(Section limiters) {
        List<LimiterDeclaration> out = new ArrayList<>();
        for (Section.Named entry : limiters.named()) {
            LimiterDeclaration d = limiter(entry);
            if (d != null) {
                out.add(d);
            }
        }
        return out;
    }

    private static @Nullable LimiterDeclaration limiter(Section.Named entry) {
        Section s = entry.section();
        int problemsBefore = s.problemCount();
        if (!NAME.matcher(entry.name()).matches()) {
            s.problemHere(entry.keyNode(), "a limiter's name is letters, digits, '_', '.' or '-': it is part of every key"
                    + " of its counters");
        }
        ZoneId zone = zone(s);
        OnUnavailable onUnavailable = onUnavailable(s);
        int problemsBeforeLimits = s.problemCount();
        List<Section> items = s.items("limits", "a limit such as { max: 60, per: minute }");
        if (!s.has("limits") || items.isEmpty() && s.problemCount() == problemsBeforeLimits) {
            s.problem("limits", "needs at least one limit, such as limits: [ { max: 60, per: minute } ]");
        }
        List<LimitRule> rules = new ArrayList<>();
        Map<String, Integer> windows = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            Section item = items.get(i);
            LimitRule rule = rule(item);
            if (rule == null) {
                continue;
            }
            Integer earlier = windows.putIfAbsent(rule.id(), i);
            if (earlier != null) {
                item.problemHere(item.anchor(), "counts in the same window (" + rule.id() + ") as limits[" + earlier
                        + "]: keep the smaller one");
            } else {
                rules.add(rule);
            }
        }
        return s.problemCount() == problemsBefore ? new LimiterDeclaration(entry.name(), zone, rules, onUnavailable) : null;
    }

    private static @Nullable LimitRule rule(Section item) {
        int problemsBefore = item.problemCount();
        Integer max = item.integer("max", 1, Integer.MAX_VALUE);
        if (!item.has("max")) {
            item.problem("max", "required: the permits a window holds (for type smooth, the permits per 'per')");
        }
        LimitType type = or(item.choice("type", LimitType.class), LimitType.FIXED);
        String per = item.word("per", PER);
        if (!item.has("per")) {
            item.problem("per", "required: " + PER);
        }
        Integer burst = item.integer("burst", 1, Integer.MAX_VALUE);
        if (type == LimitType.SMOOTH && !item.has("burst")) {
            item.problem("burst", "required when type is smooth: the most permits taken at once after an idle spell");
        } else if (type != LimitType.SMOOTH && item.has("burst")) {
            item.problem("burst", "only a smooth limit has a burst (type: smooth)");
        }
        if (max == null || per == null || item.problemCount() != problemsBefore) {
            return null;
        }
        try {
            String unit = per.trim();
            if (unit.equals("month") || unit.equals("day") && type == LimitType.FIXED) {
                if (type != LimitType.FIXED) {
                    item.problem("per", "a " + Section.spelling(type) + " limit needs a duration; a month is a calendar"
                            + " window, counted by type fixed");
                    return null;
                }
                return unit.equals("day") ? LimitRule.day(max) : LimitRule.month(max);
            }
            Duration period = switch (unit) {
                case "second" -> Duration.ofSeconds(1);
                case "minute" -> Duration.ofMinutes(1);
                case "hour" -> Duration.ofHours(1);
                case "day" -> Duration.ofDays(1);
                default -> duration(item, unit);
            };
            if (period == null) {
                return null;
            }
            return switch (type) {
                case FIXED -> LimitRule.fixed(max, period);
                case SLIDING -> LimitRule.sliding(max, period);
                // a smooth limit without a burst was reported above, and returned
                case SMOOTH -> LimitRule.smooth(max, period, Objects.requireNonNull(burst, "burst"));
            };
        } catch (IllegalArgumentException e) {
            item.problemHere(item.anchor(), String.valueOf(e.getMessage()));
            return null;
        }
    }

    private static @Nullable Duration duration(Section item, String text) {
        try {
            Duration d = Durations.parse(text);
            if (!d.isNegative() && !d.isZero()) {
                return d;
            }
        } catch (IllegalArgumentException e) {
            // reported below, with the closest unit
        }
        item.problem("per", "expected " + PER + ", got '" + text + "'" + Suggestions.didYouMean(text, UNITS));
        return null;
    }

    private static OnUnavailable onUnavailable(Section s) {
        if (s.node("on-unavailable") instanceof ScalarNode n && FAIL_WORDS.contains(n.getValue().trim())) {
            s.problem("on-unavailable", "expected deny or allow, got '" + n.getValue() + "': failing closed is deny,"
                    + " failing open is allow");
            return OnUnavailable.DENY;
        }
        return or(s.choice("on-unavailable", OnUnavailable.class), OnUnavailable.DENY);
    }

    private static ZoneId zone(Section s) {
        String text = s.word("zone", ZONE);
        if (text == null) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(text.trim());
        } catch (DateTimeException e) {
            s.problem("zone", "expected " + ZONE + ", got '" + text + "'"
                    + Suggestions.didYouMean(text.trim(), ZoneId.getAvailableZoneIds()));
            return ZoneOffset.UTC;
        }
    }
}
