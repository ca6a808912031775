package io.larder.redis.archive;

import static io.larder.redis.internal.KeyText.bytes;

import io.larder.Query;
import io.larder.redis.internal.Replies;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One read-modify-write of a partition, computed by the client because Lua cannot decompress
 * LZ4: a snapshot from {@code archive_fetch.lua}, the records moved in it, and the operations
 * {@code archive_commit.lua} applies if the partition's version is still the one read. Used for
 * sealing the tail, rewriting a chunk (late writes, re-saves and deletes of sealed records,
 * conditional writes) and retention. Not thread-safe: one per attempt.
 *
 * <p>Its length (about 400 lines) is one state kept in one place on purpose: where each record is,
 * what the commit puts and removes, and the chunks it drops and writes must change together, and
 * split across classes they would be passed around as a dozen collections.
 */
final class ArchiveEdit {
    /** Average index entries per bucket before one more bucket is split off: archive_lib.lua's LOAD. */
    private static final int LOAD = 48;
    /** A chunk of the snapshot, decoded on first use. */
    private static final class Chunk {
        final long score;
        /** The stored chunk, or null for one this edit makes (its entries are set at once). */
        final byte @Nullable [] body;
        @Nullable List<Entry> entries;
        boolean dirty;
        private boolean lookedUp;

        Chunk(long score, byte @Nullable [] body) {
            this.score = score;
            this.body = body;
        }

        /** The stored body, which every chunk not yet decoded has. */
        private byte[] stored() {
            return Objects.requireNonNull(body, "a chunk without entries is a stored one");
        }

        List<Entry> entries() {
            List<Entry> decoded = entries;
            if (decoded == null) {
                decoded = new ArrayList<>(ChunkCodec.entries(stored()));
                entries = decoded;
            }
            return decoded;
        }

        /** The record under {@code id}, or null: the first lookup decodes that record alone, later ones the whole chunk. */
        @Nullable Entry find(String id) {
            if (entries == null && !lookedUp) {
                lookedUp = true;
                return ChunkCodec.find(stored(), id);
            }
            for (Entry e : entries()) {
                if (e.id().equals(id)) {
                    return e;
                }
            }
            return null;
        }
    }

    final long version;
    final long count;
    private final int chunkSize;
    private long lastChunk;
    private @Nullable String floor;
    private boolean floorChanged;
    private final String oldestRead;
    private boolean wholeTail;
    final List<Object> answers;
    private final Map<String, String> where = new LinkedHashMap<>();
    private final Map<String, Entry> tail = new LinkedHashMap<>();
    private final Map<String, Chunk> chunks = new LinkedHashMap<>();
    private final Map<String, Entry> tailPuts = new LinkedHashMap<>();
    private final Set<String> tailRemovals = new HashSet<>();
    private final Set<String> storedTail = new HashSet<>();
    private final Map<String, String> moved = new LinkedHashMap<>();
    private final List<String> droppedChunks = new ArrayList<>();
    private final List<Chunk> newChunks = new ArrayList<>();
    /** How the records put and removed change each term's tally: {count delta, first time, last time} of those put. */
    private final Map<Query.Term, long[]> tallies = new LinkedHashMap<>();
    /** The fields whose tallies this commit rebuilds, or null. */
    private @Nullable List<String> retallied;
    /** The index's linear hashing level and next bucket to split, as the snapshot read them. */
    private final int level;
    private final long next;
    /** The index buckets a 'b' request read, in split order: bucket -> its entries (id -> location). */
    private final Map<Long, Map<String, String>> buckets = new LinkedHashMap<>();

    /** Reads the reply of {@code archive_fetch.lua}; new chunks hold at most {@code chunkSize} records. */
    ArchiveEdit(List<?> reply, int chunkSize) {
        this.chunkSize = chunkSize;
        version = Replies.number(reply, 0);
        count = Replies.number(reply, 1);
        lastChunk = Replies.number(reply, 2);
        String f = Replies.text(reply, 3);
        floor = f.isEmpty() ? null : f;
        answers = new ArrayList<>((List<?>) reply.get(4));
        List<?> t = (List<?>) reply.get(5);
        for (int i = 0; i + 1 < t.size(); i += 2) {
            String id = Replies.text(t, i);
            tail.put(id, TailCodec.decode(id, Replies.bytes(t, i + 1)));
            storedTail.add(id);
            where.put(id, "0");
        }
        List<?> c = (List<?>) reply.get(6);
        for (int i = 0; i + 2 < c.size(); i += 3) {
            chunks.put(Replies.text(c, i), new Chunk(Replies.number(c, i + 1), Replies.bytes(c, i + 2)));
        }
        oldestRead = Replies.text(reply, 7);
        level = (int) Replies.number(reply, 8);
        next = Replies.number(reply, 9);
    }

