package io.larder.tck;

import io.larder.Health;
import io.larder.Key;
import io.larder.Page;
import io.larder.Query;
import io.larder.Storage;
import io.larder.StorageUnavailableException;
import io.larder.StoreSpec;
import io.larder.TermTally;
import io.larder.Version;
import io.larder.Versioned;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A real store that the contract can cut off and reconnect, on any adapter: while down every
 * call raises {@link StorageUnavailableException}, as a dead server does, and the records stay
 * where they were, as on a server that restarts with its data. The kill-Redis tests of the cache
 * module do the same with real processes. Thread-safe.
 */
public final class Outage<T> implements Storage<T> {
    private final Storage<T> store;
    private final AtomicBoolean down;

    /** A switchable view of {@code store}, up. */
    public Outage(Storage<T> store) {
        this(store, new AtomicBoolean());
    }

    private Outage(Storage<T> store, AtomicBoolean down) {
        this.store = store;
        this.down = down;
    }

    /** Cuts the store off (and every view {@link #expiringBy} made of it). */
    public void down() {
        down.set(true);
    }

    /** Reconnects the store, with the records it held. */
    public void up() {
        down.set(false);
    }

    private void check() {
        if (down.get()) {
            throw new StorageUnavailableException("store '" + store.spec().name() + "' is cut off by the test");
        }
    }

    @Override
    public String save(T record) {
        check();
        return store.save(record);
    }

    @Override
    public Version save(T record, Version expected) {
        check();
        return store.save(record, expected);
    }

    @Override
    public List<String> saveAll(Collection<? extends T> records) {
        check();
        return store.saveAll(records);
    }

    @Override
    public List<Key> insertAll(Collection<? extends T> records) {
        check();
        return store.insertAll(records);
    }

    @Override
    public Optional<T> load(Key key) {
        check();
        return store.load(key);
    }

    @Override
    public Optional<Versioned<T>> loadVersioned(Key key) {
        check();
        return store.loadVersioned(key);
    }

    @Override
    public Optional<T> update(Key key, UnaryOperator<T> change) {
        check();
        return store.update(key, change);
    }

    @Override
    public T merge(Key key, T absent, UnaryOperator<T> change) {
        check();
        return store.merge(key, absent, change);
    }

    @Override
    public Map<Key, T> loadAll(Collection<Key> keys) {
        check();
        return store.loadAll(keys);
    }

    @Override
    public boolean delete(Key key) {
        check();
        return store.delete(key);
    }

    @Override
    public int deleteAll(Collection<Key> keys) {
        check();
        return store.deleteAll(keys);
    }

    @Override
    public int deletePartition(String partition) {
        check();
        return store.deletePartition(partition);
    }

    @Override
    public Optional<TermTally> tally(String partition, String field, String value) {
        check();
        return store.tally(partition, field, value);
    }

    @Override
    public Storage<T> expiringBy(Instant deadline) {
        return new Outage<>(store.expiringBy(deadline), down);
    }

    @Override
    public Page<T> list(Query query) {
        check();
        return store.list(query);
    }

    @Override
    public Stream<T> scan(Query query) {
        check();
        return store.scan(query);
    }

    @Override
    public Key keyOf(T record) {
        return store.keyOf(record);
    }

    @Override
    public Health health() {
        check();
        return store.health();
    }

    @Override
    public StoreSpec<T> spec() {
        return store.spec();
    }
}
