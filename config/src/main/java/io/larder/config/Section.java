package io.larder.config;

import io.larder.DataSize;
import io.larder.HostPort;
import io.larder.Secret;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * One mapping of the merged configuration, read as typed values. Each reader returns
 * {@code null} when the key is absent or its value is wrong; a wrong value is reported with its
 * key path, position and what was expected, and reading goes on so every problem is found.
 * Placeholders are expanded before a value is typed. A secret's value is never quoted.
 * Not thread-safe (it adds to one {@link Problems}).
 */
final class Section {
    /** A user-named entry of a mapping (a store). */
    record Named(String name, Node keyNode, Section section) {
    }

    private final String path;
    private final MappingNode mapping;
    private final Node anchor;
    private final Problems problems;
    private final Placeholders placeholders;

    private Section(String path, MappingNode mapping, Node anchor, Problems problems, Placeholders placeholders) {
        this.path = path;
        this.mapping = mapping;
        this.anchor = anchor;
        this.problems = problems;
        this.placeholders = placeholders;
    }

    static Section root(String path, MappingNode mapping, Problems problems, Placeholders placeholders) {
        return new Section(path, mapping, mapping, problems, placeholders);
    }

    String path(String key) {
        return YamlTree.join(path, key);
    }

    /** Whether {@code key} is given a value other than null. */
    boolean has(String key) {
        Node n = node(key);
        return n != null && !YamlTree.isNull(n);
    }

    /** The value node under {@code key}, or {@code null}. */
    @Nullable Node node(String key) {
        return YamlTree.get(mapping, key);
    }

    /** The value node under {@code key} when it {@link #has} a value, else this section's {@link #anchor()}: where to point. */
    Node nodeOrAnchor(String key) {
        Node n = node(key);
        return n != null && !YamlTree.isNull(n) ? n : anchor;
    }

    /** The node to point at for this section as a whole (itself, or where it would be). */
    Node anchor() {
        return anchor;
    }

    /** Reports a problem about {@code key}, at its value, or at this section when it is absent. */
    void problem(String key, String what) {
        Node n = node(key);
        problems.at(path(key), n == null ? anchor : n, what);
    }

    /** Reports a problem about {@code key} at another node (the setting that requires it). */
    void problem(String key, Node at, String what) {
        problems.at(path(key), at, what);
    }

    /** Reports a problem about this section as a whole, at {@code at}. */
    void problemHere(Node at, String what) {
        problems.at(path, at, what);
    }

    /** How many problems the file has so far: a reader compares before and after to know if its part was clean. */
    int problemCount() {
        return problems.size();
    }

    /** The sub-section under {@code key}; absent or null reads as empty. */
    Section section(String key) {
        Node n = node(key);
        if (n instanceof MappingNode m) {
            return new Section(path(key), m, m, problems, placeholders);
        }
        Node keyNode = YamlTree.keyNode(mapping, key);
        if (n != null && !YamlTree.isNull(n)) {
            problems.at(path(key), n, "expected a mapping, got " + shape(n));
        }
        return new Section(path(key), YamlTree.emptyMapping(null), keyNode == null ? anchor : keyNode, problems, placeholders);
    }

    /** Every entry of this section, for mappings whose keys the user names. */
    List<Named> named() {
        List<Named> out = new ArrayList<>();
        for (NodeTuple t : mapping.getValue()) {
            String name = YamlTree.key(t);
            if (name != null) {
                out.add(new Named(name, t.getKeyNode(), section(name)));
            }
        }
        return out;
    }

