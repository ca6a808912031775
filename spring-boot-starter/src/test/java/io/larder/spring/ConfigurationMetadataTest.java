package io.larder.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.larder.ConfigurationException;
import io.larder.config.LarderYaml;
import io.larder.config.SettingsTree;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The configuration metadata IDEs complete {@code larder.*} from names only keys Larder's parser knows. */
class ConfigurationMetadataTest {

    @Test
    void everyKeyInTheMetadataIsOneLardersParserAccepts() throws Exception {
        JsonNode metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            metadata = new ObjectMapper().readTree(in);
        }
        List<String> names = new ArrayList<>();
        metadata.get("properties").forEach(p -> names.add(p.get("name").asText()));
        assertThat(names).hasSizeGreaterThan(50).contains("larder.backend.type", "larder.sessions.expiry");

        List<String> unknown = new ArrayList<>();
        for (String name : names) {
            List<String> path = new ArrayList<>(Arrays.asList(name.split("\\.")));
            if (name.equals("larder.stores") || name.equals("larder.limiters") || name.equals("larder.caches")) {
                continue;                            // maps by name: their keys are checked by the parser's own tests
            }
            try {
                LarderYaml.parse(SettingsTree.builder("metadata").value(path, "x", name).build(), null);
            } catch (ConfigurationException e) {
                e.problems().stream().filter(p -> p.contains("unknown key")).forEach(unknown::add);
            }
        }
        assertThat(unknown).isEmpty();
    }
}
