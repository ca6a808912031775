package io.larder.cli;

import io.larder.AdapterSettings;
import io.larder.BackendSettings;
import io.larder.ConfigurationException;
import io.larder.cluster.ClusterSettings;
import io.larder.config.LarderSettings;
import io.larder.config.LarderYaml;
import io.larder.memory.MemorySettings;
import io.larder.redis.RedisSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Which configuration a command reads: a YAML file (or the embedded {@code larder-default.yaml}),
 * a profile, and the data folder that {@code ${LARDER_DATA}} names in it. Immutable.
 *
 * @param file the YAML file; nullable: the embedded default
 * @param profile the profile to merge over the base; nullable: the base alone
 * @param dataDir the data folder, given to the file as {@code LARDER_DATA}; nullable: the environment's
 * @param environment the environment variables placeholders read
 */
record ConfigChoice(@Nullable Path file, @Nullable String profile, @Nullable Path dataDir,
                    Function<String, String> environment) {
    /** The environment variable the embedded configuration puts its snapshot under. */
    static final String DATA_VARIABLE = "LARDER_DATA";
    /** The data folder when neither {@code --data} nor {@code LARDER_DATA} names one. */
    static final Path DEFAULT_DATA = Path.of("larder-data");

    ConfigChoice {
        Objects.requireNonNull(environment, "environment");
    }

    /** The data folder: {@code --data}, else {@code $LARDER_DATA}, else {@code ./larder-data}; absolute. */
    Path data() {
        String fromEnvironment = environment.apply(DATA_VARIABLE);
        Path dir = dataDir != null ? dataDir
                : fromEnvironment != null && !fromEnvironment.isEmpty() ? Path.of(fromEnvironment) : DEFAULT_DATA;
        return dir.toAbsolutePath().normalize();
    }

    /** The typed settings, every problem of the file reported at once. */
    LarderSettings settings() {
        String data = data().toString();                // absolute, so every message names the same place
        Function<String, String> env = name -> DATA_VARIABLE.equals(name) ? data : environment.apply(name);
        if (file != null) {
            return LarderYaml.parse(file, profile, env);
        }
        String resource = LarderYaml.DEFAULT_RESOURCE;
        try (InputStream in = LarderYaml.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new ConfigurationException("the embedded " + resource + " is missing from the class path");
            }
            return LarderYaml.parse(in, "classpath:" + resource, profile, env);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the embedded " + resource, e);
        }
    }

    /** Where the records of {@code settings} are, for people: "memory, snapshot /x/larder.snapshot" or "redis localhost:6379". */
    static String describe(LarderSettings settings) {
        BackendSettings b = settings.backend();
        AdapterSettings adapter = b.adapter().orElse(null);
        String where;
        if (adapter instanceof MemorySettings m) {
            Path snapshot = m.snapshot().path();
            where = snapshot != null ? "snapshot " + snapshot.toAbsolutePath().normalize() : "no snapshot";
        } else if (adapter instanceof RedisSettings r) {
            where = r.mode() == RedisSettings.Mode.SENTINEL
                    ? "master " + r.sentinel().master() + " via " + r.sentinel().nodes()
                    : r.host() + ":" + r.port() + (r.database() == 0 ? "" : " db " + r.database());
        } else if (adapter instanceof ClusterSettings c) {
            where = "nodes " + c.nodes();
        } else {
            where = "its defaults";
        }
        String profile = settings.profile().isEmpty() ? "" : ", profile " + settings.profile();
        return b.provider() + " (" + where + "), from " + settings.source() + profile;
    }
}
