package io.larder;

import java.util.List;

/**
 * A configuration that cannot be used. It carries every problem found, not just the first,
 * each already phrased with its location, so a user fixes a file in one pass.
 */
public class ConfigurationException extends StorageException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    /** A single problem. */
    public ConfigurationException(String problem) {
        this(List.of(problem));
    }

    /** Several problems, reported together. */
    public ConfigurationException(List<String> problems) {
        super(render(problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem, in the order found. */
    public List<String> problems() {
        return problems;
    }

    private static String render(List<String> problems) {
        if (problems.size() == 1) {
            return problems.get(0);
        }
        StringBuilder text = new StringBuilder(problems.size() + " configuration problems:");
        problems.forEach(p -> text.append("\n  - ").append(p));
        return text.toString();
    }
}
