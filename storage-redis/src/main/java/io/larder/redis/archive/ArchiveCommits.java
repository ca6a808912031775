package io.larder.redis.archive;

import static io.larder.redis.internal.KeyText.bytes;

import io.larder.StorageException;
import io.larder.redis.archive.ArchiveScripts.Script;
import io.larder.redis.internal.DurableWrites;
import io.larder.redis.internal.Replies;
import java.util.List;
import java.util.Map;

/**
 * The read-compute-commit cycle every rewrite of an archive partition goes through: a snapshot
 * ({@code archive_fetch.lua}), an {@link ArchiveEdit} the caller computes from it, and a commit
 * ({@code archive_commit.lua}) that applies it only if the partition's version did not move;
 * otherwise the caller reads again. Thread-safe.
 */
final class ArchiveCommits {
    private static final int MAX_ATTEMPTS = 100;

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
    private final DurableWrites durable;
    private final int chunkSize;
    private volatile Runnable beforeCommit = () -> { };

    ArchiveCommits(ArchiveKeys keys, ArchiveScripts scripts, DurableWrites writes, int chunkSize) {
        this.keys = keys;
        this.scripts = scripts;
        this.durable = writes;
        this.chunkSize = chunkSize;
    }

    /** Runs {@code hook} after a rewrite read its snapshot and before it commits: tests kill the connection there. */
    void beforeCommit(Runnable hook) {
        beforeCommit = hook;
    }

    /** A snapshot of the partition answering {@code requests} (see {@code archive_fetch.lua}). */
    ArchiveEdit snapshot(String partition, List<byte[]> requests) {
        List<?> reply = scripts.runOne(scripts.call(Script.FETCH, bytes(keys.base(partition)), requests), keys.meta(partition));
        return new ArchiveEdit(reply, chunkSize);
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