    /**
     * The items of the list under {@code key}, each a section of its own ({@code key[i]}); an item
     * that is not a mapping is reported as not being {@code expected}. Absent reads as empty; a
     * value that is not a list is reported.
     */
    List<Section> items(String key, String expected) {
        Node n = node(key);
        List<Section> out = new ArrayList<>();
        if (n instanceof SequenceNode seq) {
            for (int i = 0; i < seq.getValue().size(); i++) {
                Node item = seq.getValue().get(i);
                String at = path(key) + "[" + i + "]";
                if (item instanceof MappingNode m) {
                    out.add(new Section(at, m, m, problems, placeholders));
                } else {
                    problems.at(at, item, "expected " + expected + ", got " + shape(item));
                }
            }
        } else if (n != null && !YamlTree.isNull(n)) {
            problems.at(path(key), n, "expected a list of " + expected + ", got " + shape(n));
        }
        return out;
    }

    @Nullable String text(String key) {
        return scalar(key, node(key), "text", false);
    }

    /** Text that must not be blank (a host, a field name). */
    @Nullable String word(String key, String expected) {
        String t = scalar(key, node(key), expected, false);
        if (t != null && t.isBlank()) {
            problem(key, "expected " + expected + ", got nothing");
            return null;
        }
        return t;
    }

    @Nullable Secret secret(String key) {
        String t = scalar(key, node(key), "text", true);
        return t == null ? null : Secret.of(t);
    }

    @Nullable Integer integer(String key, int min, int max) {
        String expected = max == Integer.MAX_VALUE ? "an integer of at least " + min
                : "an integer from " + min + " to " + max;
        String t = scalar(key, node(key), expected, false);
        if (t == null) {
            return null;
        }
        try {
            long v = Long.parseLong(t.trim());
            if (v >= min && v <= max) {
                return (int) v;
            }
        } catch (NumberFormatException e) {
            // reported below, with what was expected
        }
        problem(key, "expected " + expected + ", " + got(t));
        return null;
    }

    /** Only {@code true} and {@code false}: YAML 1.1's yes, on, y and friends are refused. */
    @Nullable Boolean bool(String key) {
        String t = scalar(key, node(key), "true or false", false);
        if (t == null) {
            return null;
        }
        if (t.equals("true") || t.equals("false")) {
            return Boolean.valueOf(t);
        }
        problem(key, "expected true or false, " + got(t));
        return null;
    }

    @Nullable Duration duration(String key, boolean zeroAllowed) {
        String expected = "a duration such as 100ms, 30s, 2m, 1h, 7d or PT30S" + (zeroAllowed ? " (0 turns it off)" : "");
        String t = scalar(key, node(key), expected, false);
        if (t == null) {
            return null;
        }
        try {
            Duration d = Durations.parse(t);
            if (d.isNegative() || d.isZero() && !zeroAllowed) {
                problem(key, "expected a positive duration, " + got(t));
                return null;
            }
            return d;
        } catch (IllegalArgumentException e) {
            problem(key, "expected " + expected + ", " + got(t));
            return null;
        }
    }

    @Nullable DataSize size(String key, long minBytes) {
        String expected = "a size such as 512B, 4KB or 1MB";
        String t = scalar(key, node(key), expected, false);
        if (t == null) {
            return null;
        }
        try {
            DataSize s = DataSize.parse(t);
            if (s.bytes() >= minBytes) {
                return s;
            }
            problem(key, "expected a size of at least " + minBytes + "B, " + got(t));
        } catch (IllegalArgumentException | ArithmeticException e) {
            problem(key, "expected " + expected + ", " + got(t));
        }
        return null;
    }

    /** One of an enum's constants, spelled in lower case with '-' ({@code redis-cluster}). */
    <E extends Enum<E>> @Nullable E choice(String key, Class<E> type) {
        List<String> valid = Arrays.stream(type.getEnumConstants()).map(Section::spelling).toList();
        String expected = "one of " + String.join(", ", valid);
        String t = scalar(key, node(key), expected, false);
        if (t == null) {
            return null;
        }
        for (E e : type.getEnumConstants()) {
            if (spelling(e).equals(t.trim())) {
                return e;
            }
        }
        problem(key, "expected " + expected + ", " + got(t) + Suggestions.didYouMean(t.trim(), valid));
        return null;
    }

