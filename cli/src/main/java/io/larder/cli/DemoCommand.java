package io.larder.cli;

import io.larder.Larder;
import io.larder.Page;
import io.larder.chat.ChatArchive;
import io.larder.chat.ChatExporter;
import io.larder.chat.ChatMessage;
import io.larder.chat.ChatQuery;
import io.larder.chat.DailyCount;
import io.larder.chat.ExportFormat;
import io.larder.chat.ExportReport;
import io.larder.chat.PromptRenderer;
import io.larder.chat.Transcript;
import io.larder.config.LarderSettings;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code larder demo}: the main job end to end on generated data, with nothing to install: a
 * deterministic sample of OneBot v11 group chat is written to the data folder, imported, queried,
 * rendered as a prompt within a token budget and exported as JSONL. A second run imports nothing
 * new: the store (a memory snapshot by default) kept the first run's messages.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Shows the main job on generated chat: import, query, prompt, export.",
                "Generates a sample of OneBot v11 group chat (Chinese text, emoji, images, replies, recalls, a "
                        + "few malformed lines) in the data folder, imports it, queries it, renders a prompt and exports "
                        + "JSONL. Run it twice: the second import finds every message already archived."})
final class DemoCommand implements Callable<Integer> {
    static final String SAMPLE_FILE = "sample-onebot.jsonl";
    static final String PROMPT_FILE = "prompt.txt";
    static final String MESSAGES_FILE = "export-messages.jsonl";
    static final String CHAT_FILE = "export-chat.jsonl";
    /** When the sample's first event happens: 2026-11-01 08:00 in Shanghai. */
    static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
    private static final Duration SHOWN_RANGE = Duration.ofHours(2);
    private static final int SHOWN_MESSAGES = 5;
    private static final int WIDTH = 100;
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(TimeArgument.ZONE);

    @Spec
    private CommandSpec spec;

    @Option(names = "--events", paramLabel = "N", defaultValue = "3000", description = "events generated (default: ${DEFAULT-VALUE})")
    private long events;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "the sample's seed: the same seed, the same chat (default: ${DEFAULT-VALUE})")
    private long seed;

    @Option(names = "--budget", paramLabel = "TOKENS", defaultValue = "300", description = "token budget of the prompt (default: ${DEFAULT-VALUE})")
    private int budget;

    @Mixin
    private StoreOptions store;

    @Override
    public Integer call() {
        if (events < 1 || events > 10_000_000) {
            throw new ParameterException(spec.commandLine(), "--events must be 1..10,000,000, got " + events);
        }
        if (budget < 1) {
            throw new ParameterException(spec.commandLine(), "--budget must be at least 1 token, got " + budget);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LarderSettings settings = store.settings();
        Path data = store.dataDir();
        out.println("Larder demo: group chat in, prompts and training data out");
        out.println();
        OneBotSampleGenerator generator = OneBotSampleGenerator.builder().seed(seed).start(START).build();
        Path sample = data.resolve(SAMPLE_FILE);
        generate(generator, sample);
        out.println("1. generated " + HumanFormat.count(events) + " OneBot v11 events (seed " + seed + "): " + SAMPLE_FILE
                + ", " + HumanFormat.size(size(sample)));
        String group;
        try (Session session = Session.open(settings)) {
            ChatArchive archive = ChatArchive.open(session.larder());
            ImportCommand.Imported imported = ImportCommand.run(sample, archive, ImportCommand.Reading.DEFAULT, err, List.of());
            if (imported.report() == null) {
                throw new Failure("the generated sample was refused: " + imported.refusal());
            }
            ImportSummary.print(out, SAMPLE_FILE, imported.report(), imported.took(), 3, "2. ", "     ");
            if (imported.report().taken() == 0 && imported.report().duplicates() > 0) {
                out.println("     nothing new: the store kept every message of an earlier run");
            }
            List<String> groups = Groups.all(archive);
            if (groups.isEmpty()) {
                throw new Failure("the sample imported no messages: nothing to show");
            }
            group = busiest(archive, groups);
            showRange(out, archive, group);
            Transcript prompt = PromptRenderer.builder().build().latest(archive, group, budget);
            write(data.resolve(PROMPT_FILE), prompt.text() + "\n");
            out.println("4. prompt: " + PromptCommand.summary(prompt, group, budget));
            prompt.lines().forEach(l -> out.println("     " + l));
            List<ChatQuery> all = groups.stream().map(g -> ChatQuery.group(g).limit(1000)).toList();
            ExportReport messages = JsonlExport.toFile(archive, all, ChatExporter.builder().build(),
                    data.resolve(MESSAGES_FILE), err);
            ExportReport chat = JsonlExport.toFile(archive, all, ChatExporter.builder().format(ExportFormat.CHAT)
                    .assistant(generator.botId()).build(), data.resolve(CHAT_FILE), err);
            out.println("5. exported " + HumanFormat.count(messages.messages()) + " messages of " + groups.size()
                    + " groups: one a line to " + MESSAGES_FILE + ", as " + HumanFormat.count(chat.lines())
                    + " conversations to " + CHAT_FILE);
        }
        out.println();
        out.println("where everything went (" + data + "):");
        out.println("  store    " + ConfigChoice.describe(settings));
        out.println("  sample   " + SAMPLE_FILE + "   prompt  " + PROMPT_FILE);
        out.println("  exports  " + MESSAGES_FILE + "   " + CHAT_FILE);
        out.println("next: ./larder query --group " + group + " --latest 20   ./larder stats   ./larder --help");
        return 0;
    }

    private void showRange(PrintWriter out, ChatArchive archive, String group) {
        Instant to = START.plus(SHOWN_RANGE);
        ChatQuery range = ChatQuery.group(group).between(START, to);
        long count;
        try (Stream<ChatMessage> all = archive.stream(range.limit(1000))) {
            count = all.count();
        }
        Page<ChatMessage> first = archive.list(range.limit(SHOWN_MESSAGES));
        out.println("3. group " + group + " from " + MINUTES.format(START) + " to " + MINUTES.format(to).substring(11) + ": "
                + HumanFormat.count(count) + " messages" + (first.items().isEmpty() ? "" : ", the first " + first.items().size() + ":"));
        MessageLines lines = new MessageLines(archive, TimeArgument.ZONE);
        first.items().forEach(m -> out.println(HumanFormat.clip("     " + lines.line(m), WIDTH)));
    }

    /** The group with the most messages. */
    private static String busiest(ChatArchive archive, List<String> groups) {
        LocalDate first = LocalDate.of(1970, 1, 1);
        LocalDate last = LocalDate.of(9999, 12, 30);
        return groups.stream().max(Comparator.comparingLong((String g) -> archive.dailyCounts(g, first, last).stream()
                .mapToLong(DailyCount::messages).sum())).orElseThrow();
    }

    /** Writes the sample beside its final name and moves it into place: an interrupted run leaves no half file. */
    private void generate(OneBotSampleGenerator generator, Path file) {
        try (OutputFile out = OutputFile.open(file)) {
            Writer w = new OutputStreamWriter(out.stream(), StandardCharsets.UTF_8);
            generator.write(w, events);
            out.commit();
        }
    }

    private static void write(Path file, String text) {
        try (OutputFile out = OutputFile.open(file)) {
            out.stream().write(text.getBytes(StandardCharsets.UTF_8));
            out.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
