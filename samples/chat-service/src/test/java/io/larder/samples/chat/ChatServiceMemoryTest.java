package io.larder.samples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sample service as it starts from its application.yml alone: on the memory backend. */
class ChatServiceMemoryTest {
    private static RunningService service;

    @BeforeAll
    static void start() {
        service = RunningService.start();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void signedInUsersPostReadAndAreLimited() {
        ServiceBehaviours.signInPostReadAndGetLimited(service);
    }

    @Test
    void healthAndMetricsShowLarder() {
        ServiceBehaviours.healthAndMetrics(service, "UP");
    }

    @Test
    void aPlanIsLoadedOnceThenServedFromTheCache() {
        RunningService.Client c = service.client();
        long before = c.json(c.get("/plans-loaded")).get("loads").asLong();
        assertThat(c.json(c.get("/plans/m1")).get("plan").asText()).isEqualTo("16-week plan m1");
        assertThat(c.json(c.get("/plans/m1")).get("plan").asText()).isEqualTo("16-week plan m1");
        assertThat(c.json(c.get("/plans-loaded")).get("loads").asLong()).isEqualTo(before + 1);
    }
}
