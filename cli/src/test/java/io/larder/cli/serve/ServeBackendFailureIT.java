package io.larder.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.larder.DataSize;
import io.larder.Larder;
import io.larder.chat.ChatArchive;
import io.larder.chat.ChatMessage;
import io.larder.chat.ChatQuery;
import io.larder.cli.TextFrames;
import io.larder.testkit.RedisExtension;
import io.larder.testkit.RedisStandalone;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Redis that stops answering while {@code larder serve} runs (SIGSTOP, as a long pause or a
 * partition): events are answered "not stored, send it again" (HTTP 503, a WebSocket error frame
 * with {@code retry}), never acknowledged; once Redis answers again the same events are sent
 * again and every one is stored exactly once.
 */
class ServeBackendFailureIT {
    @RegisterExtension
    static final RedisExtension<RedisStandalone> REDIS = RedisExtension.standalone();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long EIGHT_AM = 1_793_491_200L;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    private Larder larder;
    private OneBotServer server;

    @AfterEach
    void stop() {
        if (REDIS.get().process().isPaused()) {
            REDIS.get().process().resume();
        }
        if (server != null) {
            server.stop();
        }
        if (larder != null) {
            larder.close();
        }
        REDIS.get().flushAll();
    }

    /** Starts {@code larder serve} over a chat archive in the Redis, with this command timeout; returns the archive. */
    private ChatArchive serve(String commandTimeout) {
        String yaml = String.join("\n", "larder:",
                "  backend: { type: redis, host: " + REDIS.get().host() + ", port: " + REDIS.get().port()
                        + ", timeouts: { connect: 2s, command: " + commandTimeout + " } }");
        larder = Larder.fromYaml(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test", null);
        ChatArchive archive = ChatArchive.open(larder);
        server = OneBotServer.start(new ServeSettings("127.0.0.1", 0, List.of(ServeSettings.DEFAULT_SOCKET_PATH), "",
                DataSize.ofBytes(65_536), 100, 1000), EventSink.over(archive, 20, Duration.ofMillis(20), 2000), larder::health);
        return archive;
    }

    @Test
    void theHealthPageOfAPausedRedisSaysDownBeforeTheCommandTimeoutAndUpOnceItAnswers() throws Exception {
        serve("60s");
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health")).GET().build();
        assertThat(http.send(health, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

        REDIS.get().process().pause();
        HttpResponse<String> paused = http.send(health, HttpResponse.BodyHandlers.ofString());
        REDIS.get().process().resume();

        // answered while the check itself still waited on its 60 s command timeout
        assertThat(paused.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(paused.body()).get("status").asText()).isEqualTo("DOWN");
        assertThat(paused.body()).contains("the backend did not answer the health check within 5 s");
        int status = 0;
        for (int i = 0; i < 100 && status != 200; i++) {
            status = http.send(health, HttpResponse.BodyHandlers.ofString()).statusCode();
            if (status != 200) {
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
        assertThat(status).as("the health page once Redis answers again").isEqualTo(200);
    }

    @Test
    void eventsTheBackendDidNotTakeAreAnsweredSendAgainAndStoredOnceWhenSentAgain() throws Exception {
        ChatArchive archive = serve("2s");
        Acks socket = new Acks();
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + server.port()
                + ServeSettings.DEFAULT_SOCKET_PATH + "?ack=1"), socket).get(1, TimeUnit.MINUTES);
        List<String> before = IntStream.range(0, 20).mapToObj(ServeBackendFailureIT::message).toList();
        List<String> during = IntStream.range(20, 30).mapToObj(ServeBackendFailureIT::message).toList();

        for (String e : before.subList(0, 10)) {
            assertThat(post(e).statusCode()).isEqualTo(204);
        }
        for (String e : before.subList(10, 20)) {
            ws.sendText(e, true).get(1, TimeUnit.MINUTES);
            assertThat(socket.next().get("result").asText()).isEqualTo("stored");
        }

        REDIS.get().process().pause();
        List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
        for (String e : during.subList(0, 5)) {
            posts.add(http.sendAsync(request(e), HttpResponse.BodyHandlers.ofString()));
        }
        for (String e : during.subList(5, 10)) {
            ws.sendText(e, true).get(1, TimeUnit.MINUTES);
        }
        for (CompletableFuture<HttpResponse<String>> f : posts) {
            HttpResponse<String> r = f.get(2, TimeUnit.MINUTES);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            assertThat(r.body()).contains("not stored: Redis at " + REDIS.get().host() + ":" + REDIS.get().port() + " did not answer", "send it again");
            assertThat(r.headers().firstValue("Retry-After")).isPresent();
        }
        for (int i = 0; i < 5; i++) {
            JsonNode f = socket.next();
            assertThat(f.get("larder").asText()).as(f.toString()).isEqualTo("error");
            assertThat(f.get("retry").asBoolean()).as(f.toString()).isTrue();
            assertThat(f.get("error").asText()).startsWith("not stored: Redis at ");
        }

        REDIS.get().process().resume();
        for (String e : during.subList(0, 5)) {
            assertThat(post(e).statusCode()).as("sent again").isEqualTo(204);
        }
        for (String e : during.subList(5, 10)) {
            ws.sendText(e, true).get(1, TimeUnit.MINUTES);
            assertThat(socket.next().get("larder").asText()).isEqualTo("ack");
        }
        List<String> ids = archive.stream(ChatQuery.group("111").includeDeleted()).map(ChatMessage::id).toList();
        assertThat(ids).as("every message once").hasSize(30).doesNotHaveDuplicates();
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(1, TimeUnit.MINUTES);
    }

    /**
     * A Redis that answers its health check but refuses every write (full, under noeviction): the
     * health page is down while writes fail, naming why, and degraded once one is stored again.
     */
    @Test
    void aRedisThatRefusesWritesTurnsTheHealthPageDownUntilAWriteIsStoredAgain() throws Exception {
        serve("2s");
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health")).GET().build();
        assertThat(post(message(0)).statusCode()).isEqualTo(204);
        HttpResponse<String> refused;
        HttpResponse<String> down;
        REDIS.get().client().call("CONFIG", "SET", "maxmemory", "1");
        try {
            refused = post(message(1));
            down = http.send(health, HttpResponse.BodyHandlers.ofString());
        } finally {
            REDIS.get().client().call("CONFIG", "SET", "maxmemory", "0");
        }
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
        JsonNode page = JSON.readTree(down.body());
        assertThat(page.get("status").asText()).isEqualTo("DOWN");
        assertThat(page.get("reason").asText()).startsWith("writes fail: none was stored after the one that failed at ");
        assertThat(page.get("writes").get("failure").asText()).contains("is full");
        assertThat(page.get("backend").get("reason").asText()).contains("the server is full");

        assertThat(post(message(1)).statusCode()).as("sent again once Redis has room").isEqualTo(204);
        HttpResponse<String> again = http.send(health, HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        page = JSON.readTree(again.body());
        assertThat(page.get("status").asText()).isEqualTo("DEGRADED");
        assertThat(page.get("reason").asText()).startsWith("some writes fail: the last failed at ");
        assertThat(page.get("writes").get("last_stored").asText()).isNotEmpty();
    }

    /**
     * A stop while Redis is paused does not wait for a 10-minute command timeout: what the storage
     * has not stored within the stop's bound is answered "not stored", and the server ends.
     */
    @Test
    void aStopWithRedisPausedAnswersWhatWasNotStoredAndEndsWithoutWaitingOutTheCommandTimeout() throws Exception {
        serve("10m");
        assertThat(post(message(0)).statusCode()).isEqualTo(204);
        REDIS.get().process().pause();
        List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            posts.add(http.sendAsync(request(message(i)), HttpResponse.BodyHandlers.ofString()));
        }
        for (int i = 0; i < 600 && !server.summary().contains(": 4 events"); i++) {
            TimeUnit.MILLISECONDS.sleep(50);
        }
        assertThat(server.summary()).contains(": 4 events");

        OneBotServer stopping = server;
        server = null;
        String summary = CompletableFuture.supplyAsync(stopping::stop).get(3, TimeUnit.MINUTES);

        for (CompletableFuture<HttpResponse<String>> f : posts) {
            HttpResponse<String> r = f.get(1, TimeUnit.MINUTES);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            assertThat(r.body()).contains("not stored: ", "within " + OneBotServer.STORE_WITHIN.toSeconds() + " s of the stop");
        }
        assertThat(summary).contains("1 stored", "3 not stored (backend failed)");
    }

    private HttpRequest request(String event) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/")).timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofString(event, StandardCharsets.UTF_8)).build();
    }

    private HttpResponse<String> post(String event) throws Exception {
        return http.send(request(event), HttpResponse.BodyHandlers.ofString());
    }

    private static String message(int n) {
        return String.format(Locale.ROOT, "{\"time\":%d,\"self_id\":10001,\"post_type\":\"message\",\"message_type\":\"group\","
                + "\"sub_type\":\"normal\",\"message_id\":%d,\"group_id\":111,\"user_id\":7,\"message\":[{\"type\":\"text\","
                + "\"data\":{\"text\":\"第 %d 条\"}}],\"raw_message\":\"第 %d 条\",\"font\":0,\"sender\":{\"user_id\":7,"
                + "\"nickname\":\"阿白\",\"card\":\"\",\"role\":\"member\"}}", EIGHT_AM + n, 5000 + n, n, n);
    }

    /** The ack frames one WebSocket received, in order. */
    private static final class Acks extends TextFrames {
        private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();

        JsonNode next() throws Exception {
            String f = frames.poll(2, TimeUnit.MINUTES);
            assertThat(f).as("a frame within two minutes").isNotNull();
            return JSON.readTree(f);
        }

        @Override
        protected void frame(String text) {
            frames.add(text);
        }
    }
}
