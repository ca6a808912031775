package io.larder.cli;

import static io.larder.cli.Events.EIGHT_AM;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Issue 19's "done when", once: {@code larder serve} as a child process fed by a real HTTP client
 * and a real WebSocket client (ack frames on) with a couple of thousand events (messages, recalls
 * before and after their messages, duplicates, malformed lines, heartbeats), stopped mid-stream
 * ({@code SIGKILL} or {@code SIGTERM}), checked (every message acknowledged before the stop is in
 * the archive once, every acknowledged recall of one applied), restarted on the same data, sent
 * again everything that was not answered, stopped with {@code SIGINT} and checked again: every
 * message exactly once, the recalled ones and only they soft-deleted. Used once per test.
 */
final class ServeScenario {
    private static final Pattern LISTENING = Pattern.compile("listening on [^ ]+:([0-9]+) ");
    private static final String TOKEN = "kill-test-token-5f1c";
    private static final int MESSAGES = 1_800;
    private static final long[] GROUPS = {111, 222, 333};

    private final Path data;
    private final Path logs;
    /** The test's events in sending order, and what each message id should end as. */
    private final List<String> events = new ArrayList<>();
    private final List<Integer> byHttp = new ArrayList<>();
    private final List<Integer> bySocket = new ArrayList<>();
    /** The index of each event that carries a message, to the message's id; recalls to the id they recall. */
    private final Map<Integer, Long> messageAt = new HashMap<>();
    private final Map<Integer, Long> recallAt = new HashMap<>();
    private final Set<Long> recalled = new HashSet<>();
    private final Set<Integer> malformed = new HashSet<>();

    /** A scenario over the data folder {@code data}, the children's output and the exports under {@code logs}. */
    ServeScenario(Path data, Path logs) {
        this.data = data;
        this.logs = logs;
    }

    /** Streams, stops the server mid-stream ({@code SIGKILL}, or {@code SIGTERM}), checks, restarts, resends, checks. */
    void stopMidStreamThenResend(List<String> store, boolean kill) {
        compose();
        Path token = Cli.write(logs.resolve("token"), List.of(TOKEN));
        WireClients.Ledger ledger = new WireClients.Ledger(events);

        ChildCli.Child first = serve(store, token, "first");
        int port = port(first);
        Thread http = new Thread(() -> WireClients.post(ledger, byHttp, port, TOKEN, 32), "http-client");
        Thread socket = new Thread(() -> WireClients.stream(ledger, bySocket, port, TOKEN, 200), "websocket-client");
        http.start();
        socket.start();
        ChildCli.waitFor("a third of the events answered", () -> answered(ledger) >= events.size() / 3
                || !first.process().isAlive());
        assertThat(first.process().isAlive()).as("serving when killed: " + first.err()).isTrue();
        if (kill) {
            first.process().destroyForcibly();               // SIGKILL on Linux
            assertThat(first.await()).isEqualTo(137);
        } else {
            first.process().destroy();                       // SIGTERM on Linux
            assertThat(first.await()).as(first.err()).isZero();
            assertThat(read(logs.resolve("first-stdout.txt"))).contains("served ");
        }
        join(http);
        join(socket);
        assertThat(ledger.surprises()).isEmpty();

        // right after the stop: every message acknowledged is there once, every acknowledged recall of one applied
        List<Integer> unanswered = IntStream.range(0, events.size()).filter(i -> ledger.answer(i) == null).boxed().toList();
        System.out.printf("SERVE %s%s: %,d of %,d events answered before it, %,d to send again%n", kill ? "KILL" : "SIGTERM",
                store.isEmpty() ? " (memory)" : " (redis)", events.size() - unanswered.size(), events.size(), unanswered.size());
        assertThat(unanswered).as("events left when killed").isNotEmpty();
        Map<Long, JsonNode> afterKill = archived(store);
        List<Long> lost = messageAt.entrySet().stream().filter(e -> ledger.answer(e.getKey()) == WireClients.Answer.ACKED)
                .map(Map.Entry::getValue).filter(id -> !afterKill.containsKey(id)).distinct().sorted().toList();
        assertThat(lost).as("messages acknowledged before the stop and not in the archive after it").isEmpty();
        List<Long> notRecalled = recallAt.entrySet().stream().filter(e -> ledger.answer(e.getKey()) == WireClients.Answer.ACKED)
                .map(Map.Entry::getValue).filter(id -> afterKill.containsKey(id) && !afterKill.get(id).has("deleted_at"))
                .sorted().toList();
        assertThat(notRecalled).as("archived messages whose recall was acknowledged before the stop, not deleted").isEmpty();

        // the same data again, and everything not answered sent again
        ChildCli.Child second = serve(store, token, "second");
        int again = port(second);
        Thread http2 = new Thread(() -> WireClients.post(ledger, ledger.unanswered(byHttp), again, TOKEN, 32), "http-client-2");
        Thread socket2 = new Thread(() -> WireClients.stream(ledger, ledger.unanswered(bySocket), again, TOKEN, 200),
                "websocket-client-2");
        http2.start();
        socket2.start();
        join(http2);
        join(socket2);
        assertThat(ledger.surprises()).isEmpty();
        assertThat(IntStream.range(0, events.size()).filter(i -> ledger.answer(i) == null).boxed().toList())
                .as("events never answered").isEmpty();
        assertThat(IntStream.range(0, events.size()).filter(i -> ledger.answer(i) == WireClients.Answer.REFUSED).boxed())
                .containsExactlyInAnyOrderElementsOf(malformed);
        second.interrupt();
        assertThat(second.await()).as(second.err()).isZero();
        assertThat(second.err()).contains("stopping: storing what was received");
        assertThat(read(logs.resolve("second-stdout.txt"))).contains("served ", " stored, ");
        assertThat(first.err() + second.err()).as("the token in a log").doesNotContain(TOKEN);

        Map<Long, JsonNode> archive = archived(store);
        List<Long> missing = messageAt.values().stream().filter(id -> !archive.containsKey(id)).distinct().sorted().toList();
        assertThat(missing).as("messages missing at the end").isEmpty();
        assertThat(archive).as("every message once, nothing else").hasSize(MESSAGES);
        List<Long> wrong = archive.entrySet().stream().filter(e -> e.getValue().has("deleted_at") != recalled.contains(e.getKey()))
                .map(Map.Entry::getKey).sorted().toList();
        assertThat(wrong).as("messages deleted though not recalled, or recalled and not deleted").isEmpty();
    }

