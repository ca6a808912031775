package io.larder.spring;

import io.larder.Larder;
import io.larder.StorageException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Larder's health as Spring Boot's: one indicator for the backend and one per declared store,
 * under the contributor {@code larder}. Larder's {@code DEGRADED} (working, with a reason a person
 * should see) becomes the status {@link #DEGRADED}: Spring's default order ranks only DOWN,
 * OUT_OF_SERVICE, UP and UNKNOWN, so a degraded component leaves the overall status UP (and the
 * HTTP status 200) while its details name the reason; an application that wants it to count lists
 * it in {@code management.endpoint.health.status.order}. A store not opened yet is UNKNOWN. Stateless.
 */
final class LarderHealth {
    /** What Larder's DEGRADED is shown as. */
    static final Status DEGRADED = new Status("DEGRADED", "working, with a problem a person should see");

    private LarderHealth() {
    }

    /** The contributor: {@code backend}, then {@code store-<name>} for each store. */
    static CompositeHealthContributor contributor(Larder larder, List<String> stores) {
        Map<String, HealthIndicator> indicators = new LinkedHashMap<>();
        indicators.put("backend", () -> guarded(() -> toSpring(larder.health())));
        for (String store : stores) {
            indicators.put("store-" + store, () -> guarded(() -> larder.storeHealth(store).map(LarderHealth::toSpring)
                    .orElseGet(() -> Health.unknown().withDetail("reason", "not opened yet").build())));
        }
        return CompositeHealthContributor.fromMap(indicators);
    }

    /** A probe that threw (a closed Larder, a lost connection) is DOWN with its reason, never an error page. */
    private static Health guarded(Supplier<Health> probe) {
        try {
            return probe.get();
        } catch (StorageException e) {
            return Health.down().withDetail("reason", Objects.requireNonNullElse(e.getMessage(), e.toString())).build();
        }
    }

    /** Larder's health as Spring's: the status mapped, the probe's latency and every detail kept. */
    static Health toSpring(io.larder.Health health) {
        Status status = switch (health.status()) {
            case UP -> Status.UP;
            case DEGRADED -> DEGRADED;
            case DOWN -> Status.DOWN;
        };
        Health.Builder b = Health.status(status).withDetail("latency", health.latency().toMillis() + " ms");
        health.details().forEach(b::withDetail);
        return b.build();
    }
}
