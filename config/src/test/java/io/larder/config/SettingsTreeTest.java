package io.larder.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.larder.ConfigurationException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A tree handed over by another configuration system reads with the keys, profiles and checks of a file. */
class SettingsTreeTest {

    private static SettingsTree.Builder tree() {
        return SettingsTree.builder("Spring Environment");
    }

    @Test
    void flatEntriesReadAsTheSameSettingsAsTheFileTheyCameFrom() {
        LarderSettings fromTree = LarderYaml.parse(tree()
                .value(List.of("larder", "backend", "type"), "memory", "application.yml:3:11")
                .value(List.of("larder", "stores", "chat", "partition-by"), "group_id", "application.yml:6:21")
                .value(List.of("larder", "stores", "chat", "indexes", "[0]"), "sender_id", "application.yml:7:17")
                .value(List.of("larder", "stores", "chat", "indexes", "[1]"), "msg_type", "application.yml:8:17")
                .value(List.of("larder", "stores", "chat", "expiry", "policy"), "none", "application.yml:9:25")
                .build(), null);
        LarderSettings fromFile = Yaml.parse("""
                larder:
                  backend: { type: memory }
                  stores:
                    chat: { partition-by: group_id, indexes: [sender_id, msg_type], expiry: { policy: none } }
                """, null);

        assertThat(fromTree.stores().toString()).isEqualTo(fromFile.stores().toString());
        assertThat(fromTree.backend().provider()).isEqualTo("memory");
        assertThat(fromTree.source()).isEqualTo("Spring Environment");
    }

    @Test
    void everyProblemIsReportedAtOnceWhereItsValueWasWritten() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> LarderYaml.parse(tree()
                .value(List.of("larder", "backend", "port"), "99999", "application.yml:4:11")
                .value(List.of("larder", "defaults", "compresion", "algorithm"), "lz4", "application-prod.yml:2:7")
                .build(), null));

        assertThat(e.problems()).containsExactly(
                "larder.backend.port at application.yml:4:11: expected an integer from 1 to 65535, got '99999'",
                "larder.defaults.compresion at application-prod.yml:2:7: unknown key 'compresion'; did you mean 'compression'?");
    }

    @Test
    void aProfileOfTheTreeIsMergedOverItsBase() {
        LarderSettings s = LarderYaml.parse(tree()
                .value(List.of("larder", "backend", "type"), "memory", "a")
                .value(List.of("environments", "testing", "larder", "backend", "type"), "redis", "b")
                .build(), "testing");

        assertThat(s.backend().provider()).isEqualTo("redis");
        assertThat(s.profiles()).containsExactly("testing");
    }

    @Test
    void placeholderSyntaxInAValueIsKeptLiterally() {
        LarderSettings s = LarderYaml.parse(tree()
                .value(List.of("larder", "defaults", "key-prefix"), "app${x}:", "a")
                .build(), null);

        assertThat(s.defaults().keyPrefix()).isEqualTo("app${x}:");
    }

    @Test
    void aValueBesideKeysUnderItIsAProblem() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> LarderYaml.parse(tree()
                .value(List.of("larder", "backend"), "redis", "a")
                .value(List.of("larder", "backend", "type"), "redis", "b")
                .build(), null));

        assertThat(e.problems()).containsExactly("larder.backend at a: given both a value and keys under it (b)");
    }

    @Test
    void anEmptyValueBesideKeysIsAnEmptyMapping() {
        LarderSettings s = LarderYaml.parse(tree()
                .value(List.of("larder", "stores", "plans"), "", "a")
                .value(List.of("larder", "stores", "notes", "layout"), "values", "b")
                .build(), null);

        assertThat(s.stores()).extracting(st -> st.name()).containsExactly("plans", "notes");
    }
}
