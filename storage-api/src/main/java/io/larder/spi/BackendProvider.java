package io.larder.spi;

import io.larder.AdapterSettings;
import io.larder.BackendSettings;
import io.larder.Durability;
import java.util.List;
import java.util.Map;

/**
 * Makes a backend from its settings, and reads its own part of {@code larder.backend} from a configuration
 * file; found through {@link java.util.ServiceLoader}, so adding an adapter changes neither this module nor
 * {@code config}.
 */
public interface BackendProvider {

    /** The names this provider serves, as {@code larder.backend.type} spells them ({@code redis}, {@code redis-sentinel}). */
    List<String> names();

    /** Whether this provider serves {@code settings.provider()}. */
    default boolean supports(BackendSettings settings) {
        return names().contains(settings.provider());
    }

    /**
     * The keys under {@code larder.backend} this adapter reads, dotted for a key of a section
     * ({@code host}, {@code pool.size}), in the order the reference lists them; a key two adapters share is
     * read by both.
     */
    List<String> settingsKeys();

    /**
     * This adapter's settings as {@code backend} gives them, every value checked (a wrong one reported and its
     * default taken). It is read whichever adapter {@code type} chose, so a file's every key is checked; what
     * only the chosen adapter requires is checked only when {@code type} is one of {@link #names()}.
     */
    AdapterSettings read(SettingsSource backend, String type);

    /**
     * What of {@code stated} a backend with {@code settings} cannot give, by the durability key that asks for it
     * ({@code replicas}, {@code disk}) with the reason; empty when it gives all.
     */
    default Map<String, String> refusals(AdapterSettings settings, Durability stated) {
        return Map.of();
    }

    /** A backend for these settings. */
    Backend create(BackendSettings settings);
}
