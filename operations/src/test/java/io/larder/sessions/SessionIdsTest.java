package io.larder.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionIdsTest {

    @Test
    void anIdCarriesItsUserAndSignInInstant() {
        Instant login = Instant.parse("2026-11-21T12:00:00.123Z");
        String id = SessionIds.make("u{1}:\n", login);
        SessionIds.Parsed p = SessionIds.parse(id);
        assertThat(p.userId()).isEqualTo("u{1}:\n");
        assertThat(p.loginTime()).isEqualTo(login);
    }

    @Test
    void textThatIsNoSessionIdParsesToNothing() {
        String real = SessionIds.make("1001", Instant.parse("2026-11-21T12:00:00Z"));
        String random = real.substring(real.lastIndexOf('.') + 1);
        for (String text : new String[] {"", "1001", "1001." + random, "1001.-5." + random, "1001.zzzzzzzzzzzzz." + random,
                "1001.!." + random, real + "x", real.substring(0, real.length() - 1), "x".repeat(5000)}) {
            assertThat(SessionIds.parse(text)).as(text.length() > 60 ? "long text" : text).isNull();
        }
    }
}
