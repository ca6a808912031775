package io.larder.spi;

import io.larder.Health;
import io.larder.Key;
import io.larder.Query;
import io.larder.TermTally;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * One store inside a backend: bytes under keys, plus time-ordered indexes. Thread-safe.
 *
 * <p>Index entries may go stale: a record expires or is deleted while entries in field indexes
 * still name it, or an update moves a record to another field value. An adapter may remove
 * such entries eagerly or lazily; reads never return a record that is gone (the adapter drops
 * and repairs those), and the core checks each returned record against the query and reports
 * mismatches through {@link #unindex}. Translate every driver exception at this edge.
 */
public interface BackendStore {

    /**
     * Writes each record with its index entries, each atomically, in as few round trips as the
     * batch allows. A write with {@link RecordWrite#expected()} is applied only if the stored
     * value's {@link io.larder.Version} matches; else {@link io.larder.ConflictException} is
     * raised naming every write that conflicted in {@link io.larder.ConflictException#conflicting()}
     * (for a batch, after the other writes went through). The retention cap is
     * applied after the writes.
     */
    void write(List<RecordWrite> writes);

    /**
     * The records stored under {@code keys}, in request order, skipping absent ones. When
     * {@code refreshExpireAtMillis} is positive, each found record's expiry moves to that
     * instant in the same round trip (sliding expiry).
     */
    List<StoredRecord> read(List<Key> keys, long refreshExpireAtMillis);

    /** Deletes records and their index entries (eagerly or, for field indexes, by later repair); returns how many existed. */
    int delete(List<Key> keys);

    /**
     * Deletes every record of {@code partition} (found through its timeline) and the timeline, as
     * one atomic step where the backend has one; returns how many records existed. Entries in field
     * indexes may stay for repair, as {@link #delete} leaves them. Called only for stores of the
     * records layout (the core refuses the others).
     */
    int deletePartition(String partition);

    /** Entries of one time-ordered index in range order, with their records; gone records are skipped and repaired. */
    List<StoredRecord> range(RangeRequest request);

    /**
     * What {@code partition} holds under {@code term} (an indexed field's value): the count of records
     * and the times of the first and last, or {@code null} when it holds none. Tallies move with the
     * writes and deletes that change them, atomically with them; see {@link io.larder.Storage#tally}
     * for what an adapter may leave wider. Called only for partitioned stores of the records and
     * archive layouts, with a field the store indexes.
     */
    @Nullable TermTally tally(String partition, Query.Term term);

    /** Removes index entries the core found stale. */
    void unindex(List<IndexEntry> stale);

    /** Every record of the store, lazily, in pages of about {@code pageSize}; the caller closes the stream. */
    Stream<StoredRecord> scanAll(int pageSize);

    /** Removes a bounded number of index entries whose records are gone; returns how many. Safe to call often. */
    int sweep();

    /** How many index entries the store holds, counting stale ones (a diagnostic; may walk the keyspace). */
    long indexEntries();

    /** The backend's health as this store sees it. */
    Health health();
}
