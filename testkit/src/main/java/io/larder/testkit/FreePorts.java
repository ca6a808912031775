package io.larder.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Free TCP ports on the loopback interface. A port is never handed out twice in one JVM, so a
 * stopped server can be restarted on its port without another server having taken it.
 */
final class FreePorts {

    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final int CLUSTER_BUS_OFFSET = 10_000;
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private FreePorts() {
    }

    /**
     * A port that was free a moment ago. With {@code clusterBus}, port + 10000 (the cluster
     * bus) is free too. The server may still lose a race for it; callers retry on a bind error.
     */
    static synchronized int allocate(boolean clusterBus) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ephemeral();
            if (HANDED_OUT.contains(port)) {
                continue;
            }
            if (clusterBus && (port + CLUSTER_BUS_OFFSET > 65_535 || !isFree(port + CLUSTER_BUS_OFFSET))) {
                continue;
            }
            HANDED_OUT.add(port);
            return port;
        }
        throw new TestkitException("found no free loopback port in 200 attempts");
    }

    /** Whether nothing listens on the port of 127.0.0.1 (binding it succeeds). */
    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(LOOPBACK, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int ephemeral() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(LOOPBACK, 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new TestkitException("cannot bind a loopback port: " + e, e);
        }
    }
}
