package io.larder.samples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.testkit.RedisExtension;
import io.larder.testkit.RedisStandalone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The Spring cache on Larder's cache-aside through a real outage: the Redis server is killed under the
 * running service, whose cached endpoint keeps answering from its source, and uses the cache again
 * once the server is back.
 */
@Isolated("kills its server")
class PlanCacheOutageIT {
    @RegisterExtension
    static final RedisExtension<RedisStandalone> REDIS = RedisExtension.standalone();

    @Test
    void aCachedEndpointAnswersFromItsSourceWhileRedisIsDown() {
        try (RunningService service = RunningService.start("--larder.backend.type=redis",
                "--larder.backend.host=" + REDIS.get().host(), "--larder.backend.port=" + REDIS.get().port(),
                // a first connection on a loaded machine can take seconds; the outage is found by the command timeout
                "--larder.backend.timeouts.connect=5s", "--larder.backend.timeouts.command=1s",
                "--larder.caches.plans.breaker.open-for=1s")) {
            RunningService.Client c = service.client();
            assertThat(plan(c, "p1")).isEqualTo("16-week plan p1");
            assertThat(plan(c, "p1")).isEqualTo("16-week plan p1");
            assertThat(loads(c)).as("the second read is a hit").isEqualTo(1);

            REDIS.get().process().kill();          // SIGKILL, as a crash
            try {
                assertThat(plan(c, "p1")).isEqualTo("16-week plan p1");
                assertThat(plan(c, "p2")).isEqualTo("16-week plan p2");
                assertThat(loads(c)).as("both read from the source while Redis is down").isEqualTo(3);
                var health = c.json(c.get("/actuator/health"));
                assertThat(health.get("components").get("larder").get("components").get("backend").get("status").asText())
                        .isEqualTo("DOWN");
            } finally {
                REDIS.get().process().restart();
            }

            long deadline = System.nanoTime() + 30_000_000_000L;
            long before;
            boolean hit = false;
            while (!hit && System.nanoTime() < deadline) {
                before = loads(c);
                plan(c, "p3");
                plan(c, "p3");
                hit = loads(c) - before == 1 || loads(c) == before;   // cached again: at most one load for two reads
                if (!hit) {
                    sleep();
                }
            }
            assertThat(hit).as("the cache is used again once Redis is back").isTrue();
        }
    }

    private static String plan(RunningService.Client c, String id) {
        var r = c.get("/plans/" + id);
        assertThat(r.statusCode()).as("GET /plans/%s", id).isEqualTo(200);
        return c.json(r).get("plan").asText();
    }

    private static long loads(RunningService.Client c) {
        return c.json(c.get("/plans-loaded")).get("loads").asLong();
    }

    private static void sleep() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
