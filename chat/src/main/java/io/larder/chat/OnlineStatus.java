package io.larder.chat;

import java.time.Instant;
import java.util.Objects;

/**
 * A signed-in user's online status, as {@link Presence} keeps it (the seed's
 * {@code user:online:{user_id}}): gone 30 minutes (by default) after the last heartbeat. Immutable.
 *
 * @param userId the user
 * @param username the name the user signed in under; may be empty
 * @param ip the client's address at sign-in; may be empty
 * @param userAgent the client's user agent at sign-in; may be empty
 * @param loginTime when the user came online
 * @param lastActivity the last heartbeat, to within the presence's activity interval
 */
public record OnlineStatus(String userId, String username, String ip, String userAgent, Instant loginTime,
                           Instant lastActivity) {
    /** Requires the user and both instants; absent texts become empty. */
    public OnlineStatus {
        Objects.requireNonNull(userId, "userId");
        username = username == null ? "" : username;
        ip = ip == null ? "" : ip;
        userAgent = userAgent == null ? "" : userAgent;
        Objects.requireNonNull(loginTime, "loginTime");
        Objects.requireNonNull(lastActivity, "lastActivity");
    }

    /** This status, last active at {@code at}. */
    OnlineStatus activeAt(Instant at) {
        return new OnlineStatus(userId, username, ip, userAgent, loginTime, at);
    }
}
