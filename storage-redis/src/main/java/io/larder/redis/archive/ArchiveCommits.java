package io.larder.redis.archive;

import static io.larder.redis.internal.KeyText.bytes;

import io.larder.StorageException;
import io.larder.redis.archive.ArchiveScripts.Script;
import io.larder.redis.internal.DurableWrites;
import io.larder.redis.internal.KeyText;
import io.larder.redis.internal.RedisDriver;
import io.larder.redis.internal.RedisError;
import io.larder.redis.internal.Replies;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The read-compute-commit cycle every rewrite of an archive partition goes through: a snapshot
 * ({@code archive_fetch.lua}), an {@link ArchiveEdit} the caller computes from it, and a commit
 * ({@code archive_commit.lua}) that applies it only if the partition's version did not move;
 * otherwise the caller reads again. Thread-safe.
 */
final class ArchiveCommits {
    private static final int MAX_ATTEMPTS = 100;
    private static final byte[] VERSION_FIELD = bytes("v");

    /**
     * What a commit did.
     *
     * @param applied whether it was applied (false: the partition changed since the snapshot)
     * @param oldestTail the tail's oldest time when the store's tail registry must learn it, else empty
     */
    private record Result(boolean applied, String oldestTail) {
    }

    private final ArchiveKeys keys;
    private final ArchiveScripts scripts;
    private final RedisDriver driver;
    private final DurableWrites durable;
    private final int chunkSize;
    private volatile Runnable beforeCommit = () -> { };
    private volatile Runnable beforeLocate = () -> { };

    ArchiveCommits(ArchiveKeys keys, ArchiveScripts scripts, RedisDriver driver, DurableWrites writes, int chunkSize) {
        this.keys = keys;
        this.scripts = scripts;
        this.driver = driver;
        this.durable = writes;
        this.chunkSize = chunkSize;
    }

    /** Runs {@code hook} after a rewrite read its snapshot and before it commits: tests kill the connection there. */
    void beforeCommit(Runnable hook) {
        beforeCommit = hook;
    }

    /** Runs {@code hook} after a batch seal read its snapshot and before it reads the batch's index buckets. */
    void beforeLocate(Runnable hook) {
        beforeLocate = hook;
    }

    /** A snapshot of the partition answering {@code requests} (see {@code archive_fetch.lua}). */
    ArchiveEdit snapshot(String partition, List<byte[]> requests) {
        List<?> reply = scripts.runOne(scripts.call(Script.FETCH, bytes(keys.base(partition)), requests), keys.meta(partition));
        return new ArchiveEdit(reply, chunkSize);
    }

    /** The fetch script's lookups of {@code ids} ('i' requests): each answer is where the id is, its record with it. */
    static List<byte[]> lookups(List<String> ids) {
        List<byte[]> req = new ArrayList<>(ids.size() * 3);
        for (String id : ids) {
            req.add(bytes("i"));
            req.add(bytes(id));
            req.add(ArchiveKeys.idHash(id));
        }
        return req;
    }

    /**
     * Where each of {@code ids} is in the partition as {@code edit} read it (which must have asked
     * for the index buckets, a 'b' request): '0' the tail, a chunk id, or null when absent. The
     * fetch script would read them with an {@code HGET} per id, each costing the server a few
     * microseconds of Lua more than the same read sent plainly; so they are plain {@code HMGET}s,
     * one per index bucket, followed in the same pipeline by the partition's version. They hold only
     * if that version is still the snapshot's: every write of a partition raises it, so nothing
     * changed between the snapshot and the last read. Returns null when it moved (read again).
     */
    @Nullable List<@Nullable String> locate(String partition, ArchiveEdit edit, List<String> ids) {
        beforeLocate.run();
        Map<Long, List<Integer>> byBucket = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            long bucket = edit.bucketOf(ArchiveKeys.hash(ids.get(i)));
            byBucket.computeIfAbsent(bucket, b -> new ArrayList<>()).add(i);
        }
        List<List<byte[]>> groups = new ArrayList<>(byBucket.size() + 1);
        for (Map.Entry<Long, List<Integer>> b : byBucket.entrySet()) {
            List<byte[]> group = new ArrayList<>(b.getValue().size() + 1);
            group.add(bytes(keys.bucket(partition, b.getKey())));
            b.getValue().forEach(i -> group.add(bytes(ids.get(i))));
            groups.add(group);
        }
        groups.add(List.of(bytes(keys.meta(partition)), VERSION_FIELD));
        List<Object> replies = driver.hmgets(groups);
        for (int g = 0; g < replies.size(); g++) {
            if (replies.get(g) instanceof RedisError e) {
                throw driver.error(e, KeyText.text(groups.get(g).get(0)));
            }
        }
        List<?> version = (List<?>) replies.get(replies.size() - 1);
        String now = version.get(0) == null ? "0" : Replies.text(version, 0);
        if (!now.equals(Long.toString(edit.version))) {
            return null;
        }
        List<@Nullable String> where = new ArrayList<>(Collections.nCopies(ids.size(), null));
        int g = 0;
        for (List<Integer> positions : byBucket.values()) {
            List<?> found = (List<?>) replies.get(g++);
            for (int k = 0; k < positions.size(); k++) {
                if (found.get(k) != null) {
                    where.set(positions.get(k), Replies.text(found, k));
                }
            }
        }
        return where;
    }

    /** Commits {@code edit} if the partition is still at the snapshot's version; returns whether it was applied. */
    boolean commit(String partition, ArchiveEdit edit) {
        return send(partition, edit).applied();
    }

    /**
     * As {@link #commit(String, ArchiveEdit)}, and notes in {@code opened} the tail's oldest time
     * when the store's tail registry must learn it (see {@link ArchiveSealer#register}).
     */
    boolean commit(String partition, ArchiveEdit edit, Map<String, String> opened) {
        Result r = send(partition, edit);
        if (!r.oldestTail().isEmpty()) {
            opened.merge(partition, r.oldestTail(), ArchiveSealer::earlier);
        }
        return r.applied();
    }

    private Result send(String partition, ArchiveEdit edit) {
        beforeCommit.run();
        List<?> reply = scripts.runOneDurably(scripts.call(Script.COMMIT, bytes(keys.base(partition)), edit.commitArgs()),
                durable, keys.meta(partition));
        boolean applied = Replies.number(reply, 0) == 1;
        return new Result(applied, applied ? Replies.text(reply, 2) : "");
    }

    /** Throws once a partition kept changing under {@code attempt + 1} rewrites; else lets the others go first. */
    void giveUpAfter(int attempt, String partition) {
        if (attempt + 1 >= MAX_ATTEMPTS) {
            throw new StorageException("archive partition " + keys.meta(partition) + " kept changing while it was"
                    + " rewritten; gave up after " + MAX_ATTEMPTS + " attempts");
        }
        Thread.onSpinWait();
    }
}
