package io.larder.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The {@code larder} command: keeps group chat history in a Larder store and pulls it back out
 * (import, query, export, prompt, stats, health, migrate, backup, restore, and a demo that does it
 * all on generated data). Exit codes: 0 done, 1 failed (one line on stderr, the stack trace only
 * with {@code --verbose}; output that could not be written fails too), 2 bad usage, 130
 * interrupted. Output is UTF-8 whatever the platform's default.
 *
 * <pre>{@code
 * int code = LarderCommand.create().execute("query", "--group", "123456", "--latest", "20");
 * }</pre>
 */
@Command(name = "larder", mixinStandardHelpOptions = true, versionProvider = LarderCommand.Version.class,
        synopsisSubcommandLabel = "COMMAND",
        description = "Keeps group chat history and pulls it back out for language models.%n"
                + "Without --config, records live in memory with a snapshot in ./larder-data (or $LARDER_DATA).",
        subcommands = {DemoCommand.class, ImportCommand.class, QueryCommand.class, ExportCommand.class,
                PromptCommand.class, StatsCommand.class, HealthCommand.class, ServeCommand.class, MigrateCommand.class, BackupCommand.class,
                RestoreCommand.class, HelpCommand.class},
        footer = {"", "Start with: larder demo"})
public final class LarderCommand implements Callable<Integer> {
    /** The option that shows stack traces and info logs. */
    static final String VERBOSE = "--verbose";

    private final Function<String, String> environment;
    @Spec
    private CommandSpec spec;

    /** The command reading the process environment. */
    public LarderCommand() {
        this(System::getenv);
    }

    LarderCommand(Function<String, String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /** Runs the command and exits the JVM with its exit code. */
    public static void main(String[] args) {
        if (Arrays.asList(args).contains(VERBOSE)) {
            // read by slf4j-simple when the first logger is made, which is after this line
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
            System.setProperty("org.slf4j.simpleLogger.log.io.larder.slow", "info");
            System.setProperty("org.slf4j.simpleLogger.log.redis.clients.jedis.ConnectionFactory", "info");
        }
        PrintWriter out = CheckedPrintWriter.of(new FileOutputStream(FileDescriptor.out), "standard output");
        PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true);
        Interruption.commandStarted();
        int code = create().setOut(out).setErr(err).execute(args);
        err.flush();
        Interruption.exit(code);
    }

    /** The command line, configured with Larder's exit codes and error reporting; set its out and err before executing. */
    public static CommandLine create() {
        return create(System::getenv);
    }

    /** As {@link #create()}, with environment variables read from {@code environment} (tests). */
    static CommandLine create(Function<String, String> environment) {
        CommandLine cl = new CommandLine(new LarderCommand(environment));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler(new FailureHandler());
        cl.setParameterExceptionHandler(new UsageErrorHandler());
        cl.setExecutionStrategy(LarderCommand::runAndDeliver);
        return cl;
    }

    /** The environment variables (tests give their own). */
    Function<String, String> environment() {
        return environment;
    }

    /** {@code larder} alone: the usage, as bad usage. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }

    /** The environment of the command a mixin or subcommand belongs to. */
    static Function<String, String> environmentOf(CommandSpec anyCommand) {
        return ((LarderCommand) anyCommand.root().userObject()).environment();
    }

    /**
     * Runs the command, then makes sure its output arrived: a {@link PrintWriter} hides write errors,
     * so output that could not be written fails the run here, whatever writer the caller gave.
     */
    private static int runAndDeliver(ParseResult parsed) {
        CommandLine cl = parsed.commandSpec().commandLine();
        int code;
        try {
            code = new CommandLine.RunLast().execute(parsed);
        } catch (UncheckedIOException e) {
            // the usage or the version, printed before any command runs and so outside the failure handler
            PrintWriter err = cl.getErr();
            err.println("larder: " + e.getMessage() + (e.getCause() == null ? "" : ": " + e.getCause().getMessage()));
            err.flush();
            return CommandLine.ExitCode.SOFTWARE;
        }
        PrintWriter out = cl.getOut();
        boolean failed;
        try {
            out.flush();
            failed = out.checkError();
        } catch (UncheckedIOException e) {
            failed = true;
        }
        if (failed && code != CommandLine.ExitCode.SOFTWARE && code != Interrupted.EXIT_CODE) {
            PrintWriter err = cl.getErr();
            err.println("larder: cannot write to standard output: what the command printed may be incomplete");
            err.flush();
            return CommandLine.ExitCode.SOFTWARE;
        }
        return code;
    }

    /** The version from the jar's manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = LarderCommand.class.getPackage().getImplementationVersion();
            return new String[] {"larder " + (v == null ? "(development build)" : v)};
        }
    }
}
