package io.larder;

import io.larder.StoreMetrics.Operation;
import io.larder.spi.BackendStore;
import io.larder.spi.Conflicts;
import io.larder.spi.IndexEntry;
import io.larder.spi.Position;
import io.larder.spi.RangeRequest;
import io.larder.spi.RecordCodec;
import io.larder.spi.RecordWrite;
import io.larder.spi.StoredRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The port over one adapter store: ids, encoding, expiry arithmetic, cursors, checking index
 * hits against the query, and metrics, done here once for every adapter. Thread-safe.
 *
 * <p>It is long (about 600 lines) because it is the port's one implementation: each operation of
 * {@link Storage} is a few lines here over the same private steps (prepare, write, read, decode,
 * page), and splitting it would pass those steps' state between classes instead.
 */
final class CoreStorage<T> implements Storage<T> {
    private final StoreSpec<T> spec;
    private final BackendStore store;
    private final RecordCodec<T> codec;
    private final RecordShape<T> shape;
    private final Expiry expiry;
    private final Clock clock;
    private final TimeOrderedIds ids;
    private final StoreMetrics metrics;
    /** Records handed to the adapter per call: {@code batch.max-pipeline}, one round trip each on Redis. */
    private final int perCall;
    private final long maxValueSize;
    private final Runnable openCheck;
    /** The latest expiry instant this view computes (epoch ms); {@link Long#MAX_VALUE} for the store itself. */
    private final long deadline;

    CoreStorage(StoreSpec<T> spec, BackendStore store, RecordCodec<T> codec, StoreMetrics metrics, Clock clock,
                int perCall, long maxValueSize, Runnable openCheck) {
        this.spec = spec;
        this.store = store;
        this.codec = codec;
        this.expiry = spec.expiry().orElseThrow();
        this.shape = new RecordShape<>(spec, expiry);
        this.clock = clock;
        this.ids = new TimeOrderedIds(clock);
        this.metrics = metrics;
        this.perCall = perCall;
        this.maxValueSize = maxValueSize;
        this.openCheck = openCheck;
        this.deadline = Long.MAX_VALUE;
    }

    /** {@code base} with every expiry it computes bounded by {@code deadline}: shares everything else. */
    private CoreStorage(CoreStorage<T> base, long deadline) {
        this.spec = base.spec;
        this.store = base.store;
        this.codec = base.codec;
        this.expiry = base.expiry;
        this.shape = base.shape;
        this.clock = base.clock;
        this.ids = base.ids;
        this.metrics = base.metrics;
        this.perCall = base.perCall;
        this.maxValueSize = base.maxValueSize;
        this.openCheck = base.openCheck;
        this.deadline = Math.min(base.deadline, deadline);
    }

    @Override
    public String save(T record) {
        // save and load, the calls made most, are timed inline: a lambda per call is garbage a profile shows
        long start = begin();
        try {
            Prepared p = prepare(identified(record), null);
            write(p);
            metrics.succeeded(Operation.SAVE, start);
            return p.write.key().id();
        } catch (RuntimeException e) {
            metrics.failed(Operation.SAVE, e, start);
            throw e;
        }
    }

    @Override
    public Version save(T record, Version expected) {
        Objects.requireNonNull(expected, "expected");
        return timed(Operation.SAVE, () -> {
            Prepared p = prepare(identified(record), expected);
            write(p);
            return Version.of(p.write.value());
        });
    }

    @Override
    public List<String> saveAll(Collection<? extends T> records) {
        return timed(Operation.SAVE_ALL, () -> {
            // encode everything first: a record that cannot be stored refuses the batch before anything is written
            List<Prepared> prepared = prepareAll(records, null);
            for (int from = 0; from < prepared.size(); from += perCall) {
                write(prepared.subList(from, Math.min(prepared.size(), from + perCall)));
            }
            return prepared.stream().map(p -> p.write.key().id()).toList();
        });
    }

