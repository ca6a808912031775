package io.larder.testkit;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many times a server ran each command, from {@code INFO commandstats}: the way tests
 * count round trips per node. Keys are lower-case command names as Redis reports them
 * ({@code get}, and on Redis 7 {@code cluster|slots} for subcommands). Immutable.
 *
 * <p>The counts include the testkit's own admin commands since the last reset (one
 * {@code config|resetstat} or {@code config} right after {@link RedisProcess#resetStats()});
 * {@code INFO} does not count the call that reads it.
 */
public final class CommandStats {

    private final Map<String, Long> calls;

    private CommandStats(Map<String, Long> calls) {
        this.calls = Collections.unmodifiableMap(calls);
    }

    static CommandStats parse(String info) {
        Map<String, Long> calls = new TreeMap<>();
        for (String line : info.split("\r\n")) {
            if (!line.startsWith("cmdstat_")) {
                continue;
            }
            int colon = line.indexOf(':');
            String command = line.substring("cmdstat_".length(), colon);
            for (String field : line.substring(colon + 1).split(",")) {
                if (field.startsWith("calls=")) {
                    calls.put(command.toLowerCase(Locale.ROOT), Long.parseLong(field.substring("calls=".length())));
                }
            }
        }
        return new CommandStats(calls);
    }

    /** Calls of one command, 0 if it never ran; the name is matched case-insensitively. */
    public long calls(String command) {
        return calls.getOrDefault(command.toLowerCase(Locale.ROOT), 0L);
    }

    /** Calls of all commands together. */
    public long total() {
        return calls.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Command name → calls, sorted by name. */
    public Map<String, Long> asMap() {
        return calls;
    }

    @Override
    public String toString() {
        return "CommandStats" + calls;
    }
}
