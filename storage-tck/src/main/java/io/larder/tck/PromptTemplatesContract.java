package io.larder.tck;

import static io.larder.tck.ContractFixture.runConcurrently;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.larder.templates.PromptTemplate;
import io.larder.templates.PromptTemplates;
import io.larder.templates.TemplateSettings;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@link PromptTemplates}: versions kept on every save, categories and their default moved in one
 * write, rendering from declared variables only, and bad input. Each behaviour works in stores of
 * its own.
 */
public abstract class PromptTemplatesContract extends ContractSuite {

    /** Templates in fresh stores, with {@code settings} applied over the defaults. */
    protected PromptTemplates templates(TemplateSettings.Builder settings) {
        return PromptTemplates.open(larder(), settings.store(freshName()).build());
    }

    /** Templates in fresh stores, as the defaults say. */
    protected PromptTemplates templates() {
        return templates(TemplateSettings.builder());
    }

    private static PromptTemplate training(String id, String text, String... variables) {
        return PromptTemplate.builder(id).name("基础训练计划模板").category("training").subcategory("strength").text(text)
                .variables(variables).build();
    }

    @Test
    void aSavedTemplateIsFoundAsItsFirstVersion() {
        PromptTemplates templates = templates();
        PromptTemplate saved = templates.save(training("1001", "为{{fitness_level}}水平的用户制定计划，目标：{{goals}}",
                "fitness_level", "goals"));
        assertThat(saved.version()).isEqualTo(1);
        assertThat(saved.savedAt()).isNotNull();
        PromptTemplate found = templates.find("1001").orElseThrow();
        assertThat(found).isEqualTo(saved);
        assertThat(found.subcategory()).isEqualTo("strength");
        assertThat(found.variables()).containsExactly("fitness_level", "goals");
    }

    @Test
    void everySaveKeepsTheVersionItReplacesReadable() {
        PromptTemplates templates = templates();
        templates.save(training("1001", "one {{goals}}", "goals"));
        templates.save(training("1001", "two {{goals}}", "goals"));
        templates.save(training("1001", "three {{goals}}", "goals"));
        assertThat(templates.find("1001")).get().extracting(PromptTemplate::version).isEqualTo(3);
        assertThat(templates.history("1001")).extracting(PromptTemplate::version, PromptTemplate::text).containsExactly(
                tuple(3, "three {{goals}}"), tuple(2, "two {{goals}}"), tuple(1, "one {{goals}}"));
        assertThat(templates.history("nothing")).isEmpty();
    }

    @Test
    void rollingBackIsSavingAnEarlierVersionAgain() {
        PromptTemplates templates = templates();
        templates.save(training("1001", "good {{goals}}", "goals"));
        templates.save(training("1001", "broken {{goals}}", "goals"));
        PromptTemplate good = templates.history("1001").get(1);
        PromptTemplate restored = templates.save(good);
        assertThat(restored.version()).isEqualTo(3);
        assertThat(templates.renderTemplate("1001", Map.of("goals", "增肌"))).isEqualTo("good 增肌");
        assertThat(templates.history("1001")).hasSize(3);
    }

