package io.larder;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The port: one store of records of type {@code T}. Obtained from {@link Larder#store}.
 * Implementations are thread-safe; every method may raise {@link StorageUnavailableException}
 * when the backend cannot be reached.
 */
public interface Storage<T> {

    /**
     * Saves a record, replacing any record with the same key (upsert). A record without an id is
     * given a time-ordered one. Returns the id.
     *
     * @throws RecordTooLargeException when the record encodes to more than the store's largest value size
     * @throws IllegalArgumentException when the store's codec cannot encode the record (the message
     *     names the store and the key); nothing is written
     */
    String save(T record);

    /**
     * Saves a record only if the stored one is at {@code expected} ({@link Version#ABSENT}: only if
     * none exists). Returns the new version.
     *
     * @throws ConflictException when the stored version differs; nothing is written
     */
    Version save(T record, Version expected);

    /**
     * Saves records in pipelined chunks; returns their ids in order. Each record is saved atomically
     * with its index entries. Every record is encoded before any is sent: one that cannot be stored
     * (too large, or not encodable) refuses the whole batch, named in the exception (the earliest
     * such record), and nothing of the batch is written. A batch of 512 records or more is encoded
     * by the caller together with idle threads of the common pool, so a codec must not depend on
     * the calling thread; ids are given in the batch's order all the same.
     */
    List<String> saveAll(Collection<? extends T> records);

    /**
     * Saves each record whose key holds none and leaves every record already stored as it is (an
     * import meeting what it archived before, a redelivered event): the check and the write of a
     * key are one step on the server, so of two writers inserting one key exactly one stores it.
     * Pipelined in chunks like {@link #saveAll}; a record of a key taken earlier in the same batch
     * is left out too. Returns the keys of the records stored, in order (a record's key says which
     * it was even when two partitions share an id); a record without an id is given a time-ordered
     * one and always stored.
     */
    List<Key> insertAll(Collection<? extends T> records);

    /** Loads a record; a sliding expiry restarts. Empty when absent or expired. */
    Optional<T> load(Key key);

    /** Loads a record with its version, for a conditional {@link #save(Object, Version)}. */
    Optional<Versioned<T>> loadVersioned(Key key);

    /**
     * Atomically replaces the record stored under {@code key} with {@code change} applied to it: a
     * read-modify-write that loses no concurrent update (it reads again and reapplies {@code change}
     * when another writer got in between, a bounded number of times with a growing pause, so
     * {@code change} may run more than once and must not have side effects). A result that
     * {@linkplain Object#equals equals} the stored record writes nothing. Returns the record now
     * stored.
     *
     * @return empty when no record is stored under {@code key}; nothing is written
     * @throws IllegalArgumentException when {@code change} returns null or a record of another key; nothing is written
     * @throws ConflictException when other writers kept changing the record through every attempt
     */
    Optional<T> update(Key key, UnaryOperator<T> change);

    /**
     * As {@link #update}, except that when no record is stored under {@code key}, {@code absent} is
     * stored (only if still none exists: a concurrent creator's record gets {@code change} instead).
     * Returns the record now stored.
     *
     * @throws IllegalArgumentException when {@code absent} or a result of {@code change} is not under {@code key}
     */
    T merge(Key key, T absent, UnaryOperator<T> change);

    /**
     * {@link #merge} of many records in few round trips: each of {@code records} is stored under its
     * key if none is, else {@code combine.apply(stored, record)} replaces the stored one. Records of
     * one key within {@code records} are combined first, in order. The adapter reads the batch once
     * and writes it once, conditionally, then reads and writes again only the records another writer
     * changed in between (with the growing pause of {@link #update}), so {@code combine} may run more
     * than once and must not have side effects. Each record is merged atomically and no concurrent
     * change is lost; the batch as a whole is not one step. Returns the records now stored, by key,
     * in the order the keys first appear. Records need their ids.
     *
     * @throws IllegalArgumentException when {@code combine} returns null or a record of another key; nothing of
     *         that attempt is written
     * @throws ConflictException when other writers kept changing records through every attempt; it names them, and
     *         the batch's other records are merged
     */
    default Map<Key, T> mergeAll(Collection<? extends T> records, BinaryOperator<T> combine) {
        Map<Key, T> out = new LinkedHashMap<>();
        AtomicUpdate.combined(this, records, combine)
                .forEach((key, more) -> out.put(key, merge(key, more, stored -> combine.apply(stored, more))));
        return out;
    }

    /** Loads records by key in pipelined chunks; absent keys are absent from the map, which keeps the request's order. */
    Map<Key, T> loadAll(Collection<Key> keys);

    /** Deletes a record and its index entries; returns whether it existed. */
    boolean delete(Key key);

    /** Deletes records in pipelined chunks; returns how many existed. */
    int deleteAll(Collection<Key> keys);

    /**
     * Deletes every record of one partition (a user's sessions, a group's messages) in one atomic
     * step on Redis, Sentinel and Cluster, where the partition's keys share one slot; returns how
     * many existed. Index entries on indexed fields go as {@link #delete} leaves them: by read
     * repair and the sweep. A partition of millions of records holds the Redis server while it goes.
     *
     * @throws IllegalArgumentException for an unpartitioned store, or an empty partition value
     * @throws QueryNotSupportedException for the values layout (it keeps no per-partition list of
     *     records) and the archive layout
     */
    int deletePartition(String partition);

    /**
     * This store, with nothing it writes or refreshes living past {@code deadline}: every expiry
     * instant it computes (on a write, or a sliding expiry's restart on a read) is the earlier of
     * the store's own and {@code deadline}. For records whose life has an absolute bound the caller
     * knows before reading them (a session at most 30 days after its login): the bounded read is
     * still one round trip. Once {@code deadline} has passed, the view's reads find nothing (on a
     * sliding store they remove what they find) and its writes store nothing (they remove the
     * record). Reads of stores without sliding expiry leave expiry as it is.
     */
    Storage<T> expiringBy(Instant deadline);

    /**
     * One page of the records a query names, in time order, in O(log n + limit).
     *
     * @throws QueryNotSupportedException for a filter on a field that is not indexed (unless the
     *     query {@linkplain Query#allowScan() allows a scan}), or a partitioned store without a partition
     */
    Page<T> list(Query query);

    /**
     * Every record a query names, lazily and in constant memory; close the stream. Within a
     * partition the order is the query's; across partitions it is unspecified. The query's limit
     * is the page size of the walk, not a cap.
     */
    Stream<T> scan(Query query);

    /**
     * How many records {@code partition} holds whose indexed {@code field} is {@code value}, with the
     * times of the first and the last: one read, however many records it counts (the messages one
     * sender wrote in one group). Empty when it holds none. The count moves with every write and
     * delete, atomically with it on every adapter; on the records layout on Redis it also counts
     * records deleted or moved to another value until their stale index entries are repaired (by a
     * read of the index or the sweep). The first and last times are exact while no record of that
     * value was deleted; after deletes they may be wider, never narrower.
     *
     * @throws QueryNotSupportedException when {@code field} is not indexed, the store is not
     *     partitioned, or it has the values layout
     */
    Optional<TermTally> tally(String partition, String field, String value);

    /** The key a record is stored under (its id must be set). */
    Key keyOf(T record);

    /** The backend's health, with this store's concerns (e.g. an unexpiring store on a server that persists nothing). */
    Health health();

    /** The store's declaration, with defaults applied. */
    StoreSpec<T> spec();
}
