package io.larder.cli;

import io.larder.Health;
import io.larder.Larder;
import io.larder.StorageUnavailableException;
import io.larder.StoreSpec;
import io.larder.chat.ChatArchive;
import io.larder.config.LarderSettings;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code larder health}: whether the configured backend answers, what it reports, and how each
 * store fares on it (a store keeping records forever on a server that persists nothing, or whose
 * memory policy may evict them, is degraded). Exit 1 when it is down.
 */
@Command(name = "health", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Checks that the configured backend answers, and how each store fares on it.",
                "Prints UP, DEGRADED (working, with a reason) or DOWN (exit code 1), what the backend reports "
                        + "(on Redis: persistence, maxmemory and maxmemory-policy among the rest), then each store of "
                        + "the chat archive and of the configuration with its own status: a store that keeps records "
                        + "without expiry is degraded on a server that persists nothing or may evict it "
                        + "(maxmemory-policy allkeys-*). The first line is the worst of them all."})
final class HealthCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private StoreOptions store;

    @Override
    public Integer call() {
        LarderSettings settings = store.settings();
        PrintWriter out = spec.commandLine().getOut();
        Health backend;
        Map<String, Health> stores = new LinkedHashMap<>();
        try (Session session = store.open()) {
            Larder larder = session.larder();
            for (StoreSpec<?> s : ChatArchive.open(larder).stores()) {
                stores.put(s.name(), larder.store(s).health());
            }
            for (StoreSpec<?> s : settings.stores()) {
                stores.computeIfAbsent(s.name(), name -> larder.store(name, s.type()).health());
            }
            // after the stores are open: the memory backend counts only the stores opened (their records load on open)
            backend = larder.health();
        } catch (StorageUnavailableException e) {
            backend = Health.down(FailureHandler.withRootCause(e));
        }
        Health.Status worst = backend.status();
        for (Health h : stores.values()) {
            worst = worse(worst, h.status());
        }
        out.println(worst + "  " + ConfigChoice.describe(settings)
                + (backend.isUsable() ? String.format(Locale.ROOT, "  (%.2f ms)", backend.latency().toNanos() / 1e6) : ""));
        details(out, backend.details());
        if (!stores.isEmpty()) {
            out.println("stores:");
            int width = stores.keySet().stream().mapToInt(String::length).max().orElse(0);
            for (Map.Entry<String, Health> e : stores.entrySet()) {
                out.println("  " + e.getKey() + " ".repeat(width - e.getKey().length()) + "  " + e.getValue().status()
                        + reasonBeyond(e.getValue(), backend));
            }
        }
        return worst == Health.Status.DOWN ? 1 : 0;
    }

    private static void details(PrintWriter out, Map<String, String> details) {
        int width = details.keySet().stream().mapToInt(String::length).max().orElse(0);
        for (Map.Entry<String, String> d : details.entrySet()) {
            out.println("  " + d.getKey() + " ".repeat(width - d.getKey().length()) + "  " + d.getValue());
        }
    }

    /**
     * The store's reasons that the backend's own health does not already give; a store that is not
     * UP for the backend's reasons alone says so, so that no status stands without a reason.
     */
    private static String reasonBeyond(Health store, Health backend) {
        String reason = store.details().getOrDefault("reason", "");
        String known = backend.details().getOrDefault("reason", "");
        List<String> own = List.of(reason.split("; ")).stream().filter(r -> !r.isEmpty() && !known.contains(r)).toList();
        if (own.isEmpty()) {
            return store.status() == Health.Status.UP ? "" : "  for the backend's reason above";
        }
        return "  " + String.join("; ", own);
    }

    private static Health.Status worse(Health.Status a, Health.Status b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }
}
