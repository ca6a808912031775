package io.larder.spi;

import io.larder.ConfigurationException;
import io.larder.Durability;
import io.larder.Health;
import io.larder.QueryNotSupportedException;
import io.larder.Signals;
import java.time.Clock;

/** An adapter: opens stores and reports health. Thread-safe; closing it closes its connections. */
public interface Backend extends AutoCloseable {

    /**
     * Opens a store. {@code clock} is the core's; adapters that keep time themselves (memory) use
     * it, those whose server keeps time (Redis) may ignore it.
     *
     * @throws io.larder.ConfigurationException when the adapter cannot serve this layout
     */
    BackendStore open(StoreLayout layout, Clock clock);

    /**
     * Opens the counters of the rate limiter {@code layout} describes. {@code clock} is the
     * core's: an adapter that keeps time itself (memory) decides by it; one whose server keeps
     * time (Redis) decides by the server's clock and may use {@code clock} only to propose
     * calendar boundaries for the server to choose among.
     *
     * @throws io.larder.ConfigurationException when the adapter keeps no rate limits, or not of a kind the layout uses
     */
    default BackendLimits openLimits(LimitLayout layout, Clock clock) {
        throw new ConfigurationException("the " + getClass().getSimpleName() + " backend keeps no rate limits: use the"
                + " memory, Redis, Sentinel or Cluster backend for limiter '" + layout.name() + "'");
    }

    /**
     * The backend's publish/subscribe channel between the processes that share it, with channel
     * names as given (the {@link io.larder.Larder} puts its key prefix in front). The backend
     * closes its subscriptions when it closes. Every in-tree adapter has signals; an adapter
     * without them refuses, so a capability that needs them says so instead of waiting in vain.
     *
     * @throws QueryNotSupportedException when the adapter has no signals
     */
    default Signals signals() {
        throw new QueryNotSupportedException(getClass().getName() + " has no signals (publish/subscribe)");
    }

    /**
     * The durability this backend gives writes unless a store states otherwise: what its
     * configuration stated over the adapter's default for its kind. Complete
     * ({@link Durability#isComplete()}); the core resolves each store's policy over it into
     * {@link StoreLayout#durability()}.
     */
    default Durability durability() {
        return Durability.none();
    }

    /** The backend's health: round trip of a probe, and facts about the server. */
    Health health();

    /** Releases connections, files and threads. */
    @Override
    void close();
}
