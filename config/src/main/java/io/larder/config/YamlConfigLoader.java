package io.larder.config;

import io.larder.Larder;
import io.larder.spi.ConfigLoader;
import java.io.InputStream;

/**
 * The {@link ConfigLoader} behind {@link Larder#fromYaml(java.nio.file.Path, String)}, registered
 * in {@code META-INF/services}; it reads the document with {@link LarderYaml}. Thread-safe.
 */
public final class YamlConfigLoader implements ConfigLoader {

    /** For {@link java.util.ServiceLoader}. */
    public YamlConfigLoader() {
    }

    @Override
    public Larder load(InputStream in, String source, String profile) {
        return LarderYaml.load(in, source, profile);
    }
}
