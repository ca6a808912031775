package io.larder.testkit;

import java.util.Objects;

/**
 * The address of one server, as Redis and its clients spell it ({@code 127.0.0.1:6379}).
 *
 * @param host an IP address or host name
 * @param port the TCP port, 1 to 65535
 */
public record HostAndPort(String host, int port) {

    /** Checks the arguments. */
    public HostAndPort {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 1..65535, was " + port);
        }
    }

    /** Parses {@code host:port}, the form Sentinel and {@code CLUSTER NODES} report. */
    public static HostAndPort parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("expected host:port, was '" + text + "'");
        }
        return new HostAndPort(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
    }

    @Override
    public String toString() {
        return host + ':' + port;
    }
}
