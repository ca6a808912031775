package io.larder.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.limiter.Limit;
import io.larder.limiter.RateLimiter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad input gets a clear refusal or a correct decision, and never touches another subject's counters. */
public interface LimitInputContract extends LimiterFixture {

    @Test
    @SuppressWarnings("NullAway") // asks for a null subject on purpose: the limiter must refuse it
    default void anEmptyOrMissingSubjectIsRefused() {
        RateLimiter api = limiter(Limit.fixed(5, LimitAllOrNoneContract.LONG));
        assertThatThrownBy(() -> api.tryAcquire("")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> api.tryAcquire(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("subject");
        assertThatThrownBy(() -> api.peek("")).isInstanceOf(IllegalArgumentException.class);
        assertThat(api.counters()).isZero();
    }

    @Test
    default void aTenKilobyteSubjectIsRefusedAndOneOfAKilobyteIsDecided() {
        RateLimiter api = limiter(Limit.fixed(5, LimitAllOrNoneContract.LONG));
        assertThatThrownBy(() -> api.tryAcquire("x".repeat(10_240))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1024").hasMessageContaining("10240");
        assertThatThrownBy(() -> api.tryAcquire("语".repeat(342))).as("1026 bytes of UTF-8")
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(api.tryAcquire("x".repeat(1024)).remaining()).isEqualTo(4);
        assertThat(api.tryAcquire("语".repeat(341)).remaining()).isEqualTo(4);
        assertThat(api.counters()).isEqualTo(2);
    }

    @Test
    default void subjectsWithBracesColonsAndNewlinesEachCountOnTheirOwn() {
        RateLimiter api = limiter(Limit.fixed(1, LimitAllOrNoneContract.LONG));
        List<String> subjects = List.of("a{b}c", "a%7Bb%7Dc", "{", "}", "{}", "%", "%25", "a:b", "a:b:c", "a\nb", "a\r\nb",
                " ", "\t", "语言模型", "\uD83D\uDE00", "user-1001");
        for (String s : subjects) {
            assertThat(api.tryAcquire(s).allowed()).as("the first request of %s", s).isTrue();
        }
        for (String s : subjects) {
            assertThat(api.tryAcquire(s).allowed()).as("the second request of %s", s).isFalse();
        }
        assertThat(api.counters()).isEqualTo(subjects.size());
    }

    @Test
    default void aSubjectThatIsNotWellFormedTextIsRefusedBecauseItCouldNameAnotherSubject() {
        RateLimiter api = limiter(Limit.fixed(1, LimitAllOrNoneContract.LONG));
        assertThat(api.tryAcquire("c?").allowed()).isTrue();
        assertThatThrownBy(() -> api.tryAcquire("c\uD800")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("surrogate").hasMessageContaining("\\uD800");
        assertThatThrownBy(() -> api.tryAcquire("c\uDC00")).isInstanceOf(IllegalArgumentException.class);
        assertThat(api.tryAcquire("c?").allowed()).as("the well-formed subject kept its own count").isFalse();
        assertThat(api.counters()).isEqualTo(1);
    }

    @Test
    default void fewerThanOnePermitIsRefused() {
        RateLimiter api = limiter(Limit.fixed(5, LimitAllOrNoneContract.LONG));
        assertThatThrownBy(() -> api.tryAcquire("u", 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
        assertThatThrownBy(() -> api.tryAcquire("u", -3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> api.peek("u", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(api.counters()).isZero();
    }

    @Test
    default void morePermitsThanALimitCouldEverAdmitAreRefusedNamingTheLimit() {
        RateLimiter api = limiter(Limit.fixed(100, LimitAllOrNoneContract.LONG), Limit.smooth(10, Duration.ofSeconds(1), 20));
        assertThatThrownBy(() -> api.tryAcquire("u", 21)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("21").hasMessageContaining("burst 20");
        assertThat(api.tryAcquire("u", 20).allowed()).isTrue();
        assertThat(api.counters()).isEqualTo(2);
    }

    @Test
    default void aLimitOfZeroIsRefusedWhereItIsMade() {
        assertThatThrownBy(() -> Limit.perMinute(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("admit nothing");
        assertThatThrownBy(() -> Limit.smooth(0, Duration.ofSeconds(1), 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
