package io.larder.config;

import io.larder.BackendSettings;
import io.larder.Durability;
import java.time.Duration;

/**
 * Reads a {@code durability} section (of {@code larder.backend} or of a store) into the
 * {@link Durability} it states: keys left out stay unstated, so a store's section takes the rest
 * from the backend's and the backend's from the adapter's default for its type. What the backend
 * cannot give is reported at the key that asks for it. Stateless.
 */
final class DurabilityReader {

    private DurabilityReader() {
    }

    /** The stated policy, checked against the backend it will run on: its type, and whether it keeps a snapshot file. */
    static Durability read(Section s, BackendSettings.Type type, boolean snapshot) {
        Integer replicas = s.integer("replicas", 0, Integer.MAX_VALUE);
        Durability.Disk disk = s.choice("disk", Durability.Disk.class);
        Duration timeout = s.duration("timeout", false);
        Durability.Unconfirmed unconfirmed = s.choice("unconfirmed", Durability.Unconfirmed.class);
        if (type == BackendSettings.Type.MEMORY) {
            if (replicas != null && replicas > 0) {
                s.problem("replicas", "the memory backend has no replica to confirm a write; use 0 (or leave it out),"
                        + " or a redis-sentinel or redis-cluster backend");
            }
            if (disk != null && disk != Durability.Disk.NONE && !snapshot) {
                s.problem("disk", "the memory backend logs writes beside its snapshot file, and none is set:"
                        + " set larder.backend.snapshot.path, or disk none");
            }
        }
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
        return b.build();
    }
}
