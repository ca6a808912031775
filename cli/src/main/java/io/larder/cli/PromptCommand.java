package io.larder.cli;

import io.larder.chat.ChatArchive;
import io.larder.chat.ChatQuery;
import io.larder.chat.PromptRenderer;
import io.larder.chat.Transcript;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code larder prompt}: the newest messages of a group (or of a time range) that fit a token
 * budget, as a transcript on stdout ready to paste into a prompt; what it holds goes to stderr.
 */
@Command(name = "prompt", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Prints the newest messages of a group that fit a token budget.",
                "They are shown oldest first, one transcript line each, ready for a prompt. With --from/--to, "
                        + "the newest of that range. The transcript goes to stdout, a summary to stderr."})
final class PromptCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = {"-g", "--group"}, paramLabel = "ID", description = "the group (optional when the archive holds one)")
    private String group;

    @Option(names = {"-b", "--budget"}, paramLabel = "TOKENS", defaultValue = "2000",
            description = "most tokens of the transcript, estimated CJK-aware (default: ${DEFAULT-VALUE})")
    private int budget;

    @Option(names = "--sender", paramLabel = "USER_ID", description = "only this sender's messages")
    private String sender;

    @Mixin
    private TimeRange range;
    @Mixin
    private StoreOptions store;
    @Mixin
    private PseudonymOptions pseudonym;

    @Override
    public Integer call() {
        if (budget < 1) {
            throw new ParameterException(spec.commandLine(), "--budget must be at least 1 token, got " + budget);
        }
        PromptRenderer.Builder renderer = PromptRenderer.builder().zone(range.zone());
        pseudonym.pseudonymizer().ifPresent(renderer::pseudonymize);
        try (Session session = store.open()) {
            ChatArchive archive = ChatArchive.open(session.larder());
            String g = Groups.choose(archive, group, spec);
            Transcript t = renderer.build().render(archive, query(g), budget);
            PrintWriter out = spec.commandLine().getOut();
            if (!t.lines().isEmpty()) {
                out.println(t.text());
            }
            out.flush();
            spec.commandLine().getErr().println(summary(t, g, budget));
        }
        return 0;
    }

    static String summary(Transcript t, String group, int budget) {
        return "group " + group + ": " + t.messages() + (t.messages() == 1 ? " message, " : " messages, ")
                + HumanFormat.count(t.tokens()) + " of " + HumanFormat.count(budget) + " tokens"
                + (t.truncated() ? " (older messages left out)" : " (all that match)");
    }

    private ChatQuery query(String g) {
        ChatQuery q = range.narrow(ChatQuery.group(g).limit(200));
        return sender == null ? q : q.sender(sender);
    }
}
