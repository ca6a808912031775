package io.larder.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.Key;
import io.larder.Storage;
import io.larder.Version;
import io.larder.sessions.Session;
import io.larder.sessions.SessionSettings;
import io.larder.sessions.Sessions;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link Sessions}: create, find by id alone, sliding expiry with an absolute cap, last activity
 * written at most once per interval, the per-user list, revoking, counting, and bad input. Each
 * behaviour works in a store of its own.
 */
public abstract class SessionsContract extends ContractSuite {

    /** Sessions in a fresh store, with {@code settings} applied over the defaults. */
    protected Sessions sessions(SessionSettings.Builder settings) {
        return Sessions.open(larder(), settings.store(freshName()).build());
    }

    /** Sessions in a fresh store, expiring as the defaults say. */
    protected Sessions sessions() {
        return sessions(SessionSettings.builder());
    }

    private Storage<Session> storeOf(Sessions s) {
        return larder().store(s.settings().store(), Session.class);
    }

    @Test
    void aSessionIsFoundByItsIdAloneWithWhatWasAttachedToIt() {
        Sessions sessions = sessions();
        Session s = sessions.create("1001", Map.of(Session.USERNAME, "user1", Session.IP_ADDRESS, "192.168.1.1",
                Session.USER_AGENT, "Mozilla/5.0"));
        Session found = sessions.find(s.id()).orElseThrow();
        assertThat(found.userId()).isEqualTo("1001");
        assertThat(found.loginTime()).isEqualTo(s.loginTime());
        assertThat(found.attribute(Session.USERNAME)).contains("user1");
        assertThat(found.attributes()).isEqualTo(s.attributes());
    }

