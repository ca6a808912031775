package io.larder.spi;

import io.larder.Durability;
import io.larder.Expiry;
import io.larder.Layout;
import io.larder.Retention;
import java.util.List;
import java.util.Objects;

/**
 * What an adapter needs to know of a store, with the defaults already applied.
 *
 * @param name the store's name
 * @param keyPrefix the prefix of every key ({@code larder:})
 * @param partitioned whether keys carry a partition
 * @param indexes the indexed fields
 * @param expiry the expiry policy (adapters use it to refresh sliding expiry and for health)
 * @param retention the per-partition cap, applied on write
 * @param layout records or archive
 * @param batchSize records per pipelined chunk
 * @param maxPipeline the most commands in flight in one pipeline
 * @param durability what each write must reach before the adapter returns: the store's stated policy over the
 *        backend's, complete ({@link Durability#isComplete()}). An adapter that cannot give it refuses the layout
 *        with a {@link io.larder.ConfigurationException}; one that does not get it in time raises
 *        {@link io.larder.UnconfirmedWriteException} unless the policy says {@link Durability.Unconfirmed#BEST_EFFORT}
 */
public record StoreLayout(String name, String keyPrefix, boolean partitioned, List<String> indexes, Expiry expiry,
                          Retention retention, Layout layout, int batchSize, int maxPipeline, Durability durability) {
    /** Checks every part. */
    public StoreLayout {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        indexes = List.copyOf(indexes);
        Objects.requireNonNull(expiry, "expiry");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(durability, "durability");
        if (!durability.isComplete()) {
            throw new IllegalArgumentException("store '" + name + "': a layout's durability must be complete, got "
                    + durability + "; resolve it over the backend's with Durability.over");
        }
    }
}
