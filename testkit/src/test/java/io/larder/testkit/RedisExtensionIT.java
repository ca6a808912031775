package io.larder.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisExtensionIT {

    @RegisterExtension
    static final RedisExtension<RedisStandalone> redis = RedisExtension.standalone().flushBeforeEach();

    @Test
    @Order(1)
    void injectsTheRunningTopology(RedisStandalone injected) {
        assertThat(injected).isSameAs(redis.get());
        assertThat(injected.process().isAlive()).isTrue();
        injected.process().call("SET", "larder:left-over", "1");
    }

    @Test
    @Order(2)
    void flushesBeforeEachTest() {
        assertThat(redis.get().process().call("EXISTS", "larder:left-over")).isEqualTo(0L);
    }
}
