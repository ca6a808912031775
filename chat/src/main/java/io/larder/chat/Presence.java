package io.larder.chat;

import io.larder.Larder;
import io.larder.Page;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Who is online, on any backend (the seed's {@code user:online:{user_id}} and
 * {@code online_users}): a user signs in with their address and user agent, sends heartbeats, and
 * is offline once {@link PresenceSettings#expiry()} (30 minutes) has passed without one, or when
 * they sign out. The online users are a time range of the store's own timeline, ordered by last
 * heartbeat, so listing them reads only the online ones; entries of statuses that expired go by
 * read repair and the background sweep, with no keyspace notifications. A user's last activity is
 * kept for {@link PresenceSettings#seenFor()} after it. Thread-safe.
 *
 * <pre>{@code
 * Presence presence = Presence.open(larder);                 // larder.presence, or the defaults
 * presence.signIn("1001", "user1", "192.168.1.1", "Mozilla/5.0");
 * presence.heartbeat("1001");                                // false once the status expired: sign in again
 * presence.online(50); presence.onlineCount(); presence.lastActivity("1001");
 * }</pre>
 *
 * <p>When the backend cannot be reached every method raises
 * {@link io.larder.StorageUnavailableException}.
 */
public interface Presence {

    /**
     * The presence of {@code larder}, configured by its {@code larder.presence} section (the defaults
     * where it says nothing).
     *
     * @throws io.larder.ConfigurationException when a store it keeps is also declared under {@code larder.stores}
     */
    static Presence open(Larder larder) {
        return open(larder, PresenceSettings.from(larder.section(PresenceSettings.SECTION)));
    }

    /** The presence of {@code larder}, configured by {@code settings}. */
    static Presence open(Larder larder, PresenceSettings settings) {
        return new StorePresence(larder, settings);
    }

    /**
     * Marks {@code userId} online from now, replacing any status they had.
     *
     * @throws IllegalArgumentException for an empty id, or an id or text over 512 characters
     */
    OnlineStatus signIn(String userId, String username, String ip, String userAgent);

    /**
     * Says {@code userId} is still there: their status lives {@link PresenceSettings#expiry()} from
     * now. Written at most once per {@link PresenceSettings#activityInterval()}; between two writes a
     * heartbeat costs one read.
     *
     * @return false when the user is not online (never signed in, signed out, or expired): sign in again
     */
    boolean heartbeat(String userId);

    /** Marks {@code userId} offline now; returns whether they were online. */
    boolean signOut(String userId);

    /** The status of {@code userId}, while online. */
    Optional<OnlineStatus> status(String userId);

    /** The statuses of those of {@code userIds} who are online, in the order asked (a room's online members). */
    Map<String, OnlineStatus> statuses(Collection<String> userIds);

    /** The online users, the most recently active first, at most {@code limit}; the cursor continues. */
    Page<OnlineStatus> online(int limit);

    /** The page of online users after {@code cursor} (from a previous page's {@link Page#next()}). */
    Page<OnlineStatus> online(int limit, String cursor);

    /**
     * How many users are online now. It walks the online users (never the offline ones): the
     * {@code larder.presence.online} gauge takes it at most once per {@link PresenceSettings#countInterval()}.
     */
    long onlineCount();

    /**
     * When {@code userId} was last active: their last written heartbeat (or sign-in, or sign-out),
     * while online and for {@link PresenceSettings#seenFor()} after.
     */
    Optional<Instant> lastActivity(String userId);

    /** The settings in force. */
    PresenceSettings settings();
}
