package io.larder.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.BackendSettings.Type;
import io.larder.ConfigurationException;
import io.larder.Larder;
import io.larder.spi.ConfigLoader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        // storage-cluster is never on this module's class path
        String yaml = "larder: { backend: { type: redis-cluster, client: jedis, cluster: { nodes: [ \"n:7000\" ] } } }";

        assertThatThrownBy(() -> LarderYaml.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "f.yaml", null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("no backend on the class path serves larder.backend type redis-cluster with client"
                        + " jedis: add the io.larder:storage-cluster module");
    }

    @Test
    void eachBackendTypeNamesItsModule() {
        assertThat(Wiring.module(Type.MEMORY)).isEqualTo("io.larder:storage-memory");
        assertThat(Wiring.module(Type.REDIS)).isEqualTo("io.larder:storage-redis");
        assertThat(Wiring.module(Type.REDIS_SENTINEL)).isEqualTo("io.larder:storage-redis");
        assertThat(Wiring.module(Type.REDIS_CLUSTER)).isEqualTo("io.larder:storage-cluster");
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
