package io.larder.sessions;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One signed-in user's session, as stored: its id (which also names the user), the user, when
 * they signed in, when the session was last used (written at most once per
 * {@link SessionSettings#activityInterval()}), and what the application attached to it. The
 * seed's fields {@code username}, {@code ip_address} and {@code user_agent} are attributes under
 * {@link #USERNAME}, {@link #IP_ADDRESS} and {@link #USER_AGENT}. Immutable.
 *
 * @param id the session id: unguessable, and enough to find the session
 * @param userId the user it belongs to
 * @param loginTime when it was created
 * @param lastActivity when it was last found, to within the activity interval
 * @param attributes what the application attached at sign-in
 */
public record Session(String id, String userId, Instant loginTime, Instant lastActivity, Map<String, String> attributes) {
    /** The attribute that holds the user's display name. */
    public static final String USERNAME = "username";
    /** The attribute that holds the client's address at sign-in. */
    public static final String IP_ADDRESS = "ip_address";
    /** The attribute that holds the client's user agent at sign-in. */
    public static final String USER_AGENT = "user_agent";

    /** Checks every part and copies the attributes. */
    public Session {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(loginTime, "loginTime");
        Objects.requireNonNull(lastActivity, "lastActivity");
        attributes = Map.copyOf(attributes);
    }

    /** The attribute {@code name}, if the application attached it. */
    public Optional<String> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    /** This session with other attributes. */
    Session withAttributes(Map<String, String> replaced) {
        return new Session(id, userId, loginTime, lastActivity, replaced);
    }

    /** This session, last active at {@code at}. */
    Session activeAt(Instant at) {
        return new Session(id, userId, loginTime, at.truncatedTo(ChronoUnit.MILLIS), attributes);
    }
}
