package io.larder.config;

import io.larder.AdapterSettings;
import io.larder.BackendSettings;
import io.larder.Durability;
import io.larder.spi.BackendProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads {@code larder.backend} into {@link BackendSettings}: the type, the durability and the sweep here,
 * each adapter's own keys by its provider, so a file's every key is checked whichever type it chooses. Keys
 * left out take the defaults. Stateless.
 */
final class BackendReader {
    private static final String DEFAULT_TYPE = BackendSettings.defaults().provider();

    /**
     * The backend section read.
     *
     * @param settings the chosen adapter's settings, the durability and the sweep
     * @param adapters what each adapter on the class path read, the chosen one's included
     * @param refusals what of a stated durability the chosen backend cannot give, by key
     */
    record Read(BackendSettings settings, List<AdapterSettings> adapters,
                Function<Durability, Map<String, String>> refusals) {
    }

    private BackendReader() {
    }

    /** The settings; when a value is wrong it is reported and its default stands in, so reading goes on. */
    static Read read(Section b, BackendProviders providers) {
        Node typeNode = b.nodeOrAnchor("type");
        String type = or(b.oneOf("type", providers.names(), providers.absent()), DEFAULT_TYPE);
        BackendSource source = new BackendSource(b, typeNode);
        List<AdapterSettings> adapters = new ArrayList<>();
        AdapterSettings chosen = null;
        for (BackendProvider p : providers.all()) {
            AdapterSettings read = p.read(source, type);
            adapters.add(read);
            if (p.names().contains(type)) {
                chosen = read;
            }
        }
        Optional<BackendProvider> provider = providers.named(type);
        AdapterSettings own = chosen;
        Function<Durability, Map<String, String>> refusals = stated -> provider.isPresent() && own != null
                ? provider.get().refusals(own, stated) : Map.of();
        Durability durability = DurabilityReader.read(b.section("durability"), refusals);
        BackendSettings.Builder settings = BackendSettings.builder().durability(durability);
        Duration sweep = b.duration("sweep-interval", true);
        if (sweep != null) {
            settings.sweepInterval(sweep);
        }
        if (own != null) {
            settings.adapter(own);
        } else if (!type.equals(DEFAULT_TYPE)) {
            settings.provider(type);
        }
        return new Read(settings.build(), adapters, refusals);
    }

    static <T> T or(@Nullable T value, T fallback) {
        return value != null ? value : fallback;
    }
}
