package io.larder.samples.chat;

import java.util.concurrent.atomic.AtomicLong;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/**
 * Training plans from a slow source of truth (here a counter stands in for the database), read
 * through the Spring cache {@code plans}: Larder's cache-aside, which goes to this method while
 * Redis is down instead of failing the request.
 */
@Service
class PlanCatalog {
    private final AtomicLong loads = new AtomicLong();

    @Cacheable(cacheNames = "plans", sync = true)
    public String plan(String id) {
        loads.incrementAndGet();
        return "16-week plan " + id;
    }

    long loads() {
        return loads.get();
    }
}