    @Override
    public List<Key> insertAll(Collection<? extends T> records) {
        return timed(Operation.INSERT_ALL, () -> {
            // the first record of a key goes to the adapter; a later one of the same key is left out here
            Map<Key, Prepared> first = new LinkedHashMap<>();
            for (Prepared p : prepareAll(records, Version.ABSENT)) {
                first.putIfAbsent(p.write.key(), p);
            }
            List<Prepared> prepared = new ArrayList<>(first.values());
            // a key taken is a conflict of its write, which the adapter reports after writing the rest
            Set<Key> taken = new HashSet<>();
            for (int from = 0; from < prepared.size(); from += perCall) {
                List<RecordWrite> live = new ArrayList<>();
                for (Prepared p : prepared.subList(from, Math.min(prepared.size(), from + perCall))) {
                    if (!p.expired) {               // an expired record would be stored as absent: nothing to insert
                        live.add(p.write);
                    }
                }
                try {
                    if (!live.isEmpty()) {
                        store.write(live);
                    }
                } catch (ConflictException e) {
                    taken.addAll(e.conflicting());
                }
            }
            List<Key> stored = new ArrayList<>(prepared.size());
            for (Prepared p : prepared) {
                if (!p.expired && !taken.contains(p.write.key())) {
                    stored.add(p.write.key());
                }
            }
            return stored;
        });
    }

    @Override
    public Optional<T> load(Key key) {
        checkKey(key);
        long start = begin();
        try {
            long refreshAt = refreshExpireAt();
            List<StoredRecord> found = kept(store.read(List.of(key), refreshAt));
            Optional<T> value = found.isEmpty() || pastDeadline() ? Optional.empty()
                    : Optional.of(decode(found.get(0)).value);
            metrics.succeeded(Operation.LOAD, start);
            return value;
        } catch (RuntimeException e) {
            metrics.failed(Operation.LOAD, e, start);
            throw e;
        }
    }

    @Override
    public Optional<Versioned<T>> loadVersioned(Key key) {
        checkKey(key);
        return timed(Operation.LOAD, () -> {
            long refreshAt = refreshExpireAt();
            List<StoredRecord> found = kept(store.read(List.of(key), refreshAt));
            return found.isEmpty() || pastDeadline() ? Optional.empty()
                    : Optional.of(new Versioned<>(decode(found.get(0)).value, Version.of(found.get(0).value())));
        });
    }

    @Override
    public Optional<T> update(Key key, UnaryOperator<T> change) {
        checkKey(key);
        return AtomicUpdate.apply(this, key, null, change);
    }

    @Override
    public T merge(Key key, T absent, UnaryOperator<T> change) {
        checkKey(key);
        return AtomicUpdate.apply(this, key, Objects.requireNonNull(absent, "absent"), change).orElseThrow();
    }

    @Override
    public Map<Key, T> mergeAll(Collection<? extends T> records, BinaryOperator<T> combine) {
        Map<Key, T> wanted = AtomicUpdate.combined(this, records, combine);
        wanted.keySet().forEach(this::checkKey);
        return AtomicUpdate.applyAll(this, wanted, combine, this::loadAllVersioned, this::saveAllExpecting);
    }

    private Map<Key, Versioned<T>> loadAllVersioned(Collection<Key> keys) {
        return timed(Operation.LOAD_ALL, () -> {
            List<Key> all = List.copyOf(keys);
            Map<Key, Versioned<T>> found = new HashMap<>();
            for (int from = 0; from < all.size(); from += perCall) {
                for (Decoded<T> d : read(all.subList(from, Math.min(all.size(), from + perCall)))) {
                    found.put(d.stored.key(), new Versioned<>(d.value, Version.of(d.stored.value())));
                }
            }
            return found;
        });
    }

    /** Saves each record expecting its version; one conflict naming every record that conflicted, after the rest are written. */
    private void saveAllExpecting(List<Versioned<T>> records) {
        timed(Operation.SAVE_ALL, () -> {
            // loaded or combined under their keys, these records have their ids already
            List<Prepared> prepared = SharedSteps.map(records, r -> prepare(identified(r.value()), r.version()));
            Conflicts conflicts = new Conflicts();
            for (int from = 0; from < prepared.size(); from += perCall) {
                try {
                    write(prepared.subList(from, Math.min(prepared.size(), from + perCall)));
                } catch (ConflictException e) {
                    conflicts.add(e);
                }
            }
            conflicts.throwIfAny();
            return prepared.size();
        });
    }

