package io.larder.redis.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.ConfigurationException;
import io.larder.spi.LimitLayout;
import io.larder.spi.LimitRule;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The text of a limiter's script: made from its limits' numbers alone, the same for the same limits, different for different ones. */
class LimitScriptTest {
    private static final List<LimitRule> EVERY_KIND = List.of(LimitRule.fixed(60, Duration.ofMinutes(1)), LimitRule.day(1000),
            LimitRule.month(20_000), LimitRule.sliding(50, Duration.ofSeconds(10)), LimitRule.smooth(10, Duration.ofSeconds(1), 20));

    @Test
    void theTextCarriesNoNameNoPrefixAndNothingButTheLimitsNumbers() {
        for (ZoneId zone : List.of(ZoneOffset.UTC, ZoneId.of("America/New_York"))) {
            LimitLayout a = new LimitLayout("tenant-7:", "payments.api_v2", zone, EVERY_KIND);
            LimitLayout b = new LimitLayout("other:", "x", zone, EVERY_KIND);
            String text = LimitScript.of(a).source();
            assertThat(text).doesNotContain("tenant-7").doesNotContain("payments").doesNotContain("limit-v2:");
            assertThat(text).as("name and prefix change nothing").isEqualTo(LimitScript.of(b).source());
            // the same kinds with other numbers: the texts differ only in their digits
            List<LimitRule> others = List.of(LimitRule.fixed(7, Duration.ofSeconds(3)), LimitRule.day(3), LimitRule.month(9),
                    LimitRule.sliding(8, Duration.ofMillis(1500)), LimitRule.smooth(3, Duration.ofMillis(700), 2));
            String other = LimitScript.of(new LimitLayout("p:", "q", zone, others)).source();
            assertThat(other).isNotEqualTo(text);
            assertThat(other.replaceAll("[0-9]+", "#")).isEqualTo(text.replaceAll("[0-9]+", "#"));
        }
    }

    @Test
    void theSameLimitsGiveTheSameTextAndDifferentLimitsDifferentTexts() {
        List<List<LimitRule>> limiters = List.of(
                List.of(LimitRule.fixed(60, Duration.ofMinutes(1))),
                List.of(LimitRule.fixed(61, Duration.ofMinutes(1))),
                List.of(LimitRule.fixed(60, Duration.ofHours(1))),
                List.of(LimitRule.sliding(60, Duration.ofMinutes(1))),
                List.of(LimitRule.smooth(60, Duration.ofMinutes(1), 5)),
                List.of(LimitRule.smooth(60, Duration.ofMinutes(1), 6)),
                List.of(LimitRule.day(60)),
                List.of(LimitRule.month(60)),
                List.of(LimitRule.fixed(60, Duration.ofMinutes(1)), LimitRule.day(60)),
                List.of(LimitRule.day(60), LimitRule.fixed(60, Duration.ofMinutes(1))));
        Set<String> texts = new HashSet<>();
        for (List<LimitRule> rules : limiters) {
            String text = LimitScript.of(new LimitLayout("p:", "a", ZoneOffset.UTC, rules)).source();
            assertThat(LimitScript.of(new LimitLayout("p:", "a", ZoneOffset.UTC, new ArrayList<>(rules))).source())
                    .as("made again").isEqualTo(text);
            texts.add(text);
        }
        assertThat(texts).hasSameSizeAs(limiters);
        // a calendar day is the zone's: another offset, another script; a zone whose offset changes sends boundaries
        List<LimitRule> day = List.of(LimitRule.day(60));
        assertThat(List.of(ZoneOffset.UTC, ZoneOffset.ofHours(8), ZoneId.of("Asia/Shanghai"), ZoneId.of("America/New_York"))
                .stream().map(z -> LimitScript.of(new LimitLayout("p:", "a", z, day)).source()).distinct())
                .as("Asia/Shanghai's offset is fixed: the same days as +08:00").hasSize(3);
    }

    @Test
    void aLimiterWithMoreCountersThanAScriptHoldsIsRefusedWhenItIsMade() {
        List<LimitRule> rules = new ArrayList<>();
        for (int i = 1; i <= LimitScript.MAX_COUNTERS / 2 + 1; i++) {
            rules.add(LimitRule.sliding(10, Duration.ofSeconds(i)));
        }
        assertThatThrownBy(() -> LimitScript.of(new LimitLayout("p:", "many", ZoneOffset.UTC, rules)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("'many'").hasMessageContaining("at most 32");
        LimitScript.of(new LimitLayout("p:", "enough", ZoneOffset.UTC, rules.subList(0, LimitScript.MAX_COUNTERS / 2)));
    }
}
