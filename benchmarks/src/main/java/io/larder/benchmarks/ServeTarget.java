package io.larder.benchmarks;

import io.larder.DataSize;
import io.larder.Larder;
import io.larder.chat.ChatArchive;
import io.larder.cli.serve.EventSink;
import io.larder.cli.serve.OneBotServer;
import io.larder.cli.serve.ServeSettings;
import io.larder.config.LarderYaml;
import io.larder.testkit.RedisStandalone;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * An in-process {@code larder serve}: {@link OneBotServer} on a free loopback port in front of
 * the chat archive, with {@code larder serve}'s defaults (batches of 500, flushed after 200 ms,
 * a window of 1,000 per connection, 20,000 pending) unless a run asks for another batch size or
 * window, on one of the backends a run compares.
 * Closing it stops the server (storing what it acknowledged) and the Larder. Not thread-safe.
 */
final class ServeTarget implements AutoCloseable {
    /** {@code larder serve}'s {@code --batch}. */
    static final int BATCH = 500;
    /** {@code larder serve}'s {@code --flush-after}. */
    static final Duration FLUSH_AFTER = Duration.ofMillis(200);
    /** {@code larder serve}'s {@code --window}. */
    static final int WINDOW = 1000;
    /** {@code larder serve}'s {@code --max-pending}. */
    static final int MAX_PENDING = 10_000;

    /** What stores the events. */
    enum Backend {
        /** {@code larder serve} with no configuration: memory, snapshot and journal ({@code disk: everysec}) in its data folder. */
        MEMORY("memory"),
        /** A local Redis, the chat store in the archive layout (the chat archive's default on Redis). */
        REDIS_ARCHIVE("redis-archive"),
        /** No store: every event acknowledged as soon as it is read, the ceiling of the wire, the server and the client. */
        NO_STORE("no-store");

        private final String id;

        Backend(String id) {
            this.id = id;
        }

        String id() {
            return id;
        }

        /** The backends {@code ids} names, comma-separated, in that order. */
        static List<Backend> parse(String ids) {
            List<Backend> chosen = new ArrayList<>();
            for (String id : ids.split(",")) {
                Backend b = Arrays.stream(values()).filter(v -> v.id.equals(id.strip())).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("no backend '" + id + "'; expected memory, "
                                + "redis-archive or no-store"));
                if (chosen.contains(b)) {
                    throw new IllegalArgumentException("backend " + id + " named twice");
                }
                chosen.add(b);
            }
            return List.copyOf(chosen);
        }
    }

    private final Backend backend;
    private final Larder larder;
    private final OneBotServer server;
    private final Path data;

    private ServeTarget(Backend backend, Larder larder, OneBotServer server, Path data) {
        this.backend = backend;
        this.larder = larder;
        this.server = server;
        this.data = data;
    }

    /**
     * Starts a server on {@code backend} storing batches of {@code batch} with a window of {@code
     * window} per connection; {@code redis} (emptied first) for the Redis backend.
     */
    static ServeTarget start(Backend backend, RedisStandalone redis, int batch, int window) throws IOException {
        Path data = Files.createTempDirectory("larder-serve-bench");
        String defaults = "  defaults: { key-prefix: \"larder:\", codec: json, compression: { algorithm: lz4, threshold: 512B } }\n";
        String yaml = switch (backend) {
            case MEMORY, NO_STORE -> "larder:\n  backend:\n    type: memory\n    snapshot: { path: " + data.resolve("larder.snapshot")
                    + ", interval: 1m }\n    durability: { disk: everysec }\n    sweep-interval: 1m\n" + defaults;
            case REDIS_ARCHIVE -> "larder:\n  backend: { type: redis, host: " + redis.host() + ", port: " + redis.port() + " }\n"
                    + defaults;
        };
        if (backend == Backend.REDIS_ARCHIVE) {
            redis.flushAll();
        }
        Larder larder = LarderYaml.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), backend.id() + ".yaml",
                null);
        EventSink sink = backend == Backend.NO_STORE ? new AtOnce()
                : EventSink.over(ChatArchive.open(larder), batch, FLUSH_AFTER, Math.max(MAX_PENDING, window) * 2);
        ServeSettings settings = new ServeSettings("127.0.0.1", 0, List.of(ServeSettings.DEFAULT_SOCKET_PATH), "",
                DataSize.ofBytes(4L << 20), window, MAX_PENDING);
        OneBotServer server = OneBotServer.start(settings, sink, larder::health);
        return new ServeTarget(backend, larder, server, data);
    }

    Backend backend() {
        return backend;
    }

    int port() {
        return server.port();
    }

    /** Stops the server; returns its summary line. */
    String stop() {
        return server.stop();
    }

    @Override
    public void close() {
        try {
            larder.close();
        } finally {
            try (Stream<Path> all = Files.walk(data)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove " + data, e);
            }
        }
    }

    /** Acknowledges every event as stored at once: what is left when storage costs nothing. */
    private static final class AtOnce implements EventSink {
        private static final CompletableFuture<Outcome> STORED = CompletableFuture.completedFuture(
                new Outcome(Outcome.Kind.STORED, ""));

        @Override
        public CompletableFuture<Outcome> submit(String eventJson) {
            return STORED;
        }

        @Override
        public long pending() {
            return 0;
        }

        @Override
        public void close() {
        }

        @Override
        public long close(Duration within) {
            return 0;
        }
    }
}
