package io.larder.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.larder.DataSize;
import io.larder.Larder;
import io.larder.chat.ChatArchive;
import io.larder.chat.ChatMessage;
import io.larder.chat.ChatQuery;
import io.larder.cli.TextFrames;
import io.larder.memory.MemoryBackend;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 19 item 7, bad input on the wire, against a real {@link OneBotServer} on loopback over a
 * real chat archive (memory backend), driven by the JDK's HTTP and WebSocket clients (and a raw
 * socket where only one can cut a frame in half). After each bad input a good event is still
 * accepted and stored.
 */
class OneBotServerIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "s3cret-token-for-tests";
    private static final long EIGHT_AM = 1_793_491_200L;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    private Larder larder;
    private ChatArchive archive;
    private OneBotServer server;
    private long nextId = 1;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
        if (larder != null) {
            larder.close();
        }
    }

    // --- HTTP -------------------------------------------------------------------------------

    @Test
    void malformedJsonIsAnswered400NamingWhereAndNothingIsStored() throws Exception {
        start(settings(4096, 1000, 10_000), null);

        HttpResponse<String> r = post("{\"post_type\":\"message\",\"message_id\":", bearer());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("\"status\":\"failed\"", "malformed JSON at line 1, column");
        HttpResponse<String> array = post("[1,2]", bearer());
        assertThat(array.statusCode()).isEqualTo(400);
        assertThat(array.body()).contains("not a JSON object", "got array");
        HttpResponse<String> latin1 = http.send(request("/").POST(HttpRequest.BodyPublishers.ofByteArray(
                new byte[] {'{', '"', (byte) 0xE9, '"', ':', '1', '}'})).header("Authorization", "Bearer " + TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(latin1.statusCode()).isEqualTo(400);
        assertThat(latin1.body()).contains("not UTF-8");

        assertThat(stored()).isEmpty();
        assertThat(counter("malformed")).isEqualTo(3);
        aGoodEventIsStillStored();
    }

    @Test
    void anEventTheArchiveCannotReadIsAnswered400WithTheReasonNot204() throws Exception {
        start(settings(4096, 1000, 10_000), null);

        HttpResponse<String> r = post("{\"post_type\":\"message\",\"message_type\":\"group\",\"group_id\":111}", bearer());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).contains("\"status\":\"failed\"", "not an event the archive can read: ", "missing field");
        assertThat(stored()).isEmpty();
        assertThat(counter("refused")).isEqualTo(1);
        aGoodEventIsStillStored();
    }

    @Test
    void aFiftyMegabyteBodyIsRefused413AndTheServerKeepsServing() throws Exception {
        start(settings(4096, 1000, 10_000), null);
        byte[] huge = new byte[50 << 20];
        Arrays.fill(huge, (byte) ' ');

        // a body just over the limit is all sent before the answer, so the client always reads the 413
        byte[] over = Arrays.copyOf(huge, 4097);
        HttpResponse<String> sized = post(over);
        assertThat(sized.statusCode()).isEqualTo(413);
        assertThat(sized.body()).contains("the event is 4097 bytes; the limit is 4096 bytes (--max-event)");

        // 50 MB with a Content-Length: refused by the header, answered once the body is read and dropped, so the
        // client reads the answer rather than a connection reset while it still sends
        HttpResponse<String> huger = post(huge);
        assertThat(huger.statusCode()).isEqualTo(413);
        assertThat(huger.body()).contains("the event is " + huge.length + " bytes; the limit is 4096 bytes");

        // chunked: no Content-Length, refused once the body passes the limit, answered at its end
        HttpResponse<String> chunked = http.send(request("/").header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(chunked.body()).contains("the event is more than 4096 bytes");

        assertThat(stored()).isEmpty();
        assertThat(counter("too_large")).isEqualTo(3);
        aGoodEventIsStillStored();
    }

    @Test
    void theTokenIsNeededAsBearerOrQueryParameterAndNeverEchoed() throws Exception {
        start(settings(4096, 1000, 10_000), null);
        String event = message();

        HttpResponse<String> none = http.send(request("/").POST(HttpRequest.BodyPublishers.ofString(event)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        HttpResponse<String> wrong = http.send(request("/").header("Authorization", "Bearer not-" + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(event)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("the access token is missing or wrong").doesNotContain(TOKEN);
        HttpResponse<String> wrongQuery = http.send(request("/?access_token=nope").POST(HttpRequest.BodyPublishers.ofString(event))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrongQuery.statusCode()).isEqualTo(401);
        assertThat(stored()).isEmpty();

        HttpResponse<String> query = http.send(request("/?access_token=" + TOKEN).POST(HttpRequest.BodyPublishers.ofString(event))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(query.statusCode()).isEqualTo(204);
        assertThat(stored()).hasSize(1);
        assertThat(counter("unauthorized")).isEqualTo(3);
        aGoodEventIsStillStored();
    }

    @Test
    void aRequestJettyCannotParseIsAnsweredInJsonWithoutEchoingTheToken() throws Exception {
        start(settings(4096, 1000, 10_000), null);
        String answer;
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(60_000);
            s.getOutputStream().write(("POST /?access_token=" + TOKEN + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: abc\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(answer).startsWith("HTTP/1.1 400").contains("{\"status\":\"failed\",\"error\":\"Invalid Content-Length Value\"}")
                .doesNotContain(TOKEN);
        aGoodEventIsStillStored();
    }

    @Test
    void aBodySignedWithTheTokenIsTakenAndAWrongSignatureIsNot() throws Exception {
        start(settings(4096, 1000, 10_000), null);
        String event = message();
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        String signature = "sha1=" + HexFormat.of().formatHex(mac.doFinal(event.getBytes(StandardCharsets.UTF_8)));

        HttpResponse<String> forged = http.send(request("/").header("X-Signature", "sha1=" + "0".repeat(40))
                .POST(HttpRequest.BodyPublishers.ofString(event)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(stored()).isEmpty();
        HttpResponse<String> signed = http.send(request("/").header("X-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(event)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signed.statusCode()).isEqualTo(204);
        assertThat(stored()).hasSize(1);
    }

    @Test
    void healthAnswersWithoutTheTokenAndShowsTheCounters() throws Exception {
        start(settings(4096, 1000, 10_000), null);
        aGoodEventIsStillStored();

        HttpResponse<String> r = http.send(request("/health").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode page = JSON.readTree(r.body());
        assertThat(page.get("status").asText()).isEqualTo("UP");
        assertThat(page.get("pending").asLong()).isZero();
        assertThat(page.get("counters").get("http_events").asLong()).isEqualTo(1);
        assertThat(page.get("counters").get("stored").asLong()).isEqualTo(1);
        assertThat(r.body()).doesNotContain(TOKEN);
    }

    @Test
    void beyondMaxPendingAPostIsAnswered503AndNoAcknowledgedEventIsLost() throws Exception {
        GatedSink sink = start(settings(4096, 1000, 5), 5);
        List<String> events = IntStream.range(0, 5).mapToObj(i -> message()).toList();
        List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
        for (String e : events) {
            held.add(http.sendAsync(request("/").header("Authorization", "Bearer " + TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString(e)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        waitFor("five events held", () -> sink.pending() == 5);

        String refused = message();
        HttpResponse<String> busy = post(refused, bearer());
        assertThat(busy.statusCode()).isEqualTo(503);
        assertThat(busy.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(busy.body()).contains("5 events are pending");
        assertThat(held).noneMatch(CompletableFuture::isDone);

        sink.open();
        for (CompletableFuture<HttpResponse<String>> f : held) {
            assertThat(f.get(1, TimeUnit.MINUTES).statusCode()).isEqualTo(204);
        }
        assertThat(stored()).extracting(ChatMessage::id).containsExactlyInAnyOrderElementsOf(ids(events));
        assertThat(post(refused, bearer()).statusCode()).as("sent again").isEqualTo(204);
        assertThat(stored()).hasSize(6);
        assertThat(counter("busy")).isEqualTo(1);
    }

    @Test
    void aPostCutShortByADisconnectStoresNothing() throws Exception {
        start(settings(4096, 1000, 10_000), null);
        byte[] body = message().getBytes(StandardCharsets.UTF_8);
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            OutputStream out = s.getOutputStream();
            // the whole event, but the length promises more: the server must not take what it has
            out.write(("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TOKEN
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + (body.length + 100) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
        }
        aGoodEventIsStillStored();
        assertThat(stored()).hasSize(1);
    }

    // --- WebSocket ------------------------------------------------------------------------

    @Test
    void aWebSocketClientAskingForAcksGetsOneFramePerEventOnceStored() throws Exception {
        start(settings(4096, 1000, 10_000), null);
        Frames client = connect("?ack=1&access_token=" + TOKEN, null);
        String first = message();
        String second = message();
        String recall = recall(id(first));

        client.send(first);
        client.send(second);
        client.send(second);
        client.send(recall);
        client.send("{\"time\":" + EIGHT_AM + ",\"self_id\":10001,\"post_type\":\"meta_event\",\"meta_event_type\":\"heartbeat\"}");
        client.send("{\"post_type\":\"message\"");
        client.send("{\"post_type\":\"message\",\"message_type\":\"group\"}");

        // each frame answered once, by its seq; an event that needs no storing is answered at once, so order may vary
        Map<Long, String> bySeq = new TreeMap<>();
        for (int i = 0; i < 7; i++) {
            String frame = client.next();
            assertThat(bySeq.put(JSON.readTree(frame).get("seq").asLong(), frame)).as("answered twice: " + frame).isNull();
        }
        assertThat(bySeq.get(1L)).isEqualTo("{\"larder\":\"ack\",\"seq\":1,\"result\":\"stored\"}");
        assertThat(bySeq.get(2L)).isEqualTo("{\"larder\":\"ack\",\"seq\":2,\"result\":\"stored\"}");
        assertThat(bySeq.get(3L)).isEqualTo("{\"larder\":\"ack\",\"seq\":3,\"result\":\"duplicate\"}");
        assertThat(bySeq.get(4L)).isEqualTo("{\"larder\":\"ack\",\"seq\":4,\"result\":\"stored\"}");
        assertThat(bySeq.get(5L)).isEqualTo("{\"larder\":\"ack\",\"seq\":5,\"result\":\"ignored\"}");
        JsonNode malformed = JSON.readTree(bySeq.get(6L));
        assertThat(malformed.get("larder").asText()).isEqualTo("error");
        assertThat(malformed.get("error").asText()).startsWith("malformed JSON at line 1, column");
        assertThat(malformed.has("retry")).isFalse();
        JsonNode refused = JSON.readTree(bySeq.get(7L));
        assertThat(refused.get("result").asText()).isEqualTo("refused");
        assertThat(refused.get("error").asText()).isNotBlank();

        assertThat(archive.findIncludingDeleted("111", id(first)).orElseThrow().deleted()).isTrue();
        assertThat(stored()).extracting(ChatMessage::id).containsExactlyInAnyOrder(id(first), id(second));
        client.send(message());
        assertThat(client.next()).isEqualTo("{\"larder\":\"ack\",\"seq\":8,\"result\":\"stored\"}");
        client.close();
    }

    @Test
    void withoutAcksAsForTheServerSendsNothingBack() throws Exception {
        start(settings(4096, 1000, 10_000), null);
        Frames client = connect("", "Bearer " + TOKEN);
        client.send(message());
        client.send("not json");
        waitFor("the event stored", () -> stored().size() == 1);
        waitFor("the malformed frame counted", () -> counter("malformed") == 1);
        client.close();
        assertThat(client.received()).isEmpty();
    }

    @Test
    void aWebSocketWithoutTheTokenIsRefusedAtTheUpgrade() throws Exception {
        start(settings(4096, 1000, 10_000), null);
        for (String query : List.of("?ack=1", "?ack=1&access_token=wrong")) {
            Throwable t = catchConnect(query);
            assertThat(t).isInstanceOf(WebSocketHandshakeException.class);
            assertThat(((WebSocketHandshakeException) t).getResponse().statusCode()).isEqualTo(401);
        }
        assertThat(counter("unauthorized")).isEqualTo(2);
        assertThat(counter("websocket_connections")).isZero();
        aGoodEventIsStillStoredBy(connect("?ack=1&access_token=" + TOKEN, null));
    }

    @Test
    void aFloodWaitsInTheClientBeyondTheWindowAndEveryFrameIsAckedOnceStored() throws Exception {
        GatedSink sink = start(settings(4096, 3, 10_000), 10_000);
        Frames client = connect("?ack=1&access_token=" + TOKEN, null);
        List<String> events = IntStream.range(0, 20).mapToObj(i -> message()).toList();
        CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> events.forEach(client::send));
        waitFor("three frames read", () -> counter("websocket_events") == 3);
        // held at the window: a while later the server still has read only three
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300));
        assertThat(counter("websocket_events")).isEqualTo(3);
        assertThat(sink.pending()).isEqualTo(3);
        assertThat(client.received()).isEmpty();

        sink.open();
        sending.get(1, TimeUnit.MINUTES);
        for (int seq = 1; seq <= events.size(); seq++) {
            assertThat(JSON.readTree(client.next()).get("result").asText()).isEqualTo("stored");
        }
        assertThat(stored()).extracting(ChatMessage::id).containsExactlyInAnyOrderElementsOf(ids(events));
        client.close();
    }

    @Test
    void aFrameOverTheLimitClosesTheConnectionWith1009AndTheServerKeepsServing() throws Exception {
        start(settings(4096, 1000, 10_000), null);
        Frames client = connect("?ack=1&access_token=" + TOKEN, null);
        client.send("{\"pad\":\"" + "x".repeat(5000) + "\"}");
        assertThat(client.closed.get(1, TimeUnit.MINUTES)).isEqualTo(1009);
        assertThat(stored()).isEmpty();
        aGoodEventIsStillStoredBy(connect("?ack=1&access_token=" + TOKEN, null));
    }

    @Test
    void aBinaryFrameIsAnsweredWithAnErrorFrame() throws Exception {
        start(settings(4096, 1000, 10_000), null);
        Frames client = connect("?ack=1&access_token=" + TOKEN, null);
        client.ws.sendBinary(ByteBuffer.wrap(message().getBytes(StandardCharsets.UTF_8)), true).get(1, TimeUnit.MINUTES);
        JsonNode error = JSON.readTree(client.next());
        assertThat(error.get("larder").asText()).isEqualTo("error");
        assertThat(error.get("error").asText()).contains("binary frame");
        assertThat(stored()).isEmpty();
        aGoodEventIsStillStoredBy(client);
    }

    @Test
    void aMessageCutByADisconnectIsNeverHandedOver() throws Exception {
        start(settings(4096, 1000, 10_000), null);
        String first = message();
        String second = message();
        // a whole event as the first fragment of a message never finished
        try (Socket s = upgradedSocket()) {
            s.getOutputStream().write(frame(0x01, false, first.getBytes(StandardCharsets.UTF_8), Integer.MAX_VALUE));
            s.getOutputStream().flush();
        }
        // a frame whose header promises more than arrives
        try (Socket s = upgradedSocket()) {
            s.getOutputStream().write(frame(0x01, true, second.getBytes(StandardCharsets.UTF_8), 40));
            s.getOutputStream().flush();
        }
        waitFor("both connections closed", () -> counter("websocket_open") == 0 && counter("websocket_connections") == 2);
        assertThat(stored()).isEmpty();
        assertThat(counter("websocket_events")).isZero();
        aGoodEventIsStillStoredBy(connect("?ack=1&access_token=" + TOKEN, null));
    }

    @Test
    void aMessageSentInFragmentsIsOneEventWithOneAck() throws Exception {
        start(settings(4096, 1000, 10_000), null);
        Frames client = connect("?ack=1&access_token=" + TOKEN, null);
        String event = message();
        int third = event.length() / 3;
        client.ws.sendText(event.substring(0, third), false).get(1, TimeUnit.MINUTES);
        client.ws.sendText(event.substring(third, 2 * third), false).get(1, TimeUnit.MINUTES);
        client.ws.sendText(event.substring(2 * third), true).get(1, TimeUnit.MINUTES);
        assertThat(client.next()).isEqualTo("{\"larder\":\"ack\",\"seq\":1,\"result\":\"stored\"}");
        assertThat(stored()).extracting(ChatMessage::id).containsExactly(id(event));
        client.send(message());
        assertThat(client.next()).isEqualTo("{\"larder\":\"ack\",\"seq\":2,\"result\":\"stored\"}");
        client.close();
    }

    @Test
    void aPingIsAnsweredWithAPongAndTheConnectionKeepsReading() throws Exception {
        start(settings(4096, 1000, 10_000), null);
        Frames client = connect("?ack=1&access_token=" + TOKEN, null);
        client.ws.sendPing(ByteBuffer.wrap("are you there".getBytes(StandardCharsets.UTF_8))).get(1, TimeUnit.MINUTES);
        assertThat(client.pong.get(1, TimeUnit.MINUTES)).isEqualTo("are you there");
        aGoodEventIsStillStoredBy(client);
    }

    @Test
    void stoppingStoresAndAnswersWhatWasHandedOverThenClosesTheSocketsWith1001() throws Exception {
        GatedSink sink = start(settings(4096, 1000, 10_000), 10_000);
        Frames client = connect("?ack=1&access_token=" + TOKEN, null);
        List<String> events = IntStream.range(0, 4).mapToObj(i -> message()).toList();
        events.subList(0, 3).forEach(client::send);
        CompletableFuture<HttpResponse<String>> posted = http.sendAsync(request("/").header("Authorization", bearer())
                .POST(HttpRequest.BodyPublishers.ofString(events.get(3))).build(), HttpResponse.BodyHandlers.ofString());
        waitFor("four events handed over", () -> sink.pending() == 4);

        String summary = CompletableFuture.supplyAsync(server::stop).get(1, TimeUnit.MINUTES);
        server = null;

        assertThat(posted.get(1, TimeUnit.MINUTES).statusCode()).isEqualTo(204);
        for (int i = 0; i < 3; i++) {
            assertThat(JSON.readTree(client.next()).get("result").asText()).isEqualTo("stored");
        }
        assertThat(client.closed.get(1, TimeUnit.MINUTES)).isEqualTo(1001);
        assertThat(stored()).extracting(ChatMessage::id).containsExactlyInAnyOrderElementsOf(ids(events));
        assertThat(summary).contains("4 events (1 by HTTP, 3 by WebSocket on 1 connections): 4 stored");
    }

    // --- helpers ---------------------------------------------------------------------------

    private static ServeSettings settings(int maxEventBytes, int window, int maxPending) {
        return new ServeSettings("127.0.0.1", 0, List.of(ServeSettings.DEFAULT_SOCKET_PATH), TOKEN,
                DataSize.ofBytes(maxEventBytes), window, maxPending);
    }

    /** Starts the server over a fresh archive; with {@code gated} set, its answers wait for {@link GatedSink#open}. */
    private GatedSink start(ServeSettings settings, Integer gated) {
        larder = Larder.builder().backend(MemoryBackend.create()).build();
        archive = ChatArchive.open(larder);
        EventSink real = EventSink.over(archive, 100, Duration.ofMillis(20), 20_000);
        GatedSink sink = gated == null ? null : new GatedSink(real);
        server = OneBotServer.start(settings, sink == null ? real : sink, larder::health);
        return sink;
    }

    private void aGoodEventIsStillStored() throws Exception {
        String event = message();
        HttpResponse<String> r = post(event, bearer());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        assertThat(archive.find("111", id(event))).isPresent();
    }

    private void aGoodEventIsStillStoredBy(Frames client) throws Exception {
        String event = message();
        client.send(event);
        assertThat(JSON.readTree(client.next()).get("result").asText()).isEqualTo("stored");
        assertThat(archive.find("111", id(event))).isPresent();
        client.close();
    }

    private List<ChatMessage> stored() {
        return archive.stream(ChatQuery.group("111").includeDeleted()).toList();
    }

    private long counter(String name) {
        try {
            HttpResponse<String> r = http.send(request("/health").GET().build(), HttpResponse.BodyHandlers.ofString());
            JsonNode c = JSON.readTree(r.body()).get("counters");
            assertThat(c.has(name)).as("counter " + name + " in " + c).isTrue();
            return c.get(name).asLong();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private String message() {
        long id = nextId++;
        return String.format(Locale.ROOT, "{\"time\":%d,\"self_id\":10001,\"post_type\":\"message\",\"message_type\":\"group\","
                + "\"sub_type\":\"normal\",\"message_id\":%d,\"group_id\":111,\"user_id\":7,\"message\":[{\"type\":\"text\","
                + "\"data\":{\"text\":\"第 %d 条\"}}],\"raw_message\":\"第 %d 条\",\"font\":0,\"sender\":{\"user_id\":7,"
                + "\"nickname\":\"阿白\",\"card\":\"\",\"role\":\"member\"}}", EIGHT_AM + id, id, id, id);
    }

    private static String recall(String id) {
        return "{\"time\":" + (EIGHT_AM + 500) + ",\"self_id\":10001,\"post_type\":\"notice\",\"notice_type\":\"group_recall\","
                + "\"group_id\":111,\"user_id\":7,\"operator_id\":7,\"message_id\":" + id + "}";
    }

    private static String id(String event) {
        try {
            return JSON.readTree(event).get("message_id").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> ids(List<String> events) {
        return events.stream().map(OneBotServerIT::id).toList();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).timeout(Duration.ofMinutes(1));
    }

    private static String bearer() {
        return "Bearer " + TOKEN;
    }

    private HttpResponse<String> post(String body, String authorization) throws IOException, InterruptedException {
        return http.send(request("/").header("Authorization", authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(byte[] body) throws IOException, InterruptedException {
        return http.send(request("/").header("Authorization", bearer()).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private Frames connect(String query, String authorization) throws Exception {
        Frames frames = new Frames();
        WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        frames.ws = b.buildAsync(URI.create("ws://127.0.0.1:" + server.port() + ServeSettings.DEFAULT_SOCKET_PATH + query), frames)
                .get(1, TimeUnit.MINUTES);
        return frames;
    }

    private Throwable catchConnect(String query) {
        Throwable[] caught = new Throwable[1];
        assertThatThrownBy(() -> connect(query, null)).isInstanceOf(ExecutionException.class)
                .satisfies(e -> caught[0] = e.getCause());
        return caught[0];
    }

    /** A raw socket after a WebSocket upgrade with the token and acks, for frames no client library sends. */
    private Socket upgradedSocket() throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout(60_000);
        s.getOutputStream().write(("GET " + ServeSettings.DEFAULT_SOCKET_PATH + "?ack=1&access_token=" + TOKEN + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new AssertionError("the upgrade was not answered: " + head);
            }
            head.append((char) c);
        }
        assertThat(head.toString()).startsWith("HTTP/1.1 101");
        return s;
    }

    /**
     * A client frame (masked) of {@code opcode} carrying {@code payload}, its header claiming it
     * all but holding only the first {@code sent} bytes.
     */
    private static byte[] frame(int opcode, boolean fin, byte[] payload, int sent) {
        int n = Math.min(sent, payload.length);
        byte[] mask = {0x11, 0x22, 0x33, 0x44};
        ByteBuffer b = ByteBuffer.allocate(14 + n);
        b.put((byte) ((fin ? 0x80 : 0) | opcode));
        b.put((byte) (0x80 | 126));
        b.putShort((short) payload.length);
        b.put(mask);
        for (int i = 0; i < n; i++) {
            b.put((byte) (payload[i] ^ mask[i % 4]));
        }
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }

    private static void waitFor(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited a minute for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /** One JDK WebSocket client: the text frames it received, in order, and how it was closed. */
    private static final class Frames extends TextFrames {
        private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        final CompletableFuture<String> pong = new CompletableFuture<>();
        WebSocket ws;

        void send(String text) {
            try {
                ws.sendText(text, true).get(1, TimeUnit.MINUTES);
            } catch (Exception e) {
                throw new AssertionError("could not send a frame", e);
            }
        }

        String next() throws InterruptedException {
            String f = received.poll(1, TimeUnit.MINUTES);
            if (f == null) {
                throw new AssertionError("no frame in a minute");
            }
            return f;
        }

        List<String> received() {
            return List.copyOf(received);
        }

        void close() {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(t -> null);
        }

        @Override
        protected void frame(String text) {
            received.add(text);
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            pong.complete(StandardCharsets.UTF_8.decode(message).toString());
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }
    }

    /**
     * A real sink whose answers wait until the test opens the gate: storage slower than the wire,
     * on demand, which nothing real produces reliably on a loopback. Events are stored as they
     * come; only their acknowledgements wait.
     */
    private static final class GatedSink implements EventSink {
        private final EventSink real;
        private final CompletableFuture<Void> gate = new CompletableFuture<>();
        private final AtomicLong waiting = new AtomicLong();

        GatedSink(EventSink real) {
            this.real = real;
        }

        void open() {
            gate.complete(null);
        }

        @Override
        public CompletableFuture<Outcome> submit(String eventJson) {
            waiting.incrementAndGet();
            return real.submit(eventJson).thenCombine(gate, (o, v) -> o).whenComplete((o, t) -> waiting.decrementAndGet());
        }

        @Override
        public long pending() {
            return waiting.get();
        }

        @Override
        public void close() {
            gate.complete(null);
            real.close();
        }

        @Override
        public long close(Duration within) {
            gate.complete(null);
            return real.close(within);
        }
    }
}
