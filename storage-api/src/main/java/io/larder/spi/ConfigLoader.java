package io.larder.spi;

import io.larder.Larder;
import java.io.InputStream;

/** Reads a configuration file into a wired {@link Larder}; the {@code config} module provides it. */
public interface ConfigLoader {

    /**
     * A Larder for {@code profile} of the YAML document in {@code in}; {@code source} names the
     * file in error messages.
     */
    Larder load(InputStream in, String source, String profile);
}