    /** The floor of the snapshot, as this edit has it: tail records are not older; null before the first seal. */
    @Nullable Long floor() {
        return floor == null ? null : Long.parseLong(floor);
    }

    /** The tail's oldest time as the partition recorded it (a lower bound; '' when the tail is empty). */
    String storedOldest() {
        return oldestRead;
    }

    /** Says that the snapshot holds the whole tail (a 'T' request): the commit then sets its oldest time exactly. */
    ArchiveEdit wholeTail() {
        wholeTail = true;
        return this;
    }

    /** The text answer of request {@code i}: a location for 'i', a chunk id for 't' ({@code null} when empty). */
    @Nullable String answer(int i) {
        String a = Replies.text(answers, i);
        return a.isEmpty() ? null : a;
    }

    /** The chunk ids answering an 'o' request, oldest first. */
    List<String> chunkIds(int i) {
        List<?> ids = (List<?>) answers.get(i);
        List<String> out = new ArrayList<>(ids.size());
        for (int j = 0; j < ids.size(); j++) {
            out.add(Replies.text(ids, j));
        }
        return out;
    }

    /**
     * Reads the answer of a 'b' request ({@code archive_fetch.lua}): the index buckets the splits
     * take from when the partition grows, whose entries the commit then moves itself.
     */
    void indexBuckets(int i) {
        List<?> a = (List<?>) answers.get(i);
        for (int j = 0; j + 1 < a.size(); j += 2) {
            List<?> fields = (List<?>) a.get(j + 1);
            Map<String, String> entries = new LinkedHashMap<>();
            for (int f = 0; f + 1 < fields.size(); f += 2) {
                entries.put(Replies.text(fields, f), Replies.text(fields, f + 1));
            }
            buckets.put(Replies.number(a, j), entries);
        }
    }

    /** The index bucket of an id hashed {@code h}, at the level and split point the snapshot read. */
    long bucketOf(long h) {
        return ArchiveKeys.bucket(h, level, next);
    }

    /** Records where {@code id} is as of the snapshot: the answer of its 'i' request, or of {@link ArchiveCommits#locate}. */
    void locate(String id, @Nullable String location) {
        where.put(id, location == null ? "" : location);
    }

    /** The record under {@code id} as this edit has it now, or null. */
    @Nullable Entry current(String id) {
        String loc = where.getOrDefault(id, "");
        if (loc.isEmpty()) {
            return null;
        }
        if (loc.equals("0")) {
            return tail.get(id);
        }
        Chunk c = chunks.get(loc);
        return c == null ? null : c.find(id);
    }

    /** Removes the record under {@code id}; returns whether there was one. */
    boolean remove(String id) {
        Entry e = current(id);
        if (e == null) {
            return false;
        }
        String loc = where.getOrDefault(id, "");     // current() found it, so it has a place
        count(e, -1);
        if (loc.equals("0")) {
            tail.remove(id);
            tailPuts.remove(id);
            tailRemovals.add(id);
        } else {
            Chunk c = chunkOf(loc);
            c.entries().removeIf(x -> x.id().equals(id));
            c.dirty = true;
        }
        where.put(id, "");
        moved.put(id, null);
        return true;
    }

    /**
     * Puts a record where its time belongs: the tail when it is not older than the floor, else
     * the chunk covering its time ({@code covering}, from a 't' request; null when there is none).
     */
    void put(Entry e, @Nullable String covering) {
        remove(e.id());
        count(e, 1);
        if (floor != null && e.time() < Long.parseLong(floor) && covering != null && chunks.containsKey(covering)) {
            Chunk c = chunkOf(covering);
            c.entries().add(e);
            c.dirty = true;
            where.put(e.id(), covering);
            moved.put(e.id(), covering);
            return;
        }
        if (floor != null && e.time() < Long.parseLong(floor)) {
            // no chunk is left: the floor no longer separates anything
            floor = null;
            floorChanged = true;
        }
        tail.put(e.id(), e);
        tailRemovals.remove(e.id());
        tailPuts.put(e.id(), e);
        where.put(e.id(), "0");
        moved.put(e.id(), "0");
    }

