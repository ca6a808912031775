package io.larder.redis.archive;

import static io.larder.redis.internal.KeyText.bytes;

import io.larder.CorruptRecordException;
import io.larder.Key;
import io.larder.StorageException;
import io.larder.redis.archive.ArchiveScripts.Script;
import io.larder.redis.internal.KeyText;
import io.larder.redis.internal.RedisDriver;
import io.larder.redis.internal.RedisError;
import io.larder.redis.internal.Replies;
import io.larder.redis.internal.ScanPage;
import io.larder.spi.Position;
import io.larder.spi.RangeRequest;
import io.larder.spi.StoredRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * Range reads of the archive layout. {@code archive_range.lua} hands over the tail and the
 * chunks in range order (skipping chunks whose term table lacks the asked term); the client
 * decompresses, filters by time, cursor and term, and stops once no chunk still unread can hold
 * a record before the page's last one (see {@link #unreadBound}). Chunks cover ordered, disjoint
 * time spans (a chunk's records are no later than the next chunk's first), so a page reads about
 * {@code limit / chunkSize + 1} chunks. All calls of one page see one version of the partition,
 * or the page is read again. Thread-safe.
 */
final class ArchiveRanges {
    private static final int MAX_RESTARTS = 50;
    private static final int MAX_CHUNKS_PER_CALL = 64;

    private final ArchiveKeys keys;
    private final ArchiveScripts scripts;
    private final RedisDriver driver;
    private final int chunkSize;

    ArchiveRanges(ArchiveKeys keys, ArchiveScripts scripts, RedisDriver driver, int chunkSize) {
        this.keys = keys;
        this.scripts = scripts;
        this.driver = driver;
        this.chunkSize = chunkSize;
    }

    List<StoredRecord> range(RangeRequest request) {
        for (int attempt = 0; attempt < MAX_RESTARTS; attempt++) {
            List<StoredRecord> page = attempt(request);
            if (page != null) {
                return page;
            }
        }
        throw new StorageException("archive partition " + keys.meta(ArchiveKeys.partitioned(request.partition()))
                + " kept changing during a range read");
    }

    /** One consistent read of the page, or null when the partition changed between its calls. */
    private @Nullable List<StoredRecord> attempt(RangeRequest request) {
        String partition = ArchiveKeys.partitioned(request.partition());
        boolean desc = request.descending();
        Position after = request.after();
        long from = request.fromMillis();
        long to = request.toMillis();
        // the times a record of this page can have: the range, narrowed by the cursor
        long low = after != null && !desc ? Math.max(from, after.time()) : from;
        long high = after != null && desc ? Math.min(to, after.time() == Long.MAX_VALUE ? to : after.time() + 1) : to;
        String lo = bound(low);
        String hi = bound(high);
        Comparator<Hit> order = desc ? Hit.ORDER.reversed() : Hit.ORDER;
        String base = keys.base(partition);
        // hits point into the reply and into this thread's payload buffers until the page is copied out below
        Payloads payloads = Payloads.forPage();
        List<Hit> kept = new ArrayList<>(Math.min(request.limit(), 4096) + chunkSize);
        List<Hit> hits = new ArrayList<>(chunkSize);
        byte[] needle = request.term() == null ? null : TermTable.needle(request.term());
        boolean filtered = needle != null;
        // without a term the script counts the records it sends and stops at the limit; with one it cannot,
        // so the chunks asked for double with each call
        int budget = filtered ? 4 : Math.min(MAX_CHUNKS_PER_CALL, (request.limit() + chunkSize - 1) / chunkSize + 2);
        String need = filtered ? "0" : Integer.toString(request.limit());
        String rank = "";
        String version = "";
        @Nullable Long boundary = null;
        while (true) {
            List<byte[]> args = List.of(bytes(desc ? "1" : "0"), bytes(lo), bytes(hi), bytes(rank), bytes(version),
                    bytes(Integer.toString(budget)), filtered ? needle : new byte[0], bytes(need));
            Object reply = scripts.run(List.of(scripts.call(Script.RANGE, bytes(base), args))).get(0);
            if (reply instanceof RedisError e) {
                throw driver.error(e, keys.meta(partition));
            }
            List<?> r = (List<?>) reply;
            long state = Replies.number(r, 0);
            if (state == 2) {
                return null;
            }
            boolean firstCall = rank.isEmpty();
            version = Long.toString(Replies.number(r, 1));
            rank = Long.toString(Replies.number(r, 2));
            List<?> tail = (List<?>) r.get(3);
            for (int i = 0; i + 1 < tail.size(); i += 2) {
                Hit h = tailHit(partition, Replies.bytes(tail, i), Replies.bytes(tail, i + 1), low, high, needle);
                if (h != null) {
                    keep(kept, h, after, desc);
                }
            }
            List<?> chunks = (List<?>) r.get(4);
            for (int i = 0; i + 1 < chunks.size(); i += 2) {
                hits.clear();
                scanChunk(partition, Replies.text(chunks, i), Replies.bytes(chunks, i + 1), low, high, needle, payloads, hits);
                for (Hit h : hits) {
                    keep(kept, h, after, desc);
                }
            }
            boundary = unreadBound(r, desc, firstCall, boundary);
            if (state == 0) {
                break;
            }
            if (kept.size() >= request.limit() && boundary != null) {
                kept.sort(order);
                long kth = kept.get(request.limit() - 1).time;
                if (desc ? kth > boundary : kth < boundary) {
                    break;
                }
            }
            if (filtered) {
                budget = Math.min(MAX_CHUNKS_PER_CALL, budget * 2);
            }
        }
        kept.sort(order);
        List<StoredRecord> out = new ArrayList<>(Math.min(kept.size(), request.limit()));
        for (int i = 0; i < kept.size() && i < request.limit(); i++) {
            Hit h = kept.get(i);
            out.add(new StoredRecord(Key.of(partition, h.id()), h.time, h.value(), base));
        }
        return out;
    }

