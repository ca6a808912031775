package io.larder.cli.serve;

import io.larder.DataSize;
import java.util.List;
import java.util.Objects;

/**
 * How {@code larder serve} listens. The access token is kept out of {@link #toString()}.
 *
 * @param host the address to bind, {@code 127.0.0.1} for this machine only
 * @param port the port, 0 for any free one
 * @param socketPaths the reverse WebSocket paths, each starting with {@code /}
 * @param accessToken the OneBot access token; empty for none
 * @param maxEvent the largest event accepted, as an HTTP body or a WebSocket message
 * @param window events one WebSocket connection may have received and not yet had stored; the
 *        server stops reading that connection until some are stored
 * @param maxPending events all HTTP requests together may have pending; beyond it a POST is
 *        answered 503 with {@code Retry-After}
 */
public record ServeSettings(String host, int port, List<String> socketPaths, String accessToken, DataSize maxEvent,
                            int window, int maxPending) {
    /** The reverse WebSocket path OneBot v11 implementations use by default. */
    public static final String DEFAULT_SOCKET_PATH = "/onebot/v11/ws";

    /** Checks every value, naming the one that is wrong. */
    public ServeSettings {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        socketPaths = List.copyOf(socketPaths);
        if (socketPaths.isEmpty()) {
            throw new IllegalArgumentException("at least one WebSocket path is needed");
        }
        for (String p : socketPaths) {
            if (!p.startsWith("/") || p.equals(OneBotServer.HEALTH_PATH)) {
                throw new IllegalArgumentException("a WebSocket path starts with / and is not "
                        + OneBotServer.HEALTH_PATH + ", got '" + p + "'");
            }
        }
        Objects.requireNonNull(accessToken, "accessToken");
        if (maxEvent.bytes() < 1024 || maxEvent.bytes() > Integer.MAX_VALUE - 1024) {
            throw new IllegalArgumentException("the largest event must be 1KB..2GB, got " + maxEvent);
        }
        if (window < 1) {
            throw new IllegalArgumentException("the window must be at least 1, got " + window);
        }
        if (maxPending < 1) {
            throw new IllegalArgumentException("the pending limit must be at least 1, got " + maxPending);
        }
    }

    /** Whether clients must present the access token. */
    public boolean tokenRequired() {
        return !accessToken.isEmpty();
    }

    @Override
    public String toString() {
        return "ServeSettings{host=" + host + ", port=" + port + ", socketPaths=" + socketPaths + ", accessToken="
                + (tokenRequired() ? "(set)" : "(none)") + ", maxEvent=" + maxEvent + ", window=" + window
                + ", maxPending=" + maxPending + "}";
    }
}
