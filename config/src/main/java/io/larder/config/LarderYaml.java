package io.larder.config;

import io.larder.ConfigurationException;
import io.larder.Larder;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.reader.UnicodeReader;

/**
 * Reads a Larder YAML file for one profile: {@code parse} gives the typed, validated
 * {@link LarderSettings}; {@code load} also finds the adapter through {@code ServiceLoader}
 * and returns the wired {@link Larder}. Every problem of a file is reported at once in one
 * {@link ConfigurationException}, each with its file, line, column and key. A {@code null} or
 * empty profile reads the base alone. Placeholders read {@link System#getenv} unless an
 * environment is given. Thread-safe.
 *
 * <pre>{@code
 * try (Larder larder = LarderYaml.load(Path.of("larder.yaml"), "production")) { ... }
 * }</pre>
 */
public final class LarderYaml {
    /** The embedded default configuration: a memory backend with a snapshot under {@code ${LARDER_DATA:./larder-data}}. */
    public static final String DEFAULT_RESOURCE = "larder-default.yaml";

    private LarderYaml() {
    }

    /** The Larder {@code profile} of the file at {@code file} configures. */
    public static Larder load(Path file, @Nullable String profile) {
        return open(parse(file, profile));
    }

    /** The Larder {@code profile} of a YAML document configures; {@code source} names it in errors. */
    public static Larder load(InputStream in, String source, @Nullable String profile) {
        return open(parse(in, source, profile));
    }

    /** The Larder {@code profile} of a class-path resource configures ({@link #DEFAULT_RESOURCE}, say). */
    public static Larder loadResource(String classpathResource, @Nullable String profile) {
        return open(parseResource(classpathResource, profile));
    }

    /** The typed settings {@code profile} of the file at {@code file} gives, without making a backend. */
    public static LarderSettings parse(Path file, @Nullable String profile) {
        return parse(file, profile, System::getenv);
    }

    /** As {@link #parse(Path, String)}, with placeholders read from {@code environment} (returning null for unset). */
    public static LarderSettings parse(Path file, @Nullable String profile, Function<String, @Nullable String> environment) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString(), profile, environment);
        } catch (NoSuchFileException e) {
            throw new ConfigurationException("configuration file not found: " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The typed settings {@code profile} of a YAML document gives; {@code source} names it in errors. */
    public static LarderSettings parse(InputStream in, String source, @Nullable String profile) {
        return parse(in, source, profile, System::getenv);
    }

    /** As {@link #parse(InputStream, String, String)}, with placeholders read from {@code environment}. */
    public static LarderSettings parse(InputStream in, String source, @Nullable String profile,
                                       Function<String, @Nullable String> environment) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(environment, "environment");
        return SettingsParser.parse(new UnicodeReader(in), source, profile, environment);
    }

    /**
     * The typed settings {@code profile} of a tree handed over by another configuration system
     * gives: the same keys, profiles ({@code environments.<profile>.larder}) and checks as a file.
     */
    public static LarderSettings parse(SettingsTree tree, @Nullable String profile) {
        return SettingsParser.parse(Objects.requireNonNull(tree, "tree"), profile);
    }

    /** The typed settings {@code profile} of a class-path resource gives. */
    public static LarderSettings parseResource(String classpathResource, @Nullable String profile) {
        String name = classpathResource.startsWith("/") ? classpathResource.substring(1) : classpathResource;
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        InputStream in = (loader == null ? LarderYaml.class.getClassLoader() : loader).getResourceAsStream(name);
        if (in == null) {
            in = LarderYaml.class.getClassLoader().getResourceAsStream(name);
        }
        if (in == null) {
            throw new ConfigurationException("configuration resource not found on the class path: " + name);
        }
        try (InputStream open = in) {
            return parse(open, "classpath:" + name, profile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read class-path resource " + name, e);
        }
    }

    /**
     * A running Larder for typed settings: the first {@link io.larder.spi.BackendProvider} that
     * supports {@code settings.backend()} makes the backend, and every declared store is registered.
     *
     * @throws ConfigurationException when no provider on the class path serves the backend type,
     *         naming the module to add
     */
    public static Larder open(LarderSettings settings) {
        return Wiring.open(Objects.requireNonNull(settings, "settings"), null);
    }

    /** As {@link #open(LarderSettings)}, with every meter of the Larder in {@code registry} (an application's own). */
    public static Larder open(LarderSettings settings, MeterRegistry registry) {
        return Wiring.open(Objects.requireNonNull(settings, "settings"), Objects.requireNonNull(registry, "registry"));
    }
}
