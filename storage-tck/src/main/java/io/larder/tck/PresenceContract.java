package io.larder.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.Key;
import io.larder.Page;
import io.larder.Storage;
import io.larder.Version;
import io.larder.chat.OnlineStatus;
import io.larder.chat.Presence;
import io.larder.chat.PresenceSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Presence}: signing in, heartbeats keeping a user online and their absence letting the
 * status go, heartbeats written at most once per interval, the online users and their count, the
 * last activity outliving the status, the statuses of a room's members, no entry left behind once
 * everyone went offline, and bad input. Each behaviour works in stores of its own.
 */
public abstract class PresenceContract extends ContractSuite {

    /** Presence in fresh stores, with {@code settings} applied over the defaults. */
    protected Presence presence(PresenceSettings.Builder settings) {
        return Presence.open(larder(), settings.store(freshName()).build());
    }

    /** Presence whose statuses expire 3 ticks after the last heartbeat, each heartbeat written. */
    protected Presence presence() {
        return presence(PresenceSettings.builder().expiry(tick().multipliedBy(3)).activityInterval(Duration.ZERO));
    }

    private Storage<OnlineStatus> storeOf(Presence p) {
        return larder().store(p.settings().store(), OnlineStatus.class);
    }

    @Test
    void aUserWhoSignedInIsOnlineWithWhatTheySignedInWith() {
        Presence presence = presence();
        OnlineStatus s = presence.signIn("1001", "user1", "192.168.1.1", "Mozilla/5.0");
        OnlineStatus found = presence.status("1001").orElseThrow();
        assertThat(found).isEqualTo(s);
        assertThat(found.username()).isEqualTo("user1");
        assertThat(found.ip()).isEqualTo("192.168.1.1");
        assertThat(found.userAgent()).isEqualTo("Mozilla/5.0");
        assertThat(found.loginTime()).isEqualTo(found.lastActivity());
        assertThat(presence.status("1002")).isEmpty();
    }

    @Test
    void heartbeatsKeepAUserOnlineAndTheirAbsenceLetsTheStatusGo() {
        // expiry 4, a heartbeat every 2 ticks: a server's running clock has 2 ticks of slack
        Presence presence = presence(PresenceSettings.builder().expiry(tick().multipliedBy(4)).activityInterval(Duration.ZERO));
        OnlineStatus s = presence.signIn("1001", "user1", "10.0.0.1", "bot");
        for (int i = 0; i < 3; i++) {
            advance(2);
            assertThat(presence.heartbeat("1001")).isTrue();
        }
        assertThat(presence.status("1001")).as("6 ticks after sign-in, 0 after the last heartbeat").get()
                .satisfies(now -> {
                    assertThat(now.loginTime()).isEqualTo(s.loginTime());
                    assertThat(now.lastActivity()).isAfter(s.lastActivity());
                });
        advance(5);
        assertThat(presence.status("1001")).as("5 ticks without a heartbeat, expiry 4").isEmpty();
        assertThat(presence.heartbeat("1001")).as("too late: sign in again").isFalse();
        assertThat(presence.status("1001")).as("a late heartbeat does not bring the status back").isEmpty();
    }

    @Test
    void aHeartbeatIsWrittenAtMostOncePerInterval() {
        Presence presence = presence(PresenceSettings.builder().expiry(tick().multipliedBy(10))
                .activityInterval(tick().multipliedBy(3)));
        OnlineStatus s = presence.signIn("1001", "", "", "");
        Key key = Key.of("1001");
        Version stored = storeOf(presence).loadVersioned(key).orElseThrow().version();
        advance(1);
        assertThat(presence.heartbeat("1001")).isTrue();
        assertThat(storeOf(presence).loadVersioned(key).orElseThrow().version()).as("not rewritten within the interval")
                .isEqualTo(stored);
        advance(2);
        assertThat(presence.heartbeat("1001")).isTrue();
        assertThat(presence.status("1001").orElseThrow().lastActivity()).isAfter(s.lastActivity());
    }

    @Test
    void signingOutEndsTheStatusAtOnce() {
        Presence presence = presence();
        presence.signIn("1001", "", "", "");
        assertThat(presence.signOut("1001")).isTrue();
        assertThat(presence.signOut("1001")).as("already offline").isFalse();
        assertThat(presence.status("1001")).isEmpty();
        assertThat(presence.heartbeat("1001")).isFalse();
        assertThat(presence.onlineCount()).isZero();
    }

