package io.larder.benchmarks;

import io.larder.testkit.CommandStats;
import io.larder.testkit.RedisProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one decision costs the server, counted by the server: client commands (round trips, from
 * {@code MONITOR}, which marks the commands a script runs with {@code lua}) and every command it
 * ran (from {@code INFO commandstats}, scripts' commands included).
 */
final class RoundTrips {
    private static final String END = "larder-round-trips-end";

    /**
     * Per decision: commands clients sent and commands the server ran.
     *
     * @param roundTrips commands sent by clients per decision
     * @param serverCommands commands the server ran per decision, those inside scripts included
     */
    record PerDecision(double roundTrips, double serverCommands) {
    }

    private RoundTrips() {
    }

    /** Runs {@code work}, which makes {@code decisions} decisions, and counts what the server did for them. */
    static PerDecision count(RedisProcess server, int decisions, Runnable work) {
        server.resetStats();
        CommandStats before = server.commandStats();
        AtomicLong fromClients = new AtomicLong();
        try (Socket socket = new Socket(server.host(), server.port())) {
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out.write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String ok = in.readLine();
            if (!"+OK".equals(ok)) {
                throw new IllegalStateException("MONITOR answered " + ok);
            }
            Thread reader = new Thread(() -> read(in, fromClients), "monitor");
            reader.start();
            work.run();
            server.call("ECHO", END);
            reader.join(60_000);
            if (reader.isAlive()) {
                throw new IllegalStateException("MONITOR did not see the end of the count within a minute");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        CommandStats after = server.commandStats();
        long ran = 0;
        for (var e : after.asMap().entrySet()) {
            String c = e.getKey();
            if (!c.startsWith("config") && !c.equals("info") && !c.equals("monitor") && !c.equals("echo")) {
                ran += e.getValue() - before.calls(c);
            }
        }
        return new PerDecision((double) fromClients.get() / decisions, (double) ran / decisions);
    }

    private static void read(BufferedReader in, AtomicLong fromClients) {
        try {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.contains(END)) {
                    return;
                }
                int open = line.indexOf('[');
                int close = line.indexOf(']', open);
                if (open < 0 || close < 0) {
                    continue;
                }
                if (!line.substring(open, close).contains("lua")) {
                    fromClients.incrementAndGet();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
