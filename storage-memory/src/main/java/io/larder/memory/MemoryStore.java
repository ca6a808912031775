package io.larder.memory;

import io.larder.Health;
import io.larder.Key;
import io.larder.Query;
import io.larder.TermTally;
import io.larder.Version;
import io.larder.spi.BackendStore;
import io.larder.spi.Conflicts;
import io.larder.spi.IndexEntry;
import io.larder.spi.Position;
import io.larder.spi.RangeRequest;
import io.larder.spi.RecordWrite;
import io.larder.spi.StoreLayout;
import io.larder.spi.StoredRecord;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * One store of the memory backend. Records live in a concurrent map; every change to a record,
 * its index entries and its place in the expiry queue happens inside the map's compute for its
 * key, so the indexes always agree with the records once a change completes. Readers take no
 * lock: they check each index hit against the record it names and skip what does not match.
 * Expired records are absent for every read and are removed, a bounded number at a time, by
 * each operation and by {@link #sweep()}; no thread is kept per record.
 *
 * <p>A logged store appends each change to its {@link StoreLog} inside the same compute, so the
 * log holds a record's changes in the order they were applied, and commits before the call
 * returns. Expiry is not logged: a replayed record carries its instant and is dropped once it
 * has passed. Thread-safe.
 */
final class MemoryStore implements BackendStore {
    /** Due records removed by every operation: keeps the queue from growing without a sweeper. */
    static final int DRAIN_PER_OPERATION = 64;
    /** Due records removed by one sweep. */
    static final int DRAIN_PER_SWEEP = 10_000;

    private final StoreLayout layout;
    private final Clock clock;
    private final MemoryBackend backend;
    private final ConcurrentHashMap<Key, Entry> records = new ConcurrentHashMap<>();
    private final TimeIndexes indexes = new TimeIndexes();
    private final ExpiryQueue expiries = new ExpiryQueue();
    private final StoreLog log;

    MemoryStore(StoreLayout layout, Clock clock, MemoryBackend backend, @Nullable AppendLog log) {
        this.layout = layout;
        this.clock = clock;
        this.backend = backend;
        this.log = new StoreLog(log, layout);
    }

    @Override
    public void write(List<RecordWrite> writes) {
        long now = begin();
        Conflicts conflicts = new Conflicts();
        // the partitions to trim, when there is a cap to trim to
        Set<String> written = layout.retention().isCapped() ? new HashSet<>() : null;
        log.begin();
        try {
            for (RecordWrite w : writes) {
                checkKey(w.key());
                if (put(w, now)) {
                    if (written != null) {
                        written.add(w.key().partition());
                    }
                } else {
                    conflicts.add(w.key(), Objects.requireNonNull(w.expected(), "only a conditional write conflicts"));
                }
            }
            if (written != null) {
                written.forEach(this::trim);
            }
        } finally {
            log.end();
        }
        backend.changed();
        log.commit();
        conflicts.throwIfAny();
    }

    @Override
    public List<StoredRecord> read(List<Key> keys, long refreshExpireAtMillis) {
        long now = begin();
        List<StoredRecord> found = new ArrayList<>(keys.size());
        if (refreshExpireAtMillis <= 0) {
            for (Key key : keys) {
                Entry e = records.get(key);
                if (e != null && e.isExpired(now)) {
                    expire(key, now);
                } else if (e != null) {
                    found.add(stored(key, e));
                }
            }
            return found;
        }
        // a moved expiry is a write: logged, or a restart would expire a session its user kept alive
        log.begin();
        try {
            for (Key key : keys) {
                Entry e = refresh(key, refreshExpireAtMillis, now);
                if (e != null) {
                    found.add(stored(key, e));
                }
            }
        } finally {
            log.end();
        }
        if (!found.isEmpty()) {
            backend.changed();
            log.commit();
        }
        return found;
    }

    @Override
    public int delete(List<Key> keys) {
        long now = begin();
        int existed = 0;
        log.begin();
        try {
            for (Key key : keys) {
                boolean[] live = {false};
                records.computeIfPresent(key, (k, e) -> {
                    live[0] = !e.isExpired(now);
                    move(k, e, null);
                    log.deleted(k);
                    return null;
                });
                existed += live[0] ? 1 : 0;
            }
        } finally {
            log.end();
        }
        backend.changed();
        log.commit();
        return existed;
    }

    @Override
    public int deletePartition(String partition) {
        long now = begin();
        int existed = 0;
        log.begin();
        try {
            // the timeline names every record of the partition; a snapshot of it, since removing edits it
            for (Position at : List.copyOf(indexes.all(IndexId.timeline(partition)))) {
                boolean[] live = {false};
                records.computeIfPresent(key(partition, at.id()), (k, e) -> {
                    live[0] = !e.isExpired(now);
                    move(k, e, null);
                    log.deleted(k);
                    return null;
                });
                existed += live[0] ? 1 : 0;
            }
        } finally {
            log.end();
        }
        backend.changed();
        log.commit();
        return existed;
    }

    @Override
    public List<StoredRecord> range(RangeRequest request) {
        long now = begin();
        IndexId id = new IndexId(request.partition(), request.term());
        List<StoredRecord> found = new ArrayList<>(Math.min(request.limit(), 1024));
        for (Position at : indexes.range(id, request.fromMillis(), request.toMillis(), request.descending(),
                request.after())) {
            Key key = key(request.partition(), at.id());
            Entry e = records.get(key);
            if (e != null && !e.isExpired(now) && e.isIndexedAt(request.term(), at.time())) {
                found.add(stored(key, e));
                if (found.size() == request.limit()) {
                    break;
                }
            } else {
                // gone, expired, or changing under a writer right now: decide under the record's lock
                repair(id, key, at, now);
            }
        }
        return found;
    }

    @Override
    public @Nullable TermTally tally(String partition, Query.Term term) {
        long now = begin();
        long count = 0;
        long first = 0;
        long last = 0;
        // the index is kept eagerly, so its live entries are the records; an expired record not yet drained is skipped
        for (Position at : indexes.all(new IndexId(partition, term))) {
            Entry e = records.get(key(partition, at.id()));
            if (e != null && !e.isExpired(now) && e.isIndexedAt(term, at.time())) {
                if (count++ == 0) {
                    first = at.time();
                }
                last = at.time();
            }
        }
        return count == 0 ? null : TermTally.ofMillis(count, first, last);
    }

    @Override
    public void unindex(List<IndexEntry> stale) {
        long now = begin();
        for (IndexEntry s : stale) {
            Entry e = records.get(s.key());
            if (e != null && !e.isExpired(now) && e.terms().contains(s.term())) {
                continue; // the record does carry the value: its entry is not stale
            }
            // indexes are kept eagerly, so this is not expected; the entry's position finds it in O(log n)
            repair(new IndexId(s.key().partition(), s.term()), s.key(), s.position(), now);
        }
    }

    @Override
    public Stream<StoredRecord> scanAll(int pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("page size must be positive: " + pageSize);
        }
        begin();
        // the map's iterator is weakly consistent and lazy: no copy, whatever the store's size
        return records.entrySet().stream()
                .filter(en -> !en.getValue().isExpired(clock.millis()))
                .map(en -> stored(en.getKey(), en.getValue()));
    }

    @Override
    public int sweep() {
        backend.checkOpen();
        return drain(clock.millis(), DRAIN_PER_SWEEP);
    }

    @Override
    public long indexEntries() {
        return indexes.entries();
    }

    @Override
    public Health health() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("store", layout.name());
        details.put("store records", Long.toString(records.mappingCount()));
        details.put("store index entries", Long.toString(indexes.entries()));
        return backend.health(details);
    }

    // ---- what the backend and tests see

    String name() {
        return layout.name();
    }

    StoreLayout layout() {
        return layout;
    }

    long recordCount() {
        return records.mappingCount();
    }

    int indexCount() {
        return indexes.indexCount();
    }

    int queuedExpiries() {
        return expiries.size();
    }

    /** This store's live records for the snapshot file: a lazy view, no copy. */
    StoreImage image() {
        Iterable<Map.Entry<Key, Entry>> live = () -> records.entrySet().stream()
                .filter(en -> !en.getValue().isExpired(clock.millis())).iterator();
        return new StoreImage(layout.name(), layout.partitioned(), layout.indexes(), live);
    }

    /** Loads records read from a snapshot; called once, before the store is handed out. */
    void restore(StoreImage image) {
        long now = clock.millis();
        for (Map.Entry<Key, Entry> en : image.records()) {
            Entry e = en.getValue().keepingFields(layout.indexes());
            if (!e.isExpired(now)) {
                records.put(en.getKey(), e);
            }
        }
        // the indexes are built from the records kept, each in time order: a skip list filled in
        // order is about three times faster to build than one filled in the records' hash order
        Map<IndexId, List<Position>> positions = new HashMap<>();
        records.forEach((key, e) -> {
            Position at = new Position(e.time(), key.id());
            positions.computeIfAbsent(IndexId.timeline(key.partition()), id -> new ArrayList<>()).add(at);
            for (Query.Term t : e.terms()) {
                positions.computeIfAbsent(new IndexId(key.partition(), t), id -> new ArrayList<>()).add(at);
            }
            expiries.add(key, e.expireAt());
        });
        positions.forEach(indexes::addAll);
    }

    // ---- changes, each under the record's lock

    /** Applies one write unless its expected version does not match; returns whether it was applied. */
    private boolean put(RecordWrite w, long now) {
        Entry fresh = new Entry(w.value(), w.time(), w.terms(), w.expireAtMillis());
        byte[] logged = log.put(w.key(), fresh);     // encoded before the lock, appended only if it applies
        boolean[] applied = {false};
        records.compute(w.key(), (k, old) -> {
            Entry live = old == null || old.isExpired(now) ? null : old;
            if (w.expected() != null && !isAt(live, w.expected())) {
                return old;
            }
            move(k, old, fresh);
            log.append(logged);
            applied[0] = true;
            return fresh;
        });
        return applied[0];
    }

    private static boolean isAt(@Nullable Entry live, Version expected) {
        return expected.isAbsent() ? live == null : live != null && Version.of(live.value()).equals(expected);
    }

    private Entry refresh(Key key, long expireAt, long now) {
        return records.computeIfPresent(key, (k, e) -> {
            if (e.isExpired(now)) {
                move(k, e, null);
                return null;
            }
            Entry moved = e.withExpireAt(expireAt);
            move(k, e, moved);
            log.touched(k, expireAt);
            return moved;
        });
    }

    /** Removes the record if it has expired; returns how many index entries went with it. */
    private int expire(Key key, long now) {
        int[] removed = {0};
        records.computeIfPresent(key, (k, e) -> {
            if (!e.isExpired(now)) {
                return e;
            }
            removed[0] = move(k, e, null);
            return null;
        });
        return removed[0];
    }

    /** Under the record's lock: removes it if expired, then drops {@code at} from {@code id} unless the record sits there. */
    private void repair(IndexId id, Key key, Position at, long now) {
        records.compute(key, (k, e) -> {
            Entry current = e;
            if (current != null && current.isExpired(now)) {
                move(k, current, null);
                current = null;
            }
            if (current == null || !current.isIndexedAt(id.term(), at.time())) {
                indexes.remove(id, at);
            }
            return current;
        });
    }

    /**
     * Moves a record's index entries and queued expiry from {@code old} to {@code neu} (either may
     * be null), touching only what changed. Must run under the record's lock. Returns how many
     * index entries were removed.
     */
    private int move(Key key, @Nullable Entry old, @Nullable Entry neu) {
        String partition = key.partition();
        boolean sameTime = old != null && neu != null && old.time() == neu.time();
        if (neu != null) {
            Position at = new Position(neu.time(), key.id());
            if (!sameTime) {
                indexes.add(IndexId.timeline(partition), at);
            }
            for (Query.Term t : neu.terms()) {
                if (old == null || !sameTime || !old.terms().contains(t)) {
                    indexes.add(new IndexId(partition, t), at);
                }
            }
            if (old == null || old.expireAt() != neu.expireAt()) {
                expiries.add(key, neu.expireAt());
            }
        }
        int removed = 0;
        if (old != null) {
            Position was = new Position(old.time(), key.id());
            if (!sameTime && indexes.remove(IndexId.timeline(partition), was)) {
                removed++;
            }
            for (Query.Term t : old.terms()) {
                if ((neu == null || !sameTime || !neu.terms().contains(t)) && indexes.remove(new IndexId(partition, t), was)) {
                    removed++;
                }
            }
            if (neu == null || old.expireAt() != neu.expireAt()) {
                expiries.remove(key, old.expireAt());
            }
        }
        return removed;
    }

    /** Keeps the newest records of one partition, as the retention cap says. */
    private void trim(String partition) {
        int keep = layout.retention().keepNewest();
        IndexId timelineId = IndexId.timeline(partition);
        TimeIndexes.TimeIndex timeline = indexes.get(timelineId);
        if (timeline == null) {
            return;
        }
        // one trimmer per timeline at a time, so two writers never both remove "the" oldest
        synchronized (timeline) {
            while (timeline.size() > keep) {
                Position oldest = timeline.oldest();
                if (oldest == null) {
                    return;
                }
                records.compute(key(partition, oldest.id()), (k, e) -> {
                    if (e != null && e.time() == oldest.time()) {
                        move(k, e, null);
                        log.deleted(k);
                        return null;
                    }
                    indexes.remove(timelineId, oldest);
                    return e;
                });
            }
        }
    }

    /** Removes up to {@code max} due records; returns how many index entries went with them. */
    private int drain(long now, int max) {
        int removed = 0;
        for (int i = 0; i < max; i++) {
            ExpiryQueue.Due due = expiries.takeDue(now);
            if (due == null) {
                break;
            }
            removed += expire(due.key(), now);
        }
        if (removed > 0) {
            backend.changed();
        }
        return removed;
    }

    /** Starts an operation: refuses work after close, drains a few due records, and returns the time. */
    private long begin() {
        backend.checkOpen();
        long now = clock.millis();
        drain(now, DRAIN_PER_OPERATION);
        return now;
    }

    private void checkKey(Key key) {
        if (key.isPartitioned() != layout.partitioned()) {
            throw new IllegalArgumentException("store '" + layout.name() + "' is " + (layout.partitioned() ? "" : "not ")
                    + "partitioned; got key " + key);
        }
    }

    private static Key key(@Nullable String partition, String id) {
        return partition == null ? Key.of(id) : Key.of(partition, id);
    }

    private StoredRecord stored(Key key, Entry e) {
        return new StoredRecord(key, e.time(), e.value(), "memory:" + layout.name() + ":" + key);
    }
}