    @Test
    void theOnlineUsersComeMostRecentlyActiveFirstAndTheCountSaysHowMany() {
        // a server's clock runs while the test does: every status checked online is 2 ticks short of its expiry
        Presence presence = presence(PresenceSettings.builder().expiry(tick().multipliedBy(6)).activityInterval(Duration.ZERO)
                .countInterval(Duration.ZERO));
        presence.signIn("a", "", "", "");
        presence.signIn("b", "", "", "");
        advance(3);
        presence.signIn("c", "", "", "");
        advance(1);
        presence.heartbeat("a");
        assertThat(names(presence.online(10))).containsExactly("a", "c", "b");
        Page<OnlineStatus> first = presence.online(2);
        assertThat(names(first)).containsExactly("a", "c");
        assertThat(names(presence.online(2, first.next().orElseThrow()))).containsExactly("b");
        assertThat(presence.onlineCount()).isEqualTo(3);
        advance(3);
        assertThat(names(presence.online(10))).as("b's last heartbeat is 7 ticks old, c's 4").containsExactly("a", "c");
        presence.signOut("c");
        assertThat(presence.onlineCount()).isEqualTo(1);
        String store = presence.settings().store();
        assertThat(registry().get("larder.presence.online").tag("store", store).gauge().value()).isEqualTo(1.0);
        assertThat(registry().get("larder.presence.signins").tag("store", store).counter().count()).isEqualTo(3.0);
    }

    @Test
    void theLastActivityOutlivesTheStatusForAsLongAsItIsKept() {
        Presence kept = presence(PresenceSettings.builder().expiry(tick().multipliedBy(2)).activityInterval(Duration.ZERO)
                .seenFor(tick().multipliedBy(20)));
        Presence forgotten = presence(PresenceSettings.builder().expiry(tick().multipliedBy(2))
                .activityInterval(Duration.ZERO).seenFor(Duration.ZERO));
        kept.signIn("1001", "", "", "");
        forgotten.signIn("1001", "", "", "");
        advance(1);
        kept.heartbeat("1001");
        forgotten.heartbeat("1001");
        var last = kept.status("1001").orElseThrow().lastActivity();
        assertThat(forgotten.lastActivity("1001")).as("while online").isPresent();
        advance(3);
        assertThat(kept.status("1001")).isEmpty();
        assertThat(kept.lastActivity("1001")).contains(last);
        assertThat(forgotten.lastActivity("1001")).isEmpty();
        assertThat(kept.lastActivity("never")).isEmpty();
    }

    @Test
    void theStatusesOfARoomsMembersNameOnlyThoseOnline() {
        Presence presence = presence();
        presence.signIn("1001", "", "", "");
        presence.signIn("1003", "", "", "");
        assertThat(presence.statuses(List.of("1003", "1002", "1001")).keySet()).containsExactly("1003", "1001");
        assertThat(presence.statuses(List.of())).isEmpty();
    }

    @Test
    void onceEveryoneWentOfflineTheSweepLeavesNoEntryBehind() {
        Presence presence = presence(PresenceSettings.builder().expiry(tick()).activityInterval(Duration.ZERO));
        for (int i = 0; i < 30; i++) {
            presence.signIn("u" + i, "", "", "");
        }
        presence.heartbeat("u1");
        assertThat(larder().indexEntries(presence.settings().store())).isEqualTo(30);
        advance(2);
        // the sweep walks the keyspace a bounded slice at a time: a shared server may need a few
        sweepUntilClean(presence.settings().store());
        assertThat(larder().indexEntries(presence.settings().store())).isZero();
        assertThat(presence.onlineCount()).isZero();
    }

    @Test
    void badIdsAndSettingsAreRefusedNamingWhatIsWrong() {
        Presence presence = presence();
        assertThatThrownBy(() -> presence.signIn("", "", "", "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user id must not be empty");
        assertThatThrownBy(() -> presence.heartbeat("x".repeat(513))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("513 characters");
        assertThatThrownBy(() -> presence.signIn("1001", "", "", "a".repeat(600)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("user agent");
        assertThatThrownBy(() -> PresenceSettings.builder().expiry(Duration.ofMinutes(1))
                .activityInterval(Duration.ofMinutes(1)).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("activity-interval");
        assertThat(presence.onlineCount()).isZero();
    }

    private static List<String> names(Page<OnlineStatus> page) {
        List<String> out = new ArrayList<>();
        page.items().forEach(s -> out.add(s.userId()));
        return out;
    }
}