    @Override
    public Map<Key, T> loadAll(Collection<Key> keys) {
        keys.forEach(this::checkKey);
        return timed(Operation.LOAD_ALL, () -> {
            List<Key> distinct = List.copyOf(new LinkedHashSet<>(keys));
            Map<Key, T> found = new LinkedHashMap<>();
            for (int from = 0; from < distinct.size(); from += perCall) {
                for (Decoded<T> d : read(distinct.subList(from, Math.min(distinct.size(), from + perCall)))) {
                    found.put(d.stored.key(), d.value);
                }
            }
            Map<Key, T> ordered = new LinkedHashMap<>();
            for (Key k : distinct) {
                T v = found.get(k);
                if (v != null) {
                    ordered.put(k, v);
                }
            }
            return ordered;
        });
    }

    @Override
    public boolean delete(Key key) {
        checkKey(key);
        return timed(Operation.DELETE, () -> store.delete(List.of(key)) > 0);
    }

    @Override
    public int deleteAll(Collection<Key> keys) {
        keys.forEach(this::checkKey);
        return timed(Operation.DELETE_ALL, () -> {
            List<Key> distinct = List.copyOf(new LinkedHashSet<>(keys));
            int deleted = 0;
            for (int from = 0; from < distinct.size(); from += perCall) {
                deleted += store.delete(distinct.subList(from, Math.min(distinct.size(), from + perCall)));
            }
            return deleted;
        });
    }

    @Override
    public int deletePartition(String partition) {
        Objects.requireNonNull(partition, "partition");
        if (!spec.isPartitioned()) {
            throw new IllegalArgumentException("store '" + spec.name() + "' is not partitioned: it has no partition to delete");
        }
        if (partition.isEmpty()) {
            throw new IllegalArgumentException("the partition must not be empty");
        }
        if (spec.layout() != Layout.RECORDS) {
            throw new QueryNotSupportedException("store '" + spec.name() + "' has the " + spec.layout().name().toLowerCase(
                    Locale.ROOT) + " layout: deleting a whole partition needs the records layout, whose timeline lists"
                    + " a partition's records");
        }
        return timed(Operation.DELETE_PARTITION, () -> store.deletePartition(partition));
    }

    @Override
    public Storage<T> expiringBy(Instant deadline) {
        Objects.requireNonNull(deadline, "deadline");
        return new CoreStorage<>(this, Math.max(1, deadline.toEpochMilli()));
    }

    @Override
    public Optional<TermTally> tally(String partition, String field, String value) {
        Objects.requireNonNull(partition, "partition");
        Query.Term term = new Query.Term(field, value);
        openCheck.run();
        if (spec.layout() == Layout.VALUES) {
            throw new QueryNotSupportedException("store '" + spec.name() + "' has the values layout: it keeps no index"
                    + " to tally; declare the store with the records layout");
        }
        if (!spec.isPartitioned()) {
            throw new QueryNotSupportedException("store '" + spec.name() + "' is not partitioned: a tally counts within"
                    + " one partition");
        }
        if (!spec.indexes().contains(field)) {
            throw new QueryNotSupportedException("store '" + spec.name() + "': field '" + field + "' is not indexed"
                    + " (indexed: " + spec.indexes() + "); only an indexed field is tallied");
        }
        return timed(Operation.TALLY, () -> Optional.ofNullable(store.tally(partition, term)));
    }

    @Override
    public Page<T> list(Query query) {
        Query.Term driver = plan(query);
        return timed(Operation.LIST, () -> page(query, driver));
    }

    @Override
    public Stream<T> scan(Query query) {
        openCheck.run();
        if (spec.layout() == Layout.VALUES) {
            return scanValues(query);
        }
        if (spec.isPartitioned() && query.partition() == null) {
            checkFilters(query, true);
            Stream<StoredRecord> all = store.scanAll(query.limit());
            if (filtersAged()) {
                long oldest = spec.retention().oldestKeptAt(clock.millis());
                all = all.filter(r -> r.time() >= oldest);
            }
            return all.map(this::decode).map(Decoded::value).filter(v -> matchesAll(v, query));
        }
        Query.Term driver = plan(query.allowScan());
        Query walk = query.allowScan();
        return new PageWalk<>(p -> page(p, driver), walk).stream();
    }

