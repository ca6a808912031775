package io.larder.testkit;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code redis-server} process on 127.0.0.1, with its own directory holding the generated
 * {@code redis.conf}, data files and {@code redis.log}. The port stays the same across
 * {@link #restart()}, so clients can reconnect to the address they know. Thread-safe.
 */
public final class RedisProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisProcess.class);
    private static final String HOST = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    /** How long an admin connection waits for a reply. */
    private static final Duration ADMIN_READ_TIMEOUT = Duration.ofSeconds(30);
    private static final int START_ATTEMPTS = 5;

    private final ProcessSpec spec;
    private final RedisBinary binary;
    private final int port;
    private final Path dir;
    private @Nullable Process process;
    private boolean paused;

    private RedisProcess(ProcessSpec spec, RedisBinary binary, int port, Path dir) {
        this.spec = spec;
        this.binary = binary;
        this.port = port;
        this.dir = dir;
    }

    /** Starts a server on a free port and returns once it answers PING. */
    static RedisProcess start(ProcessSpec spec) {
        RedisBinary binary = RedisBinary.locate();
        for (int attempt = 1; ; attempt++) {
            int port = FreePorts.allocate(spec.clusterBus);
            RedisProcess server = new RedisProcess(spec, binary, port, WorkDirs.create(spec.name + "-" + port));
            server.writeConfig();
            try {
                server.launch();
                return server;
            } catch (PortTakenException e) {
                // Someone bound the port between our probe and the server's bind: take another.
                if (attempt == START_ATTEMPTS) {
                    throw e;
                }
                LOG.debug("port {} was taken before {} bound it, retrying", port, spec.name);
            }
        }
    }

    /** Always {@code 127.0.0.1}: test servers listen on loopback only. */
    public String host() {
        return HOST;
    }

    /** The port clients use (the TLS port for a TLS server). */
    public int port() {
        return port;
    }

    /** {@link #host()} and {@link #port()} together. */
    public HostAndPort address() {
        return new HostAndPort(HOST, port);
    }

    /** A short name of the server's role in its topology, e.g. {@code cluster-3}. */
    public String name() {
        return spec.name;
    }

    /** The server's {@code logfile}; it stays after the server stops. */
    public Path logFile() {
        return dir.resolve("redis.log");
    }

    /** The server's working directory: config, data files, logs. */
    public Path dir() {
        return dir;
    }

    /** Whether the process is running. */
    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /**
     * Opens an admin connection, authenticated as the {@code default} user and over TLS where
     * the server requires it. The caller closes it.
     */
    public RespClient client() {
        return client(ADMIN_READ_TIMEOUT);
    }

    private RespClient client(Duration readTimeout) {
        RespClient client = RespClient.open(address(), spec.tls == null ? null : spec.tls.sslContext(), readTimeout);
        if (spec.adminPassword != null) {
            try {
                client.auth(spec.adminPassword);
            } catch (TestkitException e) {
                client.close();
                throw e;
            }
        }
        return client;
    }

    /** Sends one admin command on a fresh connection and returns the reply (see {@link RespClient#call}). */
    public @Nullable Object call(Object... args) {
        return callWaiting(ADMIN_READ_TIMEOUT, args);
    }

    /** {@link #call(Object...)} for a command that may take longer than its 30 s to answer, waiting up to {@code readTimeout}. */
    public @Nullable Object callWaiting(Duration readTimeout, Object... args) {
        try (RespClient client = client(readTimeout)) {
            return client.call(args);
        }
    }

    /** {@code INFO section} parsed into field → value, e.g. {@code info("persistence").get("aof_enabled")}. */
    public Map<String, String> info(String section) {
        String text = RespClient.textOf(call("INFO", section), "INFO");
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : text.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                fields.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return fields;
    }

    /** The first element of {@code ROLE}: {@code master}, {@code slave} or {@code sentinel}. */
    public String role() {
        List<?> reply = (List<?>) Objects.requireNonNull(call("ROLE"), "ROLE answers an array");
        return RespClient.textOf(reply.get(0), "ROLE");
    }

    /** Calls per command since start or the last {@link #resetStats()} ({@code INFO commandstats}). */
    public CommandStats commandStats() {
        return CommandStats.parse(RespClient.textOf(call("INFO", "commandstats"), "INFO commandstats"));
    }

    /** Zeroes the server's statistics ({@code CONFIG RESETSTAT}), command counts included. */
    public void resetStats() {
        call("CONFIG", "RESETSTAT");
    }

    /**
     * Freezes the process with SIGSTOP, as a long garbage-collection pause, a frozen virtual
     * machine or a network partition would: its sockets stay open and the kernel still accepts
     * connections and data, but the server answers nothing until {@link #resume()}.
     */
    public synchronized void pause() {
        signal("STOP");
        paused = true;
        LOG.info("paused {}", this);
    }

    /** Lets a {@linkplain #pause() paused} process run again (SIGCONT); it goes on where it stopped. */
    public synchronized void resume() {
        signal("CONT");
        paused = false;
        LOG.info("resumed {}", this);
    }

    /** Whether the process is {@linkplain #pause() paused}. */
    public synchronized boolean isPaused() {
        return paused;
    }

    /** Whether the process runs and is not paused: whether it can answer. */
    public synchronized boolean isServing() {
        return isAlive() && !paused;
    }

    private void signal(String name) {
        Process running = process;
        if (running == null || !running.isAlive()) {
            throw new TestkitException(this + " is not running: cannot send SIG" + name);
        }
        Signals.send(running, name);
    }

    /** Kills the process with SIGKILL, as a crash would, and waits until it is gone (a paused one too). */
    public synchronized void kill() {
        Process running = process;
        if (running == null) {
            return;
        }
        paused = false;
        running.destroyForcibly();
        awaitExit(running, STOP_TIMEOUT);
        LiveProcesses.unregister(running, dir);
        process = null;
        LOG.info("killed {}", this);
    }

    /**
     * Stops the server cleanly ({@code SHUTDOWN}, else SIGTERM), so an append-only file is
     * flushed; SIGKILL if it lingers. A paused server is resumed first: it could not act on either.
     */
    public synchronized void stop() {
        Process running = process;
        if (running == null) {
            return;
        }
        if (paused && running.isAlive()) {
            resume();
        }
        requestShutdown(running);
        if (!awaitExit(running, STOP_TIMEOUT)) {
            LOG.warn("{} did not stop within {} s, killing it", this, STOP_TIMEOUT.toSeconds());
            running.destroyForcibly();
            awaitExit(running, STOP_TIMEOUT);
        }
        LiveProcesses.unregister(running, dir);
        process = null;
        LOG.info("stopped {}", this);
    }

    private void requestShutdown(Process running) {
        // SHUTDOWN acts at once, where SIGTERM waits for the server's next cron tick (100 ms):
        // that adds up over the many servers a test suite starts.
        try (RespClient client = client(Duration.ofSeconds(2))) {
            client.call("SHUTDOWN");
        } catch (RespException refused) {
            running.destroy();
            return;
        } catch (TestkitException expected) {
            // The server closes the connection without a reply as it exits; or it is paused
            // or gone, and SIGTERM below takes over.
        }
        if (!awaitExit(running, Duration.ofSeconds(2))) {
            running.destroy();
        }
    }

    /**
     * Stops the server if it runs and starts it again on the same port with the same
     * directory, so persisted data (and a cluster node's {@code nodes.conf}) survive.
     */
    public synchronized void restart() {
        stop();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try {
                launch();
                return;
            } catch (PortTakenException e) {
                // A connection of ours may briefly hold the port after a kill; it passes.
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
                Poll.sleep(100);
            }
        }
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "redis-server[" + spec.name + " " + address() + "]";
    }

    private void writeConfig() {
        RedisConfig config = new RedisConfig();
        if (spec.tls != null) {
            config.add("port", 0).add("tls-port", port)
                    .add("tls-cert-file", spec.tls.certificate())
                    .add("tls-key-file", spec.tls.privateKey())
                    .add("tls-ca-cert-file", spec.tls.caCertificate())
                    .add("tls-auth-clients", "no");
        } else {
            config.add("port", port);
        }
        config.add("bind", HOST)
                .add("protected-mode", "no")
                .add("daemonize", "no")
                .add("dir", dir.toAbsolutePath())
                .add("logfile", logFile().toAbsolutePath())
                .add("loglevel", "notice");
        if (!spec.sentinel) {
            // No persistence unless a topology turns it on below: tests want speed, not files.
            config.add("save", "").add("appendonly", "no")
                    // Redis 7 syncs replicas diskless by default, after waiting 5 s for more
                    // replicas to join the transfer: start at once instead.
                    .add("repl-diskless-sync-delay", 0);
        }
        config.addAll(spec.config);
        config.write(configFile());
    }

    private Path configFile() {
        return dir.resolve(spec.sentinel ? "sentinel.conf" : "redis.conf");
    }

    private synchronized void launch() {
        List<String> command = new ArrayList<>(List.of(binary.path().toString(), configFile().toAbsolutePath().toString()));
        if (spec.sentinel) {
            command.add("--sentinel");
        }
        Process started;
        try {
            started = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(Redirect.appendTo(dir.resolve("stdout.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new TestkitException("cannot start " + binary + ": " + e, e);
        }
        LiveProcesses.register(started, dir);
        process = started;
        try {
            awaitReady(started);
        } catch (RuntimeException e) {
            started.destroyForcibly();
            awaitExit(started, STOP_TIMEOUT);
            LiveProcesses.unregister(started, dir);
            process = null;
            throw e;
        }
        LOG.info("started {} ({}) in {}", this, binary.version(), dir);
    }

    private void awaitReady(Process started) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        long pauseMillis = 2;
        String lastFailure = "no answer";
        while (true) {
            if (!started.isAlive()) {
                throw diagnoseExit(started.exitValue());
            }
            try (RespClient client = client()) {
                Object pong = client.call("PING");
                if ("PONG".equals(pong)) {
                    return;
                }
                lastFailure = "PING answered " + pong;
            } catch (FeatureUnavailableException e) {
                throw e;
            } catch (TestkitException e) {
                // Refused until it listens; LOADING while it reads its AOF or RDB file.
                lastFailure = e.getMessage();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new TestkitException(this + " did not answer PING within " + START_TIMEOUT.toSeconds()
                        + " s (" + lastFailure + ")\n" + logTail());
            }
            Poll.sleep(pauseMillis);
            pauseMillis = Math.min(pauseMillis * 2, 50);
        }
    }

    private TestkitException diagnoseExit(int exitCode) {
        String tail = logTail();
        if (tail.contains("Address already in use")) {
            return new PortTakenException(this + " could not bind its port\n" + tail);
        }
        if (spec.tls != null && tail.contains("Bad directive") && tail.contains("'tls-")) {
            return new FeatureUnavailableException("TLS", binary + " was built without TLS support (BUILD_TLS=no)"
                    + "; set LARDER_REDIS_SERVER to a redis-server built with TLS\n" + tail);
        }
        return new TestkitException(this + " exited with code " + exitCode + " while starting\n" + tail);
    }

    /** The last lines of the log and of stdout/stderr, where config errors go before the log opens. */
    String logTail() {
        StringBuilder tail = new StringBuilder();
        for (Path file : List.of(dir.resolve("stdout.log"), logFile())) {
            try {
                if (Files.exists(file)) {
                    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                    tail.append("--- ").append(file).append('\n');
                    lines.subList(Math.max(0, lines.size() - 25), lines.size())
                            .forEach(line -> tail.append(line).append('\n'));
                }
            } catch (IOException e) {
                tail.append("--- cannot read ").append(file).append(": ").append(e).append('\n');
            }
        }
        return tail.toString();
    }

    private static boolean awaitExit(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return false;
        }
    }

    /** The server exited because its port (or cluster bus port) was bound by someone else. */
    private static final class PortTakenException extends TestkitException {
        private static final long serialVersionUID = 1L;

        PortTakenException(String message) {
            super(message);
        }
    }
}
