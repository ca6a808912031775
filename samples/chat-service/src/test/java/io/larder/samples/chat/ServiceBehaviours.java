package io.larder.samples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

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

    /** Health shows Larder's backend and stores; Larder's meters are in the application's registry. */
    static void healthAndMetrics(RunningService service) {
        RunningService.Client ops = service.client();
        ops.get("/plans/p0");                      // opens the cache's store
        var health = ops.json(ops.get("/actuator/health"));
        assertThat(health.get("status").asText()).isEqualTo("UP");
        var larder = health.get("components").get("larder").get("components");
        assertThat(larder.get("backend").get("status").asText()).isEqualTo("UP");
        assertThat(larder.get("store-plans").get("status").asText()).isEqualTo("UP");
        assertThat(larder.get("store-chat").get("status").asText()).isIn("UP", "UNKNOWN");

        HttpResponse<String> metric = ops.get("/actuator/metrics/larder.operation?tag=store:plans");
        assertThat(metric.statusCode()).isEqualTo(200);
        assertThat(ops.json(metric).get("measurements").get(0).get("value").asDouble()).isPositive();
        assertThat(ops.get("/actuator/metrics/larder.cache.gets").statusCode()).isEqualTo(200);
    }
}
