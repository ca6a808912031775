package io.larder.spi;

import io.larder.Health;
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
     * The backend's publish/subscribe channel between the processes that share it, with channel
     * names as given (the {@link io.larder.Larder} puts its key prefix in front). The backend
     * closes its subscriptions when it closes.
     */
    Signals signals();

    /** The backend's health: round trip of a probe, and facts about the server. */
    Health health();

    /** Releases connections, files and threads. */
    @Override
    void close();
}
