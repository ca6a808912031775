package io.larder.cli;

import io.larder.chat.ChatArchive;
import io.larder.chat.ChatExporter;
import io.larder.chat.ChatQuery;
import io.larder.chat.ExportFormat;
import io.larder.chat.ExportReport;
import io.larder.chat.Pseudonymizer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code larder export}: groups' messages as JSON lines, for analysis ({@code messages}) or training ({@code chat}). */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes messages as JSON lines, for analysis or training.",
                "One message a line (--format messages) or one conversation a line (--format chat: "
                        + "{\"messages\":[{\"role\",\"content\"}],\"meta\"}, cut at 30 minutes of silence). Recalled "
                        + "messages are left out unless --include-deleted."})
final class ExportCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = {"-g", "--group"}, paramLabel = "ID", description = "a group to export (repeatable; default: every group)")
    private List<String> groups;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "messages",
            description = "messages or chat (default: ${DEFAULT-VALUE})")
    private ExportFormat format;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "file to write (default: standard output)")
    private Path out;

    @Option(names = "--from", paramLabel = "TIME", converter = TimeArgument.class, description = "from this time, included")
    private Instant from;

    @Option(names = "--to", paramLabel = "TIME", converter = TimeArgument.class, description = "to this time, excluded")
    private Instant to;

    @Option(names = "--assistant", paramLabel = "USER_ID",
            description = "a user id that speaks as the assistant in the chat format (the bot; repeatable)")
    private List<String> assistants = List.of();

    @Option(names = "--include-deleted", description = "recalled messages too")
    private boolean includeDeleted;

    @Mixin
    private StoreOptions store;
    @Mixin
    private PseudonymOptions pseudonym;

    @Override
    public Integer call() {
        if (from != null && to != null && from.isAfter(to)) {
            throw new ParameterException(spec.commandLine(), "--from " + from + " is after --to " + to);
        }
        Optional<Pseudonymizer> aliases = pseudonym.pseudonymizer();
        PrintWriter err = spec.commandLine().getErr();
        try (Session session = store.open()) {
            ChatArchive archive = ChatArchive.open(session.larder());
            List<String> chosen = Groups.chosenOrAll(archive, groups);
            List<ChatQuery> queries = chosen.stream().map(this::query).toList();
            ExportReport report = out == null
                    ? JsonlExport.toWriter(archive, queries, exporter(aliases), spec.commandLine().getOut(), err)
                    : JsonlExport.toFile(archive, queries, exporter(aliases), out, err);
            PrintWriter summary = out == null ? err : spec.commandLine().getOut();
            summary.println("exported " + HumanFormat.count(report.messages()) + " messages of " + chosen.size()
                    + (chosen.size() == 1 ? " group" : " groups") + " as " + HumanFormat.count(report.lines()) + " "
                    + format.name().toLowerCase(Locale.ROOT) + " lines" + (out == null ? "" : " to " + out)
                    + (aliases.isPresent() ? ", pseudonymized" : ""));
        }
        return 0;
    }

    private ChatExporter exporter(Optional<Pseudonymizer> aliases) {
        ChatExporter.Builder b = ChatExporter.builder().format(format);
        assistants.forEach(b::assistant);
        aliases.ifPresent(b::pseudonymize);
        return b.build();
    }

    private ChatQuery query(String group) {
        ChatQuery q = ChatQuery.group(group).limit(1000);
        if (from != null) {
            q = q.since(from);
        }
        if (to != null) {
            q = q.until(to);
        }
        return includeDeleted ? q.includeDeleted() : q;
    }
}
