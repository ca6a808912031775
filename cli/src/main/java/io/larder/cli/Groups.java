package io.larder.cli;

import io.larder.chat.ChatArchive;
import io.larder.chat.ChatQuery;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Which group a command works on: the one named, else the only one, else the user must say. Stateless. */
final class Groups {
    private Groups() {
    }

    /** How many of the archive's groups a failure lists. */
    private static final int SHOWN = 10;

    /** What a command says when the archive has no groups. */
    static final String EMPTY = "the archive holds no messages yet: run 'larder import FILE' or 'larder demo' first "
            + "(or, if its messages were copied without their daily counts, 'larder stats --rebuild')";

    /**
     * {@code given}, once each holds a message (a recalled one counts): a group named by mistake
     * fails the command rather than giving an empty answer that looks like a true one.
     *
     * @throws Failure naming the groups that hold none, and some that do
     */
    static List<String> held(ChatArchive archive, List<String> given) {
        List<String> missing = given.stream()
                .filter(g -> archive.list(ChatQuery.group(g).includeDeleted().limit(1)).items().isEmpty()).toList();
        if (missing.isEmpty()) {
            return given;
        }
        List<String> groups = all(archive);
        String some = groups.isEmpty() ? "none"
                : String.join(", ", groups.subList(0, Math.min(groups.size(), SHOWN))) + (groups.size() > SHOWN ? ", ..." : "");
        throw new Failure("the archive holds no message of " + (missing.size() == 1 ? "group " : "groups ")
                + String.join(", ", missing) + " (groups it holds: " + some + ")");
    }

    /** Every group of the archive, in numeric order where ids are numbers. */
    static List<String> all(ChatArchive archive) {
        List<String> groups = new ArrayList<>(archive.groups());
        groups.sort(Comparator.comparing((String g) -> g.length()).thenComparing(Comparator.naturalOrder()));
        return groups;
    }

    /**
     * {@code given} when set; else every group of the archive.
     *
     * @throws Failure when the archive is empty, or a group given holds no message
     */
    static List<String> chosenOrAll(ChatArchive archive, @Nullable List<String> given) {
        if (given != null && !given.isEmpty()) {
            return held(archive, given);
        }
        List<String> groups = all(archive);
        if (groups.isEmpty()) {
            throw new Failure(EMPTY);
        }
        return groups;
    }

    /**
     * {@code given} when set; else the archive's only group.
     *
     * @throws Failure when the archive is empty, or the group given holds no message
     * @throws ParameterException when it holds several groups (they are listed)
     */
    static String choose(ChatArchive archive, @Nullable String given, CommandSpec command) {
        if (given != null) {
            return held(archive, List.of(given)).get(0);
        }
        List<String> groups = all(archive);
        if (groups.isEmpty()) {
            throw new Failure(EMPTY);
        }
        if (groups.size() == 1) {
            return groups.get(0);
        }
        throw new ParameterException(command.commandLine(), "name a group with --group; the archive holds "
                + String.join(", ", groups));
    }
}
