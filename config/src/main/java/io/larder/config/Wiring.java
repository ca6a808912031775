package io.larder.config;

import io.larder.BackendSettings;
import io.larder.ConfigurationException;
import io.larder.Larder;
import io.larder.StoreSpec;
import io.larder.spi.Backend;
import io.larder.spi.BackendProvider;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns {@link LarderSettings} into a running {@link Larder}: finds the adapter through ServiceLoader and builds. Stateless. */
final class Wiring {
    private static final Logger LOG = LoggerFactory.getLogger(Wiring.class);

    private Wiring() {
    }

    /** The Larder; its meters go to {@code registry}, or to Micrometer's global registry when it is null. */
    static Larder open(LarderSettings settings, @Nullable MeterRegistry registry) {
        BackendSettings b = settings.backend();
        Backend backend = provider(b).create(b);
        try {
            Larder.Builder builder = Larder.builder().backend(backend).defaults(settings.defaults())
                    .sweepEvery(settings.sweepInterval());
            if (registry != null) {
                builder.meterRegistry(registry);
            }
            for (StoreSpec<?> spec : settings.stores()) {
                builder.store(spec);
            }
            settings.limiters().forEach(builder::limiter);
            settings.sections().forEach(builder::section);
            Larder larder = builder.build();
            LOG.info("Larder configured from {}{}: {} backend, stores {}", settings.source(),
                    settings.profile().isEmpty() ? "" : " (profile " + settings.profile() + ")",
                    b.provider(), larder.storeNames());
            return larder;
        } catch (RuntimeException e) {
            backend.close();                         // a half-built Larder must not leak connections
            throw e;
        }
    }

    /** The first provider on the class path that serves these settings. */
    static BackendProvider provider(BackendSettings settings) {
        BackendProviders providers = BackendProviders.find();
        return providers.serving(settings)
                .orElseThrow(() -> new ConfigurationException(providers.missingProblems(settings.provider())));
    }
}
