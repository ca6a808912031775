package io.larder.memory;

import io.larder.AdapterSettings;
import io.larder.BackendSettings;
import io.larder.Durability;
import io.larder.spi.Backend;
import io.larder.spi.BackendProvider;
import io.larder.spi.SettingsSource;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Makes a {@link MemoryBackend} for {@code type: memory}, with the snapshot of its {@link MemorySettings} and
 * the durability the settings name; reads {@code larder.backend.snapshot}. Stateless.
 */
public final class MemoryBackendProvider implements BackendProvider {

    /** For {@link java.util.ServiceLoader}. */
    public MemoryBackendProvider() {
    }

    @Override
    public List<String> names() {
        return List.of(MemorySettings.PROVIDER);
    }

    @Override
    public List<String> settingsKeys() {
        return List.of("snapshot.path", "snapshot.interval");
    }

    @Override
    public MemorySettings read(SettingsSource backend, String type) {
        SettingsSource s = backend.section("snapshot");
        Duration interval = s.duration("interval", false);
        return new MemorySettings(new MemorySettings.Snapshot(s.file("path"),
                interval != null ? interval : MemorySettings.Snapshot.none().interval()));
    }

    @Override
    public Map<String, String> refusals(AdapterSettings settings, Durability stated) {
        Map<String, String> refused = new LinkedHashMap<>();
        if (stated.replicas() > 0) {
            refused.put("replicas", "the memory backend has no replica to confirm a write; use 0 (or leave it out),"
                    + " or a redis-sentinel or redis-cluster backend");
        }
        boolean snapshot = settings instanceof MemorySettings m && m.snapshot().isEnabled();
        if (stated.disk() != Durability.Disk.NONE && !snapshot) {
            refused.put("disk", "the memory backend logs writes beside its snapshot file, and none is set:"
                    + " set larder.backend.snapshot.path, or disk none");
        }
        return refused;
    }

    @Override
    public Backend create(BackendSettings settings) {
        if (!supports(settings)) {
            throw new IllegalArgumentException("the memory provider does not serve type " + settings.provider());
        }
        MemorySettings own = settings.adapter(MemorySettings.class, MemorySettings::defaults);
        MemoryBackend.Builder b = MemoryBackend.builder().durability(settings.durability());
        if (own.snapshot().isEnabled()) {
            b.snapshot(Objects.requireNonNull(own.snapshot().path(), "an enabled snapshot has a path"),
                    own.snapshot().interval());
        }
        return b.build();
    }
}
