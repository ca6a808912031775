package io.larder.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Real OneBot clients for {@code larder serve} over loopback, as NapCat would be: HTTP POST with
 * the JDK's {@link HttpClient}, and a reverse WebSocket with the JDK's {@link WebSocket} asking for
 * ack frames. Each event of a list is answered at most once in a {@link Ledger}; an event whose
 * answer never came (the server died, or said "send it again") stays unanswered, to be resent.
 */
final class WireClients {
    private static final ObjectMapper JSON = new ObjectMapper();

    private WireClients() {
    }

    /** What became of an event on the wire. */
    enum Answer {
        /** Acknowledged: 204, or an ack frame. */
        ACKED,
        /** Refused as unreadable: 400, or an error frame without retry. */
        REFUSED,
        /** Anything a test does not expect (401, 413, an unknown frame); named in {@link Ledger#surprises()}. */
        SURPRISE
    }

    /** The answer each event got, by its index in the test's list; thread-safe. */
    static final class Ledger {
        private final List<String> events;
        private final AtomicReferenceArray<Answer> answers;
        private final Queue<String> surprises = new ConcurrentLinkedQueue<>();

        Ledger(List<String> events) {
            this.events = List.copyOf(events);
            this.answers = new AtomicReferenceArray<>(events.size());
        }

        String event(int i) {
            return events.get(i);
        }

        int size() {
            return events.size();
        }

        Answer answer(int i) {
            return answers.get(i);
        }

        void answer(int i, Answer a, String why) {
            if (!answers.compareAndSet(i, null, a)) {
                surprises.add("event " + i + " answered twice: " + answers.get(i) + " then " + a + " " + why);
            }
            if (a == Answer.SURPRISE) {
                surprises.add("event " + i + ": " + why);
            }
        }

        /** How many events got {@code a}. */
        int count(Answer a) {
            int n = 0;
            for (int i = 0; i < answers.length(); i++) {
                if (answers.get(i) == a) {
                    n++;
                }
            }
            return n;
        }

        /** Of {@code indexes}, those still without an answer, in order. */
        List<Integer> unanswered(List<Integer> indexes) {
            return indexes.stream().filter(i -> answers.get(i) == null).toList();
        }

        List<String> surprises() {
            return List.copyOf(surprises);
        }
    }

    /**
     * Posts {@code indexes} of the ledger to {@code port}, {@code parallel} at a time, with the token
     * as {@code Authorization: Bearer}; a 503 is sent again after a pause. Returns when each is
     * answered or the server is gone (the first failed connection stops it).
     */
    static void post(Ledger ledger, List<Integer> indexes, int port, String token, int parallel) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(30)).build();
        URI uri = URI.create("http://127.0.0.1:" + port + "/");
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        AtomicBoolean gone = new AtomicBoolean();
        try {
            for (int i : indexes) {
                pool.execute(() -> {
                    if (gone.get()) {
                        return;
                    }
                    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(1))
                            .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                            .POST(HttpRequest.BodyPublishers.ofString(ledger.event(i), StandardCharsets.UTF_8)).build();
                    while (true) {
                        HttpResponse<String> r;
                        try {
                            r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                        } catch (IOException e) {
                            gone.set(true);
                            return;
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                        switch (r.statusCode()) {
                            case 204 -> ledger.answer(i, Answer.ACKED, "");
                            case 400 -> ledger.answer(i, Answer.REFUSED, r.body());
                            case 503 -> {
                                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                                continue;
                            }
                            default -> ledger.answer(i, Answer.SURPRISE, r.statusCode() + " " + r.body());
                        }
                        return;
                    }
                });
            }
        } finally {
            pool.shutdown();
            awaitTermination(pool);
        }
    }

    /**
     * Sends {@code indexes} of the ledger as text frames on one reverse WebSocket with ack frames
     * on ({@code ?ack=1}) and the token as {@code ?access_token=}, at most {@code window} of them
     * unacknowledged. Returns when each is answered or the connection is gone.
     */
    static void stream(Ledger ledger, List<Integer> indexes, int port, String token, int window) {
        Acks acks = new Acks(ledger, window);
        WebSocket ws;
        try {
            ws = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/onebot/v11/ws?ack=1&access_token=" + token), acks)
                    .get(1, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new AssertionError("the WebSocket did not open on port " + port, e);
        }
        for (int i : indexes) {
            if (!acks.room()) {
                break;
            }
            acks.sending(i);
            try {
                ws.sendText(ledger.event(i), true).get(1, TimeUnit.MINUTES);
            } catch (Exception e) {
                break;
            }
        }
        acks.drained();
        if (!ws.isOutputClosed()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(t -> null);
        }
    }

    /** The client's side of one connection: which event each seq was, and the answers as they come. */
    private static final class Acks extends TextFrames {
        private final Ledger ledger;
        private final Semaphore window;
        private final int size;
        private final Map<Long, Integer> bySeq = new ConcurrentHashMap<>();
        private final CompletableFuture<Void> closed = new CompletableFuture<>();
        private long seq;

        Acks(Ledger ledger, int window) {
            this.ledger = ledger;
            this.window = new Semaphore(window);
            this.size = window;
        }

        /** Waits for room in the window; false once the connection is gone. */
        boolean room() {
            while (!closed.isDone()) {
                try {
                    if (window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                        return true;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return false;
        }

        void sending(int index) {
            bySeq.put(++seq, index);
        }

        /** Waits until every frame sent is answered or the connection is gone. */
        void drained() {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (!closed.isDone() && window.availablePermits() < size && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
        }

        @Override
        protected void frame(String frame) {
            JsonNode f;
            try {
                f = JSON.readTree(frame);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Integer i = bySeq.remove(f.path("seq").asLong());
            if (i == null) {
                ledger.surprises.add("a frame for no frame sent: " + frame);
                return;
            }
            String kind = f.path("larder").asText();
            if (kind.equals("ack") && !f.path("result").asText().equals("refused")) {
                ledger.answer(i, Answer.ACKED, frame);
            } else if (kind.equals("error") && f.path("retry").asBoolean()) {
                // not stored: stays unanswered, to be sent again
            } else if (kind.equals("error")) {
                ledger.answer(i, Answer.REFUSED, frame);
            } else {
                ledger.answer(i, Answer.SURPRISE, frame);
            }
            window.release();
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            closed.complete(null);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.complete(null);
        }
    }

    private static void awaitTermination(ExecutorService pool) {
        try {
            if (!pool.awaitTermination(3, TimeUnit.MINUTES)) {
                pool.shutdownNow();
                throw new AssertionError("the HTTP client's requests did not end in three minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Lines of {@code text} that are JSON objects, parsed. */
    static List<JsonNode> jsonLines(String text) {
        List<JsonNode> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("{")) {
                try {
                    out.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return out;
    }
}
