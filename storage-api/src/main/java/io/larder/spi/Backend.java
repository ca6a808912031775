package io.larder.spi;

import io.larder.Health;
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

    /** The backend's health: round trip of a probe, and facts about the server. */
    Health health();

    /** Releases connections, files and threads. */
    @Override
    void close();
}
