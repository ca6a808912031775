package io.larder.sessions;

import io.larder.operations.internal.CarriedIds;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Session ids: the user (percent-encoded), a dot, the sign-in millisecond in base 36, a dot, and 128
 * random bits, e.g. {@code 1001.mi8v2k3c.Qm9v8x2Lr0cX1yZ4aB7dEw}. The user makes the session a key
 * of the store (one read finds it); the sign-in time gives its absolute cap before anything is
 * read. Stateless.
 */
final class SessionIds {
    /** Longer text is no session id, whatever it holds: refused before it costs a read. */
    private static final int MAX_LENGTH = 4096;

    /** What a session id says. */
    record Parsed(String userId, Instant loginTime) {
    }

    private SessionIds() {
    }

    static String make(String userId, Instant loginTime) {
        return CarriedIds.join(userId, Long.toString(loginTime.toEpochMilli(), 36) + "." + CarriedIds.random());
    }

    /** What {@code id} says, or {@code null} when it is not a session id. */
    static @Nullable Parsed parse(String id) {
        if (id.length() > MAX_LENGTH) {
            return null;
        }
        String user = CarriedIds.partition(id);
        if (user == null) {
            return null;
        }
        String rest = CarriedIds.rest(id);
        int dot = rest.indexOf('.');
        if (dot < 1 || dot > 12 || !CarriedIds.isRandom(rest.substring(dot + 1))) {
            return null;
        }
        long millis;
        try {
            millis = Long.parseLong(rest.substring(0, dot), 36);
        } catch (NumberFormatException e) {
            return null;
        }
        return millis < 0 ? null : new Parsed(user, Instant.ofEpochMilli(millis));
    }
}
