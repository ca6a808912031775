package io.larder.sessions;

import io.larder.ConfigurationException;
import io.larder.Expiry;
import io.larder.Key;
import io.larder.Larder;
import io.larder.Query;
import io.larder.Storage;
import io.larder.StoreSpec;
import io.larder.operations.internal.Arguments;
import io.larder.operations.internal.Recount;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@link Sessions} on one store of the port, partitioned by user and timed by sign-in, so a
 * user's sessions are one partition: found by key, listed from its timeline, deleted at once.
 * Thread-safe.
 */
final class StoreSessions implements Sessions {
    private final SessionSettings settings;
    private final Storage<Session> store;
    private final Clock clock;
    private final Counter created;
    private final Counter revoked;

    StoreSessions(Larder larder, SessionSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        if (larder.storeNames().contains(settings.store())) {
            throw new ConfigurationException("store '" + settings.store() + "' is declared under larder.stores, but it holds"
                    + " the sessions (larder.sessions.store): sessions declare their store themselves; drop the declaration"
                    + " or name another store");
        }
        this.store = larder.store(StoreSpec.builder(settings.store(), Session.class).partitionBy("user_id")
                .time("login_time").expiry(Expiry.sliding(settings.expiry())).build());
        this.clock = larder.clock();
        String name = settings.store();
        this.created = Counter.builder("larder.sessions.created").tag("store", name)
                .description("Sessions created").register(larder.meterRegistry());
        this.revoked = Counter.builder("larder.sessions.revoked").tag("store", name)
                .description("Live sessions ended by revoke or revokeAll").register(larder.meterRegistry());
        Recount active = new Recount("active sessions of store '" + name + "'", () -> Map.of("active", activeCount()), clock,
                settings.countInterval());
        Gauge.builder("larder.sessions.active", active, r -> r.value("active")).tag("store", name).strongReference(true)
                .description("Live sessions, recounted at most once per count-interval").register(larder.meterRegistry());
    }

    @Override
    public Session create(String userId, Map<String, String> attributes) {
        Arguments.name(userId, "user id");
        Objects.requireNonNull(attributes, "attributes");
        // the id carries the sign-in millisecond, so the record keeps exactly that: both give the same cap
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Session session = new Session(SessionIds.make(userId, now), userId, now, now, attributes);
        bounded(session.loginTime()).save(session);
        created.increment();
        return session;
    }

    @Override
    public Optional<Session> find(String sessionId) {
        Objects.requireNonNull(sessionId, "sessionId");
        SessionIds.Parsed id = SessionIds.parse(sessionId);
        if (id == null) {
            return Optional.empty();
        }
        Storage<Session> view = bounded(id.loginTime());
        Key key = Key.of(id.userId(), sessionId);
        Optional<Session> found = view.load(key);
        if (found.isEmpty() || !activityDue(found.get(), clock.instant())) {
            return found;
        }
        // the interval has passed since the last write: one more round trip, at most once per interval
        return view.update(key, s -> {
            Instant now = clock.instant();
            return activityDue(s, now) ? s.activeAt(now) : s;
        });
    }

    @Override
    public Optional<Session> update(String sessionId, Map<String, String> attributes) {
        Objects.requireNonNull(sessionId, "sessionId");
        Map<String, String> copy = Map.copyOf(attributes);
        SessionIds.Parsed id = SessionIds.parse(sessionId);
        if (id == null) {
            return Optional.empty();
        }
        return bounded(id.loginTime()).update(Key.of(id.userId(), sessionId), s -> s.withAttributes(copy));
    }

    @Override
    public List<Session> listFor(String userId) {
        Arguments.name(userId, "user id");
        Instant now = clock.instant();
        try (Stream<Session> all = store.scan(Query.in("user_id", userId))) {
            return all.filter(s -> withinCap(s.loginTime(), now)).toList();
        }
    }

    @Override
    public boolean revoke(String sessionId) {
        Objects.requireNonNull(sessionId, "sessionId");
        SessionIds.Parsed id = SessionIds.parse(sessionId);
        if (id == null) {
            return false;
        }
        boolean existed = store.delete(Key.of(id.userId(), sessionId));
        if (existed) {
            revoked.increment();
        }
        return existed;
    }

    @Override
    public int revokeAll(String userId) {
        Arguments.name(userId, "user id");
        int ended = store.deletePartition(userId);
        revoked.increment(ended);
        return ended;
    }

    @Override
    public long activeCount() {
        Instant now = clock.instant();
        try (Stream<Session> all = store.scan(Query.all().limit(1000))) {
            return all.filter(s -> withinCap(s.loginTime(), now)).count();
        }
    }

    @Override
    public SessionSettings settings() {
        return settings;
    }

    /** The store as seen by a session that signed in at {@code loginTime}: never kept past its cap. */
    private Storage<Session> bounded(Instant loginTime) {
        return settings.maxAge().map(cap -> store.expiringBy(loginTime.plus(cap))).orElse(store);
    }

    private boolean withinCap(Instant loginTime, Instant now) {
        return settings.maxAge().map(cap -> now.isBefore(loginTime.plus(cap))).orElse(true);
    }

    private boolean activityDue(Session s, Instant now) {
        return !now.isBefore(s.lastActivity().plus(settings.activityInterval())) && now.isAfter(s.lastActivity());
    }

    @Override
    public String toString() {
        return "Sessions" + settings;
    }
}
