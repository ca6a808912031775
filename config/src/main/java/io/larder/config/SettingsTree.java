package io.larder.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A configuration handed over by another configuration system as flat entries (a Spring
 * {@code Environment}'s {@code larder.*} properties, say): each a key path, its text and where it
 * was written. {@link LarderYaml#parse(SettingsTree, String)} reads it with exactly the keys,
 * profiles and checks of a YAML file, every problem reported at once and located by the origin
 * its entry gave. Text is taken literally: placeholders are the handing system's business, so
 * {@code ${} in a value is never expanded again. Immutable.
 *
 * <pre>{@code
 * SettingsTree tree = SettingsTree.builder("Spring Environment")
 *         .value(List.of("larder", "backend", "type"), "redis", "application.yml:3:11")
 *         .value(List.of("larder", "stores", "chat", "indexes", "[0]"), "sender_id", "application.yml:7:20")
 *         .build();
 * LarderSettings settings = LarderYaml.parse(tree, "production");
 * }</pre>
 */
public final class SettingsTree {
    private static final Pattern INDEX = Pattern.compile("\\[(\\d{1,6})]");

    private record Entry(List<String> path, String text, String origin) {
    }

    private final String source;
    private final List<Entry> entries;

    private SettingsTree(String source, List<Entry> entries) {
        this.source = source;
        this.entries = List.copyOf(entries);
    }

    /** A builder; {@code source} names the whole configuration in problems that have no single origin. */
    public static Builder builder(String source) {
        return new Builder(Objects.requireNonNull(source, "source"));
    }

    /** What names the whole configuration in messages. */
    public String source() {
        return source;
    }

    /** How many values the tree holds. */
    public int size() {
        return entries.size();
    }

    /** The entries as one node tree of mappings, lists and text; a path given two shapes is a problem. */
    MappingNode compose(Problems problems) {
        Branch root = new Branch(null);
        int order = 0;
        for (Entry e : entries) {
            Mark mark = new Mark(e.origin, 0, order++, 0, new int[0], 0);
            Branch at = root;
            for (int i = 0; i < e.path.size() - 1; i++) {
                at = at.child(e.path.get(i), mark);
            }
            at.leaf(e.path.get(e.path.size() - 1), e.text, mark);
        }
        return (MappingNode) root.node("", problems, true);
    }

    /** One mapping or list under construction: a list when every key is an index. */
    private static final class Branch {
        private final @Nullable Mark mark;                                    // null at the root
        private final Map<String, Object> children = new LinkedHashMap<>();   // Branch or ScalarNode

        private Branch(@Nullable Mark mark) {
            this.mark = mark;
        }

        Branch child(String key, Mark at) {
            Object c = children.get(key);
            if (c instanceof Branch b) {
                return b;
            }
            if (c instanceof Clash clash) {
                return clash.keys;
            }
            // an empty value beside keys under it is how flat sources write an empty mapping: the keys win
            Branch b = new Branch(at);
            children.put(key, c instanceof ScalarNode s && !s.getTag().equals(Tag.NULL) ? new Clash(s, b) : b);
            return b;
        }

        void leaf(String key, String raw, Mark at) {
            String text = raw.replace("${", "$${");     // the reader expands placeholders; these were expanded already
            ScalarNode s = text.isEmpty()
                    ? new ScalarNode(Tag.NULL, "", at, at, DumperOptions.ScalarStyle.PLAIN)
                    : new ScalarNode(Tag.STR, text, at, at, DumperOptions.ScalarStyle.PLAIN);
            Object c = children.get(key);
            if (c instanceof Branch b) {
                if (!text.isEmpty()) {
                    children.put(key, new Clash(s, b));
                }
                return;
            }
            if (!(c instanceof Clash)) {
                children.put(key, s);
            }
        }

        Node node(String path, Problems problems, boolean root) {
            boolean list = !root && !children.isEmpty() && children.keySet().stream().allMatch(k -> INDEX.matcher(k).matches());
            if (list) {
                TreeMap<Integer, Node> items = new TreeMap<>();
                children.forEach((k, v) -> items.put(Integer.parseInt(k.substring(1, k.length() - 1)),
                        value(path + k, v, problems)));
                return new SequenceNode(Tag.SEQ, true, new ArrayList<>(items.values()), mark, mark, DumperOptions.FlowStyle.AUTO);
            }
            List<NodeTuple> tuples = new ArrayList<>();
            children.forEach((k, v) -> {
                String child = path.isEmpty() ? k : path + "." + k;
                if (INDEX.matcher(k).matches()) {
                    problems.at(child, value(child, v, problems), "expected a key, got the list index " + k
                            + " beside keys");
                    return;
                }
                Node value = value(child, v, problems);
                tuples.add(new NodeTuple(new ScalarNode(Tag.STR, k, value.getStartMark(), value.getStartMark(),
                        DumperOptions.ScalarStyle.PLAIN), value));
            });
            return new MappingNode(Tag.MAP, true, tuples, mark, mark, DumperOptions.FlowStyle.AUTO);
        }

        private static Node value(String path, Object v, Problems problems) {
            if (v instanceof Branch b) {
                return b.node(path, problems, false);
            }
            if (v instanceof Clash c) {
                problems.at(path, c.value, "given both a value and keys under it (" + problems.where(c.keys.mark) + ")");
                return c.keys.node(path, problems, false);
            }
            return (ScalarNode) v;
        }
    }

    /** A path given a value by one entry and keys under it by another. */
    private record Clash(ScalarNode value, Branch keys) {
    }

    /** Builds a {@link SettingsTree}; entries keep the order given. Not thread-safe. */
    public static final class Builder {
        private final String source;
        private final List<Entry> entries = new ArrayList<>();

        private Builder(String source) {
            this.source = source;
        }

        /**
         * Adds one value.
         *
         * @param path the keys from the top ({@code larder}, {@code backend}, {@code type}); a list
         *     item's position is written as an element {@code [n]}
         * @param text the value as text; empty text reads as YAML's null
         * @param origin where it was written, as messages should show it ({@code application.yml:3:11})
         * @throws IllegalArgumentException for an empty path or an empty key
         */
        public Builder value(List<String> path, String text, String origin) {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(origin, "origin");
            if (path.isEmpty() || path.stream().anyMatch(k -> k == null || k.isEmpty())) {
                throw new IllegalArgumentException("a path needs one or more non-empty keys: " + path);
            }
            entries.add(new Entry(List.copyOf(path), text, origin));
            return this;
        }

        /** The tree. */
        public SettingsTree build() {
            return new SettingsTree(source, entries);
        }
    }
}
