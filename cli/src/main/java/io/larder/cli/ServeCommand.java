package io.larder.cli;

import io.larder.DataSize;
import io.larder.chat.ChatArchive;
import io.larder.cli.serve.EventSink;
import io.larder.cli.serve.OneBotServer;
import io.larder.cli.serve.ServeSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/**
 * {@code larder serve}: receives OneBot v11 events as they happen, by HTTP POST and by reverse
 * WebSocket, and stores them in the chat archive, answering each only once stored. Runs until
 * SIGTERM or Ctrl-C, then stores what it was handed (waiting at most 15 s for the storage), answers,
 * and exits 0 with a summary.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Receives OneBot v11 events as they happen and stores them in the chat archive.",
                "Point the OneBot implementation (NapCat, Lagrange, go-cqhttp...) at it: HTTP POST to "
                        + "http://HOST:PORT/ (any path), or reverse WebSocket to ws://HOST:PORT/onebot/v11/ws. "
                        + "An HTTP event is answered 204 once stored; a WebSocket client that connects with ?ack=1 gets "
                        + "one ack frame per event once stored. GET /health reports the backend and the counters.",
                "The access token (as OneBot sends it: Authorization: Bearer, ?access_token=, or X-Signature on HTTP) "
                        + "comes from $LARDER_ACCESS_TOKEN or --access-token-file; without one, anyone who reaches the "
                        + "port may post events. A $LARDER_ACCESS_TOKEN that is set but empty is refused.",
                "SIGTERM or Ctrl-C: stops accepting, stores every event received, answers, exits 0 with a summary. "
                        + "It waits at most 15 s for the storage: what it has not stored by then is answered 'not stored, "
                        + "send it again'."})
final class ServeCommand implements Callable<Integer> {
    /** The environment variable holding the access token. */
    static final String TOKEN_VARIABLE = "LARDER_ACCESS_TOKEN";

    @Spec
    private CommandSpec spec;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "the address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for all)")
    @SuppressWarnings("NullAway.Init") // picocli sets its defaultValue before call()
    private String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080", description = "the port (default: ${DEFAULT-VALUE}; 0 for any free one)")
    private int port;

    @Option(names = "--ws-path", paramLabel = "PATH", split = ",",
            description = "reverse WebSocket paths (default: " + ServeSettings.DEFAULT_SOCKET_PATH + ")")
    private @Nullable List<String> socketPaths;

    @Option(names = "--access-token-file", paramLabel = "FILE",
            description = "a file holding the access token (its first line); default: $" + TOKEN_VARIABLE)
    private @Nullable Path tokenFile;

    @Option(names = "--max-event", paramLabel = "SIZE", defaultValue = "4MB", converter = SizeArgument.class,
            description = "the largest event accepted (default: ${DEFAULT-VALUE}); a larger HTTP body is refused with "
                    + "413 without buffering it, a larger WebSocket message closes the connection with 1009")
    @SuppressWarnings("NullAway.Init") // picocli sets its defaultValue before call()
    private DataSize maxEvent;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "500", description = "events stored per batch (default: ${DEFAULT-VALUE})")
    private int batch;

    @Option(names = "--flush-after", paramLabel = "DURATION", defaultValue = "200ms", converter = DurationArgument.class,
            description = "the longest an event waits for its batch to fill (default: ${DEFAULT-VALUE}; at most 1s)")
    @SuppressWarnings("NullAway.Init") // picocli sets its defaultValue before call()
    private Duration flushAfter;

    @Option(names = "--window", paramLabel = "N", defaultValue = "1000",
            description = "events one WebSocket connection may have unacknowledged before the server stops reading it "
                    + "(default: ${DEFAULT-VALUE})")
    private int window;

    @Option(names = "--max-pending", paramLabel = "N", defaultValue = "10000",
            description = "events waiting to be stored before a POST is answered 503 (default: ${DEFAULT-VALUE})")
    private int maxPending;

    @Mixin
    private StoreOptions store;

    @Override
    public Integer call() {
        if (batch < 1) {
            throw new ParameterException(spec.commandLine(), "--batch must be at least 1, got " + batch);
        }
        if (flushAfter.isNegative() || flushAfter.isZero() || flushAfter.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new ParameterException(spec.commandLine(), "--flush-after must be 1ms..1s, got " + flushAfter.toMillis() + "ms");
        }
        ServeSettings settings;
        try {
            settings = new ServeSettings(host, port, socketPaths == null ? List.of(ServeSettings.DEFAULT_SOCKET_PATH)
                    : socketPaths, token(), maxEvent, window, maxPending);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CountDownLatch stop = new CountDownLatch(1);
        try (Session session = store.open()) {
            ChatArchive archive = ChatArchive.open(session.larder());
            EventSink sink = EventSink.over(archive, batch, flushAfter, Math.max(maxPending, window) * 2);
            OneBotServer server;
            try {
                server = OneBotServer.start(settings, sink, session.larder()::health);
            } catch (IllegalStateException e) {
                sink.close();
                throw new Failure(String.valueOf(e.getMessage()), e);
            }
            // our own handlers: the JVM's would start its shutdown before the events are stored
            Signal.handle(new Signal("TERM"), s -> stop.countDown());
            Signal.handle(new Signal("INT"), s -> stop.countDown());
            err.println("larder serve: listening on " + settings.host() + ":" + server.port() + " (HTTP POST: any path; "
                    + "WebSocket: " + String.join(", ", settings.socketPaths()) + "; health: " + OneBotServer.HEALTH_PATH
                    + "; " + (settings.tokenRequired() ? "access token required" : "no access token") + ") on "
                    + ConfigChoice.describe(store.settings()));
            err.flush();
            awaitUninterruptibly(stop);
            err.println("larder serve: stopping: storing what was received");
            err.flush();
            out.println(server.stop());
        }
        return 0;
    }

    /** The token from the file or the environment; empty for none. */
    private String token() {
        if (tokenFile != null) {
            try {
                List<String> lines = Files.readAllLines(tokenFile, StandardCharsets.UTF_8);
                String t = lines.isEmpty() ? "" : lines.get(0).strip();
                if (t.isEmpty()) {
                    throw new ParameterException(spec.commandLine(), "--access-token-file " + tokenFile + " is empty");
                }
                return t;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the access token file " + tokenFile, e);
            }
        }
        String t = LarderCommand.environmentOf(spec).apply(TOKEN_VARIABLE);
        if (t != null && t.isBlank()) {
            // most likely a secret that failed to arrive: serving open instead would expose the archive
            throw new ParameterException(spec.commandLine(), "$" + TOKEN_VARIABLE + " is set but empty: set it to the access token,"
                    + " or unset it to serve without one");
        }
        return t == null ? "" : t.strip();
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