    @Test
    void sessionIdsCarry128RandomBitsAndNeverRepeat() {
        Sessions sessions = sessions();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            ids.add(sessions.create("1001", Map.of()).id());
        }
        assertThat(ids).hasSize(200).allSatisfy(id -> assertThat(id).matches("1001\\.[0-9a-z]+\\.[A-Za-z0-9_-]{22}"));
    }

    @Test
    void findingASessionRestartsItsExpiry() {
        Sessions sessions = sessions(SessionSettings.builder().expiry(tick().multipliedBy(3)));
        long start = clock().millis();
        Session s = sessions.create("1001", Map.of());
        advance(2);
        long finding = clock().millis();
        Optional<Session> found = sessions.find(s.id());
        boolean beforeExpiry = within(start, 3);
        if (beforeExpiry) {
            assertThat(found).isPresent();
        }
        advance(2);
        found = sessions.find(s.id());
        if (beforeExpiry && within(finding, 3)) {
            assertThat(found).as("4 ticks after sign-in, 2 after the last find").isPresent();
        }
        advance(4);
        assertThat(sessions.find(s.id())).isEmpty();
    }

    @Test
    void theAbsoluteCapEndsABusySessionWhileAnUncappedOneLivesOn() {
        Sessions capped = sessions(SessionSettings.builder().expiry(tick().multipliedBy(5)).maxAge(tick().multipliedBy(8)));
        Sessions free = sessions(SessionSettings.builder().expiry(tick().multipliedBy(5)));
        long start = clock().millis();
        Session a = capped.create("1001", Map.of());
        Session b = free.create("1001", Map.of());
        long finding = start;
        boolean beforeExpiry = true;
        for (int i = 0; i < 3; i++) {
            advance(2);
            long now = clock().millis();
            Optional<Session> cappedFound = capped.find(a.id());
            Optional<Session> freeFound = free.find(b.id());
            // each find came before the sliding expiry the one before set, and before the cap
            beforeExpiry = beforeExpiry && within(finding, 5) && within(start, 8);
            if (beforeExpiry) {
                assertThat(cappedFound).isPresent();
                assertThat(freeFound).isPresent();
            }
            finding = now;
        }
        advance(4);
        assertThat(capped.find(a.id())).as("past 8 ticks since sign-in").isEmpty();
        assertThat(capped.listFor("1001")).isEmpty();
        Optional<Session> freeFound = free.find(b.id());
        if (beforeExpiry && within(finding, 5)) {
            assertThat(freeFound).as("found 4 ticks ago, sliding 5").isPresent();
        }
    }

    @Test
    void aCappedSessionIsNotKeptInTheStorePastItsCap() {
        Sessions capped = sessions(SessionSettings.builder().expiry(tick().multipliedBy(5)).maxAge(tick().multipliedBy(3))
                .activityInterval(Duration.ZERO));
        long start = clock().millis();
        Session s = capped.create("1001", Map.of());
        advance(2);
        Optional<Session> found = capped.find(s.id());
        if (within(start, 3)) {     // the find came before the cap
            assertThat(found).as("found and its activity written").isPresent();
        }
        advance(2);
        assertThat(storeOf(capped).load(Key.of("1001", s.id()))).as("neither the find nor the write kept it past the cap")
                .isEmpty();
    }

    @Test
    void lastActivityIsWrittenAtMostOncePerInterval() {
        Sessions sessions = sessions(SessionSettings.builder().expiry(tick().multipliedBy(10))
                .activityInterval(tick().multipliedBy(2)));
        Session s = sessions.create("1001", Map.of());
        Key key = Key.of("1001", s.id());
        Version stored = storeOf(sessions).loadVersioned(key).orElseThrow().version();
        advance(1);
        assertThat(sessions.find(s.id())).get().extracting(Session::lastActivity).isEqualTo(s.lastActivity());
        assertThat(storeOf(sessions).loadVersioned(key).orElseThrow().version()).as("not rewritten within the interval")
                .isEqualTo(stored);
        advance(1);
        Session touched = sessions.find(s.id()).orElseThrow();
        assertThat(touched.lastActivity()).isAfter(s.lastActivity());
        assertThat(sessions.find(s.id())).get().extracting(Session::lastActivity).isEqualTo(touched.lastActivity());
        assertThat(sessions.find(s.id())).get().extracting(Session::loginTime).isEqualTo(s.loginTime());
    }

    @Test
    void aUsersListHoldsTheirLiveSessionsOldestFirstAndNobodyElses() {
        Sessions sessions = sessions();
        Session first = sessions.create("1001", Map.of());
        advance(1);
        Session second = sessions.create("1001", Map.of());
        advance(1);
        Session third = sessions.create("1001", Map.of());
        sessions.create("1002", Map.of());
        assertThat(sessions.listFor("1001")).extracting(Session::id).containsExactly(first.id(), second.id(), third.id());
        sessions.revoke(second.id());
        assertThat(sessions.listFor("1001")).extracting(Session::id).containsExactly(first.id(), third.id());
        assertThat(sessions.listFor("nobody")).isEmpty();
    }

    @Test
    void anExpiredSessionLeavesItsUsersList() {
        Sessions sessions = sessions(SessionSettings.builder().expiry(tick().multipliedBy(3)));
        Session old = sessions.create("1001", Map.of());
        advance(2);
        Session recent = sessions.create("1001", Map.of());
        advance(2);
        assertThat(sessions.listFor("1001")).extracting(Session::id).containsExactly(recent.id()).doesNotContain(old.id());
    }

    @Test
    void theListsOfUsersWhoseSessionsAllExpiredHoldNoEntryAfterTheSweep() {
        Sessions sessions = sessions(SessionSettings.builder().expiry(tick()));
        for (int i = 0; i < 30; i++) {
            sessions.create("u" + (i % 10), Map.of());
        }
        assertThat(larder().indexEntries(sessions.settings().store())).isEqualTo(30);
        advance(2);
        // the sweep walks the keyspace a bounded slice at a time: a shared server may need a few
        sweepUntilClean(sessions.settings().store());
        assertThat(larder().indexEntries(sessions.settings().store())).isZero();
        assertThat(sessions.activeCount()).isZero();
    }

    @Test
    void updatingReplacesTheAttributesOfALiveSessionAndRestartsItsExpiry() {
        Sessions sessions = sessions(SessionSettings.builder().expiry(tick().multipliedBy(3)));
        long start = clock().millis();
        Session s = sessions.create("1001", Map.of(Session.USERNAME, "user1"));
        advance(2);
        long updating = clock().millis();
        Optional<Session> updated = sessions.update(s.id(), Map.of("cart", "3 items"));
        if (within(start, 3)) {     // the update came before the expiry
            assertThat(updated).map(Session::attributes).contains(Map.of("cart", "3 items"));
            advance(2);
            Optional<Session> found = sessions.find(s.id());
            if (within(updating, 3)) {
                assertThat(found).as("2 ticks after the update").map(Session::attributes)
                        .contains(Map.of("cart", "3 items"));
            }
        }
    }

    @Test
    void updatingWhatIsNoLiveSessionWritesNothing() {
        Sessions sessions = sessions(SessionSettings.builder().expiry(tick()));
        Session s = sessions.create("1001", Map.of());
        advance(2);
        assertThat(sessions.update(s.id(), Map.of("a", "b"))).isEmpty();
        assertThat(sessions.update("not-a-session", Map.of("a", "b"))).isEmpty();
        assertThat(sessions.listFor("1001")).isEmpty();
    }

    @Test
    void revokingEndsOneSessionAndNoOther() {
        Sessions sessions = sessions();
        Session a = sessions.create("1001", Map.of());
        Session b = sessions.create("1001", Map.of());
        assertThat(sessions.revoke(a.id())).isTrue();
        assertThat(sessions.revoke(a.id())).as("already ended").isFalse();
        assertThat(sessions.find(a.id())).isEmpty();
        assertThat(sessions.find(b.id())).isPresent();
    }

    @Test
    void revokingAllEndsEveryLiveSessionOfOneUserAtOnce() {
        Sessions sessions = sessions();
        List<Session> mine = List.of(sessions.create("1001", Map.of()), sessions.create("1001", Map.of()),
                sessions.create("1001", Map.of()));
        Session theirs = sessions.create("1002", Map.of());
        assertThat(sessions.revokeAll("1001")).isEqualTo(3);
        assertThat(mine).allSatisfy(s -> assertThat(sessions.find(s.id())).isEmpty());
        assertThat(sessions.listFor("1001")).isEmpty();
        assertThat(sessions.find(theirs.id())).isPresent();
        assertThat(sessions.revokeAll("1001")).isZero();
        assertThat(sessions.create("1001", Map.of())).satisfies(s -> assertThat(sessions.find(s.id())).isPresent());
    }

    @Test
    void theActiveCountAndItsGaugeCountLiveSessionsOfEveryUser() {
        Sessions sessions = sessions(SessionSettings.builder().countInterval(Duration.ZERO));
        Session a = sessions.create("1001", Map.of());
        sessions.create("1001", Map.of());
        sessions.create("1002", Map.of());
        assertThat(sessions.activeCount()).isEqualTo(3);
        sessions.revoke(a.id());
        assertThat(sessions.activeCount()).isEqualTo(2);
        String store = sessions.settings().store();
        assertThat(registry().get("larder.sessions.active").tag("store", store).gauge().value()).isEqualTo(2.0);
        assertThat(registry().get("larder.sessions.created").tag("store", store).counter().count()).isEqualTo(3.0);
        assertThat(registry().get("larder.sessions.revoked").tag("store", store).counter().count()).isEqualTo(1.0);
    }

    @Test
    void userIdsWithTagSeparatorAndLineCharactersAreKeptApart() {
        Sessions sessions = sessions();
        String odd = "u{1}:\n%.é";
        Session s = sessions.create(odd, Map.of());
        Session plain = sessions.create("u", Map.of());
        Session lookalike = sessions.create("u{1}", Map.of());
        assertThat(sessions.find(s.id())).get().extracting(Session::userId).isEqualTo(odd);
        assertThat(s.id()).doesNotContain("{", "}", ":", "\n");
        assertThat(sessions.listFor(odd)).extracting(Session::id).containsExactly(s.id());
        assertThat(sessions.revokeAll(odd)).isEqualTo(1);
        assertThat(sessions.find(plain.id())).isPresent();
        assertThat(sessions.find(lookalike.id())).isPresent();
    }

    @Test
    void badUserIdsAreRefusedAndStoreNothing() {
        Sessions sessions = sessions();
        Session kept = sessions.create("1001", Map.of());
        assertThatThrownBy(() -> sessions.create("", Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user id");
        assertThatThrownBy(() -> sessions.create("x".repeat(1 << 20), Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 512");
        assertThatThrownBy(() -> sessions.listFor("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sessions.revokeAll("")).isInstanceOf(IllegalArgumentException.class);
        assertThat(sessions.activeCount()).isEqualTo(1);
        assertThat(sessions.find(kept.id())).isPresent();
    }

    @Test
    void textThatIsNoLiveSessionIdFindsNothingAndRevokesNothing() {
        Sessions sessions = sessions();
        Session kept = sessions.create("1001", Map.of());
        String forged = "1002" + kept.id().substring("1001".length());
        for (String id : List.of("", "1001", "1001.", "1001.x.y", "{1001}.abc.def", "1001\n", forged,
                kept.id() + "x", "%zz." + kept.id(), "x".repeat(1 << 20))) {
            assertThat(sessions.find(id)).as("find(%s)", id.length() > 40 ? id.length() + " characters" : id).isEmpty();
            assertThat(sessions.revoke(id)).isFalse();
        }
        assertThat(sessions.find(kept.id())).isPresent();
    }
}
