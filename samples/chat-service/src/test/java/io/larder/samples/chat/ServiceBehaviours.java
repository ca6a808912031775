package io.larder.samples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.Larder;
import io.larder.sessions.Sessions;
import java.net.http.HttpResponse;
import java.time.Duration;

/** What the service does over HTTP, whatever backend it runs on. */
final class ServiceBehaviours {

    private ServiceBehaviours() {
    }

    /** A signed-in user posts until the limiter says no, reads the group back, and keeps their session. */
    static void signInPostReadAndGetLimited(RunningService service) {
        RunningService.Client alice = service.client();
        assertThat(alice.post("/groups/g1/messages", "before signing in").statusCode()).isEqualTo(401);
        assertThat(alice.post("/login?user=alice", "").statusCode()).isEqualTo(200);
        for (int i = 1; i <= 5; i++) {
            HttpResponse<String> r = alice.post("/groups/g1/messages", "message " + i);
            assertThat(r.statusCode()).as("post %d of the 5 a minute allows", i).isEqualTo(201);
            assertThat(alice.json(r).get("remaining").asLong()).isEqualTo(5 - i);
        }
        HttpResponse<String> limited = alice.post("/groups/g1/messages", "one too many");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);

        var latest = alice.json(alice.get("/groups/g1/messages?n=3"));
        assertThat(latest).hasSize(3);
        assertThat(latest.get(0).get("text").asText()).isEqualTo("message 5");
        assertThat(latest.get(0).get("sender").asText()).isEqualTo("alice");

        RunningService.Client bob = service.client();
        bob.post("/login?user=bob", "");
        assertThat(bob.post("/groups/g1/messages", "bob has his own limit").statusCode()).isEqualTo(201);
        assertThat(alice.json(alice.get("/users/alice/sessions")).get("sessions").asInt()).isEqualTo(1);

        assertThat(alice.post("/logout", "").statusCode()).isEqualTo(204);
        assertThat(alice.json(alice.get("/users/alice/sessions")).get("sessions").asInt()).isZero();
        assertThat(alice.post("/groups/g1/messages", "after signing out").statusCode()).isEqualTo(401);
    }

    /**
     * Health shows Larder's backend and each store; Larder's meters are in the application's
     * registry. {@code chatStatus} is what the unexpiring chat store reports: UP on memory,
     * DEGRADED on a Redis that persists nothing (its records would not survive a restart), which
     * shows under the component while the application stays UP.
     */
    static void healthAndMetrics(RunningService service, String chatStatus) {
        RunningService.Client ops = service.client();
        ops.get("/plans/p0");                      // opens the cache's store
        ops.get("/groups/g0/messages");            // and the archive's
        var health = ops.json(ops.get("/actuator/health"));
        assertThat(health.get("status").asText()).isEqualTo("UP");
        var larder = health.get("components").get("larder").get("components");
        assertThat(larder.get("backend").get("status").asText()).isEqualTo("UP");
        assertThat(larder.get("store-plans").get("status").asText()).isEqualTo("UP");
        var chat = larder.get("store-chat");
        assertThat(chat.get("status").asText()).isEqualTo(chatStatus);
        if (chatStatus.equals("DEGRADED")) {
            assertThat(chat.get("details").get("reason").asText()).isNotBlank();
        }

        HttpResponse<String> metric = ops.get("/actuator/metrics/larder.operation?tag=store:plans");
        assertThat(metric.statusCode()).isEqualTo(200);
        assertThat(ops.json(metric).get("measurements").get(0).get("value").asDouble()).isPositive();
        assertThat(ops.get("/actuator/metrics/larder.cache.gets").statusCode()).isEqualTo(200);
    }

    /**
     * Many sessions of one principal expire at once (the service runs with a short
     * {@code larder.sessions.expiry}): find-by-principal then finds none, and once Larder's sweep
     * has run the principal index holds no entry: it cleans itself, no keyspace notification needed.
     */
    static void principalIndexEmptiesAfterMassExpiry(RunningService service) {
        int count = 25;
        for (int i = 0; i < count; i++) {
            assertThat(service.client().post("/login?user=carol", "").statusCode()).isEqualTo(200);
        }
        RunningService.Client ops = service.client();
        assertThat(ops.json(ops.get("/users/carol/sessions")).get("sessions").asInt()).isEqualTo(count);
        Larder larder = service.bean(Larder.class);
        String store = service.bean(Sessions.class).settings().store();
        assertThat(larder.indexEntries(store)).isEqualTo(count);

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int live = count;
        while (live > 0 && System.nanoTime() < deadline) {
            pause(200);
            live = ops.json(ops.get("/users/carol/sessions")).get("sessions").asInt();
        }
        assertThat(live).as("carol's live sessions once they expired").isZero();
        // the sweep walks the keyspace a bounded slice at a time: a shared server may need a few
        for (int sweeps = 0; sweeps < 2_000 && larder.indexEntries(store) > 0; sweeps++) {
            larder.sweep();
        }
        assertThat(larder.indexEntries(store)).as("index entries left after every session expired").isZero();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
