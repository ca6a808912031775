package io.larder.memory;

import io.larder.BackendSettings;
import io.larder.spi.Backend;
import io.larder.spi.BackendProvider;
import java.util.Objects;

/** Makes a {@link MemoryBackend} for {@code type: memory}, with the snapshot and durability the settings name. Stateless. */
public final class MemoryBackendProvider implements BackendProvider {

    /** For {@link java.util.ServiceLoader}. */
    public MemoryBackendProvider() {
    }

    @Override
    public boolean supports(BackendSettings settings) {
        return settings.type() == BackendSettings.Type.MEMORY;
    }

    @Override
    public Backend create(BackendSettings settings) {
        if (!supports(settings)) {
            throw new IllegalArgumentException("the memory provider does not serve type " + settings.type());
        }
        MemoryBackend.Builder b = MemoryBackend.builder().durability(settings.durability());
        if (settings.snapshot().isEnabled()) {
            b.snapshot(Objects.requireNonNull(settings.snapshot().path(), "an enabled snapshot has a path"),
                    settings.snapshot().interval());
        }
        return b.build();
    }
}
