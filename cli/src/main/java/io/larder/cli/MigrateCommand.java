package io.larder.cli;

import io.larder.AdapterSettings;
import io.larder.BackendSettings;
import io.larder.Larder;
import io.larder.Query;
import io.larder.Storage;
import io.larder.StoreSpec;
import io.larder.chat.ChatArchive;
import io.larder.cluster.ClusterSettings;
import io.larder.config.LarderSettings;
import io.larder.memory.MemorySettings;
import io.larder.redis.RedisSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code larder migrate}: copies the stores of one configuration into another (a profile to
 * another, a file to another), streaming, then checks that each target holds as many records as
 * were read from the source; exit 1 with both numbers when not.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Copies the stores of one configuration into another.",
                "Every store (the chat archive and the stores the source file declares) is copied in batches, "
                        + "then counted: exit 1 with both numbers when a target differs. The chat archive (--store chat) "
                        + "goes with everything it keeps: its messages, daily counts, recalls waiting for their "
                        + "message and each sender's groups. Records are upserted: running it again converges."},
        footer = {"", "Examples:", "  larder migrate --config larder.yaml --from development --to production",
                "  larder migrate --from-config old.yaml --to-config new.yaml --store chat"})
@SuppressWarnings("rawtypes")
final class MigrateCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "configuration of both sides (default: the embedded one)")
    private @Nullable Path config;

    @Option(names = "--from-config", paramLabel = "FILE", description = "configuration of the source (default: --config)")
    private @Nullable Path fromConfig;

    @Option(names = "--to-config", paramLabel = "FILE", description = "configuration of the target (default: --config)")
    private @Nullable Path toConfig;

    @Option(names = "--from", paramLabel = "PROFILE", description = "profile of the source (default: the base)")
    private @Nullable String fromProfile;

    @Option(names = "--to", paramLabel = "PROFILE", description = "profile of the target (default: the base)")
    private @Nullable String toProfile;

    @Option(names = "--data", paramLabel = "DIR", description = "data folder, LARDER_DATA in both configurations")
    private @Nullable Path data;

    @Option(names = "--store", paramLabel = "NAME", description = "only this store (repeatable)")
    private @Nullable List<String> only;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1000", description = "records per batch (default: ${DEFAULT-VALUE})")
    private int batch;

    @Option(names = LarderCommand.VERBOSE, description = "stack traces on failure, info logs")
    private boolean verbose;

    @Override
    public Integer call() {
        if (batch < 1 || batch > Query.MAX_LIMIT) {
            throw new ParameterException(spec.commandLine(), "--batch must be 1.." + Query.MAX_LIMIT + ", got " + batch);
        }
        LarderSettings source = side(fromConfig, fromProfile).settings();
        LarderSettings target = side(toConfig, toProfile).settings();
        refuseUnsafe(source, target);
        PrintWriter out = spec.commandLine().getOut();
        out.println("from " + ConfigChoice.describe(source));
        out.println("to   " + ConfigChoice.describe(target));
        List<StoreCopy.Result> results = new ArrayList<>();
        try (Session fromSession = Session.open(source); Session toSession = Session.open(target)) {
            Larder from = fromSession.larder();
            Larder to = toSession.larder();
            Map<String, StoreSpec<?>> stores = StoreSelection.of(source, ChatArchive.open(from), only, spec);
            // the target's declaration of the archive's messages, checked before anything is copied
            target.store(ChatArchive.DEFAULT_NAME).ifPresent(ChatArchive::checkDeclaration);
            int width = stores.keySet().stream().mapToInt(String::length).max().orElse(0);
            for (StoreSpec<?> s : stores.values()) {
                StoreCopy.Result r = copy(s, from, source, to, target);
                results.add(r);
                out.println("  " + s.name() + " ".repeat(width - s.name().length()) + "  " + HumanFormat.count(r.source())
                        + " records copied in " + HumanFormat.duration(r.took()) + " (" + HumanFormat.rate(r.source(), r.took())
                        + "); the target holds " + HumanFormat.count(r.target()) + (r.matches() ? "" : "  MISMATCH"));
            }
        }                                           // closing the target writes its snapshot: a failure there fails the run
        List<StoreCopy.Result> wrong = results.stream().filter(r -> !r.matches()).toList();
        if (!wrong.isEmpty()) {
            PrintWriter err = spec.commandLine().getErr();
            for (StoreCopy.Result r : wrong) {
                err.println(FailureHandler.prefix(spec.commandLine()) + "store " + r.store() + ": the source has "
                        + HumanFormat.count(r.source()) + " records, the target " + HumanFormat.count(r.target()));
            }
            return 1;
        }
        long total = results.stream().mapToLong(StoreCopy.Result::source).sum();
        out.println("migrated " + HumanFormat.count(total) + " records in " + results.size()
                + (results.size() == 1 ? " store" : " stores") + "; every count matches");
        return 0;
    }

    private ConfigChoice side(@Nullable Path file, @Nullable String profile) {
        return new ConfigChoice(file != null ? file : config, profile, data, LarderCommand.environmentOf(spec));
    }

    private <T> StoreCopy.Result copy(StoreSpec<T> s, Larder from, LarderSettings source, Larder to, LarderSettings target) {
        return StoreCopy.copy(s.name(), StoreSelection.open(from, source, s), StoreSelection.open(to, target, s), batch,
                spec.commandLine().getErr());
    }


    private void refuseUnsafe(LarderSettings source, LarderSettings target) {
        if (location(source).equals(location(target))) {
            throw new ParameterException(spec.commandLine(), "the source and the target are the same store ("
                    + location(source) + "): name another profile (--to) or file (--to-config)");
        }
        BackendSettings t = target.backend();
        if (t.provider().equals(MemorySettings.PROVIDER)
                && !t.adapter(MemorySettings.class, MemorySettings::defaults).snapshot().isEnabled()) {
            throw new ParameterException(spec.commandLine(), "the target is a memory backend without a snapshot: "
                    + "the copy would be lost when this command ends");
        }
    }

    /** Where records live: two settings with the same location are one store. */
    private static String location(LarderSettings s) {
        BackendSettings b = s.backend();
        AdapterSettings adapter = b.adapter().orElse(null);
        String where;
        if (adapter instanceof MemorySettings m && m.snapshot().path() != null) {
            where = Objects.requireNonNull(m.snapshot().path()).toAbsolutePath().normalize().toString();
        } else if (adapter instanceof RedisSettings r) {
            where = (r.mode() == RedisSettings.Mode.SENTINEL ? r.sentinel().master() + "@" + r.sentinel().nodes()
                    : r.host() + ":" + r.port()) + "/" + r.database();
        } else if (adapter instanceof ClusterSettings c) {
            where = c.nodes().toString();
        } else {
            where = b.provider() + "@" + System.identityHashCode(s);    // in one process only: memory without a snapshot
        }
        return b.provider() + " " + where + " prefix " + s.defaults().keyPrefix();
    }
}