    @Test
    void concurrentSavesOfOneTemplateLoseNoVersion() throws Exception {
        PromptTemplates templates = templates();
        runConcurrently(4, w -> {
            for (int i = 0; i < 5; i++) {
                templates.save(training("1001", "w" + w + "-" + i + " {{goals}}", "goals"));
            }
        });
        List<PromptTemplate> history = templates.history("1001");
        assertThat(history).extracting(PromptTemplate::version)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 20).map(i -> 21 - i).boxed().toList());
        assertThat(history).extracting(PromptTemplate::text).doesNotHaveDuplicates();
    }

    @Test
    void categoriesListTheirTemplates() {
        PromptTemplates templates = templates();
        templates.save(training("b", "b {{goals}}", "goals"));
        templates.save(training("a", "a {{goals}}", "goals"));
        templates.save(PromptTemplate.builder("n1").category("nutrition").text("吃什么").build());
        assertThat(templates.categories()).containsExactly("nutrition", "training");
        assertThat(templates.list("training")).extracting(PromptTemplate::id).containsExactly("a", "b");
        assertThat(templates.list("injury_prevention")).isEmpty();
    }

    @Test
    void makingADefaultMovesItInOneWriteAndRenderFollowsIt() {
        PromptTemplates templates = templates();
        templates.save(training("a", "A: {{goals}}", "goals"));
        templates.save(training("b", "B: {{goals}}", "goals"));
        assertThat(templates.defaultOf("training")).isEmpty();
        templates.makeDefault("training", "a");
        assertThat(templates.render("training", Map.of("goals", "x"))).isEqualTo("A: x");
        templates.makeDefault("training", "b");
        assertThat(templates.render("training", Map.of("goals", "x"))).isEqualTo("B: x");
        assertThat(templates.defaultOf("training")).get().extracting(PromptTemplate::id).isEqualTo("b");
    }

    @Test
    void aDefaultMustBeATemplateOfItsCategory() {
        PromptTemplates templates = templates();
        templates.save(training("a", "A {{goals}}", "goals"));
        templates.save(PromptTemplate.builder("n1").category("nutrition").text("吃").build());
        templates.makeDefault("training", "a");
        assertThatThrownBy(() -> templates.makeDefault("training", "n1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nutrition");
        assertThatThrownBy(() -> templates.makeDefault("training", "missing")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing");
        assertThatThrownBy(() -> templates.save(PromptTemplate.builder("a").category("nutrition").text("moved").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("default");
        assertThat(templates.defaultOf("training")).get().extracting(PromptTemplate::id).isEqualTo("a");
        assertThat(templates.find("a")).get().extracting(PromptTemplate::category).isEqualTo("training");
    }

    @Test
    void renderingPutsValuesInAsTheyAreWithoutReadingThemForPlaceholders() {
        PromptTemplates templates = templates();
        templates.save(training("a", "目标：{{ goals }}；水平：{{fitness_level}}；再说一次：{{goals}} {\"json\": {\"ok\": 1}}",
                "goals", "fitness_level"));
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("goals", "{{fitness_level}} ${jndi:x} #{1+1}");
        values.put("fitness_level", 3);
        assertThat(templates.renderTemplate("a", values)).isEqualTo(
                "目标：{{fitness_level}} ${jndi:x} #{1+1}；水平：3；再说一次：{{fitness_level}} ${jndi:x} #{1+1} {\"json\": {\"ok\": 1}}");
    }

    @Test
    void renderingRefusesMissingUnknownAndNullVariablesNamingEachOne() {
        PromptTemplates templates = templates();
        templates.save(training("a", "{{goals}} {{equipment}} {{schedule}}", "goals", "equipment", "schedule"));
        Map<String, Object> values = new HashMap<>();
        values.put("goals", "x");
        values.put("schedual", "typo");
        values.put("schedule", null);
        assertThatThrownBy(() -> templates.renderTemplate("a", values)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'equipment' is missing").hasMessageContaining("'schedual' is unknown")
                .hasMessageContaining("'schedule' is null");
        assertThatThrownBy(() -> templates.render("nutrition", Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no default");
        assertThatThrownBy(() -> templates.renderTemplate("missing", Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing");
        String store = templates.settings().store();
        assertThat(registry().get("larder.templates.renders").tag("store", store).tag("template", "a")
                .tag("outcome", "refused").counter().count()).isEqualTo(1.0);
    }

    @Test
    void rendersAreCountedByTemplate() {
        PromptTemplates templates = templates();
        templates.save(training("a", "{{goals}}", "goals"));
        templates.save(training("b", "{{goals}}", "goals"));
        templates.makeDefault("training", "a");
        templates.render("training", Map.of("goals", "1"));
        templates.render("training", Map.of("goals", "2"));
        templates.renderTemplate("b", Map.of("goals", "3"));
        String store = templates.settings().store();
        assertThat(registry().get("larder.templates.renders").tag("store", store).tag("template", "a")
                .tag("outcome", "rendered").counter().count()).isEqualTo(2.0);
        assertThat(registry().get("larder.templates.renders").tag("store", store).tag("template", "b")
                .tag("outcome", "rendered").counter().count()).isEqualTo(1.0);
    }

    @Test
    void aTemplateWhoseTextAndVariablesDisagreeIsRefusedNamingEveryProblemAndNothingIsStored() {
        PromptTemplates templates = templates();
        templates.save(training("a", "kept {{goals}}", "goals"));
        assertThatThrownBy(() -> templates.save(training("a", "{{goals}} {{equipment}} {{ not a name }} {{", "goals",
                "schedule", "1bad", "goals"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("{{equipment}}, which it does not declare")
                .hasMessageContaining("'schedule', which its text never names")
                .hasMessageContaining("'1bad' is not a name").hasMessageContaining("'goals' is declared twice")
                .hasMessageContaining("malformed placeholder");
        assertThat(templates.find("a")).get().extracting(PromptTemplate::text).isEqualTo("kept {{goals}}");
        assertThat(templates.history("a")).hasSize(1);
    }

    @Test
    void aTemplateOfOneMegabyteIsRefusedAndTheStoredVersionStays() {
        PromptTemplates templates = templates();
        templates.save(training("a", "kept", new String[0]));
        assertThatThrownBy(() -> templates.save(training("a", "x".repeat(1 << 20)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1048576 bytes").hasMessageContaining("max-text-size");
        assertThat(templates.find("a")).get().extracting(PromptTemplate::text).isEqualTo("kept");
    }

    @Test
    void badIdsAndCategoriesAreRefusedAndOddOnesAreKeptApart() {
        PromptTemplates templates = templates();
        assertThatThrownBy(() -> templates.save(training("", "x"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("template id");
        assertThatThrownBy(() -> templates.save(PromptTemplate.builder("a").category("c".repeat(1 << 20)).text("x").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("category");
        String odd = "t{1}:\n%";
        templates.save(PromptTemplate.builder(odd).category("c{a}:\n").text("{{x}}").variables("x").build());
        templates.save(PromptTemplate.builder("t{1}").category("c").text("plain").build());
        templates.makeDefault("c{a}:\n", odd);
        assertThat(templates.render("c{a}:\n", Map.of("x", "ok"))).isEqualTo("ok");
        templates.save(PromptTemplate.builder(odd).category("c{a}:\n").text("again {{x}}").variables("x").build());
        assertThat(templates.history(odd)).hasSize(2);
        assertThat(templates.history("t{1}")).hasSize(1);
        assertThatThrownBy(() -> templates.find("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> templates.history("x".repeat(1 << 20))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deletingATemplateTakesItsHistoryAndTheDefaultItWas() {
        PromptTemplates templates = templates();
        templates.save(training("a", "one {{goals}}", "goals"));
        templates.save(training("a", "two {{goals}}", "goals"));
        templates.save(training("b", "b {{goals}}", "goals"));
        templates.makeDefault("training", "a");
        assertThat(templates.delete("a")).isTrue();
        assertThat(templates.delete("a")).isFalse();
        assertThat(templates.find("a")).isEmpty();
        assertThat(templates.history("a")).isEmpty();
        assertThat(templates.defaultOf("training")).isEmpty();
        assertThatThrownBy(() -> templates.render("training", Map.of("goals", "x"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(templates.find("b")).isPresent();
        assertThat(templates.list("training")).extracting(PromptTemplate::id).containsExactly("b");
    }

    @Test
    void templatesDoNotExpireUnlessConfigured() {
        PromptTemplates kept = templates();
        PromptTemplates expiring = templates(TemplateSettings.builder().expiry(tick().multipliedBy(2)));
        kept.save(training("a", "{{goals}}", "goals"));
        expiring.save(training("a", "{{goals}}", "goals"));
        advance(3);
        assertThat(kept.find("a")).isPresent();
        assertThat(expiring.find("a")).isEmpty();
    }
}