    /** A values store keeps no index: its scan walks every value and filters. */
    private Stream<T> scanValues(Query query) {
        if (query.partition() != null) {
            checkPartition(query);
        }
        checkFilters(query, true);
        if (query.fromMillis() != Long.MIN_VALUE || query.toMillis() != Long.MAX_VALUE || query.cursor() != null
                || query.isNewestFirst()) {
            throw new QueryNotSupportedException("store '" + spec.name() + "' has the values layout: it keeps no time"
                    + " order, so a scan takes no time range, order or cursor");
        }
        String partition = query.partition();
        return store.scanAll(query.limit()).map(this::decode).map(Decoded::value)
                .filter(v -> partition == null || partition.equals(shape.partition(v)))
                .filter(v -> matchesAll(v, query));
    }

    @Override
    public Key keyOf(T record) {
        String id = shape.id(record);
        if (id == null) {
            throw new IllegalArgumentException("the record has no id in field '" + spec.idField() + "'");
        }
        String partition = shape.partition(record);
        return partition == null ? Key.of(id) : Key.of(partition, id);
    }

    @Override
    public Health health() {
        return timed(Operation.HEALTH, store::health);
    }

    @Override
    public StoreSpec<T> spec() {
        return spec;
    }

    // ---- writes

    private record Prepared(RecordWrite write, boolean expired) {
    }

    /**
     * A batch's writes, in its order. Ids are given here one record after another, so that they follow
     * the batch's order; the rest, encoding above all, is shared with idle cores ({@link SharedSteps}).
     */
    private List<Prepared> prepareAll(Collection<? extends T> records, @Nullable Version expected) {
        List<T> identified = new ArrayList<>(records.size());
        for (T r : records) {
            identified.add(identified(r));
        }
        return SharedSteps.map(identified, r -> prepare(r, expected));
    }

    /** The record as it is when it has an id, else a copy with the next time-ordered id. */
    private T identified(T record) {
        Objects.requireNonNull(record, "record");
        return shape.id(record) == null ? shape.withId(record, ids.next()) : record;
    }

    /** The write of a record that has its id ({@link #identified}). */
    private Prepared prepare(T record, @Nullable Version expected) {
        String id = Objects.requireNonNull(shape.id(record), "an identified record has an id");
        String partition = shape.partition(record);
        Key key = partition == null ? Key.of(id) : Key.of(partition, id);
        long now = clock.millis();
        long time = shape.hasTime() ? shape.time(record) : now;
        long expireAt = expireAt(record, now);
        if (spec.retention().isAged()) {
            // past its age the record goes as if it expired: adapters that keep per-record expiry carry it out
            long aged = time + spec.retention().maxAge().toMillis();
            expireAt = expireAt == 0 ? aged : Math.min(expireAt, aged);
        }
        byte[] value;
        try {
            value = codec.encode(record);
        } catch (RecordTooLargeException e) {
            // the codec measured it before compression; the core knows which record it was
            throw new RecordTooLargeException(spec.name(), key, e.size(), e.limit());
        } catch (IllegalArgumentException e) {
            // a value the codec cannot write (Jackson has no serializer for it, a getter throws): say which record
            throw new IllegalArgumentException("store '" + spec.name() + "': record " + key + " cannot be encoded: "
                    + e.getMessage(), e);
        }
        if (value.length > maxValueSize) {
            throw new RecordTooLargeException(spec.name(), key, value.length, maxValueSize);
        }
        return new Prepared(new RecordWrite(key, value, time, shape.terms(record), expireAt, expected),
                expireAt != 0 && expireAt <= now);
    }

    private long expireAt(T record, long now) {
        long policy = 0;
        if (expiry instanceof Expiry.Absolute a) {
            policy = now + a.duration().toMillis();
        } else if (expiry instanceof Expiry.Sliding s) {
            policy = now + s.duration().toMillis();
        } else if (expiry instanceof Expiry.AtField) {
            policy = shape.expiresAt(record);
        }
        return policy == 0 ? (deadline == Long.MAX_VALUE ? 0 : deadline) : Math.min(policy, deadline);
    }

