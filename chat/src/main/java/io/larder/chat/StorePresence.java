package io.larder.chat;

import io.larder.ConfigurationException;
import io.larder.Expiry;
import io.larder.Key;
import io.larder.Larder;
import io.larder.Layout;
import io.larder.Page;
import io.larder.Query;
import io.larder.Storage;
import io.larder.StoreSpec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@link Presence} on two stores of the port: the statuses, unpartitioned and timed by last
 * activity with an absolute expiry, so every written heartbeat moves a status to the head of the
 * store's timeline and restarts its expiry; and the last activities, a values store (one plain
 * value per user). Thread-safe.
 */
final class StorePresence implements Presence {
    private static final int MAX_TEXT = 512;
    private static final int PAGE = 1000;

    private final PresenceSettings settings;
    private final Storage<OnlineStatus> statuses;
    private final @Nullable Storage<LastSeen> seen;
    private final Clock clock;
    private final Counter signIns;
    private final CachedCount online;

    StorePresence(Larder larder, PresenceSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        String name = settings.store();
        String seenName = name + PresenceSettings.SEEN_SUFFIX;
        for (String s : List.of(name, seenName)) {
            if (larder.storeNames().contains(s)) {
                throw new ConfigurationException("store '" + s + "' is declared under larder.stores, but presence keeps it"
                        + " (larder.presence.store): presence declares its stores itself; drop the declaration or name"
                        + " another store");
            }
        }
        this.statuses = larder.store(StoreSpec.builder(name, OnlineStatus.class).id("user_id").time("last_activity")
                .expiry(Expiry.absolute(settings.expiry())).build());
        this.seen = settings.seenFor().map(keep -> larder.store(StoreSpec.builder(seenName, LastSeen.class).id("user_id")
                .layout(Layout.VALUES).expiry(Expiry.absolute(keep)).build())).orElse(null);
        this.clock = larder.clock();
        this.signIns = Counter.builder("larder.presence.signins").tag("store", name)
                .description("Users marked online").register(larder.meterRegistry());
        this.online = new CachedCount("users online in store '" + name + "'", this::onlineCount, clock,
                settings.countInterval());
        Gauge.builder("larder.presence.online", online, CachedCount::value).tag("store", name).strongReference(true)
                .description("Users online, recounted at most once per count-interval").register(larder.meterRegistry());
    }

    @Override
    public OnlineStatus signIn(String userId, String username, String ip, String userAgent) {
        Names.id(userId, "user id");
        Instant now = now();
        OnlineStatus status = new OnlineStatus(userId, Names.text(username, "username", MAX_TEXT),
                Names.text(ip, "ip", MAX_TEXT), Names.text(userAgent, "user agent", MAX_TEXT), now, now);
        statuses.save(status);
        seen(userId, now);
        signIns.increment();
        return status;
    }

    @Override
    public boolean heartbeat(String userId) {
        Names.id(userId, "user id");
        Instant now = now();
        boolean[] written = {false};
        // a status written within the interval stays as it is: the update then writes nothing
        Optional<OnlineStatus> after = statuses.update(Key.of(userId), s -> {
            written[0] = due(s, now);
            return written[0] ? s.activeAt(now) : s;
        });
        if (after.isPresent() && written[0]) {
            seen(userId, now);
        }
        return after.isPresent();
    }

    @Override
    public boolean signOut(String userId) {
        Names.id(userId, "user id");
        boolean was = statuses.delete(Key.of(userId));
        if (was) {
            seen(userId, now());
        }
        return was;
    }

    @Override
    public Optional<OnlineStatus> status(String userId) {
        return statuses.load(Key.of(Names.id(userId, "user id")));
    }

    @Override
    public Map<String, OnlineStatus> statuses(Collection<String> userIds) {
        List<Key> keys = new ArrayList<>(userIds.size());
        for (String u : userIds) {
            keys.add(Key.of(Names.id(u, "user id")));
        }
        Map<String, OnlineStatus> out = new LinkedHashMap<>();
        statuses.loadAll(keys).forEach((k, s) -> out.put(k.id(), s));
        return out;
    }

    @Override
    public Page<OnlineStatus> online(int limit) {
        return statuses.list(window().limit(limit));
    }

    @Override
    public Page<OnlineStatus> online(int limit, String cursor) {
        return statuses.list(window().limit(limit).after(Objects.requireNonNull(cursor, "cursor")));
    }

    @Override
    public long onlineCount() {
        long n = 0;
        Page<OnlineStatus> page = statuses.list(window().limit(PAGE));
        while (true) {
            n += page.items().size();
            if (page.next().isEmpty()) {
                return n;
            }
            page = statuses.list(window().limit(PAGE).after(page.next().get()));
        }
    }

    @Override
    public Optional<Instant> lastActivity(String userId) {
        Optional<Instant> online = status(userId).map(OnlineStatus::lastActivity);
        if (online.isPresent() || seen == null) {
            return online;
        }
        return seen.load(Key.of(userId)).map(LastSeen::at);
    }

    @Override
    public PresenceSettings settings() {
        return settings;
    }

    /** The statuses whose last written heartbeat is within the expiry: the online users, newest first. */
    private Query window() {
        return Query.all().since(clock.instant().minus(settings.expiry())).newestFirst();
    }

    private boolean due(OnlineStatus s, Instant now) {
        return !now.isBefore(s.lastActivity().plus(settings.activityInterval())) && now.isAfter(s.lastActivity());
    }

    private void seen(String userId, Instant at) {
        if (seen != null) {
            seen.save(new LastSeen(userId, at));
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public String toString() {
        return "Presence" + settings;
    }
}
