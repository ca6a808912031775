package io.larder.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.Larder;
import io.larder.memory.MemoryBackend;
import io.larder.sessions.SessionSettings;
import io.larder.sessions.Sessions;
import io.larder.testkit.TestClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.session.FindByIndexNameSessionRepository;

/** Spring Session's contract on Larder sessions, over a real memory backend whose clock the test moves. */
class LarderSessionRepositoryTest {
    private static final String PRINCIPAL = FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME;

    private final TestClock clock = TestClock.virtual();
    private final Larder larder = Larder.builder().backend(MemoryBackend.builder().build()).clock(clock)
            .sweepEvery(Duration.ZERO).build();
    private final Sessions sessions = Sessions.open(larder, SessionSettings.builder().expiry(Duration.ofMinutes(30)).build());
    private final LarderSessionRepository repository = new LarderSessionRepository(sessions);

    @AfterEach
    void close() {
        larder.close();
    }

    @Test
    void aSavedSessionIsFoundByIdWithItsAttributesOfEveryKeptType() {
        LarderSessionRepository.LarderSession s = repository.createSession();
        s.setAttribute("name", "alice");
        s.setAttribute("admin", true);
        s.setAttribute("visits", 3);
        s.setAttribute("bytes", 5_000_000_000L);
        s.setAttribute("score", 0.25);
        repository.save(s);

        LarderSessionRepository.LarderSession found = repository.findById(s.getId());
        assertThat(found.<String>getAttribute("name")).isEqualTo("alice");
        assertThat(found.<Boolean>getAttribute("admin")).isTrue();
        assertThat(found.<Integer>getAttribute("visits")).isEqualTo(3);
        assertThat(found.<Long>getAttribute("bytes")).isEqualTo(5_000_000_000L);
        assertThat(found.<Double>getAttribute("score")).isEqualTo(0.25);
        assertThat(found.getAttributeNames()).containsExactlyInAnyOrder("name", "admin", "visits", "bytes", "score");
    }

    @Test
    void anAttributeOfATypeLarderDoesNotKeepIsRefusedWhenSetNamingIt() {
        LarderSessionRepository.LarderSession s = repository.createSession();
        assertThatThrownBy(() -> s.setAttribute("cart", List.of("a")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("session attribute 'cart' holds a java.util.")
                .hasMessageContaining("String, Boolean, Integer, Long and Double");
        assertThat(s.getAttributeNames()).isEmpty();
    }

    @Test
    void changedAttributesAreWrittenBySaveAndRemovedOnesAreGone() {
        LarderSessionRepository.LarderSession s = repository.createSession();
        s.setAttribute("a", "1");
        s.setAttribute("b", "2");
        repository.save(s);
        LarderSessionRepository.LarderSession again = repository.findById(s.getId());
        again.setAttribute("a", "changed");
        again.removeAttribute("b");
        repository.save(again);

        LarderSessionRepository.LarderSession found = repository.findById(s.getId());
        assertThat(found.<String>getAttribute("a")).isEqualTo("changed");
        assertThat(found.getAttributeNames()).containsExactly("a");
    }

    @Test
    void signingInMovesTheSessionToANewIdFoundByItsPrincipal() {
        LarderSessionRepository.LarderSession s = repository.createSession();
        s.setAttribute("theme", "dark");
        repository.save(s);
        String anonymousId = s.getId();

        s.setAttribute(PRINCIPAL, "alice");
        repository.save(s);

        assertThat(s.getId()).isNotEqualTo(anonymousId);
        assertThat(repository.findById(anonymousId)).as("the anonymous id no longer works").isNull();
        assertThat(repository.findByPrincipalName("alice")).containsOnlyKeys(s.getId());
        assertThat(repository.findByPrincipalName("alice").get(s.getId()).<String>getAttribute("theme")).isEqualTo("dark");
    }

    @Test
    void changingTheIdKeepsTheSessionAndEndsTheOldId() {
        LarderSessionRepository.LarderSession s = repository.createSession();
        s.setAttribute(PRINCIPAL, "bob");
        repository.save(s);
        String old = s.getId();
        String changed = s.changeSessionId();
        assertThat(changed).isNotEqualTo(old).isEqualTo(s.getId());
        assertThat(repository.findById(old)).isNull();
        assertThat(repository.findByPrincipalName("bob")).containsOnlyKeys(changed);
    }

    @Test
    void aDeletedSessionIsNotFoundByIdOrPrincipal() {
        LarderSessionRepository.LarderSession s = repository.createSession();
        s.setAttribute(PRINCIPAL, "carol");
        repository.save(s);
        repository.deleteById(s.getId());
        assertThat(repository.findById(s.getId())).isNull();
        assertThat(repository.findByPrincipalName("carol")).isEmpty();
    }

    @Test
    void sessionsExpireAfterTheConfiguredInactivityAndLeaveThePrincipalIndexEmpty() {
        for (int i = 0; i < 10; i++) {
            LarderSessionRepository.LarderSession s = repository.createSession();
            s.setAttribute(PRINCIPAL, "dave");
            repository.save(s);
        }
        assertThat(repository.findByPrincipalName("dave")).hasSize(10);
        assertThat(repository.createSession().getMaxInactiveInterval()).isEqualTo(Duration.ofMinutes(30));

        clock.advance(Duration.ofMinutes(31));
        assertThat(repository.findByPrincipalName("dave")).isEmpty();
        larder.sweep();
        assertThat(larder.indexEntries(sessions.settings().store())).isZero();
    }

    @Test
    void anotherInactivityPerSessionIsRefused() {
        LarderSessionRepository.LarderSession s = repository.createSession();
        s.setMaxInactiveInterval(Duration.ofMinutes(30));
        assertThatThrownBy(() -> s.setMaxInactiveInterval(Duration.ofMinutes(5)))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("larder.sessions.expiry");
    }

    @Test
    void anIndexOtherThanThePrincipalFindsNothing() {
        assertThat(repository.findByIndexNameAndIndexValue("color", "red")).isEmpty();
    }
}
