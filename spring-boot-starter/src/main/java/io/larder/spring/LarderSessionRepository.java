package io.larder.spring;

import io.larder.sessions.Session;
import io.larder.sessions.Sessions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.session.FindByIndexNameSessionRepository;

/**
 * Spring Session on Larder's {@link Sessions}: one Larder session per Spring session, on memory,
 * Redis, Sentinel or Cluster alike. Find-by-principal lists the principal's Larder sessions, whose
 * per-user list never shows an expired session and loses its entries to read repair and Larder's
 * background sweep: the index cleans itself without keyspace notifications.
 *
 * <p>A Larder session id names its user, so a session is stored under its principal (the attribute
 * {@link FindByIndexNameSessionRepository#PRINCIPAL_NAME_INDEX_NAME}) or, before anyone signs in,
 * under an anonymous user of its own; when the principal changes, {@link #save} moves the session
 * to a new id (Spring Session then sends the new id to the client), which also shuts out session
 * fixation. Attribute values are kept as text: {@link String}, {@link Boolean}, {@link Integer},
 * {@link Long} and {@link Double}; any other type is refused when set, naming the attribute. Every
 * session expires as {@code larder.sessions.expiry} says. Thread-safe; a session object is not.
 */
public final class LarderSessionRepository implements FindByIndexNameSessionRepository<LarderSessionRepository.LarderSession> {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PRINCIPAL_USER = "u:";
    private static final String ANONYMOUS_USER = "a:";

    private final Sessions sessions;

    /** A repository over {@code sessions}. */
    public LarderSessionRepository(Sessions sessions) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
    }

    @Override
    public LarderSession createSession() {
        return new LarderSession(null);
    }

    @Override
    public void save(LarderSession session) {
        session.store();
    }

    @Override
    public @Nullable LarderSession findById(String id) {
        return sessions.find(id).map(LarderSession::new).orElse(null);
    }

    @Override
    public void deleteById(String id) {
        sessions.revoke(id);
    }

    /** The live sessions of the principal {@code indexValue}; any other index finds nothing. */
    @Override
    public Map<String, LarderSession> findByIndexNameAndIndexValue(String indexName, String indexValue) {
        Map<String, LarderSession> found = new LinkedHashMap<>();
        if (PRINCIPAL_NAME_INDEX_NAME.equals(indexName) && indexValue != null && !indexValue.isEmpty()) {
            for (Session s : sessions.listFor(PRINCIPAL_USER + indexValue)) {
                found.put(s.id(), new LarderSession(s));
            }
        }
        return found;
    }

    private static String anonymousUser() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return ANONYMOUS_USER + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A Spring session held as a Larder session; stored by {@link LarderSessionRepository#save}. Not thread-safe. */
    public final class LarderSession implements org.springframework.session.Session {
        private @Nullable Session stored;            // null until first stored
        private final Map<String, Object> attributes = new LinkedHashMap<>();
        private final Instant created;
        private Instant lastAccessed;
        private boolean changed;

        private LarderSession(@Nullable Session stored) {
            this.stored = stored;
            if (stored == null) {
                created = Instant.now();
                lastAccessed = created;
            } else {
                created = stored.loginTime();
                lastAccessed = stored.lastActivity();
                stored.attributes().forEach((k, v) -> attributes.put(k, AttributeText.decode(k, v)));
            }
        }

        /** The id; a new session is stored when its id is first asked for, since Larder makes the id. */
        @Override
        public String getId() {
            return stored == null ? changeSessionId() : stored.id();
        }

        @Override
        public String changeSessionId() {
            Session old = stored;
            stored = sessions.create(user(), encoded());
            changed = false;
            if (old != null) {
                sessions.revoke(old.id());
            }
            return stored.id();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> @Nullable T getAttribute(String name) {
            return (T) attributes.get(name);
        }

        @Override
        public Set<String> getAttributeNames() {
            return Set.copyOf(attributes.keySet());
        }

        /**
         * Sets an attribute; {@code null} removes it.
         *
         * @throws IllegalArgumentException for a value of a type Larder sessions do not keep
         */
        @Override
        public void setAttribute(String name, @Nullable Object value) {
            if (value == null) {
                removeAttribute(name);
                return;
            }
            AttributeText.encode(name, value);       // refuses an unkept type now, where the caller can see it
            if (!value.equals(attributes.put(name, value))) {
                changed = true;
            }
        }

        @Override
        public void removeAttribute(String name) {
            if (attributes.remove(name) != null) {
                changed = true;
            }
        }

        @Override
        public Instant getCreationTime() {
            return created;
        }

        @Override
        public void setLastAccessedTime(Instant at) {
            lastAccessed = Objects.requireNonNull(at, "at");
        }

        @Override
        public Instant getLastAccessedTime() {
            return lastAccessed;
        }

        /**
         * Refused unless it is the configured expiry: Larder sessions of one store all expire
         * alike ({@code larder.sessions.expiry}).
         */
        @Override
        public void setMaxInactiveInterval(Duration interval) {
            if (!sessions.settings().expiry().equals(interval)) {
                throw new UnsupportedOperationException("Larder sessions expire after larder.sessions.expiry ("
                        + sessions.settings().expiry() + ") of inactivity; " + interval + " cannot be set per session");
            }
        }

        @Override
        public Duration getMaxInactiveInterval() {
            return sessions.settings().expiry();
        }

        /** False: Larder never hands out an expired session. */
        @Override
        public boolean isExpired() {
            return false;
        }

        /** Writes what changed: a new session, a new principal (a new id), or new attributes. */
        private void store() {
            if (stored == null || !user().equals(stored.userId())) {
                changeSessionId();
            } else if (changed) {
                // expired during the request: store it again, under a new id
                String user = stored.userId();
                stored = sessions.update(stored.id(), encoded()).orElseGet(() -> sessions.create(user, encoded()));
                changed = false;
            }
        }

        private String user() {
            Object principal = attributes.get(PRINCIPAL_NAME_INDEX_NAME);
            if (principal != null) {
                return PRINCIPAL_USER + principal;
            }
            return stored != null && stored.userId().startsWith(ANONYMOUS_USER) ? stored.userId() : anonymousUser();
        }

        private Map<String, String> encoded() {
            Map<String, String> out = new LinkedHashMap<>();
            attributes.forEach((k, v) -> out.put(k, AttributeText.encode(k, v)));
            return out;
        }
    }
}
