package io.larder.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.larder.ConfigurationException;
import io.larder.Larder;
import io.larder.config.LarderSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/** A real Spring Boot application reading {@code larder.*} from a YAML file, as an application.yml would give it. */
class ApplicationYamlTest {

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {
    }

    private static SpringApplicationBuilder app(String config, String... args) {
        return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
                .properties("spring.config.location=classpath:" + config);
    }

    @Test
    void flowMappingsListsAndSpringPlaceholdersReadAsInALarderFile() {
        try (ConfigurableApplicationContext context = app("larder-app.yml").run("--APP_PREFIX=notes-app")) {
            LarderSettings settings = context.getBean(LarderSettings.class);
            assertThat(settings.store("notes").orElseThrow().indexes()).containsExactly("author");
            assertThat(context.getBean(Larder.class).defaults().keyPrefix()).isEqualTo("notes-app:");
        }
    }

    @Test
    void mistakesInTheFileAreReportedTogetherWithTheirFileLineAndColumn() {
        Throwable failure = catchThrowable(() -> app("mistaken-larder.yml").run().close());
        Throwable root = failure;
        while (!(root instanceof ConfigurationException) && root.getCause() != null) {
            root = root.getCause();
        }
        assertThat(root).isInstanceOf(ConfigurationException.class);
        // Spring tracks where each value was written; an unknown key is located at its value
        assertThat(((ConfigurationException) root).problems()).containsExactly(
                "larder.backend.port at class path resource [mistaken-larder.yml] - 4:11:"
                        + " expected an integer from 1 to 65535, got '99999'",
                "larder.defaults.compresion at class path resource [mistaken-larder.yml] - 6:30:"
                        + " unknown key 'compresion'; did you mean 'compression'?");
    }
}
