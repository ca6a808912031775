package io.larder.config;

import io.larder.AdapterSettings;
import io.larder.BackendSettings;
import io.larder.SettingsSection;
import io.larder.StoreDefaults;
import io.larder.StoreSpec;
import io.larder.spi.LimiterDeclaration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A configuration file read for one profile, typed and validated, before any backend is made:
 * what {@link LarderYaml#parse(java.nio.file.Path, String)} returns for tools and tests, and what
 * {@link LarderYaml#open(LarderSettings)} wires. Immutable; {@code toString} never shows a secret.
 *
 * @param source the file's name as error messages give it
 * @param profile the profile merged over the base, or empty for the base alone
 * @param profiles every profile the file defines, in file order
 * @param backend the {@code larder.backend} section (the sweep interval included)
 * @param defaults the {@code larder.defaults} section
 * @param stores the stores {@code larder.stores} declares, in file order, holding {@code Map} records until
 *        opened with a type ({@code larder.store("chat", ChatMessage.class)})
 * @param limiters the rate limiters {@code larder.limiters} declares, in file order
 * @param caches the caches {@code larder.caches} declares, in file order, each in front of a declared store
 * @param sections the sections of the capabilities built on the port that the file sets ({@code larder.sessions},
 *        {@code larder.tasks}, {@code larder.templates}), typed, for the wired Larder to hand out
 * @param backup the {@code larder.backup} section: scheduled backups
 * @param adapters the settings each adapter on the class path read from {@code larder.backend}, whichever
 *        {@code type} chose: the chosen one's are also in {@link #backend()}
 */
@SuppressWarnings("rawtypes")                       // a YAML store has no record type until it is opened with one
public record LarderSettings(String source, String profile, List<String> profiles, BackendSettings backend,
                             StoreDefaults defaults, List<StoreSpec<Map>> stores, List<LimiterDeclaration> limiters,
                             List<CacheDeclaration> caches, List<SettingsSection> sections, BackupSettings backup,
                             List<AdapterSettings> adapters) {

    /** Checks every part and copies the lists. */
    public LarderSettings {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(profile, "profile");
        profiles = List.copyOf(profiles);
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(defaults, "defaults");
        stores = List.copyOf(stores);
        limiters = List.copyOf(limiters);
        sections = List.copyOf(sections);
        caches = List.copyOf(caches);
        Objects.requireNonNull(backup, "backup");
        adapters = List.copyOf(adapters);
    }

    /**
     * The settings of the adapter whose type is {@code type} ({@code RedisSettings}) as the file gives them, even
     * when {@code larder.backend.type} chose another adapter: what a profile that chooses it would start from.
     */
    public <S extends AdapterSettings> Optional<S> adapter(Class<S> type) {
        return adapters.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /** How often index entries of gone records are swept ({@code larder.backend.sweep-interval}); zero turns it off. */
    public Duration sweepInterval() {
        return backend.sweepInterval();
    }

    /** The names of the declared stores, in file order. */
    public List<String> storeNames() {
        return stores.stream().map(StoreSpec::name).toList();
    }

    /** The store declared under {@code name}, if any. */
    public Optional<StoreSpec<Map>> store(String name) {
        return stores.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The rate limiter declared under {@code name}, if any. */
    public Optional<LimiterDeclaration> limiter(String name) {
        return limiters.stream().filter(l -> l.name().equals(name)).findFirst();
    }

    /** The section {@code larder.<name>} as the file sets it; empty when the file does not. */
    public SettingsSection section(String name) {
        return sections.stream().filter(s -> s.name().equals(name)).findFirst().orElse(SettingsSection.empty(name));
    }

    /** The cache declared in front of store {@code name}, if any. */
    public Optional<CacheDeclaration> cache(String name) {
        return caches.stream().filter(c -> c.store().equals(name)).findFirst();
    }

    /** These settings with another backend (a command-line override, a test's server address). */
    public LarderSettings withBackend(BackendSettings other) {
        return new LarderSettings(source, profile, profiles, other, defaults, stores, limiters, caches, sections, backup,
                adapters);
    }
}
