package io.larder.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.ConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code ${NAME:default}} substitution from the environment. */
class PlaceholdersTest {
    private final Placeholders env = new Placeholders(Map.of("HOST", "redis.internal", "PORT", "6390", "EMPTY", "")::get);

    @Test
    void aSetVariableReplacesThePlaceholder() {
        assertThat(env.expand("${HOST}")).isEqualTo("redis.internal");
        assertThat(env.expand("${HOST:localhost}")).isEqualTo("redis.internal");
    }

    @Test
    void anUnsetVariableTakesItsDefaultWhichMayBeEmptyOrHoldColons() {
        assertThat(env.expand("${MISSING:localhost}")).isEqualTo("localhost");
        assertThat(env.expand("${MISSING:}")).isEmpty();
        assertThat(env.expand("${MISSING:redis://h:1}")).isEqualTo("redis://h:1");
    }

    @Test
    void aVariableSetToEmptyIsEmptyNotItsDefault() {
        assertThat(env.expand("${EMPTY:fallback}")).isEmpty();
    }

    @Test
    void placeholdersAreExpandedInsideLongerText() {
        assertThat(env.expand("redis://${HOST:x}:${PORT:1}/0")).isEqualTo("redis://redis.internal:6390/0");
        assertThat(env.expand("redis://${NOPE:x}:${NADA:1}")).isEqualTo("redis://x:1");
    }

    @Test
    void aDoubledDollarWritesAPlaceholderLiterally() {
        assertThat(env.expand("cost: $${HOST} and $5")).isEqualTo("cost: ${HOST} and $5");
    }

    @Test
    void anUnsetVariableWithoutDefaultIsNamed() {
        assertThatThrownBy(() -> env.expand("${REDIS_HOST}")).hasMessageContaining("REDIS_HOST is not set");
        assertThatThrownBy(() -> env.expand("${A}:${B}")).hasMessageContaining("A, B are not set");
    }

    @Test
    void malformedPlaceholdersAreRefused() {
        assertThatThrownBy(() -> env.expand("${HOST")).hasMessageContaining("unterminated");
        assertThatThrownBy(() -> env.expand("${1X}")).hasMessageContaining("does not name an environment variable");
    }

    @Test
    void substitutionHappensBeforeTypingSoAPortBecomesAnInteger() {
        LarderSettings s = Yaml.parse("""
                larder:
                  backend:
                    port: ${REDIS_PORT:6379}
                    retry-on-timeout: ${RETRY:true}
                    timeouts: { connect: "${CONNECT:5s}" }
                    cluster:
                      nodes: ${CLUSTER_NODES}
                """, null, Map.of("REDIS_PORT", "7001", "CONNECT", "250ms", "CLUSTER_NODES", "a:7000,b:7001"));

        assertThat(Yaml.redis(s).port()).isEqualTo(7001);
        assertThat(Yaml.redis(s).retryOnTimeout()).isTrue();
        assertThat(Yaml.redis(s).timeouts().connect()).hasMillis(250);
        assertThat(Yaml.cluster(s).nodes()).hasSize(2);
    }

    @Test
    void anUnsetVariableIsReportedWithTheKeyAndPlaceThatUseIt() {
        assertThatThrownBy(() -> Yaml.parse("""
                larder:
                  backend:
                    host: ${REDIS_HOST}
                """, null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("larder.backend.host at f.yaml:3:11: environment variable REDIS_HOST is not set and has no"
                        + " default (write ${REDIS_HOST:default} to give one)");
    }

    @Test
    void aSubstitutedValueOfTheWrongTypeIsReportedAsThatType() {
        assertThatThrownBy(() -> Yaml.parse("larder: { backend: { port: '${PORT}' } }", null, Map.of("PORT", "sixty")))
                .hasMessage("larder.backend.port at f.yaml:1:28: expected an integer from 1 to 65535, got 'sixty'");
    }
}
