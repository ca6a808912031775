package io.larder.benchmarks;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A run's command line: {@code --quick} and {@code --name value} pairs among the names a run
 * accepts, each refused with the list of what is accepted when unknown or without a value.
 * Immutable.
 */
final class RunOptions {
    private final boolean quick;
    private final Map<String, String> values;

    private RunOptions(boolean quick, Map<String, String> values) {
        this.quick = quick;
        this.values = values;
    }

    /**
     * {@code args} read against {@code accepted} (option names with their value's shape, {@code
     * "--rounds N"}), in the order the usage lists them.
     *
     * @throws IllegalArgumentException naming the option and what is accepted
     */
    static RunOptions parse(String[] args, List<String> accepted) {
        String usage = String.join(", ", accepted) + ", --quick";
        Map<String, String> values = new LinkedHashMap<>();
        boolean quick = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--quick")) {
                quick = true;
                continue;
            }
            if (accepted.stream().noneMatch(o -> o.split(" ")[0].equals(a))) {
                throw new IllegalArgumentException("unknown option " + a + "; expected " + usage);
            }
            if (i + 1 == args.length) {
                throw new IllegalArgumentException("option " + a + " needs a value; expected " + usage);
            }
            values.put(a, args[++i]);
        }
        return new RunOptions(quick, values);
    }

    boolean quick() {
        return quick;
    }

    /** The whole number of at least 1 given to {@code option}, else {@code otherwise}. */
    int positive(String option, int otherwise) {
        String v = values.get(option);
        return v == null ? otherwise : wholeNumber(option, v);
    }

    /** {@code value} of {@code option} as a whole number of at least 1, or an error naming both. */
    static int wholeNumber(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n < 1) {
                throw new IllegalArgumentException(option + " must be at least 1, got " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a whole number, got '" + value + "'", e);
        }
    }

    /** The path given to {@code option}, else {@code otherwise}. */
    Path path(String option, Path otherwise) {
        String v = values.get(option);
        return v == null ? otherwise : Path.of(v);
    }

    /** The text given to {@code option}, or null. */
    @Nullable String text(String option) {
        return values.get(option);
    }
}
