package io.larder.testkit;

import java.util.concurrent.atomic.AtomicReference;

/** Remembers the first shared server a test class saw, so another class can check it got the same. */
final class SharedTopology {

    static final AtomicReference<RedisStandalone> FIRST_SEEN = new AtomicReference<>();

    private SharedTopology() {
    }

    static RedisStandalone firstSeenOr(RedisStandalone current) {
        FIRST_SEEN.compareAndSet(null, current);
        return FIRST_SEEN.get();
    }
}
