package io.larder.cli;

import io.larder.Health;
import io.larder.StorageUnavailableException;
import io.larder.chat.ChatArchive;
import io.larder.config.LarderSettings;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code larder health}: whether the configured backend answers, and what it reports. Exit 1 when it is down. */
@Command(name = "health", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Checks that the configured backend answers.",
                "Prints UP, DEGRADED (working, with a reason) or DOWN (exit code 1), and what the backend reports."})
final class HealthCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private StoreOptions store;

    @Override
    public Integer call() {
        LarderSettings settings = store.settings();
        PrintWriter out = spec.commandLine().getOut();
        Health h;
        try (Session session = Session.open(settings)) {
            ChatArchive.open(session.larder());             // opens the chat stores, so their records are counted
            h = session.larder().health();
        } catch (StorageUnavailableException e) {
            h = Health.down(e.getMessage());
        }
        out.println(h.status() + "  " + ConfigChoice.describe(settings)
                + (h.isUsable() ? String.format(Locale.ROOT, "  (%.2f ms)", h.latency().toNanos() / 1e6) : ""));
        int width = h.details().keySet().stream().mapToInt(String::length).max().orElse(0);
        for (Map.Entry<String, String> d : h.details().entrySet()) {
            out.println("  " + d.getKey() + " ".repeat(width - d.getKey().length()) + "  " + d.getValue());
        }
        return h.isUsable() ? 0 : 1;
    }
}
