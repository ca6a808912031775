package io.larder.config;

import io.larder.SettingsSection;
import io.larder.StoreSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the sections of the capabilities built on the port ({@code larder.sessions},
 * {@code larder.tasks}, {@code larder.templates}, {@code larder.rooms}, {@code larder.presence}) into neutral {@link SettingsSection}s, which
 * the wired {@link io.larder.Larder} hands to each capability ({@code Sessions.open(larder)}).
 * This module knows each key's type and checks it where the file says it, with every other
 * problem of the file; the defaults for what a file leaves out are the capabilities' own (the
 * {@code operations} module, which this one does not depend on). Stateless.
 */
final class CapabilityReader {

    /** What a key holds, and how it is checked. */
    enum Kind {
        /** A store's name. */
        STORE,
        /** The base name of a family of stores ({@code templates}, {@code templates-versions}, {@code templates-defaults}). */
        STORE_BASE,
        /** A positive duration. */
        DURATION,
        /** A duration; 0 turns the setting off. */
        DURATION_OR_OFF,
        /** A size of at least one byte. */
        SIZE,
        /** A whole number of at least one. */
        COUNT
    }

    /** The names a base name makes, by section ({@code templates} also keeps {@code templates-versions}). */
    private static final Map<String, List<String>> FAMILIES = Map.of(
            "templates", List.of("-versions", "-defaults"),
            "rooms", List.of("-members", "-joined", "-messages", "-messages.counts", "-messages.senders"),
            "presence", List.of("-seen"));

    /** Every section and its keys, in the order CONFIG.md lists them. */
    static final Map<String, Map<String, Kind>> SECTIONS = sections();

    private CapabilityReader() {
    }

    private static Map<String, Map<String, Kind>> sections() {
        Map<String, Map<String, Kind>> all = new LinkedHashMap<>();
        Map<String, Kind> sessions = new LinkedHashMap<>();
        sessions.put("store", Kind.STORE);
        sessions.put("expiry", Kind.DURATION);
        sessions.put("max-age", Kind.DURATION_OR_OFF);
        sessions.put("activity-interval", Kind.DURATION_OR_OFF);
        sessions.put("count-interval", Kind.DURATION_OR_OFF);
        all.put("sessions", sessions);
        Map<String, Kind> tasks = new LinkedHashMap<>();
        tasks.put("store", Kind.STORE);
        tasks.put("expiry", Kind.DURATION);
        tasks.put("stall-after", Kind.DURATION);
        tasks.put("count-interval", Kind.DURATION_OR_OFF);
        all.put("tasks", tasks);
        Map<String, Kind> templates = new LinkedHashMap<>();
        templates.put("store", Kind.STORE_BASE);
        templates.put("expiry", Kind.DURATION_OR_OFF);
        templates.put("max-text-size", Kind.SIZE);
        all.put("templates", templates);
        Map<String, Kind> rooms = new LinkedHashMap<>();
        rooms.put("store", Kind.STORE_BASE);
        rooms.put("keep-newest", Kind.COUNT);
        rooms.put("max-age", Kind.DURATION);
        rooms.put("activity-interval", Kind.DURATION_OR_OFF);
        all.put("rooms", rooms);
        Map<String, Kind> presence = new LinkedHashMap<>();
        presence.put("store", Kind.STORE_BASE);
        presence.put("expiry", Kind.DURATION);
        presence.put("activity-interval", Kind.DURATION_OR_OFF);
        presence.put("seen-for", Kind.DURATION_OR_OFF);
        presence.put("count-interval", Kind.DURATION_OR_OFF);
        all.put("presence", presence);
        return all;
    }

    /** The sections the file sets, typed; a problem is reported where it is and its key is left out. */
    static List<SettingsSection> read(Section larder) {
        List<SettingsSection> out = new ArrayList<>();
        SECTIONS.forEach((name, keys) -> {
            if (!larder.has(name)) {
                return;
            }
            Section s = larder.section(name);
            SettingsSection.Builder b = SettingsSection.builder(name);
            keys.forEach((key, kind) -> {
                switch (kind) {
                    case STORE, STORE_BASE -> {
                        String store = s.word(key, "a store name");
                        List<String> family = kind == Kind.STORE_BASE ? FAMILIES.getOrDefault(name, List.of()) : List.of();
                        if (store != null && storeName(s, key, store, family)) {
                            b.text(key, store);
                        }
                    }
                    case DURATION, DURATION_OR_OFF -> {
                        Duration d = s.duration(key, kind == Kind.DURATION_OR_OFF);
                        if (d != null) {
                            b.duration(key, d);
                        }
                    }
                    case COUNT -> {
                        Integer n = s.integer(key, 1, Integer.MAX_VALUE);
                        if (n != null) {
                            b.number(key, n);
                        }
                    }
                    case SIZE -> {
                        var size = s.size(key, 1);
                        if (size != null) {
                            b.size(key, size);
                        }
                    }
                }
            });
            out.add(b.build());
        });
        return out;
    }

    /** Whether {@code name} (and the names made from it by {@code family}) passes the store's own rules; else reports why. */
    private static boolean storeName(Section s, String key, String name, List<String> family) {
        try {
            StoreSpec.builder(name, Object.class);
            for (String suffix : family) {
                StoreSpec.builder(name + suffix, Object.class);
            }
            return true;
        } catch (IllegalArgumentException e) {
            List<String> made = family.stream().map(f -> "'" + name + f + "'").toList();
            s.problem(key, e.getMessage() + (made.isEmpty() ? "" : " (the name also makes "
                    + (made.size() == 1 ? made.get(0) : String.join(", ", made.subList(0, made.size() - 1)) + " and "
                    + made.get(made.size() - 1)) + ")"));
            return false;
        }
    }
}
