package io.larder.cli;

import io.larder.chat.ChatArchive;
import io.larder.chat.ChatQuery;
import io.larder.chat.PromptRenderer;
import io.larder.chat.Transcript;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
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
                        + "the newest of that range. Tokens are counted by --tokenizer; a message longer than "
                        + "--max-line-tokens is shown cut, and older messages that fit are still shown. The transcript "
                        + "goes to stdout, a summary to stderr."})
final class PromptCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = {"-g", "--group"}, paramLabel = "ID", description = "the group (optional when the archive holds one)")
    private @Nullable String group;

    @Option(names = {"-b", "--budget"}, paramLabel = "TOKENS", defaultValue = "2000",
            description = "most tokens of the transcript (default: ${DEFAULT-VALUE})")
    private int budget;

    @Option(names = "--tokenizer", paramLabel = "NAME", defaultValue = "cjk",
            description = "how tokens are counted: cjk (an estimate, nothing to load), o200k (OpenAI's o200k_base: "
                    + "GPT-4o and later) or cl100k (cl100k_base: GPT-4, GPT-3.5) (default: ${DEFAULT-VALUE})")
    @SuppressWarnings("NullAway.Init") // picocli sets its defaultValue before call()
    private Tokenizer tokenizer;

    @Option(names = "--max-line-tokens", paramLabel = "TOKENS",
            description = "the most one message may take; a longer one is shown cut (default: a quarter of the budget, "
                    + "at least 50)")
    private @Nullable Integer maxLineTokens;

    @Option(names = "--sender", paramLabel = "USER_ID", description = "only this sender's messages")
    private @Nullable String sender;

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
        if (maxLineTokens != null && maxLineTokens < 1) {
            throw new ParameterException(spec.commandLine(), "--max-line-tokens must be at least 1, got " + maxLineTokens);
        }
        PromptRenderer.Builder renderer = PromptRenderer.builder().zone(range.zone()).estimator(tokenizer.estimator());
        if (maxLineTokens != null) {
            renderer.maxLineTokens(maxLineTokens);
        }
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
                + (t.truncated() ? " (older messages left out, or a long one cut)" : " (all that match)");
    }

    private ChatQuery query(String g) {
        ChatQuery q = range.narrow(ChatQuery.group(g).limit(200));
        return sender == null ? q : q.sender(sender);
    }
}
