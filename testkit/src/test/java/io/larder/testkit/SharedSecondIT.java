package io.larder.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SharedSecondIT {

    @RegisterExtension
    static final RedisExtension<RedisStandalone> redis = RedisExtension.password("shared").shared();

    @Test
    void reusesTheServerOfOtherClassesWithTheSameSettings() {
        assertThat(redis.get()).isSameAs(SharedTopology.firstSeenOr(redis.get()));
        assertThat(redis.get().process().isAlive()).isTrue();
    }
}
