package io.larder.cli.serve;

import io.larder.Health;
import io.larder.StorageException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OneBot v11's HTTP POST and reverse WebSocket in front of an {@link EventSink}, on Jetty: an
 * event is answered (HTTP 204, or an ack frame for a WebSocket client that asked) only once the
 * sink stored it. {@link #stop()} stops accepting, stores what was handed over, answers what is
 * in flight, and closes the connections. Thread-safe.
 */
public final class OneBotServer {
    /** The health page's path. */
    public static final String HEALTH_PATH = "/health";
    /** How long a stop waits for answers to be written and clients to close. */
    static final Duration DRAIN = Duration.ofSeconds(10);
    /**
     * How long a stop waits for the storage to store what was handed over: past it, what is not
     * stored is answered "not stored, send it again", so a stop with a paused or lost Redis ends
     * within a systemd or Kubernetes stop timeout instead of one command timeout per batch.
     */
    static final Duration STORE_WITHIN = Duration.ofSeconds(15);
    private static final Logger LOG = LoggerFactory.getLogger(OneBotServer.class);

    private final Server jetty;
    private final ServerConnector connector;
    private final EventSink sink;
    private final Counters counters = new Counters();
    private final Intake intake;
    private final Set<EventSocket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicLong requests = new AtomicLong();
    private final long started = System.nanoTime();
    private volatile boolean closing;
    private final HealthPage health;

    private OneBotServer(ServeSettings settings, EventSink sink, Supplier<Health> backend) {
        this.sink = sink;
        this.intake = new Intake(sink, counters);
        AccessToken token = new AccessToken(settings.accessToken());
        QueuedThreadPool threads = new QueuedThreadPool(32, 4);
        threads.setName("larder-serve");
        jetty = new Server(threads);
        connector = new ServerConnector(jetty, 1, 1);
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        jetty.addConnector(connector);
        int maxEvent = (int) settings.maxEvent().bytes();
        health = new HealthPage(this, backend, intake, counters);
        WebSocketUpgradeHandler upgrades = WebSocketUpgradeHandler.from(jetty, container -> {
            container.setMaxTextMessageSize(maxEvent);
            container.setMaxBinaryMessageSize(maxEvent);
            container.setIdleTimeout(Duration.ofMinutes(10));
            for (String path : settings.socketPaths()) {
                container.addMapping(path, (request, response, callback) -> {
                    if (!token.presentIn(request)) {
                        counters.unauthorized.increment();
                        LOG.warn(
                                "refused a WebSocket from {} without the access token", Request.getRemoteAddr(request));
                        EventHandler.fail(response, callback, HttpStatus.UNAUTHORIZED_401, "the access token is missing or wrong");
                        return null;
                    }
                    if (closing) {
                        EventHandler.fail(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "shutting down");
                        return null;
                    }
                    return new EventSocket(this, intake, counters, wantsAcks(request), settings.window(),
                            Request.getRemoteAddr(request) + ":" + Request.getRemotePort(request));
                });
            }
        });
        upgrades.setHandler(new EventHandler(this, intake, token, counters, health, maxEvent, settings.maxPending()));
        jetty.setHandler(upgrades);
        jetty.setErrorHandler(new JsonErrors());
        jetty.setStopTimeout(DRAIN.toMillis());
    }

    /**
     * Starts serving {@code settings} in front of {@code sink}, which the server owns from now on
     * ({@link #stop()} closes it); {@code backend} answers the health page.
     *
     * @throws IllegalStateException when the port cannot be bound, naming it
     */
    public static OneBotServer start(ServeSettings settings, EventSink sink, Supplier<Health> backend) {
        OneBotServer server = new OneBotServer(settings, sink, backend);
        try {
            server.jetty.start();
        } catch (Exception e) {
            try {
                server.jetty.stop();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new IllegalStateException("cannot listen on " + settings.host() + ":" + settings.port() + ": "
                    + rootMessage(e), e);
        }
        return server;
    }

    /** The port it listens on (the one chosen when asked for 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /**
     * Stops: no new connection or event is accepted (a POST is answered 503, a frame is left
     * unacknowledged), every event handed over is stored and answered (what the storage has not
     * stored within {@link #STORE_WITHIN} is answered "not stored"), the WebSocket clients are closed
     * with 1001, then the server ends. Returns the summary line.
     */
    public String stop() {
        closing = true;
        try {
            connector.close();
        } finally {
            try {
                for (EventSocket s : sockets) {
                    s.closeWhenDone();
                }
                long givenUp = sink.close(STORE_WITHIN);
                if (givenUp > 0) {
                    LOG.warn("the storage did not store {} events within {} s of the stop: they are answered 'not stored,"
                            + " send it again'", givenUp, STORE_WITHIN.toSeconds());
                }
                long deadline = System.nanoTime() + DRAIN.toNanos();
                while ((requests.get() > 0 || !sockets.isEmpty()) && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(10_000_000L);
                }
            } finally {
                health.close();
                try {
                    jetty.stop();
                } catch (Exception e) {
                    throw new IllegalStateException("the server did not stop cleanly: " + rootMessage(e), e);
                }
            }
        }
        return summary();
    }

    /** Received and stored so far, in one line. */
    public String summary() {
        Map<String, Long> c = counters.snapshot();
        long seconds = Math.max(1, Duration.ofNanos(System.nanoTime() - started).toSeconds());
        return String.format(Locale.ROOT, "served %,d s: %,d events (%,d by HTTP, %,d by WebSocket on %,d connections): "
                        + "%,d stored, %,d duplicates, %,d ignored, %,d refused, %,d malformed, %,d too large, "
                        + "%,d unauthorized, %,d not stored (backend failed), %,d answered busy",
                seconds, c.getOrDefault("http_events", 0L) + c.getOrDefault("websocket_events", 0L),
                c.get("http_events"), c.get("websocket_events"),
                c.get("websocket_connections"), c.get("stored"), c.get("duplicates"), c.get("ignored"), c.get("refused"),
                c.get("malformed"), c.get("too_large"), c.get("unauthorized"), c.get("failed"), c.get("busy"));
    }

    boolean closing() {
        return closing;
    }

    void opened(EventSocket s) {
        sockets.add(s);
        if (closing) {
            s.closeWhenDone();
        }
    }

    void closed(EventSocket s) {
        sockets.remove(s);
    }

    void requestStarted() {
        requests.incrementAndGet();
    }

    void requestEnded() {
        requests.decrementAndGet();
    }

    /** Whether the client asked for ack frames: {@code ?ack=1} (or true) or {@code X-Larder-Ack: 1}. */
    private static boolean wantsAcks(ServerUpgradeRequest request) {
        Fields query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        String v = query.getValue("ack");
        if (v == null) {
            v = request.getHeaders().get("X-Larder-Ack");
        }
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
    }

    /**
     * Why an event was not stored, for the client and the log: Larder's own message (it names the
     * backend, "Redis at host:port is unavailable: ..."), with the innermost cause's when that says
     * more; for anything else the innermost cause's message.
     */
    static String storageFailure(Throwable t) {
        Throwable top = t;
        while (top instanceof CompletionException && top.getCause() != null) {
            top = top.getCause();
        }
        String root = rootMessage(top);
        if (top instanceof StorageException && top.getMessage() != null) {
            return top.getMessage().contains(root) ? top.getMessage() : top.getMessage() + " (" + root + ")";
        }
        return root;
    }

    /** The innermost cause's message, for one line of output. */
    static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return m == null ? root.getClass().getSimpleName() : m;
    }
}
