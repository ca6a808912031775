package io.larder.spi;

import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a backend needs to know of one rate limiter: where its counters live and what they count.
 *
 * @param keyPrefix the prefix of every key ({@code larder:})
 * @param name the limiter's name: letters, digits, {@code _ . -}; part of every key
 * @param zone the zone whose calendar days and months the {@link LimitRule.Kind#DAY} and
 *             {@link LimitRule.Kind#MONTH} limits count in
 * @param rules the limits, each checked and counted with the others, all or none; their
 *              {@link LimitRule#id() ids} are distinct
 */
public record LimitLayout(String keyPrefix, String name, ZoneId zone, List<LimitRule> rules) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    /** Checks every part. */
    public LimitLayout {
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(zone, "zone");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("limiter name '" + name + "' must be letters, digits, '_', '.' or '-'");
        }
        rules = List.copyOf(rules);
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("limiter '" + name + "' needs at least one limit");
        }
        Set<String> ids = new HashSet<>();
        for (LimitRule r : rules) {
            if (!ids.add(r.id())) {
                throw new IllegalArgumentException("limiter '" + name + "' has two limits counting in the same window ("
                        + r.id() + "): keep the smaller one");
            }
        }
    }
}
