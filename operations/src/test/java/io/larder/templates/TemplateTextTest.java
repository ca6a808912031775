package io.larder.templates;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TemplateTextTest {

    @Test
    void placeholdersAreNamesInDoubleBracesWithOptionalSpaces() {
        List<String> problems = new ArrayList<>();
        assertThat(TemplateText.names("{{a}} {{ b_2 }} {{a}} {\"json\": {\"x\": 1}} }}", problems)).containsExactly("a", "b_2");
        assertThat(problems).isEmpty();
    }

    @Test
    void everyMalformedPlaceholderIsReportedWithItsPlace() {
        List<String> problems = new ArrayList<>();
        TemplateText.names("ok {{ 1st }} then {{a-b}} and {{ never closed", problems);
        assertThat(problems).hasSize(3);
        assertThat(problems.get(0)).contains("character 3");
        assertThat(problems.get(2)).contains("{{ never closed");
    }

    @Test
    void renderingPutsEachValueInOnceAndNeverReadsItAgain() {
        assertThat(TemplateText.render("{{a}}-{{ b }}-{{a}}", Map.of("a", "{{b}}", "b", "$1\\"))).isEqualTo("{{b}}-$1\\-{{b}}");
    }

    @Test
    void declaredVariablesMustBeExactlyTheNamesTheTextUses() {
        assertThat(TemplateText.check(List.of("a", "b"), Set.of("a", "b"))).isEmpty();
        assertThat(TemplateText.check(List.of("a", "a", "9"), Set.of("a", "c"))).containsExactly(
                "variable 'a' is declared twice",
                "variable '9' is not a name (letters, digits and _, not starting with a digit)",
                "its text names {{c}}, which it does not declare");
    }
}