    /**
     * One of {@code valid}; a value that {@code elsewhere} knows is reported with its explanation (a name whose
     * module is not on the class path), any other with the valid ones and the closest.
     */
    @Nullable String oneOf(String key, List<String> valid, Map<String, String> elsewhere) {
        String expected = "one of " + String.join(", ", valid);
        String t = scalar(key, node(key), expected, false);
        if (t == null) {
            return null;
        }
        String name = t.trim();
        if (valid.contains(name)) {
            return name;
        }
        String why = elsewhere.get(name);
        problem(key, why != null ? why : "expected " + expected + ", " + got(t) + Suggestions.didYouMean(name, valid));
        return null;
    }

    /** A list of non-blank words; a single scalar may list them separated by commas (from one variable). */
    @Nullable List<String> words(String key, String expected, String expectedList) {
        List<Word> words = wordNodes(key, expected, expectedList);
        return words == null ? null : words.stream().map(Word::text).toList();
    }

    /** A list of {@code host:port} addresses. */
    @Nullable List<HostPort> addresses(String key) {
        List<Word> words = wordNodes(key, "host:port", "a list of host:port addresses");
        if (words == null) {
            return null;
        }
        List<HostPort> out = new ArrayList<>();
        for (Word w : words) {
            try {
                out.add(HostPort.parse(w.text()));
            } catch (IllegalArgumentException e) {
                problems.at(path(key), w.node(), "expected host:port with a port from 1 to 65535, " + got(w.text()));
            }
        }
        return out;
    }

    /** A word of a list, and the node that gave it (a list item, or the scalar that listed several). */
    private record Word(String text, Node node) {
    }

    private @Nullable List<Word> wordNodes(String key, String expected, String expectedList) {
        Node n = node(key);
        if (n == null) {
            return null;
        }
        List<Word> out = new ArrayList<>();
        if (n instanceof SequenceNode seq) {
            for (int i = 0; i < seq.getValue().size(); i++) {
                Node item = seq.getValue().get(i);
                String t = scalar(key + "[" + i + "]", item, expected, false);
                if (t != null && t.isBlank()) {
                    problems.at(path(key) + "[" + i + "]", item, "expected " + expected + ", got nothing");
                } else if (t != null) {
                    out.add(new Word(t.trim(), item));
                }
            }
            return out;
        }
        String all = scalar(key, n, expectedList, false);
        if (all == null) {
            return null;
        }
        for (String part : all.split(",")) {
            if (!part.isBlank()) {
                out.add(new Word(part.trim(), n));
            }
        }
        return out;
    }

    /** A file path; empty text is no path. */
    @Nullable Path file(String key) {
        String t = text(key);
        if (t == null || t.isBlank()) {
            return null;
        }
        try {
            return Path.of(t);
        } catch (InvalidPathException e) {
            problem(key, "expected a file path, " + got(t) + " (" + e.getReason() + ")");
            return null;
        }
    }

    static String spelling(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The expanded text of a scalar; {@code null} (reported) when it is a mapping, a list or a broken placeholder. */
    private @Nullable String scalar(String key, @Nullable Node n, String expected, boolean secret) {
        if (n == null) {
            return null;
        }
        if (!(n instanceof ScalarNode s)) {
            problems.at(path(key), n, "expected " + expected + (secret ? "" : ", got " + shape(n)));
            return null;
        }
        if (YamlTree.isNull(s)) {
            return "";
        }
        try {
            return placeholders.expand(s.getValue());
        } catch (IllegalArgumentException e) {
            problems.at(path(key), n, String.valueOf(e.getMessage()));   // names the variable, never a value
            return null;
        }
    }

    private static String got(String text) {
        return text.isEmpty() ? "got nothing" : "got '" + text + "'";
    }

    private static String shape(Node n) {
        if (n instanceof MappingNode) {
            return "a mapping";
        }
        if (n instanceof SequenceNode) {
            return "a list";
        }
        String text = ((ScalarNode) n).getValue();
        return text.isEmpty() ? "nothing" : "'" + text + "'";
    }
}
