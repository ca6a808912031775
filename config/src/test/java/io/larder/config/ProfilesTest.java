package io.larder.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.ConfigurationException;
import io.larder.Expiry;
import io.larder.HostPort;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code environments.<profile>} deep-merged over the base. */
class ProfilesTest {
    private static final String FILE = """
            larder:
              backend:
                type: redis
                host: base-host
                pool: { size: 10, max: 50 }
                cluster: { nodes: [ "a:7000", "b:7001" ] }
              defaults:
                expiry: { policy: absolute, duration: 1h }
            environments:
              staging:
                larder:
                  backend:
                    pool: { max: 20 }
                    cluster: { nodes: [ "c:7002" ] }
                  defaults:
                    expiry: { duration: 2h }
              production:
                larder:
                  backend: { type: redis-cluster, pool: { size: 80 } }
              empty:
            """;

    @Test
    void mappingsMergeKeyByKeyAndListsReplace() {
        LarderSettings s = Yaml.parse(FILE, "staging");

        assertThat(s.backend().provider()).isEqualTo("redis");
        assertThat(Yaml.redis(s).host()).isEqualTo("base-host");
        assertThat(Yaml.redis(s).pool().size()).isEqualTo(10);
        assertThat(Yaml.redis(s).pool().max()).isEqualTo(20);
        assertThat(Yaml.cluster(s).nodes()).containsExactly(new HostPort("c", 7002));
        assertThat(s.defaults().expiry()).isEqualTo(Expiry.absolute(Duration.ofHours(2)));
    }

    @Test
    void nullOrEmptyProfileReadsTheBaseAlone() {
        assertThat(Yaml.redis(Yaml.parse(FILE, null)).pool().max()).isEqualTo(50);
        assertThat(Yaml.redis(Yaml.parse(FILE, "")).pool().max()).isEqualTo(50);
        assertThat(Yaml.parse(FILE, "").profile()).isEmpty();
    }

    @Test
    void anEmptyProfileChangesNothing() {
        assertThat(Yaml.parse(FILE, "empty").backend()).isEqualTo(Yaml.parse(FILE, null).backend());
    }

    @Test
    void anUnknownProfileListsTheKnownOnes() {
        assertThatThrownBy(() -> Yaml.parse(FILE, "prod"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("f.yaml: unknown profile 'prod'; the file defines: staging, production, empty");
        assertThatThrownBy(() -> Yaml.parse(FILE, "stagin"))
                .hasMessageContaining("did you mean 'staging'?");
        assertThatThrownBy(() -> Yaml.parse("larder: {}", "dev"))
                .hasMessage("f.yaml: unknown profile 'dev'; the file defines no environments");
    }

    @Test
    void aProblemInAProfileIsReportedWhereTheProfileWroteIt() {
        String file = FILE + """
                  broken:
                    larder:
                      backend: { pool: { size: many } }
                """;

        assertThatThrownBy(() -> Yaml.parse(file, "broken"))
                .hasMessage("larder.backend.pool.size at f.yaml:23:32: expected an integer of at least 0, got 'many'");
    }

    @Test
    void aConflictThatOnlyTheMergeCreatesIsFound() {
        // the production profile's pool size exceeds the base's max
        assertThatThrownBy(() -> Yaml.parse(FILE, "production"))
                .hasMessage("larder.backend.pool.size at f.yaml:19:53: pool.size (80) must not exceed pool.max (50)");
    }

    @Test
    void unknownKeysAreFoundInEveryProfileNotOnlyTheChosenOne() {
        String file = FILE + """
                  typo:
                    larder: { backend: { hots: x } }
                """;

        assertThatThrownBy(() -> Yaml.parse(file, "staging"))
                .hasMessage("environments.typo.larder.backend.hots at f.yaml:22:26: unknown key 'hots'; did you mean 'host'?");
    }
}
