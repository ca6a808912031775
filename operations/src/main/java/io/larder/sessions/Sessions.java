package io.larder.sessions;

import io.larder.Larder;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Users' sessions on any backend: one store, partitioned by user, with sliding expiry (7 days by
 * default) and an optional absolute cap. A session id is unguessable (128 random bits) and names
 * its user, so {@link #find} is one read (one {@code GETEX} on Redis) that also restarts the
 * session's expiry. A user's sessions are listed from the store's own per-user timeline, which
 * never shows an expired session and loses its entries to read repair and the background sweep
 * (no keyspace notifications needed). Thread-safe.
 *
 * <pre>{@code
 * Sessions sessions = Sessions.open(larder);                       // larder.sessions, or the defaults
 * Session s = sessions.create("1001", Map.of(Session.USERNAME, "user1", Session.IP_ADDRESS, "192.168.1.1"));
 * sessions.find(s.id());                                           // Optional<Session>; the expiry restarts
 * sessions.listFor("1001"); sessions.revoke(s.id()); sessions.revokeAll("1001"); sessions.activeCount();
 * }</pre>
 *
 * <p>When the backend cannot be reached every method raises
 * {@link io.larder.StorageUnavailableException}, counted under {@code larder.operation} with
 * outcome {@code unavailable}.
 */
public interface Sessions {

    /**
     * The sessions of {@code larder}, configured by its {@code larder.sessions} section (the
     * defaults where it says nothing).
     *
     * @throws io.larder.ConfigurationException when the session store's name is also declared under
     *     {@code larder.stores}
     */
    static Sessions open(Larder larder) {
        return open(larder, SessionSettings.from(larder.section(SessionSettings.SECTION)));
    }

    /** The sessions of {@code larder}, configured by {@code settings}. */
    static Sessions open(Larder larder, SessionSettings settings) {
        return new StoreSessions(larder, settings);
    }

    /**
     * Starts a session for {@code userId}.
     *
     * @throws IllegalArgumentException for an empty user id, or one over 512 characters
     * @throws io.larder.RecordTooLargeException when the attributes exceed the store's value size
     */
    Session create(String userId, Map<String, String> attributes);

    /**
     * The live session {@code sessionId} names, its expiry restarted (never past the absolute cap)
     * and its last activity written when the activity interval has passed since the last write.
     *
     * @return empty for any text that is not the id of a live session: unknown, expired, revoked,
     *     past its cap, or malformed
     */
    Optional<Session> find(String sessionId);

    /**
     * Replaces what the application attached to the live session {@code sessionId} (a web
     * framework's session attributes, changed during a request), restarting its expiry.
     *
     * @return the session as now stored; empty, writing nothing, for any text that is not the id of a live session
     * @throws io.larder.RecordTooLargeException when the attributes exceed the store's value size
     */
    Optional<Session> update(String sessionId, Map<String, String> attributes);

    /**
     * The live sessions of {@code userId}, oldest sign-in first.
     *
     * @throws IllegalArgumentException for an empty user id, or one over 512 characters
     */
    List<Session> listFor(String userId);

    /** Ends one session; returns whether it was live (false for any text that is not a session id). */
    boolean revoke(String sessionId);

    /**
     * Ends every session of {@code userId} at once (one atomic script on Redis and Cluster); returns
     * how many were live.
     *
     * @throws IllegalArgumentException for an empty user id, or one over 512 characters
     */
    int revokeAll(String userId);

    /**
     * How many sessions are live now, across all users. It walks the store: the
     * {@code larder.sessions.active} gauge takes it at most once per
     * {@link SessionSettings#countInterval()}.
     */
    long activeCount();

    /** The settings in force. */
    SessionSettings settings();
}
