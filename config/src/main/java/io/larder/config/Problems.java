package io.larder.config;

import io.larder.ConfigurationException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Every problem found in one configuration file, each phrased with its key path and
 * {@code file:line:column}, thrown together as one {@link ConfigurationException}. Not thread-safe.
 */
final class Problems {
    private record Problem(int line, int column, String text) {
    }

    private final String source;
    private final boolean marksNameOrigins;
    private final List<Problem> found = new ArrayList<>();

    Problems(String source) {
        this(source, false);
    }

    /**
     * Problems of a document whose values came from several places ({@link SettingsTree}): there
     * each mark's name says where its value was written, and is shown in place of file:line:column.
     */
    Problems(String source, boolean marksNameOrigins) {
        this.source = source;
        this.marksNameOrigins = marksNameOrigins;
    }

    /** The file's name as messages show it. */
    String source() {
        return source;
    }

    /** {@code file:line:column} of a node (one-based), or the file alone when there is no node. */
    String where(@Nullable Node node) {
        return node == null ? source : where(node.getStartMark());
    }

    String where(@Nullable Mark mark) {
        if (mark != null && marksNameOrigins) {
            return mark.getName();
        }
        return mark == null ? source : source + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
    }

    /** A problem with the value at {@code path}, located at {@code node}. */
    void at(String path, @Nullable Node node, String what) {
        add(node == null ? null : node.getStartMark(), path + " at " + where(node) + ": " + what);
    }

    /** A problem located at a mark (syntax errors come with a mark, not a node). */
    void at(@Nullable Mark mark, String what) {
        add(mark, where(mark) + ": " + what);
    }

    /** A problem of the whole file. */
    void general(String what) {
        add(null, source + ": " + what);
    }

    int size() {
        return found.size();
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    /** Throws every problem found so far, in file order, as one exception. */
    void throwIfAny() {
        if (!found.isEmpty()) {
            List<String> ordered = found.stream()
                    .sorted(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column))
                    .map(Problem::text)
                    .toList();
            throw new ConfigurationException(ordered);
        }
    }

    private void add(@Nullable Mark mark, String text) {
        // problems without a place sort first: they are about the file as a whole
        Problem p = mark == null ? new Problem(-1, -1, text) : new Problem(mark.getLine(), mark.getColumn(), text);
        if (!found.contains(p)) {               // adapters that share keys (Redis and Cluster) read them both
            found.add(p);
        }
    }
}