    /** Adds {@code h} unless the cursor {@code after} has passed it (time and term were checked by the scan). */
    private static void keep(List<Hit> kept, Hit h, @Nullable Position after, boolean desc) {
        if (after != null) {
            int c = h.compareTo(after);
            if (desc ? c >= 0 : c <= 0) {
                return;
            }
        }
        kept.add(h);
    }

    /**
     * The bound on the times of the records still unread after a call of the script: walking oldest
     * first, none is earlier than the next chunk's first time; newest first, none is later than the
     * first time of the chunk just passed, unless the next chunk has that same first time (chunks of
     * equal first times are walked in member order, not in their records' order). Before any chunk,
     * newest first, the floor bounds them. Null when nothing bounds them yet; {@code previous} when
     * this call says nothing new.
     */
    private static @Nullable Long unreadBound(List<?> reply, boolean desc, boolean firstCall, @Nullable Long previous) {
        String passed = Replies.text(reply, 6);
        String next = Replies.text(reply, 7);
        if (!desc) {
            return next.isEmpty() ? previous : Long.valueOf(score(next));
        }
        if (!passed.isEmpty()) {
            long first = score(passed);
            return next.isEmpty() || score(next) < first ? Long.valueOf(first) : null;
        }
        if (firstCall) {
            String floor = Replies.text(reply, 5);
            return floor.isEmpty() ? null : Long.parseLong(floor);
        }
        return previous;
    }

    /** A chunk's first time as the zset's score prints it. */
    private static long score(String text) {
        return (long) Double.parseDouble(text);
    }

    /** Adds to {@code hits} the chunk's records in {@code [from, to)} carrying the needle's term. */
    private void scanChunk(String partition, String chunkId, byte[] body, long from, long to, byte @Nullable [] needle,
            Payloads payloads, List<Hit> hits) {
        try {
            ChunkCodec.scan(body, from, to, needle, payloads, hits);
        } catch (IllegalArgumentException e) {
            throw new CorruptRecordException(keys.chunk(partition, chunkId), String.valueOf(e.getMessage()), e);
        }
    }

    private @Nullable Hit tailHit(String partition, byte[] id, byte[] entry, long from, long to, byte @Nullable [] needle) {
        try {
            return TailCodec.hit(id, entry, from, to, needle);
        } catch (IllegalArgumentException e) {
            throw new CorruptRecordException(keys.tail(partition), String.valueOf(e.getMessage()), e);
        }
    }

    private static String bound(long millis) {
        if (millis == Long.MIN_VALUE) {
            return "-inf";
        }
        if (millis == Long.MAX_VALUE) {
            return "+inf";
        }
        return Long.toString(millis);
    }

    /** Every partition of the store (SCAN over the meta hashes; each at most once). */
    Set<String> partitions() {
        Set<String> out = new LinkedHashSet<>();
        String cursor = "0";
        do {
            ScanPage page = driver.scan(cursor, bytes(keys.metaPattern()), 1000);
            for (byte[] k : page.keys()) {
                String p = keys.partitionOfMeta(KeyText.text(k));
                if (p != null) {
                    out.add(p);
                }
            }
            cursor = page.cursor();
        } while (!"0".equals(cursor));
        return out;
    }

    /** A page of every record of {@code partition} after {@code after} (null: from the start), oldest first. */
    // javac does not carry RangeRequest's type-use @Nullable on its term to the parameters of its compact
    // constructor, so NullAway reads the term as non-null there; the record component says it is nullable.
    @SuppressWarnings("NullAway")
    private static RangeRequest wholePartition(String partition, @Nullable Position after, int pageSize) {
        return new RangeRequest(partition, null, Long.MIN_VALUE, Long.MAX_VALUE, false, after, pageSize);
    }

    /** Every record of the store, partition by partition, oldest first, one page in memory at a time. */
    Stream<StoredRecord> scan(int pageSize) {
        ArrayDeque<String> todo = new ArrayDeque<>(partitions());
        return StreamSupport.stream(new Spliterators.AbstractSpliterator<StoredRecord>(Long.MAX_VALUE, Spliterator.NONNULL) {
            private final ArrayDeque<StoredRecord> buffer = new ArrayDeque<>();
            private @Nullable String partition;
            private @Nullable Position after;
            private boolean partitionDone = true;

            @Override
            public boolean tryAdvance(Consumer<? super StoredRecord> action) {
                while (buffer.isEmpty()) {
                    if (partitionDone) {
                        if (todo.isEmpty()) {
                            return false;
                        }
                        partition = todo.poll();
                        after = null;
                        partitionDone = false;
                    }
                    List<StoredRecord> page = range(wholePartition(ArchiveKeys.partitioned(partition), after, pageSize));
                    buffer.addAll(page);
                    partitionDone = page.size() < pageSize;
                    if (!page.isEmpty()) {
                        after = page.get(page.size() - 1).position();
                    }
                }
                action.accept(buffer.poll());
                return true;
            }
        }, false);
    }
}
