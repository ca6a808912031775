package io.larder.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.larder.ConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Secrets never appear in messages, logs or {@code toString}. */
class SecretsTest {
    private static final String SECRET = "hunter2-Sup3rSecret";

    @Test
    void secretsAreKeptOutOfTheSettingsToString() {
        LarderSettings s = Yaml.parse("""
                larder:
                  backend:
                    password: hunter2-Sup3rSecret
                    sentinel: { password: "${SENTINEL_PASSWORD}" }
                    tls: { trust-store: t.p12, trust-store-password: "${TRUST_PASSWORD:hunter2-Sup3rSecret}" }
                """, null, Map.of("SENTINEL_PASSWORD", SECRET));

        assertThat(Yaml.redis(s).password().reveal()).isEqualTo(SECRET);
        assertThat(Yaml.redis(s).sentinel().password().reveal()).isEqualTo(SECRET);
        assertThat(Yaml.redis(s).tls().trustStorePassword().reveal()).isEqualTo(SECRET);
        assertThat(s.toString()).doesNotContain(SECRET).contains("******");
        assertThat(s.backend().toString()).doesNotContain(SECRET);
    }

    @Test
    void aWrongTypedPasswordIsReportedWithoutItsValue() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> Yaml.parse("""
                larder:
                  backend:
                    password: [ hunter2-Sup3rSecret ]
                    sentinel: { password: { hunter2-Sup3rSecret: 1 } }
                """, null));

        assertThat(e.problems()).containsExactly(
                "larder.backend.password at f.yaml:3:15: expected text",
                "larder.backend.sentinel.password at f.yaml:4:27: expected text");
        assertThat(e.getMessage()).doesNotContain(SECRET);
    }

    @Test
    void aSubstitutedSecretNeverReachesAMessageEvenBesideOtherProblems() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> Yaml.parse("""
                larder:
                  backend:
                    password: ${REDIS_PASSWORD}
                    tls: { trust-store-password: "${TRUST_PASSWORD}" }
                    port: nope
                """, null, Map.of("REDIS_PASSWORD", SECRET, "TRUST_PASSWORD", SECRET)));

        assertThat(e.problems()).containsExactly(
                "larder.backend.tls.trust-store-password at f.yaml:4:34: is set but tls.trust-store is not: give the"
                        + " trust store it opens",
                "larder.backend.port at f.yaml:5:11: expected an integer from 1 to 65535, got 'nope'");
        assertThat(e.getMessage()).doesNotContain(SECRET);
    }

    @Test
    void anUnsetSecretVariableIsNamedButNothingElseIsShown() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> Yaml.parse("larder: { backend: { password: \"${REDIS_PASSWORD}\" } }", null));

        assertThat(e.getMessage()).contains("REDIS_PASSWORD is not set");
    }

    @Test
    void aSyntaxErrorOnThePasswordLineDoesNotQuoteTheLine() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> Yaml.parse("""
                larder:
                  backend:
                    password: hunter2-Sup3rSecret: x
                """, null));

        assertThat(e.getMessage()).startsWith("f.yaml:3:34: not valid YAML").doesNotContain(SECRET);
    }
}