    /** The tail's records as this edit has them. */
    List<Entry> tail() {
        return new ArrayList<>(tail.values());
    }

    /** The time of the newest record of snapshot chunk {@code id}, from its header (no decoding). */
    long chunkLastTime(String id) {
        Chunk c = chunkOf(id);
        List<Entry> decoded = c.entries;
        return decoded != null ? decoded.stream().mapToLong(Entry::time).max().orElse(Long.MIN_VALUE)
                : ChunkCodec.lastTime(c.stored());
    }

    /** The records of snapshot chunk {@code id}, oldest first. */
    List<Entry> chunk(String id) {
        List<Entry> out = new ArrayList<>(chunkOf(id).entries());
        out.sort(Entry.ORDER);
        return out;
    }

    /**
     * Seals the tail's oldest {@code n} records (time, then id): first into the newest chunk while it
     * has room ({@code newest}, the answer of an 'n' request, is in the snapshot only when it has),
     * then into new chunks of {@code chunkSize}, the last of which may hold fewer.
     */
    void sealOldest(int n, @Nullable String newest) {
        List<Entry> open = tail();
        open.sort(Entry.ORDER);
        int from = 0;
        Chunk partial = newest == null ? null : chunks.get(newest);
        int room = partial == null ? 0 : Math.max(0, chunkSize - partial.entries().size());
        if (newest != null && partial != null && room > 0 && n > 0) {
            List<Entry> top = open.subList(0, Math.min(room, n));
            partial.entries().addAll(top);
            partial.dirty = true;
            moveOut(top, newest);
            from = top.size();
        }
        for (; from < n; from += chunkSize) {
            seal(open.subList(from, Math.min(n, from + chunkSize)));
        }
    }

    /** How many tail records a seal by size takes: whole chunks' worth, after filling the newest chunk's room. */
    int sealableBySize(@Nullable String newest) {
        int open = tail.size();
        Chunk partial = newest == null ? null : chunks.get(newest);
        int room = partial == null ? 0 : Math.max(0, chunkSize - partial.entries().size());
        if (open < room) {
            return 0;
        }
        return room + (open - room) / chunkSize * chunkSize;
    }

    /** Seals {@code group} (tail records, at least one) into a new chunk, which becomes the newest. */
    private void seal(List<Entry> group) {
        String id = Long.toString(++lastChunk);
        Chunk c = new Chunk(0, null);
        c.entries = new ArrayList<>(group);
        c.dirty = true;
        chunks.put(id, c);
        newChunks.add(c);
        moveOut(group, id);
    }

    /** Moves tail records into chunk {@code id} and raises the floor to the newest of them. */
    private void moveOut(List<Entry> group, String id) {
        long last = Long.MIN_VALUE;
        for (Entry e : List.copyOf(group)) {
            tail.remove(e.id());
            tailPuts.remove(e.id());
            if (storedTail.contains(e.id())) {
                tailRemovals.add(e.id());
            }
            where.put(e.id(), id);
            moved.put(e.id(), id);
            last = Math.max(last, e.time());
        }
        if (last == Long.MIN_VALUE) {
            return;
        }
        floor = Long.toString(Math.max(last, floor == null ? Long.MIN_VALUE : Long.parseLong(floor)));
        floorChanged = true;
    }

    /**
     * Makes the commit rebuild the tallies of {@code fields} from every record of the snapshot, which
     * must hold the whole partition (every chunk and the tail): they are dropped, set again and
     * marked true.
     */
    void retally(List<String> fields) {
        tallies.clear();
        retallied = List.copyOf(fields);
        for (Chunk c : chunks.values()) {
            for (Entry e : c.entries()) {
                count(e, 1);
            }
        }
        for (Entry e : tail.values()) {
            count(e, 1);
        }
    }

    /** Counts a record put ({@code delta} 1: its time widens its terms' times) or removed (-1) in its terms' tallies. */
    private void count(Entry e, int delta) {
        for (Query.Term t : e.terms()) {
            long[] c = tallies.computeIfAbsent(t, k -> new long[] {0, Long.MAX_VALUE, Long.MIN_VALUE});
            c[0] += delta;
            if (delta > 0) {
                c[1] = Math.min(c[1], e.time());
                c[2] = Math.max(c[2], e.time());
            }
        }
    }

