package io.larder.redis.records;

import static io.larder.redis.internal.KeyText.bytes;

import io.larder.Health;
import io.larder.Key;
import io.larder.Layout;
import io.larder.Query;
import io.larder.StorageException;
import io.larder.TermTally;
import io.larder.Version;
import io.larder.redis.internal.Batches;
import io.larder.redis.internal.CommandTimeoutException;
import io.larder.redis.internal.DurableWrites;
import io.larder.redis.internal.Fetch;
import io.larder.redis.internal.KeyText;
import io.larder.redis.internal.LayoutVersion;
import io.larder.redis.internal.Put;
import io.larder.redis.internal.RedisDriver;
import io.larder.redis.internal.RedisError;
import io.larder.redis.internal.Replies;
import io.larder.redis.internal.ScanPage;
import io.larder.redis.internal.ScriptCall;
import io.larder.redis.internal.ScriptSet;
import io.larder.redis.internal.StoreContext;
import io.larder.redis.internal.Transaction;
import io.larder.spi.BackendStore;
import io.larder.spi.Conflicts;
import io.larder.spi.IndexEntry;
import io.larder.spi.RangeRequest;
import io.larder.spi.RecordWrite;
import io.larder.spi.StoreLayout;
import io.larder.spi.StoredRecord;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One store on Redis, in key layout v1 ({@link KeyLayout}). A conditional write is one Lua script
 * per record (version check, value, timeline, term indexes, retention); unconditional writes are one
 * {@code MULTI}/{@code EXEC} of plain commands per partition per pipeline where the driver can, else
 * one script per partition per pipeline, writing many records; a store of the values layout writes
 * plain {@code SET}s and keeps no timeline. A batch is pipelined in windows of
 * {@link StoreLayout#maxPipeline()} records: one round trip per window. Expiry is the server's
 * ({@code PXAT}); index entries of records that are gone are removed by read repair and by
 * {@link #sweep()}. Thread-safe.
 */
public final class RecordsStore implements BackendStore {
    private static final Logger LOG = LoggerFactory.getLogger(RecordsStore.class);
    private static final int UNINDEX_CHUNK = 1000;
    private static final byte[] ZADD = bytes("ZADD");
    private static final byte[] MSET = bytes("MSET");
    private static final byte[] SET = bytes("SET");
    private static final byte[] PXAT = bytes("PXAT");

    private final StoreLayout layout;
    private final KeyLayout keys;
    private final StoreContext context;
    private final RedisDriver driver;
    private final ScriptSet<RecordScript> scripts;
    private final DurableWrites durable;
    private final ValueReads values;
    private final RangeReader ranges;
    private final IndexSweeper sweeper;
    /** The values layout: a value per record, no timeline or index. */
    private final boolean valuesOnly;
    /**
     * Unconditional batches go as one {@code MULTI}/{@code EXEC} per partition: the driver can, no
     * retention cap needs a script, and the server has not refused {@code EXEC} to this user.
     */
    private volatile boolean transactions;

    /**
     * Opens {@code layout} (the records or the values layout) over the backend's {@code context};
     * the first open records the layout version.
     *
     * @throws io.larder.ConfigurationException when the store was written in another layout or version
     */
    public RecordsStore(StoreLayout layout, StoreContext context) {
        this.layout = layout;
        this.keys = new KeyLayout(layout.keyPrefix(), layout.name(), layout.partitioned());
        this.context = context;
        this.driver = context.driver();
        this.scripts = context.scripts(RecordScript.class);
        this.durable = context.writes(layout);
        this.values = new ValueReads(keys, driver);
        this.ranges = new RangeReader(keys, scripts, driver);
        this.sweeper = new IndexSweeper(keys, scripts, driver);
        this.valuesOnly = layout.layout() == Layout.VALUES;
        this.transactions = driver.transactions() && layout.retention().keepNewest() == 0;
        LayoutVersion.check(context, layout.name(), keys.layoutKey(), KeyLayout.VERSION);
    }

    @Override
    public void write(List<RecordWrite> writes) {
        StorageException failure = null;
        Conflicts conflicts = new Conflicts();
        for (List<RecordWrite> chunk : Batches.split(writes, layout.maxPipeline())) {
            boolean conditional = false;
            boolean inserts = true;
            for (RecordWrite w : chunk) {
                conditional |= w.expected() != null;
                inserts &= w.expected() != null && w.expected().isAbsent();
            }
            if (valuesOnly && !conditional) {
                failure = first(failure, put(chunk));
                continue;
            }
            if (!conditional) {
                failure = first(failure, transactions ? transact(chunk) : writeBatch(chunk, false, conflicts));
                continue;
            }
            if (inserts && !valuesOnly) {
                failure = first(failure, writeBatch(chunk, true, conflicts));
                continue;
            }
            List<ScriptCall> calls = new ArrayList<>(chunk.size());
            for (RecordWrite w : chunk) {
                calls.add(writeCall(w));
            }
            // a conditional write that timed out may have been applied: retrying it would report its own write as a conflict
            List<Object> replies = scripts.runDurably(calls, durable);
            for (int i = 0; i < replies.size(); i++) {
                RecordWrite w = chunk.get(i);
                Object reply = replies.get(i);
                if (reply instanceof RedisError e) {
                    failure = first(failure, driver.error(e, keys.valueKey(w.key())));
                    continue;
                }
                List<?> r = (List<?>) reply;
                long status = Replies.number(r, 0);
                if (status == 0) {
                    conflicts.add(w.key(), Objects.requireNonNull(w.expected(), "only a conditional write conflicts"));
                } else if (status < 0) {
                    failure = first(failure, driver.error(new RedisError(Replies.text(r, 2)), Replies.text(r, 1)));
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        conflicts.throwIfAny();
    }

    /** A values store's unconditional writes: plain {@code SET}s, idempotent, so retried after a timeout when asked. */
    private @Nullable StorageException put(List<RecordWrite> chunk) {
        List<Put> puts = puts(chunk);
        List<Object> replies = retrying(() -> durable.send(() -> DurableWrites.keys(keys.valueKey(chunk.get(0).key()), chunk.size()),
                wait -> driver.set(puts, wait)));
        for (int i = 0; i < replies.size(); i++) {
            if (replies.get(i) instanceof RedisError e) {
                return driver.error(e, keys.valueKey(chunk.get(i).key()));
            }
        }
        return null;
    }

    /**
     * Writes of the records layout by script: one {@code write_batch.lua} call per partition in one
     * pipeline, so the server runs a few commands per record and not a script per record, while each
     * partition's records and index entries still change atomically. Upserts are idempotent, so
     * retried after a timeout when asked; an {@code insert} (only where the key holds nothing) adds
     * the keys it found taken to {@code conflicts} and is never retried: a timed-out insert may have
     * been applied, and again it would report its own records as taken.
     */
    private @Nullable StorageException writeBatch(List<RecordWrite> chunk, boolean insert, Conflicts conflicts) {
        Map<String, List<RecordWrite>> byPartition = partitions(chunk);
        List<ScriptCall> calls = new ArrayList<>(byPartition.size());
        List<List<RecordWrite>> batches = new ArrayList<>(byPartition.size());
        byPartition.forEach((partition, writes) -> {
            batches.add(writes);
            calls.add(batchCall(partition, writes, insert));
        });
        List<Object> replies = insert ? scripts.runDurably(calls, durable) : retrying(() -> scripts.runDurably(calls, durable));
        StorageException failure = null;
        for (int i = 0; i < replies.size(); i++) {
            List<RecordWrite> writes = batches.get(i);
            if (replies.get(i) instanceof RedisError e) {
                failure = first(failure, driver.error(e, keys.valueKey(writes.get(0).key())));
                continue;
            }
            List<?> r = (List<?>) replies.get(i);
            if (Replies.number(r, 0) < 0) {
                failure = first(failure, driver.error(new RedisError(Replies.text(r, 3)), Replies.text(r, 2)));
            }
            for (Object position : (List<?>) r.get(4)) {
                conflicts.add(writes.get((int) (long) (Long) position).key(), Version.ABSENT);
            }
        }
        return failure;
    }

    /**
     * Unconditional writes of the records layout as plain commands: per partition one {@code MULTI},
     * a {@code ZADD} of the timeline and one of each term index the partition's records touch, the
     * records' {@code SET}s, {@code EXEC}; all partitions in one pipeline. The server runs no script,
     * and a partition's records and index entries still change together. A {@code ZADD} on a key of
     * another type fails alone (Redis runs the rest of a transaction): the partition's values are
     * written, and the failure names that key. Idempotent, so retried after a timeout when asked.
     */
    private @Nullable StorageException transact(List<RecordWrite> chunk) {
        List<Map.Entry<String, List<RecordWrite>>> partitions = List.copyOf(partitions(chunk).entrySet());
        // each partition's commands are built when the driver reaches them, so the server runs the first
        // transactions while the client still builds the last; built once, since a retry sends them again
        List<Transaction> transactions = new AbstractList<>() {
            private final @Nullable Transaction[] built = new Transaction[partitions.size()];

            @Override
            public Transaction get(int index) {
                Transaction t = built[index];
                if (t == null) {
                    t = transaction(partitions.get(index).getKey(), partitions.get(index).getValue());
                    built[index] = t;
                }
                return t;
            }

            @Override
            public int size() {
                return built.length;
            }
        };
        List<Object> replies = retrying(() -> durable.send(() -> DurableWrites.keys(keys.valueKey(chunk.get(0).key()), chunk.size()),
                wait -> driver.transact(transactions, wait)));
        for (Object reply : replies) {
            if (reply instanceof RedisError e && e.message().contains("NOPERM")) {
                // EXECABORT: nothing of it ran; the scripts write the same records, and every batch after goes their way
                this.transactions = false;
                LOG.warn("Redis refuses EXEC to this user ({}): batches of store '{}' are written by scripts instead;"
                        + " grant +multi +exec (KEYS.md) for the faster path", e.message(), layout.name());
                return writeBatch(chunk, false, new Conflicts());
            }
        }
        StorageException failure = null;
        for (int i = 0; i < replies.size(); i++) {
            List<Transaction.Command> commands = transactions.get(i).commands();
            if (replies.get(i) instanceof RedisError e) {
                failure = first(failure, driver.error(e, keyOf(commands.get(0))));
                continue;
            }
            List<?> each = (List<?>) replies.get(i);
            for (int j = 0; j < each.size(); j++) {
                if (each.get(j) instanceof RedisError e) {
                    failure = first(failure, driver.error(e, keyOf(commands.get(j))));
                }
            }
        }
        return failure;
    }

    /** One partition's transaction: its timeline's and term indexes' {@code ZADD}s, then its records' values. */
    private Transaction transaction(String partition, List<RecordWrite> writes) {
        Map<String, List<byte[]>> sets = new LinkedHashMap<>();
        List<byte[]> timeline = sets.computeIfAbsent(keys.timeline(partition), k -> new ArrayList<>());
        for (RecordWrite w : writes) {
            byte[] score = bytes(Long.toString(w.time()));
            byte[] id = bytes(w.key().id());
            timeline.add(score);
            timeline.add(id);
            for (Query.Term t : w.terms()) {
                List<byte[]> index = sets.computeIfAbsent(keys.termIndex(partition, t), k -> new ArrayList<>());
                index.add(score);
                index.add(id);
            }
        }
        List<Transaction.Command> commands = new ArrayList<>(sets.size() + writes.size());
        sets.forEach((key, members) -> {
            byte[][] args = new byte[members.size() + 1][];
            args[0] = bytes(key);
            for (int i = 0; i < members.size(); i++) {
                args[i + 1] = members.get(i);
            }
            commands.add(new Transaction.Command(ZADD, args));
        });
        List<Put> puts = puts(writes);
        if (Put.fitMset(puts)) {
            // a partition is one hash slot
            Put.msets(puts, key -> 0).commands().forEach(args -> commands.add(new Transaction.Command(MSET, args)));
        } else {
            for (Put put : puts) {
                commands.add(new Transaction.Command(SET, put.expireAtMillis() > 0
                        ? new byte[][] {put.key(), put.value(), PXAT, bytes(Long.toString(put.expireAtMillis()))}
                        : new byte[][] {put.key(), put.value()}));
            }
        }
        return new Transaction(commands);
    }

    /** Each write's value as a {@link Put} to its value key. */
    private List<Put> puts(List<RecordWrite> writes) {
        List<Put> puts = new ArrayList<>(writes.size());
        for (RecordWrite w : writes) {
            puts.add(new Put(bytes(keys.valueKey(w.key())), w.value(), Math.max(0, w.expireAtMillis())));
        }
        return puts;
    }

    /** The key a command of {@link #transact} concerns: its first argument. */
    private static String keyOf(Transaction.Command command) {
        return KeyText.text(command.args()[0]);
    }

    private ScriptCall batchCall(String partition, List<RecordWrite> writes, boolean insert) {
        Map<String, Integer> indexPositions = new LinkedHashMap<>();
        List<byte[]> records = new ArrayList<>(writes.size() * 6);
        for (RecordWrite w : writes) {
            records.add(bytes(w.key().id()));
            records.add(bytes(Long.toString(w.time())));
            records.add(bytes(Long.toString(Math.max(0, w.expireAtMillis()))));
            records.add(w.value());
            records.add(bytes(Integer.toString(w.terms().size())));
            for (Query.Term t : w.terms()) {
                // KEYS holds the records' value keys, then the timeline, then the indexes
                int position = indexPositions.computeIfAbsent(keys.termIndex(partition, t), k -> writes.size() + 2 + indexPositions.size());
                records.add(bytes(Integer.toString(position)));
            }
        }
        List<byte[]> k = new ArrayList<>(1 + indexPositions.size() + writes.size());
        writes.forEach(w -> k.add(bytes(keys.valueKey(w.key()))));
        k.add(bytes(keys.timeline(partition)));
        indexPositions.keySet().forEach(index -> k.add(bytes(index)));
        List<byte[]> args = new ArrayList<>(5 + records.size());
        args.add(bytes(Integer.toString(layout.retention().keepNewest())));
        args.add(bytes(keys.valuePrefix(partition)));
        args.add(bytes(Integer.toString(indexPositions.size())));
        args.add(bytes(Integer.toString(writes.size())));
        args.add(bytes(insert ? "a" : "u"));
        args.addAll(records);
        return scripts.call(RecordScript.WRITE_BATCH, k, args);
    }

    private static Map<String, List<RecordWrite>> partitions(List<RecordWrite> chunk) {
        Map<String, List<RecordWrite>> byPartition = new LinkedHashMap<>();
        for (RecordWrite w : chunk) {
            byPartition.computeIfAbsent(w.key().partition(), p -> new ArrayList<>()).add(w);
        }
        return byPartition;
    }

    private ScriptCall writeCall(RecordWrite w) {
        String partition = w.key().partition();
        List<byte[]> k = new ArrayList<>(2 + w.terms().size());
        k.add(bytes(keys.valueKey(w.key())));
        // "" for a write without a condition: a conditional batch may carry unconditional writes too
        Version condition = w.expected();
        String expected = condition == null ? "" : condition.token();
        if (valuesOnly) {
            // write.lua checks the version and sets the value; with no other key it adds no index entry
            return scripts.call(RecordScript.WRITE, k, List.of(w.value(), bytes("0"),
                    bytes(Long.toString(Math.max(0, w.expireAtMillis()))), bytes(expected), bytes("0"),
                    bytes(w.key().id()), bytes("")));
        }
        k.add(bytes(keys.timeline(partition)));
        for (Query.Term t : w.terms()) {
            k.add(bytes(keys.termIndex(partition, t)));
        }
        return scripts.call(RecordScript.WRITE, k, List.of(w.value(), bytes(Long.toString(w.time())),
                bytes(Long.toString(Math.max(0, w.expireAtMillis()))), bytes(expected),
                bytes(Integer.toString(layout.retention().keepNewest())), bytes(w.key().id()),
                bytes(keys.valuePrefix(partition))));
    }

    @Override
    public List<StoredRecord> read(List<Key> keyList, long refreshExpireAtMillis) {
        List<StoredRecord> found = new ArrayList<>(keyList.size());
        for (List<Key> chunk : Batches.split(keyList, layout.maxPipeline())) {
            if (chunk.size() > 1 && refreshExpireAtMillis <= 0) {
                // nothing to move: one MGET per partition, as a raw client reads a batch
                found.addAll(retrying(() -> values.byPartition(chunk)));
                continue;
            }
            List<Fetch> fetches = values.of(chunk, refreshExpireAtMillis);
            found.addAll(values.found(chunk, retrying(() -> driver.fetch(fetches))));
        }
        return found;
    }

    @Override
    public int delete(List<Key> keyList) {
        int deleted = 0;
        for (List<Key> chunk : Batches.split(keyList, layout.maxPipeline())) {
            if (valuesOnly) {
                deleted += deleteValues(chunk);
                continue;
            }
            List<ScriptCall> calls = new ArrayList<>(chunk.size());
            for (Key k : chunk) {
                calls.add(scripts.call(RecordScript.DELETE, List.of(bytes(keys.valueKey(k)), bytes(keys.timeline(k.partition()))),
                        List.of(bytes(k.id()))));
            }
            List<Object> replies = scripts.runDurably(calls, durable);
            for (int i = 0; i < replies.size(); i++) {
                if (replies.get(i) instanceof RedisError e) {
                    throw driver.error(e, keys.timeline(chunk.get(i).partition()));
                }
                deleted += (int) Replies.number((List<?>) replies.get(i), 0);
            }
        }
        return deleted;
    }

    /** One script: the timeline names the partition's records, and they go with it. */
    @Override
    public int deletePartition(String partition) {
        String timeline = keys.timeline(partition);
        List<?> reply = scripts.runOneDurably(scripts.call(RecordScript.DELETE_PARTITION, List.of(bytes(timeline)),
                List.of(bytes(keys.valuePrefix(partition)))), durable, timeline);
        return (int) Replies.number(reply, 0);
    }

    private int deleteValues(List<Key> chunk) {
        List<byte[]> valueKeys = new ArrayList<>(chunk.size());
        chunk.forEach(k -> valueKeys.add(bytes(keys.valueKey(k))));
        List<Object> replies = durable.send(() -> DurableWrites.keys(keys.valueKey(chunk.get(0)), chunk.size()),
                wait -> driver.del(valueKeys, wait));
        int deleted = 0;
        for (int i = 0; i < replies.size(); i++) {
            if (replies.get(i) instanceof RedisError e) {
                throw driver.error(e, keys.valueKey(chunk.get(i)));
            }
            deleted += ((Long) replies.get(i)).intValue();
        }
        return deleted;
    }

    @Override
    public List<StoredRecord> range(RangeRequest request) {
        return retrying(() -> ranges.range(request));
    }

    @Override
    public @Nullable TermTally tally(String partition, Query.Term term) {
        String index = keys.termIndex(partition, term);
        List<?> reply = retrying(() -> scripts.runOne(scripts.call(RecordScript.TALLY, List.of(bytes(index)),
                List.of(bytes(keys.valuePrefix(partition)))), index));
        long count = Replies.number(reply, 0);
        return count == 0 ? null : TermTally.ofMillis(count, Replies.number(reply, 1), Replies.number(reply, 2));
    }

    @Override
    public void unindex(List<IndexEntry> stale) {
        record Index(String key, String valuePrefix) {
        }
        Map<Index, List<byte[]>> byIndex = new LinkedHashMap<>();
        for (IndexEntry e : stale) {
            Index index = new Index(keys.termIndex(e.key().partition(), e.term()), keys.valuePrefix(e.key().partition()));
            List<byte[]> args = byIndex.computeIfAbsent(index, k -> new ArrayList<>());
            args.add(bytes(e.key().id()));
            args.add(bytes(e.version().token()));
        }
        List<ScriptCall> calls = new ArrayList<>();
        byIndex.forEach((index, pairs) -> {
            for (int from = 0; from < pairs.size(); from += 2 * UNINDEX_CHUNK) {
                List<byte[]> args = new ArrayList<>(1 + 2 * UNINDEX_CHUNK);
                args.add(bytes(index.valuePrefix()));
                args.addAll(pairs.subList(from, Math.min(pairs.size(), from + 2 * UNINDEX_CHUNK)));
                calls.add(scripts.call(RecordScript.UNINDEX, List.of(bytes(index.key())), args));
            }
        });
        for (List<ScriptCall> chunk : Batches.split(calls, layout.maxPipeline())) {
            for (Object reply : scripts.run(chunk)) {
                if (reply instanceof RedisError e) {
                    throw driver.error(e, null);
                }
            }
        }
    }

    @Override
    public Stream<StoredRecord> scanAll(int pageSize) {
        return StoreScanner.stream(keys, driver, values, Math.max(1, pageSize));
    }

    @Override
    public int sweep() {
        return sweeper.sweep();
    }

    @Override
    public long indexEntries() {
        long total = 0;
        String cursor = "0";
        do {
            ScanPage page = driver.scan(cursor, bytes(keys.indexPattern()), 1000);
            List<byte[]> indexes = new ArrayList<>();
            for (byte[] key : page.keys()) {
                KeyLayout.Parsed p = keys.parse(KeyText.text(key));
                if (p != null && p.kind() != 'r') {
                    indexes.add(key);
                }
            }
            if (!indexes.isEmpty()) {
                List<Object> counts = driver.zcard(indexes);
                for (int i = 0; i < counts.size(); i++) {
                    if (counts.get(i) instanceof RedisError e) {
                        throw driver.error(e, KeyText.text(indexes.get(i)));
                    }
                    total += (Long) counts.get(i);
                }
            }
            cursor = page.cursor();
        } while (!"0".equals(cursor));
        return total;
    }

    @Override
    public Health health() {
        return context.probe().of(layout);
    }

    /** Runs idempotent work, once more if it timed out and the settings ask for that. */
    private <T> T retrying(Supplier<T> work) {
        try {
            return work.get();
        } catch (CommandTimeoutException e) {
            if (!context.retryOnTimeout()) {
                throw e;
            }
            return work.get();
        }
    }

    private static @Nullable StorageException first(@Nullable StorageException current, @Nullable StorageException next) {
        return current != null ? current : next;
    }
}
