package io.larder.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.ConfigurationException;
import io.larder.Larder;
import io.larder.spi.ConfigLoader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** From settings to a Larder: the adapter is found through ServiceLoader, or the missing module is named. */
class WiringTest {

    @Test
    void theYamlLoaderIsRegisteredForLarderFromYaml() {
        assertThat(ServiceLoader.load(ConfigLoader.class).findFirst()).get().isInstanceOf(YamlConfigLoader.class);
    }

    @Test
    void aBackendTypeWithoutItsModuleOnTheClassPathNamesTheModule() {
        // the class path is seen without storage-cluster, as an application that left it out sees it
        String yaml = "larder: { backend: { type: redis-cluster, client: jedis } }";

        assertThatThrownBy(() -> withoutModule("storage-cluster", () -> LarderYaml.load(
                new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "f.yaml", null)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("no backend on the class path serves larder.backend type redis-cluster:"
                        + " add the io.larder:storage-cluster module");
    }

    /** Runs {@code call} with a context class loader that does not show {@code module}'s service files. */
    private static void withoutModule(String module, Runnable call) {
        Thread thread = Thread.currentThread();
        ClassLoader parent = thread.getContextClassLoader();
        thread.setContextClassLoader(new ClassLoader(parent) {
            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                List<URL> kept = Collections.list(parent.getResources(name)).stream()
                        .filter(u -> !u.toString().contains("/" + module + "/")).toList();
                return Collections.enumeration(kept);
            }
        });
        try {
            call.run();
        } finally {
            thread.setContextClassLoader(parent);
        }
    }

    @Test
    void eachBackendTypeNamesItsModule() {
        assertThat(BackendProviders.module("memory")).isEqualTo("io.larder:storage-memory");
        assertThat(BackendProviders.module("redis")).isEqualTo("io.larder:storage-redis");
        assertThat(BackendProviders.module("redis-sentinel")).isEqualTo("io.larder:storage-redis");
        assertThat(BackendProviders.module("redis-cluster")).isEqualTo("io.larder:storage-cluster");
    }

    @Test
    void problemsOfTheFileComeBeforeAnyBackendIsLookedFor(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("larder.yaml"), "larder: { backend: { type: redis-cluster } }\n");

        assertThatThrownBy(() -> Larder.fromYaml(file, null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("larder.backend.cluster.nodes at " + file + ":1:28: required when type is redis-cluster");
    }

    @Test
    void aMissingFileIsAConfigurationProblem(@TempDir Path dir) {
        assertThatThrownBy(() -> LarderYaml.parse(dir.resolve("absent.yaml"), null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("configuration file not found");
        assertThatThrownBy(() -> LarderYaml.parseResource("absent.yaml", null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("not found on the class path: absent.yaml");
    }
}
