package io.larder.config;

import io.larder.HostPort;
import io.larder.Secret;
import io.larder.spi.SettingsSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.Node;

/**
 * {@code larder.backend}, or a section under it, as an adapter reads its own settings: a {@link Section} that
 * reports a missing key at the setting that chose the adapter ({@code type}). Not thread-safe.
 */
final class BackendSource implements SettingsSource {
    private final Section section;
    private final Node chooser;

    BackendSource(Section section, Node chooser) {
        this.section = section;
        this.chooser = chooser;
    }

    @Override
    public boolean has(String key) {
        return section.has(key);
    }

    @Override
    public SettingsSource section(String key) {
        return new BackendSource(section.section(key), chooser);
    }

    @Override
    public @Nullable String text(String key) {
        return section.text(key);
    }

    @Override
    public @Nullable String word(String key, String expected) {
        return section.word(key, expected);
    }

    @Override
    public @Nullable Secret secret(String key) {
        return section.secret(key);
    }

    @Override
    public @Nullable Integer integer(String key, int min, int max) {
        return section.integer(key, min, max);
    }

    @Override
    public @Nullable Boolean bool(String key) {
        return section.bool(key);
    }

    @Override
    public @Nullable Duration duration(String key, boolean zeroAllowed) {
        return section.duration(key, zeroAllowed);
    }

    @Override
    public <E extends Enum<E>> @Nullable E choice(String key, Class<E> type) {
        return section.choice(key, type);
    }

    @Override
    public @Nullable List<HostPort> addresses(String key) {
        return section.addresses(key);
    }

    @Override
    public @Nullable Path file(String key) {
        return section.file(key);
    }

    @Override
    public void problem(String key, String what) {
        section.problem(key, what);
    }

    @Override
    public void missing(String key, String what) {
        section.problem(key, chooser, what);
    }
}
