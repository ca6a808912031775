package io.larder.cli;

import io.larder.config.LarderSettings;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options every command that opens the store shares: {@code --config}, {@code --profile},
 * {@code --data}, {@code --wait} and {@code --verbose}. A picocli mixin; filled once per run.
 */
final class StoreOptions {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML configuration (default: the embedded larder-default.yaml: memory, snapshot in the data folder)")
    private @Nullable Path config;

    @Option(names = "--profile", paramLabel = "NAME", description = "environment of the file merged over its base")
    private @Nullable String profile;

    @Option(names = "--data", paramLabel = "DIR",
            description = "data folder, LARDER_DATA in the configuration (default: $LARDER_DATA, else ./larder-data)")
    private @Nullable Path data;

    @Option(names = "--wait", description = "when the store is in use by another larder (or its server does not "
            + "answer), wait for it instead of failing")
    private boolean wait;

    @Option(names = LarderCommand.VERBOSE, description = "stack traces on failure, info logs")
    private boolean verbose;

    /** The configuration these options choose. */
    ConfigChoice choice() {
        return new ConfigChoice(config, profile, data, LarderCommand.environmentOf(mixee));
    }

    /** The settings the options name. */
    LarderSettings settings() {
        return choice().settings();
    }

    /** A running Larder for the command; close the session. */
    Session open() {
        return open(settings());
    }

    /** A running Larder of {@code settings} (read once, for a command that opens it more than once); close the session. */
    Session open(LarderSettings settings) {
        return Session.open(settings, wait, mixee.commandLine().getErr());
    }

    /** The data folder, absolute. */
    Path dataDir() {
        return choice().data();
    }
}