    /**
     * Messages in three groups; every 10th recalled, half of those recalls sent first of all
     * (before any message), half after their message; every 25th sent twice; 30 malformed lines and a few heartbeats. Each message, its
     * copy and its recall go by the same transport, alternating by message.
     */
    private void compose() {
        List<Integer> earlyHttp = new ArrayList<>();
        List<Integer> earlySocket = new ArrayList<>();
        for (int n = 0; n < MESSAGES; n++) {
            long id = 900_000 + n;
            long group = GROUPS[n % GROUPS.length];
            List<Integer> lane = n % 2 == 0 ? byHttp : bySocket;
            String message = Events.message(id, group, 7 + n % 30, "群友", EIGHT_AM + n / 4, "第 " + n + " 条");
            if (n % 10 == 0 && n % 20 == 0) {
                // sent before any message, so stored in an earlier batch than its message: it waits for it
                add(n % 2 == 0 ? earlyHttp : earlySocket, Events.recall(id, group, 7, EIGHT_AM + n / 4 + 60), recallAt, id);
            }
            add(lane, message, messageAt, id);
            if (n % 25 == 0) {
                add(lane, message, messageAt, id);
            }
            if (n % 10 == 0 && n % 20 != 0) {
                add(lane, Events.recall(id, group, 7, EIGHT_AM + n / 4 + 60), recallAt, id);
            }
            if (n % 10 == 0) {
                recalled.add(id);
            }
            if (n % 80 == 3) {
                malformed.add(events.size());
                lane.add(events.size());
                events.add(n % 160 == 3 ? "{\"post_type\":\"message\",\"message_id\":" + id : "not json " + n);
            }
            if (n % 500 == 7) {
                lane.add(events.size());
                events.add(Events.heartbeat(EIGHT_AM + n));
            }
        }
        byHttp.addAll(0, earlyHttp);
        bySocket.addAll(0, earlySocket);
    }

    private void add(List<Integer> lane, String event, Map<Integer, Long> index, long id) {
        index.put(events.size(), id);
        lane.add(events.size());
        events.add(event);
    }

    private ChildCli.Child serve(List<String> store, Path token, String name) {
        List<String> args = new ArrayList<>(List.of("serve", "--port", "0", "--access-token-file", token.toString(),
                "--batch", "100", "--flush-after", "20ms"));
        args.addAll(store);
        return new ChildCli(data, logs.resolve(name)).start(ProcessBuilder.Redirect.PIPE,
                ProcessBuilder.Redirect.appendTo(logs.resolve(name + "-stdout.txt").toFile()), args.toArray(String[]::new));
    }

    private static int port(ChildCli.Child child) {
        ChildCli.waitFor("larder serve to listen", () -> LISTENING.matcher(child.err()).find() || !child.process().isAlive());
        Matcher m = LISTENING.matcher(child.err());
        assertThat(m.find()).as("listening: " + child.err()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static int answered(WireClients.Ledger ledger) {
        return ledger.size() - (int) IntStream.range(0, ledger.size()).filter(i -> ledger.answer(i) == null).count();
    }

    /** The archive's messages by id, recalled ones included; fails on a message stored twice. */
    private Map<Long, JsonNode> archived(List<String> store) {
        List<String> args = new ArrayList<>(List.of("export", "--include-deleted", "--out", logs.resolve("export.jsonl").toString()));
        args.addAll(store);
        Cli.Result r = new Cli(data).run(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        Map<Long, JsonNode> byId = new HashMap<>();
        for (JsonNode m : WireClients.jsonLines(read(logs.resolve("export.jsonl")))) {
            JsonNode before = byId.put(m.get("id").asLong(), m);
            assertThat(before).as("message %s stored twice", m.get("id")).isNull();
        }
        return byId;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void join(Thread t) {
        try {
            t.join(180_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        assertThat(t.isAlive()).as(t.getName() + " still running after three minutes").isFalse();
    }
}
