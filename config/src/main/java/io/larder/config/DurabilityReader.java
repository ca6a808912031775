package io.larder.config;

import io.larder.Durability;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads a {@code durability} section (of {@code larder.backend} or of a store) into the
 * {@link Durability} it states: keys left out stay unstated, so a store's section takes the rest
 * from the backend's and the backend's from the adapter's default for its type. What the backend
 * cannot give (its provider says) is reported at the key that asks for it. Stateless.
 */
final class DurabilityReader {

    private DurabilityReader() {
    }

    /** The stated policy, checked against the backend it will run on: {@code refusals} says what of it that cannot give. */
    static Durability read(Section s, Function<Durability, Map<String, String>> refusals) {
        Integer replicas = s.integer("replicas", 0, Integer.MAX_VALUE);
        Durability.Disk disk = s.choice("disk", Durability.Disk.class);
        Duration timeout = s.duration("timeout", false);
        Durability.Unconfirmed unconfirmed = s.choice("unconfirmed", Durability.Unconfirmed.class);
        Durability.Builder b = Durability.builder();
        if (replicas != null) {
            b.replicas(replicas);
        }
        if (disk != null) {
            b.disk(disk);
        }
        if (timeout != null) {
            b.timeout(timeout);
        }
        if (unconfirmed != null) {
            b.unconfirmed(unconfirmed);
        }
        Durability stated = b.build();
        refusals.apply(stated).forEach(s::problem);
        return stated;
    }
}
