package io.larder.redis.archive;

import static io.larder.redis.internal.KeyText.bytes;

import io.larder.CorruptRecordException;
import io.larder.Health;
import io.larder.Key;
import io.larder.Query;
import io.larder.QueryNotSupportedException;
import io.larder.TermTally;
import io.larder.Version;
import io.larder.redis.internal.Batches;
import io.larder.redis.internal.DurableWrites;
import io.larder.redis.internal.LayoutVersion;
import io.larder.redis.internal.RedisDriver;
import io.larder.redis.internal.RedisError;
import io.larder.redis.internal.Replies;
import io.larder.redis.internal.ScriptCall;
import io.larder.redis.internal.StoreContext;
import io.larder.spi.BackendStore;
import io.larder.spi.Conflicts;
import io.larder.spi.IndexEntry;
import io.larder.spi.RangeRequest;
import io.larder.spi.RecordWrite;
import io.larder.spi.StoreLayout;
import io.larder.spi.StoredRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * One store in the archive layout ({@link ArchiveKeys}, {@code KEYS.md}): per partition, sealed
 * LZ4 chunks of {@value #DEFAULT_CHUNK} records ordered by time, an open tail where new records
 * land, and an id index in small hashes. A small append is one Lua script per partition and
 * batch; a batch bringing a partition at least a chunk's worth of records, sealing, rewriting a
 * chunk and retention are read by the client, recomputed, and committed by one script that
 * applies nothing if the partition changed meanwhile (compare-and-set on the partition's
 * version), so a client dying in between loses and duplicates nothing. The sweep seals tails
 * that grew old ({@link ArchiveSealer}). Records never expire one by one; retention keeps the
 * newest N per partition and drops what grew older than its maximum age, whole chunks at a time.
 * Thread-safe.
 */
public final class ArchiveStore implements BackendStore {
    /** Records per sealed chunk: twice 128 packs chat about a fifth tighter and still decodes in tens of microseconds. */
    static final int DEFAULT_CHUNK = 256;

    private final StoreLayout layout;
    private final ArchiveKeys keys;
    private final StoreContext context;
    private final RedisDriver driver;
    private final ArchiveScripts scripts;
    private final DurableWrites durable;
    private final ArchiveRanges ranges;
    private final ArchiveCommits commits;
    private final ArchiveSealer sealer;
    private final int chunkSize;
    private final ArchiveRetention retention;

    /**
     * Opens {@code layout} over the backend's {@code context}; the first open records the layout
     * version. Tails are sealed by age once their oldest record is {@code sealAfter} old by
     * {@code clock}, in the sweep (zero: never by age).
     *
     * @throws io.larder.ConfigurationException when the store was written in another layout or version
     */
    public ArchiveStore(StoreLayout layout, StoreContext context, Clock clock, Duration sealAfter) {
        this(layout, context, clock, sealAfter, DEFAULT_CHUNK);
    }

    ArchiveStore(StoreLayout layout, StoreContext context, Clock clock, Duration sealAfter, int chunkSize) {
        this.layout = layout;
        this.keys = new ArchiveKeys(layout.keyPrefix(), layout.name());
        this.context = context;
        this.driver = context.driver();
        this.durable = context.writes(layout);
        this.scripts = new ArchiveScripts(context.scripts(ArchiveScripts.Script.class));
        this.chunkSize = chunkSize;
        this.ranges = new ArchiveRanges(keys, scripts, driver, chunkSize);
        this.commits = new ArchiveCommits(keys, scripts, driver, durable, chunkSize);
        this.retention = new ArchiveRetention(layout.retention(), commits, clock, chunkSize);
        this.sealer = new ArchiveSealer(keys, scripts, commits, driver, clock, sealAfter, chunkSize);
        LayoutVersion.check(context, layout.name(), keys.layoutKey(), ArchiveKeys.VERSION);
    }

    /** Runs {@code hook} after a rewrite read its snapshot and before it commits: tests kill the connection there. */
    void beforeCommit(Runnable hook) {
        commits.beforeCommit(hook);
    }

    /** Runs {@code hook} after a batch seal read its snapshot and before it reads the batch's index buckets. */
    void beforeLocate(Runnable hook) {
        commits.beforeLocate(hook);
    }

    @Override
    public void write(List<RecordWrite> writes) {
        Map<String, List<RecordWrite>> slow = new LinkedHashMap<>();
        Map<String, String> opened = new LinkedHashMap<>();
        List<String> full = new ArrayList<>();
        List<ScriptCall> calls = new ArrayList<>();
        List<List<RecordWrite>> batches = new ArrayList<>();
        List<RecordWrite> taken = new ArrayList<>();
        Map<String, List<RecordWrite>> parts = byPartition(writes, w -> w.key().partition());
        for (Map.Entry<String, List<RecordWrite>> p : parts.entrySet()) {
            List<RecordWrite> upserts = new ArrayList<>();
            List<RecordWrite> inserts = new ArrayList<>();
            for (RecordWrite w : p.getValue()) {
                if (w.expected() == null) {
                    upserts.add(w);
                } else if (w.expected().isAbsent()) {
                    inserts.add(w);
                } else {
                    slow.computeIfAbsent(p.getKey(), k -> new ArrayList<>()).add(w);
                }
            }
            for (boolean insert : new boolean[] {false, true}) {
                List<RecordWrite> plain = insert ? inserts : upserts;
                if (plain.size() >= chunkSize) {
                    // a chunk's worth or more: sealed straight into chunks in one commit, never through the tail
                    List<RecordWrite> late = sealer.sealBatch(p.getKey(), plain, insert, opened, taken);
                    if (!late.isEmpty()) {
                        slow.computeIfAbsent(p.getKey(), k -> new ArrayList<>()).addAll(late);
                    }
                    continue;
                }
                for (List<RecordWrite> batch : Batches.split(plain, layout.batchSize())) {
                    calls.add(appendCall(p.getKey(), batch, insert));
                    batches.add(batch);
                }
            }
        }
        for (int from = 0; from < calls.size(); from += layout.maxPipeline()) {
            int to = Math.min(calls.size(), from + layout.maxPipeline());
            List<Object> replies = scripts.runDurably(calls.subList(from, to), durable);
            for (int i = 0; i < replies.size(); i++) {
                List<RecordWrite> batch = batches.get(from + i);
                String partition = ArchiveKeys.partitioned(batch.get(0).key().partition());
                if (replies.get(i) instanceof RedisError e) {
                    throw driver.error(e, keys.tail(partition));
                }
                List<?> r = (List<?>) replies.get(i);
                if (Replies.number(r, 1) >= chunkSize && !full.contains(partition)) {
                    full.add(partition);
                }
                for (Object d : (List<?>) r.get(2)) {
                    slow.computeIfAbsent(partition, k -> new ArrayList<>()).add(batch.get((int) (long) (Long) d));
                }
                for (Object d : (List<?>) r.get(4)) {
                    taken.add(batch.get((int) (long) (Long) d));
                }
                String oldest = Replies.text(r, 3);
                if (!oldest.isEmpty()) {
                    opened.merge(partition, oldest, ArchiveSealer::earlier);
                }
            }
        }
        Conflicts conflicts = new Conflicts();
        for (RecordWrite w : taken) {
            conflicts.add(w.key(), Version.ABSENT);
        }
        for (Map.Entry<String, List<RecordWrite>> p : slow.entrySet()) {
            for (RecordWrite w : rewrite(p.getKey(), p.getValue(), opened)) {
                conflicts.add(w.key(), Objects.requireNonNull(w.expected(), "only a conditional write conflicts"));
            }
        }
        for (String partition : full) {
            sealer.sealFull(partition);
        }
        if (layout.retention().isCapped() || layout.retention().isAged()) {
            for (String partition : parts.keySet()) {
                retention.retain(partition);
            }
        }
        sealer.register(opened);
        conflicts.throwIfAny();
    }

    /** One append script call of {@code batch}, records of {@code partition}: upserts, or inserts of absent ids. */
    private ScriptCall appendCall(String partition, List<RecordWrite> batch, boolean insert) {
        List<byte[]> args = new ArrayList<>(batch.size() * 9 + 1);
        args.add(bytes(insert ? "a" : "u"));
        for (RecordWrite w : batch) {
            args.add(bytes(w.key().id()));
            args.add(bytes(Long.toString(w.time())));
            args.add(ArchiveKeys.idHash(w.key().id()));
            args.add(TailCodec.encode(w.time(), w.terms(), w.value()));
            args.add(bytes(Integer.toString(w.terms().size())));
            for (Query.Term t : w.terms()) {
                args.add(bytes(t.field()));
                args.add(bytes(t.value()));
            }
        }
        return scripts.call(ArchiveScripts.Script.APPEND, bytes(keys.base(partition)), args);
    }

    @Override
    public @Nullable TermTally tally(String partition, Query.Term term) {
        ScriptCall call = scripts.call(ArchiveScripts.Script.TALLY, bytes(keys.base(partition)),
                List.of(bytes(term.field()), bytes(term.value())));
        for (int attempt = 0; ; attempt++) {
            List<?> reply = scripts.runOne(call, keys.meta(partition));
            if (Replies.number(reply, 0) == 1) {
                String tally = Replies.text(reply, 1);
                if (tally.isEmpty()) {
                    return null;
                }
                String[] parts = tally.split(" ");
                return TermTally.ofMillis(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]));
            }
            retally(partition);
            commits.giveUpAfter(attempt, partition);
        }
    }

    /**
     * Rebuilds a partition's tallies from all its records, after a client that does not keep them
     * (an older release) wrote to it: the whole partition is read into memory once.
     */
    private void retally(String partition) {
        List<byte[]> everything = List.of(bytes("o"), bytes(Integer.toString(Integer.MAX_VALUE)), bytes("T"), new byte[0]);
        for (int attempt = 0; ; attempt++) {
            ArchiveEdit edit = commits.snapshot(partition, everything);
            edit.retally(layout.indexes());
            if (commits.commit(partition, edit)) {
                return;
            }
            commits.giveUpAfter(attempt, partition);
        }
    }

    @Override
    public List<StoredRecord> read(List<Key> keyList, long refreshExpireAtMillis) {
        Map<String, List<Key>> parts = byPartition(keyList, Key::partition);
        List<ScriptCall> calls = new ArrayList<>();
        for (Map.Entry<String, List<Key>> p : parts.entrySet()) {
            calls.add(scripts.call(ArchiveScripts.Script.FETCH, bytes(keys.base(p.getKey())), locateRequests(p.getValue())));
        }
        List<Object> replies = scripts.run(calls);
        Map<Key, StoredRecord> found = new HashMap<>();
        int i = 0;
        for (Map.Entry<String, List<Key>> p : parts.entrySet()) {
            Object reply = replies.get(i++);
            if (reply instanceof RedisError e) {
                throw driver.error(e, keys.meta(p.getKey()));
            }
            ArchiveEdit snap = new ArchiveEdit((List<?>) reply, chunkSize);
            List<Key> ks = p.getValue();
            for (int k = 0; k < ks.size(); k++) {
                String id = ks.get(k).id();
                String loc = snap.answer(k);
                snap.locate(id, loc);
                Entry e = decoding(p.getKey(), loc, () -> snap.current(id));
                if (e != null && loc != null) {              // a record found has a place
                    String where = "0".equals(loc) ? keys.tail(p.getKey()) : keys.chunk(p.getKey(), loc);
                    found.put(ks.get(k), new StoredRecord(ks.get(k), e.time(), e.value(), where));
                }
            }
        }
        List<StoredRecord> out = new ArrayList<>(found.size());
        for (Key k : keyList) {
            StoredRecord r = found.remove(k);
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * Refused: a partition's chunks, tail and id index are not yet deleted as one step, and the
     * core asks this only of the records layout.
     */
    @Override
    public int deletePartition(String partition) {
        throw new QueryNotSupportedException("store '" + layout.name() + "' has the archive layout, which does not delete"
                + " whole partitions");
    }

    @Override
    public int delete(List<Key> keyList) {
        int deleted = 0;
        for (Map.Entry<String, List<Key>> p : byPartition(keyList, Key::partition).entrySet()) {
            for (int attempt = 0; ; attempt++) {
                ArchiveEdit edit = commits.snapshot(p.getKey(), locateRequests(p.getValue()));
                int existed = 0;
                List<Key> ks = p.getValue();
                for (int k = 0; k < ks.size(); k++) {
                    edit.locate(ks.get(k).id(), edit.answer(k));
                }
                for (Key k : ks) {
                    existed += edit.remove(k.id()) ? 1 : 0;
                }
                if (!edit.changed() || commits.commit(p.getKey(), edit)) {
                    deleted += existed;
                    break;
                }
                commits.giveUpAfter(attempt, p.getKey());
            }
        }
        return deleted;
    }

    /**
     * Writes records that need a chunk rewrite (sealed, late, or conditional), in one commit per
     * attempt; returns the conditional writes that found another version (not written).
     */
    private List<RecordWrite> rewrite(String partition, List<RecordWrite> writes, Map<String, String> opened) {
        for (int attempt = 0; ; attempt++) {
            List<byte[]> req = new ArrayList<>();
            for (RecordWrite w : writes) {
                req.add(bytes("i"));
                req.add(bytes(w.key().id()));
                req.add(ArchiveKeys.idHash(w.key().id()));
                req.add(bytes("t"));
                req.add(bytes(Long.toString(w.time())));
            }
            ArchiveEdit edit = commits.snapshot(partition, req);
            for (int k = 0; k < writes.size(); k++) {
                edit.locate(writes.get(k).key().id(), edit.answer(2 * k));
            }
            List<RecordWrite> refused = new ArrayList<>();
            for (int k = 0; k < writes.size(); k++) {
                RecordWrite w = writes.get(k);
                Entry current = edit.current(w.key().id());
                if (w.expected() != null && !matches(w.expected(), current)) {
                    refused.add(w);
                    continue;
                }
                edit.put(new Entry(w.key().id(), w.time(), w.terms(), w.value()), edit.answer(2 * k + 1));
            }
            if (!edit.changed() || commits.commit(partition, edit, opened)) {
                return refused;
            }
            commits.giveUpAfter(attempt, partition);
        }
    }

    private static boolean matches(Version expected, @Nullable Entry current) {
        if (expected.isAbsent()) {
            return current == null;
        }
        return current != null && Version.of(current.value()).equals(expected);
    }

    private @Nullable Entry decoding(String partition, @Nullable String loc, Supplier<@Nullable Entry> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            throw new CorruptRecordException(keys.chunk(partition, String.valueOf(loc)), String.valueOf(e.getMessage()), e);
        }
    }

    private static List<byte[]> locateRequests(List<Key> ks) {
        return ArchiveCommits.lookups(ks.stream().map(Key::id).toList());
    }

    private static <T> Map<String, List<T>> byPartition(List<T> items, Function<T, String> partition) {
        Map<String, List<T>> out = new LinkedHashMap<>();
        for (T t : items) {
            out.computeIfAbsent(partition.apply(t), k -> new ArrayList<>()).add(t);
        }
        return out;
    }

    @Override
    public List<StoredRecord> range(RangeRequest request) {
        return ranges.range(request);
    }

    /** Terms live inside the records, so no index entry can go stale. */
    @Override
    public void unindex(List<IndexEntry> stale) {
    }

    @Override
    public Stream<StoredRecord> scanAll(int pageSize) {
        return ranges.scan(Math.max(1, pageSize));
    }

    /**
     * Seals the tails that grew old (see {@link ArchiveSealer#sweep()}); returns 0, the index
     * entries removed: deletes and retention remove them in the same script.
     */
    @Override
    public int sweep() {
        sealer.sweep();
        return 0;
    }

    /** The sealer, for tests that seal by age at a time of their choosing. */
    ArchiveSealer sealer() {
        return sealer;
    }

    /** The records of every partition (each has exactly one id index entry). */
    @Override
    public long indexEntries() {
        long total = 0;
        for (String partition : ranges.partitions()) {
            total += commits.snapshot(partition, List.of()).count;
        }
        return total;
    }

    @Override
    public Health health() {
        return context.probe().of(layout);
    }
}
