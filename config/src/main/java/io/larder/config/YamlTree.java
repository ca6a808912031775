package io.larder.config;

import java.io.Reader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The YAML document as SnakeYAML's node tree, which keeps every value's line and column.
 * Nothing is constructed into Java objects, so no tag can instantiate a class. Stateless.
 */
final class YamlTree {

    private YamlTree() {
    }

    /**
     * The document's root mapping; an empty document is an empty mapping. A syntax error, or a
     * root that is not a mapping, is added to {@code problems} and gives {@code null}.
     */
    static @Nullable MappingNode compose(Reader reader, Problems problems) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMergeOnCompose(true);            // '<<: *anchor' is resolved here, explicit keys win
        options.setAllowRecursiveKeys(false);
        options.setProcessComments(false);
        Node root;
        try {
            root = new Yaml(options).compose(reader);
        } catch (MarkedYAMLException e) {
            // the exception's own message quotes the offending line, which may hold a password:
            // report the problem and its position only
            String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
            problems.at(e.getProblemMark(), "not valid YAML: " + e.getProblem() + context);
            return null;
        } catch (YAMLException e) {
            problems.general("cannot read the YAML document: " + e.getMessage());
            return null;
        }
        if (root == null || isNull(root)) {
            return emptyMapping(null);
        }
        if (!(root instanceof MappingNode mapping)) {
            problems.at("(document)", root, "expected a mapping with the keys 'larder' and 'environments'");
            return null;
        }
        return mapping;
    }

    /** Reports every key repeated within one mapping, and every key that is not text, anywhere in the tree. */
    static void checkKeys(Node node, String path, Problems problems) {
        checkKeys(node, path, problems, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static void checkKeys(Node node, String path, Problems problems, Set<Node> seen) {
        if (!seen.add(node)) {
            return;                                  // an alias: its target is checked once
        }
        if (node instanceof MappingNode mapping) {
            Map<String, Node> first = new LinkedHashMap<>();
            for (NodeTuple t : mapping.getValue()) {
                String key = key(t);
                if (key == null) {
                    problems.at(path.isEmpty() ? "(document)" : path, t.getKeyNode(), "keys must be plain text");
                    continue;
                }
                String child = join(path, key);
                Node earlier = first.putIfAbsent(key, t.getKeyNode());
                if (earlier != null) {
                    problems.at(child, t.getKeyNode(), "repeated key '" + key + "' (first given at "
                            + problems.where(earlier) + ")");
                }
                checkKeys(t.getValueNode(), child, problems, seen);
            }
        } else if (node instanceof SequenceNode sequence) {
            List<Node> items = sequence.getValue();
            for (int i = 0; i < items.size(); i++) {
                checkKeys(items.get(i), path + "[" + i + "]", problems, seen);
            }
        }
    }

    /**
     * {@code overlay} deep-merged over {@code base}: mappings merge key by key, lists and scalars
     * replace, and an empty (null) overlay changes nothing. Each value keeps the node, and so the
     * position, of the document that gave it. Neither input is changed.
     */
    static @Nullable Node merge(@Nullable Node base, @Nullable Node overlay) {
        if (overlay == null || isNull(overlay) && base instanceof MappingNode) {
            return base;
        }
        if (!(base instanceof MappingNode b) || !(overlay instanceof MappingNode o)) {
            return overlay;
        }
        Map<String, NodeTuple> merged = new LinkedHashMap<>();
        for (NodeTuple t : b.getValue()) {
            merged.put(key(t), t);
        }
        for (NodeTuple t : o.getValue()) {
            NodeTuple under = merged.get(key(t));
            merged.put(key(t), under == null ? t
                    : new NodeTuple(under.getKeyNode(), merge(under.getValueNode(), t.getValueNode())));
        }
        return new MappingNode(Tag.MAP, true, new ArrayList<>(merged.values()), b.getStartMark(), b.getEndMark(),
                DumperOptions.FlowStyle.AUTO);
    }

    /** The value under {@code key} in a mapping (the last one given), or {@code null}. */
    static @Nullable Node get(MappingNode mapping, String key) {
        Node found = null;
        for (NodeTuple t : mapping.getValue()) {
            if (key.equals(key(t))) {
                found = t.getValueNode();
            }
        }
        return found;
    }

    /** The key node under {@code key} in a mapping, or {@code null}. */
    static @Nullable Node keyNode(MappingNode mapping, String key) {
        Node found = null;
        for (NodeTuple t : mapping.getValue()) {
            if (key.equals(key(t))) {
                found = t.getKeyNode();
            }
        }
        return found;
    }

    /** A tuple's key as text, or {@code null} when the key is a mapping or a list. */
    static @Nullable String key(NodeTuple t) {
        return t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
    }

    /** Whether a node is YAML's null: {@code ~}, {@code null} or nothing at all. */
    static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    static MappingNode emptyMapping(@Nullable Mark at) {
        return new MappingNode(Tag.MAP, true, new ArrayList<>(), at, at, DumperOptions.FlowStyle.AUTO);
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