    /** Snapshot chunk {@code id}, which the caller knows is there (an answer of the fetch, or one this edit made). */
    private Chunk chunkOf(String id) {
        return Objects.requireNonNull(chunks.get(id), "the chunk is in the snapshot");
    }

    /** Removes a whole snapshot chunk and unindexes its records. */
    void drop(String chunkId) {
        for (Entry e : chunkOf(chunkId).entries()) {
            count(e, -1);
            where.put(e.id(), "");
            moved.put(e.id(), null);
        }
        chunks.remove(chunkId);
        droppedChunks.add(chunkId);
    }

    /** The arguments of {@code archive_commit.lua} after the base: the version read, then the operations. */
    List<byte[]> commitArgs() {
        splitOversized();
        List<byte[]> ops = new ArrayList<>();
        ops.add(bytes(Long.toString(version)));
        for (String c : droppedChunks) {
            ops.add(bytes("D"));
            ops.add(bytes(c));
        }
        for (Map.Entry<String, Chunk> c : chunks.entrySet()) {
            if (!c.getValue().dirty) {
                continue;
            }
            List<Entry> entries = c.getValue().entries();
            if (entries.isEmpty()) {
                ops.add(bytes("D"));
                ops.add(bytes(c.getKey()));
                continue;
            }
            long first = Long.MAX_VALUE;
            for (Entry e : entries) {
                first = Math.min(first, e.time());
            }
            ops.add(bytes("C"));
            ops.add(bytes(c.getKey()));
            ops.add(bytes(Long.toString(first)));
            ops.add(ChunkCodec.chunk(entries));
        }
        for (String id : tailRemovals) {
            ops.add(bytes("R"));
            ops.add(bytes(id));
        }
        tailPuts.forEach((id, e) -> {
            ops.add(bytes("P"));
            ops.add(bytes(id));
            ops.add(bytes(Long.toString(e.time())));
            ops.add(TailCodec.encode(e.time(), e.terms(), e.value()));
        });
        indexChanges(ops);
        planSplits(ops);
        List<String> rebuilt = retallied;
        if (rebuilt != null) {
            for (String field : rebuilt) {
                ops.add(bytes("Z"));
                ops.add(bytes(field));
            }
        }
        tallies.forEach((term, c) -> {
            if (c[0] != 0 || c[1] != Long.MAX_VALUE) {
                ops.add(bytes("T"));
                ops.add(bytes(term.field()));
                ops.add(bytes(term.value()));
                ops.add(bytes(Long.toString(c[0])));
                ops.add(bytes(c[1] == Long.MAX_VALUE ? "" : Long.toString(c[1])));
                ops.add(bytes(c[2] == Long.MIN_VALUE ? "" : Long.toString(c[2])));
            }
        });
        if (rebuilt != null) {
            ops.add(bytes("W"));
            ops.add(new byte[0]);
        }
        if (!newChunks.isEmpty()) {
            ops.add(bytes("S"));
            ops.add(bytes(Long.toString(lastChunk)));
        }
        if (floorChanged) {
            ops.add(bytes("F"));
            ops.add(bytes(floor == null ? "" : floor));
        }
        if (wholeTail) {
            ops.add(bytes("O"));
            ops.add(bytes(oldestTail()));
        }
        return ops;
    }

    /** The index changes as one 'X' (ids indexed) and one 'Y' (ids unindexed) per bucket they fall in. */
    private void indexChanges(List<byte[]> ops) {
        Map<Long, List<String>> indexed = new LinkedHashMap<>();
        Map<Long, List<String>> unindexed = new LinkedHashMap<>();
        moved.forEach((id, loc) -> {
            long bucket = bucketOf(ArchiveKeys.hash(id));
            if (loc == null) {
                unindexed.computeIfAbsent(bucket, b -> new ArrayList<>()).add(id);
            } else {
                List<String> pairs = indexed.computeIfAbsent(bucket, b -> new ArrayList<>());
                pairs.add(id);
                pairs.add(loc);
            }
        });
        indexed.forEach((bucket, pairs) -> {
            ops.add(bytes("X"));
            ops.add(bytes(Long.toString(bucket)));
            ops.add(bytes(Integer.toString(pairs.size() / 2)));
            pairs.forEach(text -> ops.add(bytes(text)));
        });
        unindexed.forEach((bucket, ids) -> {
            ops.add(bytes("Y"));
            ops.add(bytes(Long.toString(bucket)));
            ops.add(bytes(Integer.toString(ids.size())));
            ids.forEach(id -> ops.add(bytes(id)));
        });
    }

