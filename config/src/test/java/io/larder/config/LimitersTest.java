package io.larder.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.larder.ConfigurationException;
import io.larder.Larder;
import io.larder.spi.LimitRule;
import io.larder.spi.LimiterDeclaration.OnUnavailable;
import io.larder.spi.LimiterDeclaration;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code larder.limiters}: typed into limiter-neutral declarations, checked like every other section. */
class LimitersTest {

    @Test
    void aLimiterIsReadWithItsLimitsZoneAndFailurePolicy() {
        LarderSettings s = Yaml.parse("""
                larder:
                  limiters:
                    api:
                      limits:
                        - { max: 60, per: minute }
                        - { max: 1000, per: day }
                        - { max: 20000, per: month }
                        - { max: 100, per: 10m, type: sliding }
                        - { max: 10, per: second, type: smooth, burst: 20 }
                        - { max: 5, per: 15s }
                      on-unavailable: allow
                      zone: Asia/Shanghai
                    chat:
                      limits: [ { max: 3, per: second } ]
                """, null);
        assertThat(s.limiters()).extracting(LimiterDeclaration::name).containsExactly("api", "chat");
        LimiterDeclaration api = s.limiter("api").orElseThrow();
        assertThat(api.rules()).containsExactly(LimitRule.fixed(60, Duration.ofMinutes(1)), LimitRule.day(1000),
                LimitRule.month(20_000), LimitRule.sliding(100, Duration.ofMinutes(10)),
                LimitRule.smooth(10, Duration.ofSeconds(1), 20), LimitRule.fixed(5, Duration.ofSeconds(15)));
        assertThat(api.zone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(api.onUnavailable()).isEqualTo(OnUnavailable.ALLOW);
        LimiterDeclaration chat = s.limiter("chat").orElseThrow();
        assertThat(chat.zone()).isEqualTo(ZoneOffset.UTC);
        assertThat(chat.onUnavailable()).as("fail closed unless told otherwise").isEqualTo(OnUnavailable.DENY);
    }

    @Test
    void aProfileCanChangeALimitersPolicy() {
        LarderSettings s = Yaml.parse("""
                larder:
                  limiters:
                    api: { limits: [ { max: 60, per: minute } ] }
                environments:
                  development: { larder: { limiters: { api: { on-unavailable: allow } } } }
                """, "development");
        assertThat(s.limiter("api").orElseThrow().onUnavailable()).isEqualTo(OnUnavailable.ALLOW);
    }

    @Test
    void everyMistakeOfEveryLimiterIsReportedAtOnceWithItsPlace() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> Yaml.parse("""
                larder:
                  limiters:
                    api:
                      limits:
                        - { max: 0, per: minute }
                        - { max: 60, per: minnute }
                        - { max: 10, per: 1s, type: smooth }
                        - { max: 10, per: month, type: sliding }
                        - { max: 10, per: minute, burst: 3 }
                        - { max: 10, pre: minute }
                        - 60/minute
                      on-unavailable: open
                      zone: Asia/Shangai
                    "bad:name": { limits: [] }
                """, null));
        assertThat(e.problems()).containsExactly(
                "larder.limiters.api.limits[0].max at f.yaml:5:18: expected an integer of at least 1, got '0'",
                "larder.limiters.api.limits[1].per at f.yaml:6:27: expected second, minute, hour, day, month or a duration"
                        + " such as 10s, 15m or 2h, got 'minnute'; did you mean 'minute'?",
                "larder.limiters.api.limits[2].burst at f.yaml:7:11: required when type is smooth: the most permits taken"
                        + " at once after an idle spell",
                "larder.limiters.api.limits[3].per at f.yaml:8:27: a sliding limit needs a duration; a month is a calendar"
                        + " window, counted by type fixed",
                "larder.limiters.api.limits[4].burst at f.yaml:9:42: only a smooth limit has a burst (type: smooth)",
                "larder.limiters.api.limits[5].per at f.yaml:10:11: required: second, minute, hour, day, month or a"
                        + " duration such as 10s, 15m or 2h",
                "larder.limiters.api.limits[5].pre at f.yaml:10:22: unknown key 'pre'; did you mean 'per'?",
                "larder.limiters.api.limits[6] at f.yaml:11:11: expected a limit such as { max: 60, per: minute }, got"
                        + " '60/minute'",
                "larder.limiters.api.on-unavailable at f.yaml:12:23: expected deny or allow, got 'open': failing closed is"
                        + " deny, failing open is allow",
                "larder.limiters.api.zone at f.yaml:13:13: expected a zone such as UTC, Asia/Shanghai or +08:00, got"
                        + " 'Asia/Shangai'; did you mean 'Asia/Shanghai'?",
                "larder.limiters.bad:name at f.yaml:14:5: a limiter's name is letters, digits, '_', '.' or '-': it is part"
                        + " of every key of its counters",
                "larder.limiters.bad:name.limits at f.yaml:14:27: needs at least one limit, such as limits: [ { max: 60,"
                        + " per: minute } ]");
    }

    @Test
    void twoLimitsCountingInOneWindowAndLimitsThatCannotCountExactlyAreRefused() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> Yaml.parse("""
                larder:
                  limiters:
                    api:
                      limits:
                        - { max: 60, per: minute }
                        - { max: 100, per: 60s }
                        - { max: 2000000000, per: 30d, type: sliding }
                """, null));
        assertThat(e.problems()).hasSize(2);
        assertThat(e.problems().get(0)).startsWith("larder.limiters.api.limits[1] at f.yaml:6:11: counts in the same window"
                + " (minute) as limits[0]");
        assertThat(e.problems().get(1)).startsWith("larder.limiters.api.limits[2] at f.yaml:7:11: a sliding window of"
                + " PT720H holds at most");
    }

    @Test
    void aLarderFromYamlCarriesItsLimitersForTheLimiterModule() {
        String yaml = "larder: { limiters: { api: { limits: [ { max: 60, per: minute } ], zone: \"+08:00\" } } }";
        try (Larder larder = LarderYaml.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "f.yaml", null)) {
            assertThat(larder.limiterNames()).containsExactly("api");
            assertThat(larder.limiterDeclaration("api").orElseThrow().zone()).isEqualTo(ZoneOffset.ofHours(8));
            assertThat(larder.limiterDeclaration("api").orElseThrow().rules())
                    .isEqualTo(List.of(LimitRule.fixed(60, Duration.ofMinutes(1))));
        }
    }
}
