package io.larder.cli;

import io.larder.chat.ChatArchive;
import io.larder.chat.ChatExporter;
import io.larder.chat.ChatQuery;
import io.larder.chat.ExportFormat;
import io.larder.chat.ExportReport;
import io.larder.chat.MessageFilter;
import io.larder.chat.MessageType;
import io.larder.chat.Pseudonymizer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/** {@code larder export}: groups' messages as JSON lines, for analysis ({@code messages}) or training ({@code chat}, {@code sharegpt}). */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes messages as JSON lines, for analysis or training.",
                "messages: one message a line. chat (OpenAI's fine-tuning format, {\"messages\":[{\"role\",\"content\"}]}) "
                        + "and sharegpt ({\"conversations\":[{\"from\",\"value\"}]}): one conversation a line, cut at "
                        + "--gap of silence; the --assistant ids' lines are the assistant's, everyone else's the user's "
                        + "(\"name: text\"), consecutive turns of one role merged, each conversation from the user's "
                        + "first turn to the assistant's last, and one without an assistant turn left out, so every "
                        + "line is one the format accepts. The filters apply first, in the order listed here; what "
                        + "they and the formats leave out is counted in the summary. Recalled messages are left out "
                        + "unless --include-deleted."})
final class ExportCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = {"-g", "--group"}, paramLabel = "ID", description = "a group to export (repeatable; default: every group)")
    private @Nullable List<String> groups;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "messages",
            description = "messages, chat or sharegpt (default: ${DEFAULT-VALUE})")
    @SuppressWarnings("NullAway.Init") // picocli sets its defaultValue before call()
    private ExportFormat format;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "file to write (default: standard output)")
    private @Nullable Path out;

    @Option(names = "--assistant", paramLabel = "USER_ID",
            description = "a user whose lines are the assistant's in chat and sharegpt: the bot, or a person whose voice "
                    + "is learned (repeatable; required by those formats)")
    private List<String> assistants = List.of();

    @Option(names = "--system", paramLabel = "TEXT", description = "a system message opening every conversation (chat, sharegpt)")
    private @Nullable String system;

    @Option(names = "--gap", paramLabel = "DURATION", defaultValue = "30m", converter = DurationArgument.class,
            description = "the silence that ends a conversation (default: ${DEFAULT-VALUE})")
    @SuppressWarnings("NullAway.Init") // picocli sets its defaultValue before call()
    private Duration gap;

    @Option(names = "--sender", paramLabel = "USER_ID", description = "only these senders' messages (repeatable)")
    private List<String> senders = List.of();

    @Option(names = "--type", paramLabel = "TYPE", description = "only messages of these types: text, image, voice, video, "
            + "file, face, system, other (repeatable)")
    private List<MessageType> types = List.of();

    @Option(names = "--drop-empty", description = "leave out messages with neither text nor media")
    private boolean dropEmpty;

    @Option(names = "--drop-media-only", description = "leave out pictures, voice, video, files, stickers and cards without text")
    private boolean dropMediaOnly;

    @Option(names = "--min-length", paramLabel = "N", description = "leave out messages with fewer than N characters of text")
    private @Nullable Integer minLength;

    @Option(names = "--drop-matching", paramLabel = "REGEX", converter = PatternArgument.class, description = "leave out messages whose text matches (repeatable)")
    private List<Pattern> patterns = List.of();

    @Option(names = "--collapse-floods", paramLabel = "N",
            description = "keep only the first N of a run of one sender repeating one message within --flood-window")
    private @Nullable Integer floodKeep;

    @Option(names = "--flood-window", paramLabel = "DURATION", defaultValue = "5m", converter = DurationArgument.class,
            description = "how long a repeated message counts as the same flood (default: ${DEFAULT-VALUE})")
    @SuppressWarnings("NullAway.Init") // picocli sets its defaultValue before call()
    private Duration floodWindow;

    @Option(names = "--include-deleted", description = "recalled messages too")
    private boolean includeDeleted;

    @Mixin
    private TimeRange range;
    @Mixin
    private StoreOptions store;
    @Mixin
    private PseudonymOptions pseudonym;

    @Override
    public Integer call() {
        refuseOptionsThatChangeNothing();
        if (format != ExportFormat.MESSAGES && assistants.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--format " + name(format) + " needs --assistant USER_ID: "
                    + "whose lines are the assistant's (the bot's id, or a person's)");
        }
        ChatExporter exporter = exporter(pseudonym.pseudonymizer());
        PrintWriter err = spec.commandLine().getErr();
        try (Session session = store.open()) {
            ChatArchive archive = ChatArchive.open(session.larder());
            List<String> chosen = Groups.chosenOrAll(archive, groups);
            List<ChatQuery> queries = chosen.stream().map(this::query).toList();
            ExportReport report = out == null
                    ? JsonlExport.toWriter(archive, queries, exporter, spec.commandLine().getOut(), err)
                    : JsonlExport.toFile(archive, queries, exporter, out, err);
            PrintWriter summary = out == null ? err : spec.commandLine().getOut();
            summary.println("exported " + HumanFormat.count(report.messages()) + " messages of " + chosen.size()
                    + (chosen.size() == 1 ? " group" : " groups") + " as " + HumanFormat.count(report.lines()) + " "
                    + name(format) + " lines" + (out == null ? "" : " to " + out)
                    + (pseudonym.pseudonymizer().isPresent() ? ", pseudonymized" : "") + left(report.dropped()));
        }
        return 0;
    }

    /** An option given where it has no effect is bad usage: the user expected it to change the export. */
    private void refuseOptionsThatChangeNothing() {
        ParseResult given = spec.commandLine().getParseResult();
        if (floodKeep == null && given.hasMatchedOption("--flood-window")) {
            throw new ParameterException(spec.commandLine(), "--flood-window needs --collapse-floods N: alone it changes nothing");
        }
        if (format == ExportFormat.MESSAGES) {
            for (String conversational : List.of("--assistant", "--system", "--gap")) {
                if (given.hasMatchedOption(conversational)) {
                    throw new ParameterException(spec.commandLine(), conversational + " shapes conversations: it applies to"
                            + " --format chat and sharegpt, not messages");
                }
            }
        }
    }

    private ChatExporter exporter(Optional<Pseudonymizer> aliases) {
        try {
            return builder(aliases).build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The exporter the options describe, its filters in the order the help lists them. */
    private ChatExporter.Builder builder(Optional<Pseudonymizer> aliases) {
        ChatExporter.Builder b = ChatExporter.builder().format(format).conversationGap(gap).zone(range.zone());
        assistants.forEach(b::assistant);
        aliases.ifPresent(b::pseudonymize);
        if (system != null) {
            b.system(system);
        }
        if (!senders.isEmpty()) {
            b.filter(MessageFilter.onlySenders(senders));
        }
        if (!types.isEmpty()) {
            b.filter(MessageFilter.onlyTypes(types));
        }
        if (dropEmpty) {
            b.filter(MessageFilter.dropEmpty());
        }
        if (dropMediaOnly) {
            b.filter(MessageFilter.dropMediaOnly());
        }
        if (minLength != null) {
            b.filter(MessageFilter.minLength(minLength));
        }
        if (!patterns.isEmpty()) {
            b.filter(MessageFilter.dropMatching(patterns));
        }
        if (floodKeep != null) {
            b.filter(MessageFilter.collapseFloods(floodKeep, floodWindow));
        }
        return b;
    }

    private ChatQuery query(String group) {
        ChatQuery q = range.narrow(ChatQuery.group(group).limit(1000));
        return includeDeleted ? q.includeDeleted() : q;
    }

    private static String left(Map<String, Long> dropped) {
        return dropped.isEmpty() ? "" : "; left out: " + dropped.entrySet().stream()
                .map(e -> HumanFormat.count(e.getValue()) + " " + e.getKey()).collect(Collectors.joining(", "));
    }

    private static String name(ExportFormat f) {
        return f.name().toLowerCase(Locale.ROOT);
    }
}
