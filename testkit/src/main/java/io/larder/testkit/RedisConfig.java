package io.larder.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The lines of a {@code redis.conf}, in order. Later lines of a single-valued directive win in
 * Redis, which is how extra directives override the defaults. Not thread-safe.
 */
final class RedisConfig {

    private final List<List<String>> lines = new ArrayList<>();

    /** Adds a directive line; its arguments are quoted as needed when written. */
    RedisConfig add(String directive, Object... args) {
        List<String> line = new ArrayList<>(args.length + 1);
        line.add(directive);
        Arrays.stream(args).map(String::valueOf).forEach(line::add);
        lines.add(line);
        return this;
    }

    /** Adds all lines of another config after these. */
    RedisConfig addAll(RedisConfig other) {
        other.lines.forEach(line -> lines.add(new ArrayList<>(line)));
        return this;
    }

    /** Whether some line starts with {@code directive}. */
    boolean has(String directive) {
        return lines.stream().anyMatch(line -> line.get(0).equalsIgnoreCase(directive));
    }

    String render() {
        StringBuilder text = new StringBuilder();
        for (List<String> line : lines) {
            for (int i = 0; i < line.size(); i++) {
                if (i > 0) {
                    text.append(' ');
                }
                text.append(i == 0 ? line.get(i) : quote(line.get(i)));
            }
            text.append('\n');
        }
        return text.toString();
    }

    void write(Path file) {
        try {
            Files.writeString(file, render(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TestkitException("cannot write " + file + ": " + e, e);
        }
    }

    /** Quotes an argument the way Redis's config parser (sdssplitargs) reads it back. */
    static String quote(String arg) {
        boolean plain = !arg.isEmpty() && arg.chars().allMatch(c -> c > ' ' && c < 127 && c != '"' && c != '\'' && c != '\\');
        if (plain) {
            return arg;
        }
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : arg.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
