package io.larder.redis.archive;

import static io.larder.redis.internal.KeyText.bytes;

import io.larder.redis.archive.ArchiveScripts.Script;
import io.larder.redis.internal.KeyText;
import io.larder.redis.internal.RedisDriver;
import io.larder.redis.internal.RedisError;
import io.larder.redis.internal.Replies;
import io.larder.redis.internal.ScanPage;
import io.larder.redis.internal.ScriptCall;
import io.larder.spi.RecordWrite;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Seals an archive partition's open tail into chunks: by size after a write fills it, with a
 * batch that brings a chunk's worth or more, and by age in the store's sweep, so that a group that falls quiet does not keep its last records
 * uncompressed for ever. The sweep finds old tails through the store's tail registry
 * ({@code {prefix}{store}:tails}, a sorted set of partitions scored by their tail's oldest time),
 * which writers keep up to date after each write that opens a tail or lowers its oldest time.
 * Thread-safe.
 */
final class ArchiveSealer {
    /** Partitions sealed by age in one sweep at most: a sweep is bounded work. */
    static final int PARTITIONS_PER_SWEEP = 100;
    private static final int SCAN_COUNT = 1000;

    private final ArchiveKeys keys;
    private final ArchiveScripts scripts;
    private final ArchiveCommits commits;
    private final RedisDriver driver;
    private final Clock clock;
    private final Duration sealAfter;
    private final int chunkSize;
    private volatile String backstopCursor = "0";

    ArchiveSealer(ArchiveKeys keys, ArchiveScripts scripts, ArchiveCommits commits, RedisDriver driver, Clock clock,
                  Duration sealAfter, int chunkSize) {
        this.keys = keys;
        this.scripts = scripts;
        this.commits = commits;
        this.driver = driver;
        this.clock = clock;
        this.sealAfter = sealAfter;
        this.chunkSize = chunkSize;
    }

    /** Seals whole chunks' worth of the tail's oldest records, filling the newest chunk's room first. */
    void sealFull(String partition) {
        seal(partition, Long.MIN_VALUE);
    }

    /**
     * Seals the tail's records older than {@code cutoff} (epoch ms) and whole chunks' worth of the
     * rest, and records the tail's oldest time exactly. One compare-and-set commit: a crash or a
     * concurrent writer loses and duplicates nothing.
     */
    void seal(String partition, long cutoff) {
        List<byte[]> requests = List.of(bytes("T"), new byte[0], bytes("n"), bytes(Integer.toString(chunkSize)),
                bytes("b"), bytes("0"));
        for (int attempt = 0; ; attempt++) {
            ArchiveEdit edit = commits.snapshot(partition, requests).wholeTail();
            edit.indexBuckets(2);     // the splits appends left to the seal
            String newest = edit.answer(1);
            int old = 0;
            for (Entry e : edit.tail()) {
                old += e.time() < cutoff ? 1 : 0;
            }
            int n = Math.max(old, edit.sealableBySize(newest));
            if (n > 0) {
                edit.sealOldest(n, newest);
            }
            if (!edit.changed() || commits.commit(partition, edit)) {
                return;
            }
            commits.giveUpAfter(attempt, partition);
        }
    }

    /**
     * Writes at least a chunk's worth of unconditional records of one partition in one commit:
     * with the tail, they are sealed oldest first into whole chunks (filling the newest chunk's
     * room first), the rest stays in the tail. An {@code insert} leaves out the records whose id the
     * partition holds and adds them to {@code taken}. Returns the records older than the floor,
     * which belong in existing chunks and are rewritten there.
     */
    List<RecordWrite> sealBatch(String partition, List<RecordWrite> writes, boolean insert, Map<String, String> opened,
                                List<RecordWrite> taken) {
        List<String> ids = new ArrayList<>(writes.size());
        writes.forEach(w -> ids.add(w.key().id()));
        List<byte[]> sealing = List.of(bytes("T"), new byte[0], bytes("n"), bytes(Integer.toString(chunkSize)),
                bytes("b"), bytes(Integer.toString(writes.size())));
        // the ids are located by plain reads after the snapshot (ArchiveCommits.locate); an upsert of an id already in
        // a chunk needs that chunk's body, which only the script's own lookups bring, so such a batch asks the script:
        // its requests then start with one lookup per id, and the sealing requests' answers follow them
        List<byte[]> req = sealing;
        int lookups = 0;
        for (int attempt = 0; ; attempt++) {
            ArchiveEdit edit = commits.snapshot(partition, req).wholeTail();
            edit.indexBuckets(lookups + 2);
            List<@Nullable String> where;
            if (lookups > 0) {
                where = new ArrayList<>(lookups);
                for (int k = 0; k < lookups; k++) {
                    where.add(edit.answer(k));
                }
            } else {
                where = commits.locate(partition, edit, ids);
                if (where == null) {
                    commits.giveUpAfter(attempt, partition);
                    continue;
                }
                if (!insert && where.stream().anyMatch(l -> l != null && !"0".equals(l))) {
                    req = new ArrayList<>(ArchiveCommits.lookups(ids));
                    req.addAll(sealing);
                    lookups = ids.size();
                    continue;
                }
            }
            for (int k = 0; k < writes.size(); k++) {
                edit.locate(ids.get(k), where.get(k));
            }
            Long floor = edit.floor();
            List<RecordWrite> late = new ArrayList<>();
            List<RecordWrite> held = new ArrayList<>();
            Set<String> inserted = new HashSet<>();
            for (int k = 0; k < writes.size(); k++) {
                RecordWrite w = writes.get(k);
                if (insert && (where.get(k) != null || !inserted.add(w.key().id()))) {
                    held.add(w);
                } else if (floor != null && w.time() < floor) {
                    late.add(w);
                } else {
                    edit.put(new Entry(w.key().id(), w.time(), w.terms(), w.value()), null);
                }
            }
            String newest = edit.answer(lookups + 1);
            int n = edit.sealableBySize(newest);
            if (n > 0) {
                edit.sealOldest(n, newest);
            }
            if (!edit.changed() || commits.commit(partition, edit, opened)) {
                taken.addAll(held);
                return late;
            }
            commits.giveUpAfter(attempt, partition);
        }
    }

    /** The earlier of two times given as text. */
    static String earlier(String a, String b) {
        return Long.parseLong(a) <= Long.parseLong(b) ? a : b;
    }

    /**
     * Tells the tail registry each partition's tail oldest time (the commits and appends that
     * asked for it), in one round trip; runs after those writes so that a sweep cannot miss them.
     */
    void register(Map<String, String> oldestByPartition) {
        if (oldestByPartition.isEmpty()) {
            return;
        }
        List<ScriptCall> calls = new ArrayList<>(oldestByPartition.size());
        oldestByPartition.forEach((partition, oldest) -> calls.add(registry("add", partition, oldest)));
        check(scripts.run(calls));
    }

    /**
     * Seals by age: every partition whose tail holds a record older than {@code seal-after} (by the
     * record's time against the store's clock) has its tail records older than half of it sealed,
     * so a partition that keeps receiving a trickle is rewritten about twice per {@code seal-after}
     * at most. Bounded: at most {@value #PARTITIONS_PER_SWEEP} partitions, and one SCAN step that
     * registers tails a crashed writer could not register. Returns the partitions sealed.
     */
    int sweep() {
        if (sealAfter.isZero()) {
            return 0;
        }
        long now = clock.millis();
        long due = now - sealAfter.toMillis();
        long cutoff = now - sealAfter.toMillis() / 2;
        backstop();
        List<?> found = (List<?>) check(scripts.run(List.of(registry("due", Long.toString(due),
                Integer.toString(PARTITIONS_PER_SWEEP))))).get(0);
        int sealed = 0;
        for (int i = 0; i + 1 < found.size(); i += 2) {
            String partition = Replies.text(found, i);
            seal(partition, cutoff);
            // out of the registry first, then read the tail again: a writer that opens the tail after that read
            // registers it itself, one that did before is seen by the read
            check(scripts.run(List.of(registry("del", partition))));
            String oldest = commits.snapshot(partition, List.of()).storedOldest();
            if (!oldest.isEmpty()) {
                register(Map.of(partition, oldest));
            }
            sealed++;
        }
        return sealed;
    }

    /** One SCAN step over the partitions' meta keys: registers the open tails found, whatever the registry says. */
    private void backstop() {
        String cursor = backstopCursor;
        backstopCursor = "0";                        // a failed step (a failover moved the node) starts over
        ScanPage page = driver.scan(cursor, bytes(keys.metaPattern()), SCAN_COUNT);
        List<String> partitions = new ArrayList<>();
        List<ScriptCall> reads = new ArrayList<>();
        for (byte[] k : page.keys()) {
            String p = keys.partitionOfMeta(KeyText.text(k));
            if (p != null) {
                partitions.add(p);
                reads.add(scripts.call(Script.FETCH, bytes(keys.base(p)), List.of()));
            }
        }
        if (!reads.isEmpty()) {
            List<Object> metas = check(scripts.run(reads));
            Map<String, String> open = new LinkedHashMap<>();
            for (int i = 0; i < metas.size(); i++) {
                String oldest = new ArchiveEdit((List<?>) metas.get(i), chunkSize).storedOldest();
                if (!oldest.isEmpty()) {
                    open.put(partitions.get(i), oldest);
                }
            }
            register(open);
        }
        backstopCursor = page.cursor();
    }

    private ScriptCall registry(String op, String... args) {
        List<byte[]> all = new ArrayList<>(args.length + 1);
        all.add(bytes(op));
        for (String a : args) {
            all.add(bytes(a));
        }
        return scripts.call(Script.TAILS, bytes(keys.tails()), all);
    }

    private List<Object> check(List<Object> replies) {
        for (Object r : replies) {
            if (r instanceof RedisError e) {
                throw driver.error(e, keys.tails());
            }
        }
        return replies;
    }
}
