package io.larder.cli.serve;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reverse WebSocket connection: each text frame is one event. The next frame is read only
 * while fewer than {@code window} events (and acknowledgements not yet written) are outstanding,
 * so a flood waits in the client's TCP buffer, never in this process. With acknowledgements asked
 * for, each frame is answered by a {@link Frames} frame once stored; without, nothing is ever
 * sent (a OneBot implementation would read a frame as an API call). Frames arrive whole: a
 * message cut by a disconnect is never handed over. Thread-safe (Jetty calls it serially; stored
 * events complete on the sink's thread).
 *
 * <p>Public only because Jetty calls a listener's methods through method handles of the public
 * lookup, which refuses a package-private class (every upgrade then failed with 500); it is made
 * only by {@link OneBotServer}.
 */
public final class EventSocket implements Session.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(EventSocket.class);

    private final OneBotServer server;
    private final Intake intake;
    private final Counters counters;
    private final boolean acks;
    private final int window;
    private final String peer;
    private volatile @Nullable Session session;
    private long seq;
    private int outstanding;
    private boolean demanded;
    private boolean closeWhenDone;

    EventSocket(OneBotServer server, Intake intake, Counters counters, boolean acks, int window, String peer) {
        this.server = server;
        this.intake = intake;
        this.counters = counters;
        this.acks = acks;
        this.window = window;
        this.peer = peer;
    }

    @Override
    public void onWebSocketOpen(Session s) {
        this.session = s;
        counters.connections.increment();
        counters.open.incrementAndGet();
        server.opened(this);
        LOG.info("{} connected{}", peer, acks ? " (acknowledgements on)" : "");
        demandIfRoom();
    }

    @Override
    public void onWebSocketText(String text) {
        long n;
        synchronized (this) {
            n = ++seq;
            demanded = false;
        }
        if (server.closing()) {
            // not handed over and not acknowledged: the client sends it again to the next server
            return;
        }
        counters.socketEvents.increment();
        CompletableFuture<EventSink.Outcome> stored;
        try {
            stored = intake.take(text);
        } catch (Intake.MalformedException e) {
            LOG.debug("frame {} from {} refused: {}", n, peer, e.getMessage());
            send(n, Frames.error(n, String.valueOf(e.getMessage())));
            demandIfRoom();
            return;
        }
        synchronized (this) {
            outstanding++;
        }
        stored.whenComplete((outcome, failure) -> {
            synchronized (this) {
                outstanding--;
            }
            if (failure != null) {
                LOG.debug("frame {} from {} was not stored: {}", n, peer, OneBotServer.storageFailure(failure));   // the log's line is WriteWatch's
                send(n, Frames.retry(n, "not stored: " + OneBotServer.storageFailure(failure)));
            } else {
                send(n, Frames.ack(n, outcome));
            }
            demandIfRoom();
        });
        demandIfRoom();
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        long n;
        synchronized (this) {
            n = ++seq;
            demanded = false;
        }
        counters.malformed.increment();
        callback.succeed();
        send(n, Frames.error(n, "a binary frame: OneBot events are text frames of JSON"));
        demandIfRoom();
    }

    @Override
    public void onWebSocketPing(ByteBuffer payload) {
        // Jetty answers a ping itself only for a listener without this method; here it is ours to
        // answer (a client that pings to keep the connection would otherwise drop it and reconnect)
        Session s = session;
        if (s != null && s.isOpen()) {
            s.sendPong(payload, Callback.from(() -> { }, failure -> LOG.debug("the pong to {} was not sent: {}", peer,
                    OneBotServer.rootMessage(failure))));
        }
        controlFrame();
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
        controlFrame();
    }

    private void controlFrame() {
        synchronized (this) {
            demanded = false;
        }
        demandIfRoom();
    }

    @Override
    public void onWebSocketClose(int statusCode, @Nullable String reason, Callback callback) {
        counters.open.decrementAndGet();
        if (statusCode != StatusCode.NORMAL && statusCode != StatusCode.SHUTDOWN) {
            counters.brokenConnections.increment();
        }
        LOG.info("{} disconnected ({} {})", peer, statusCode, reason == null ? "" : reason);
        server.closed(this);
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("connection from {} failed: {}", peer, OneBotServer.rootMessage(cause));
    }

    /** The server is stopping: close once every event handed over is stored and acknowledged. */
    void closeWhenDone() {
        synchronized (this) {
            closeWhenDone = true;
        }
        demandIfRoom();
    }

    private void send(long n, String frame) {
        Session s = session;
        if (!acks || s == null || !s.isOpen()) {
            return;
        }
        synchronized (this) {
            outstanding++;
        }
        s.sendText(frame, Callback.from(this::sent, failure -> sent()));
    }

    private void sent() {
        synchronized (this) {
            outstanding--;
        }
        demandIfRoom();
    }

    /**
     * Reads the next frame when there is room and no read is asked for yet (Jetty delivers one
     * frame per demand), or closes a stopping connection that has nothing left outstanding.
     */
    private void demandIfRoom() {
        Session s = session;
        if (s == null) {
            return;
        }
        boolean demand = false;
        boolean close = false;
        synchronized (this) {
            if (closeWhenDone) {
                close = outstanding == 0;
                closeWhenDone = !close;
            } else if (!demanded && outstanding < window && !server.closing()) {
                demanded = true;
                demand = true;
            }
        }
        if (close) {
            s.close(StatusCode.SHUTDOWN, "larder is shutting down: send what was not acknowledged again", Callback.NOOP);
        } else if (demand) {
            s.demand();
        }
    }
}
