package io.larder.spi;

import io.larder.BackendSettings;

/** Makes a backend from configuration; found through {@link java.util.ServiceLoader}. */
public interface BackendProvider {

    /** Whether this provider serves {@code settings.type()} with {@code settings.client()}. */
    boolean supports(BackendSettings settings);

    /** A backend for these settings. */
    Backend create(BackendSettings settings);
}
