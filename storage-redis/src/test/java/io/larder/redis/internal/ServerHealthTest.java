package io.larder.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When a server that may refuse writes is said to be full or nearly full. */
class ServerHealthTest {

    @Test
    void aServerAtItsMaxmemoryUnderNoevictionIsFull() {
        assertThat(ServerHealth.fullness(1_000, 1_000, "noeviction"))
                .isEqualTo("the server is full, used_memory 1000 of maxmemory 1000 (100%): it refuses writes "
                        + "(free memory or raise maxmemory)");
    }

    @Test
    void fromNineTenthsItIsNearlyFull() {
        assertThat(ServerHealth.fullness(950, 1_000, "noeviction"))
                .isEqualTo("the server is nearly full, used_memory 950 of maxmemory 1000 (95%): once full it refuses writes");
        assertThat(ServerHealth.fullness(899, 1_000, "noeviction")).isNull();
    }

    @Test
    void aVolatilePolicyRefusesWritesOnlyOnceNothingWithAnExpiryIsLeft() {
        assertThat(ServerHealth.fullness(2_000, 1_000, "volatile-lru"))
                .contains("it refuses writes once no key with an expiry is left to evict (maxmemory-policy volatile-lru)");
    }

    @Test
    void aServerThatEvictsAnyKeyOrHasNoMaxmemoryIsNeverFull() {
        assertThat(ServerHealth.fullness(2_000, 1_000, "allkeys-lru")).isNull();
        assertThat(ServerHealth.fullness(2_000, 0, "noeviction")).isNull();
        assertThat(ServerHealth.fullness(-1, 1_000, "noeviction")).isNull();
    }
}
