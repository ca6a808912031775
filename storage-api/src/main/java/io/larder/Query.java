package io.larder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@link Storage#list} and {@link Storage#scan} return: records of one partition, equal on
 * indexed fields, within a time range {@code [from, to)}, in time order, after a cursor, at
 * most {@code limit}. Immutable: every method returns a new query.
 *
 * <pre>{@code
 * Query.in("group_id", "123456").where("sender_id", "42").between(from, to).newestFirst().limit(100)
 * }</pre>
 */
public final class Query {
    /** The largest page {@link #limit(int)} accepts. */
    public static final int MAX_LIMIT = 10_000;
    private static final int DEFAULT_LIMIT = 100;

    private final @Nullable String partitionField;
    private final @Nullable String partition;
    private final List<Term> terms;
    private final long fromMillis;
    private final long toMillis;
    private final boolean newestFirst;
    private final int limit;
    private final @Nullable String cursor;
    private final boolean scanAllowed;

    /**
     * One equality filter.
     *
     * @param field the field's name as the store declares it
     * @param value the value, normalized to text the way indexes store it
     */
    public record Term(String field, String value) {
        /** Both are required, and well-formed UTF-16 ({@link MalformedKeyException} otherwise): index keys hold them. */
        public Term {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(value, "value");
            MalformedKeyException.requireWellFormed(field, "field name");
            int at = MalformedKeyException.unpairedSurrogate(value);
            if (at >= 0) {
                throw new MalformedKeyException("value of field '" + field + "'", value, at);
            }
        }
    }

    private Query(@Nullable String partitionField, @Nullable String partition, List<Term> terms, long fromMillis, long toMillis,
                  boolean newestFirst, int limit, @Nullable String cursor, boolean scanAllowed) {
        this.partitionField = partitionField;
        this.partition = partition;
        this.terms = terms;
        this.fromMillis = fromMillis;
        this.toMillis = toMillis;
        this.newestFirst = newestFirst;
        this.limit = limit;
        this.cursor = cursor;
        this.scanAllowed = scanAllowed;
    }

    /** Every record of the store (for {@link Storage#scan}, or {@code list} on an unpartitioned store). */
    public static Query all() {
        return new Query(null, null, List.of(), Long.MIN_VALUE, Long.MAX_VALUE, false, DEFAULT_LIMIT, null, false);
    }

    /** The records of one partition; {@code field} is the store's partition field. */
    public static Query in(String field, Object partitionValue) {
        Objects.requireNonNull(field, "field");
        String value = IndexValues.text(partitionValue);
        if (value.isEmpty()) {
            throw new IllegalArgumentException("the partition value must not be empty");
        }
        MalformedKeyException.requireWellFormed(value, "partition");
        return new Query(field, value, List.of(), Long.MIN_VALUE, Long.MAX_VALUE, false, DEFAULT_LIMIT, null, false);
    }

    /** Also equal to {@code value} on {@code field}, which must be indexed unless {@link #allowScan()}. */
    public Query where(String field, Object value) {
        Objects.requireNonNull(field, "field");
        List<Term> more = new ArrayList<>(terms);
        more.add(new Term(field, IndexValues.text(value)));
        return new Query(partitionField, partition, List.copyOf(more), fromMillis, toMillis, newestFirst, limit, cursor, scanAllowed);
    }

    /** Records whose time is in {@code [from, to)}. */
    public Query between(Instant from, Instant to) {
        return betweenMillis(from.toEpochMilli(), to.toEpochMilli());
    }

    /** Records whose time in epoch milliseconds is in {@code [fromMillis, toMillis)}. */
    public Query betweenMillis(long fromMillis, long toMillis) {
        if (fromMillis > toMillis) {
            throw new IllegalArgumentException("the range starts after it ends: " + fromMillis + " > " + toMillis);
        }
        return new Query(partitionField, partition, terms, fromMillis, toMillis, newestFirst, limit, cursor, scanAllowed);
    }

    /** Records at or after {@code from}. */
    public Query since(Instant from) {
        return betweenMillis(from.toEpochMilli(), toMillis);
    }

    /** Records before {@code to}. */
    public Query until(Instant to) {
        return betweenMillis(fromMillis, to.toEpochMilli());
    }

    /** Newest first. */
    public Query newestFirst() {
        return new Query(partitionField, partition, terms, fromMillis, toMillis, true, limit, cursor, scanAllowed);
    }

    /** Oldest first (the default). */
    public Query oldestFirst() {
        return new Query(partitionField, partition, terms, fromMillis, toMillis, false, limit, cursor, scanAllowed);
    }

    /** At most {@code n} records a page, 1 to {@link #MAX_LIMIT}; 100 by default. */
    public Query limit(int n) {
        if (n < 1 || n > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", got " + n);
        }
        return new Query(partitionField, partition, terms, fromMillis, toMillis, newestFirst, n, cursor, scanAllowed);
    }

    /** Continue after the page whose {@link Page#next()} gave {@code cursor}. */
    public Query after(String cursor) {
        Objects.requireNonNull(cursor, "cursor");
        return new Query(partitionField, partition, terms, fromMillis, toMillis, newestFirst, limit, cursor, scanAllowed);
    }

    /** Allow filters on fields that are not indexed, read by walking the partition: may be slow. */
    public Query allowScan() {
        return new Query(partitionField, partition, terms, fromMillis, toMillis, newestFirst, limit, cursor, true);
    }

    /** The partition field named by {@link #in}, or {@code null}. */
    public @Nullable String partitionField() {
        return partitionField;
    }

    /** The partition, or {@code null} for a query over the whole store. */
    public @Nullable String partition() {
        return partition;
    }

    /** The equality filters. */
    public List<Term> terms() {
        return terms;
    }

    /** The range's start in epoch milliseconds, inclusive. */
    public long fromMillis() {
        return fromMillis;
    }

    /** The range's end in epoch milliseconds, exclusive. */
    public long toMillis() {
        return toMillis;
    }

    /** Whether the newest come first. */
    public boolean isNewestFirst() {
        return newestFirst;
    }

    /** The page size. */
    public int limit() {
        return limit;
    }

    /** The cursor to continue after, or {@code null}. */
    public @Nullable String cursor() {
        return cursor;
    }

    /** Whether filters on unindexed fields may be answered by walking. */
    public boolean isScanAllowed() {
        return scanAllowed;
    }

    @Override
    public String toString() {
        return "Query{partition=" + partition + ", where=" + terms + ", from=" + fromMillis + ", to=" + toMillis
                + ", newestFirst=" + newestFirst + ", limit=" + limit + ", cursor=" + (cursor != null) + "}";
    }
}