    private void write(Prepared p) {
        // a record whose expiry instant has passed is stored as what it is: absent
        if (p.expired) {
            store.delete(List.of(p.write.key()));
        } else {
            store.write(List.of(p.write));
        }
    }

    private void write(List<Prepared> batch) {
        List<RecordWrite> live = new ArrayList<>(batch.size());
        List<Key> gone = new ArrayList<>();
        for (Prepared p : batch) {
            // a record whose expiry instant has passed is stored as what it is: absent
            if (p.expired) {
                gone.add(p.write.key());
            } else {
                live.add(p.write);
            }
        }
        if (!live.isEmpty()) {
            store.write(live);
        }
        if (!gone.isEmpty()) {
            store.delete(gone);
        }
    }

    // ---- reads

    private record Decoded<T>(StoredRecord stored, T value) {
    }

    private List<Decoded<T>> read(List<Key> keys) {
        long refreshAt = refreshExpireAt();
        List<StoredRecord> found = kept(store.read(keys, refreshAt));
        if (pastDeadline()) {
            return List.of();
        }
        List<Decoded<T>> out = new ArrayList<>(found.size());
        for (StoredRecord r : found) {
            out.add(decode(r));
        }
        return out;
    }

    /**
     * {@code found} without the records retention no longer keeps: past their age, they are gone for
     * every reader from that instant, whether or not the adapter has removed them yet (the archive
     * layout drops them on the partition's next write).
     */
    private List<StoredRecord> kept(List<StoredRecord> found) {
        if (!filtersAged() || found.isEmpty()) {
            return found;
        }
        long oldest = spec.retention().oldestKeptAt(clock.millis());
        List<StoredRecord> out = new ArrayList<>(found.size());
        for (StoredRecord r : found) {
            if (r.time() >= oldest) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * Whether point reads and scans drop aged records here. Only the archive layout needs it: it
     * removes aged records a chunk at a time, while the others expire each record at its age (see
     * {@code write}), and their point reads may not carry the record's time at all.
     */
    private boolean filtersAged() {
        return spec.retention().isAged() && spec.layout() == Layout.ARCHIVE;
    }

    /** The expiry instant a read moves records to: now plus the sliding duration (at most the deadline), or 0 for no move. */
    private long refreshExpireAt() {
        return expiry instanceof Expiry.Sliding s ? Math.min(clock.millis() + s.duration().toMillis(), deadline) : 0;
    }

    /**
     * Whether this view's deadline has passed, so its reads find nothing; a sliding store's read has
     * just moved what it found to the deadline, and the adapter removed it (Redis {@code GETEX PXAT}
     * deletes a key given an instant in the past).
     */
    private boolean pastDeadline() {
        return deadline != Long.MAX_VALUE && deadline <= clock.millis();
    }

    private Decoded<T> decode(StoredRecord r) {
        try {
            return new Decoded<>(r, codec.decode(r.value()));
        } catch (RuntimeException e) {
            throw new CorruptRecordException(r.location(), String.valueOf(e.getMessage()), e);
        }
    }

    /** Checks the query against the store and picks the index that drives it. */
    private Query.@Nullable Term plan(Query query) {
        openCheck.run();
        if (spec.layout() == Layout.VALUES) {
            throw new QueryNotSupportedException("store '" + spec.name() + "' has the values layout: it keeps no index"
                    + " to list by; load records by key, scan them, or declare the store with the records layout");
        }
        checkPartition(query);
        checkFilters(query, query.isScanAllowed());
        return query.terms().stream().filter(t -> spec.indexes().contains(t.field())).findFirst().orElse(null);
    }

    private void checkPartition(Query query) {
        if (spec.isPartitioned()) {
            if (query.partition() == null) {
                throw new QueryNotSupportedException("store '" + spec.name() + "' is partitioned by '"
                        + spec.partitionField().orElseThrow() + "': list needs Query.in(\"" + spec.partitionField().orElseThrow()
                        + "\", value); to walk every partition use scan");
            }
            if (!spec.partitionField().orElseThrow().equals(query.partitionField())) {
                throw new QueryNotSupportedException("store '" + spec.name() + "' is partitioned by '"
                        + spec.partitionField().orElseThrow() + "', not '" + query.partitionField() + "'");
            }
        } else if (query.partition() != null) {
            throw new QueryNotSupportedException("store '" + spec.name() + "' is not partitioned; drop Query.in(\""
                    + query.partitionField() + "\", ...)");
        }
    }

    private void checkFilters(Query query, boolean scanAllowed) {
        for (Query.Term t : query.terms()) {
            if (!spec.indexes().contains(t.field())) {
                if (!shape.hasField(t.field())) {
                    throw new QueryNotSupportedException("store '" + spec.name() + "': type "
                            + spec.type().getSimpleName() + " has no field '" + t.field() + "'");
                }
                if (!scanAllowed) {
                    throw new QueryNotSupportedException("store '" + spec.name() + "': field '" + t.field()
                            + "' is not indexed (indexed: " + spec.indexes() + "); index it, or call Query.allowScan()");
                }
            }
        }
    }

    private Page<T> page(Query query, Query.@Nullable Term driver) {
        Position after = query.cursor() == null ? null : Cursors.decode(query.cursor(), query.isNewestFirst());
        long from = Math.max(query.fromMillis(), spec.retention().oldestKeptAt(clock.millis()));
        int want = query.limit() + 1; // one more than the page tells whether another page follows
        List<Decoded<T>> kept = new ArrayList<>(want);
        List<IndexEntry> stale = new ArrayList<>();
        boolean exhausted = false;
        while (kept.size() < want && !exhausted) {
            int ask = Math.min(Query.MAX_LIMIT, Math.max(want - kept.size(), 16));
            List<StoredRecord> batch = from >= query.toMillis() ? List.of() : store.range(new RangeRequest(query.partition(),
                    driver, from, query.toMillis(), query.isNewestFirst(), after, ask));
            exhausted = batch.size() < ask;
            for (StoredRecord r : batch) {
                after = r.position();
                Decoded<T> d = decode(r);
                if (driver != null && !driver.value().equals(shape.text(d.value, driver.field()))) {
                    stale.add(new IndexEntry(r.key(), driver, r.time(), Version.of(r.value())));
                    continue;
                }
                if (matchesAll(d.value, query)) {
                    kept.add(d);
                    if (kept.size() == want) {
                        break;
                    }
                }
            }
        }
        if (!stale.isEmpty()) {
            store.unindex(stale);
        }
        boolean more = kept.size() > query.limit();
        List<T> items = new ArrayList<>(Math.min(kept.size(), query.limit()));
        for (int i = 0; i < kept.size() && i < query.limit(); i++) {
            items.add(kept.get(i).value);
        }
        Optional<String> next = more
                ? Optional.of(Cursors.encode(kept.get(query.limit() - 1).stored.position(), query.isNewestFirst()))
                : Optional.empty();
        return new Page<>(items, next);
    }

    private boolean matchesAll(T value, Query query) {
        for (Query.Term t : query.terms()) {
            if (!t.value().equals(shape.text(value, t.field()))) {
                return false;
            }
        }
        if (shape.hasTime() && (query.fromMillis() != Long.MIN_VALUE || query.toMillis() != Long.MAX_VALUE)) {
            long time = shape.time(value);
            return time >= query.fromMillis() && time < query.toMillis();
        }
        return true;
    }

    private void checkKey(Key key) {
        Objects.requireNonNull(key, "key");
        if (spec.isPartitioned() != key.isPartitioned()) {
            throw new IllegalArgumentException("store '" + spec.name() + "' " + (spec.isPartitioned()
                    ? "is partitioned by '" + spec.partitionField().orElseThrow() + "': use Key.of(partition, id)"
                    : "is not partitioned: use Key.of(id)") + ", got " + key);
        }
    }

    private <R> R timed(Operation operation, Supplier<R> work) {
        long start = begin();
        try {
            R result = work.get();
            metrics.succeeded(operation, start);
            return result;
        } catch (RuntimeException e) {
            metrics.failed(operation, e, start);
            throw e;
        }
    }

    /** Checks that the store is open and returns the start of an operation's timing. */
    private long begin() {
        openCheck.run();
        return System.nanoTime();
    }
}