    /**
     * Plans the index splits this commit needs, from the buckets a 'b' request read: each as a 'K'
     * operation naming the bucket and the entries that move out of it once this commit's own index
     * changes are in, so the script moves them without hashing. Plans for as many records as the
     * partition could hold after the commit (every indexed id new); the script follows the plan only
     * while its exact count needs splitting, and stops at a bucket the request did not read.
     */
    private void planSplits(List<byte[]> ops) {
        if (buckets.isEmpty()) {
            return;
        }
        Map<Long, Map<String, String>> content = new HashMap<>();
        buckets.forEach((b, entries) -> content.put(b, new LinkedHashMap<>(entries)));
        long upper = count;
        for (Map.Entry<String, String> m : moved.entrySet()) {
            Map<String, String> bucket = content.get(bucketOf(ArchiveKeys.hash(m.getKey())));
            if (m.getValue() == null) {
                if (bucket != null) {
                    bucket.remove(m.getKey());
                }
                continue;
            }
            upper++;
            if (bucket != null) {
                bucket.put(m.getKey(), m.getValue());
            }
        }
        int l = level;
        long p = next;
        while (upper > LOAD * ((1L << l) + p)) {
            Map<String, String> from = content.get(p);
            if (from == null) {
                return;
            }
            long size = 1L << l;
            Map<String, String> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, String>> it = from.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, String> e = it.next();
                if (ArchiveKeys.hash(e.getKey()) % (2 * size) != p) {
                    out.put(e.getKey(), e.getValue());
                    it.remove();
                }
            }
            content.put(p + size, out);
            ops.add(bytes("K"));
            ops.add(bytes(Long.toString(p)));
            ops.add(bytes(Integer.toString(out.size())));
            out.forEach((id, loc) -> {
                ops.add(bytes(id));
                ops.add(bytes(loc));
            });
            p++;
            if (p == size) {
                l++;
                p = 0;
            }
        }
    }

    /**
     * Splits every rewritten chunk that late writes grew beyond twice the chunk size into even
     * pieces, in place in the time order: an import of last year's log lands in the oldest chunks,
     * and would otherwise grow one chunk without bound.
     */
    private void splitOversized() {
        for (Map.Entry<String, Chunk> c : List.copyOf(chunks.entrySet())) {
            List<Entry> entries = c.getValue().entries;
            if (!c.getValue().dirty || entries == null || entries.size() <= 2 * chunkSize) {
                continue;
            }
            entries.sort(Entry.ORDER);
            int pieces = (entries.size() + chunkSize - 1) / chunkSize;
            int from = entries.size() * 1 / pieces;
            List<Entry> kept = new ArrayList<>(entries.subList(0, from));
            for (int k = 1; k < pieces; k++) {
                int to = entries.size() * (k + 1) / pieces;
                String id = Long.toString(++lastChunk);
                Chunk piece = new Chunk(0, null);
                piece.entries = new ArrayList<>(entries.subList(from, to));
                piece.dirty = true;
                chunks.put(id, piece);
                newChunks.add(piece);
                for (Entry e : piece.entries) {
                    where.put(e.id(), id);
                    moved.put(e.id(), id);
                }
                from = to;
            }
            c.getValue().entries = kept;
        }
    }

    /** The tail's oldest time as this edit has it ('' when empty); exact only after {@link #wholeTail()}. */
    private String oldestTail() {
        long oldest = Long.MAX_VALUE;
        for (Entry e : tail.values()) {
            oldest = Math.min(oldest, e.time());
        }
        return oldest == Long.MAX_VALUE ? "" : Long.toString(oldest);
    }

    /** Whether there is anything to commit (also: the partition's record of its tail's oldest time is off). */
    boolean changed() {
        return !moved.isEmpty() || !droppedChunks.isEmpty() || floorChanged || retallied != null
                || (wholeTail && !oldestTail().equals(oldestRead));
    }
}
