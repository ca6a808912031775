package io.larder.redis.archive;

import static io.larder.redis.internal.KeyText.bytes;

import io.larder.Retention;
import io.larder.redis.internal.Replies;
import java.time.Clock;
import java.util.List;

/**
 * A store's retention on the archive layout: after a write, the partition's records beyond the cap
 * and past the maximum age are removed through one {@link ArchiveCommits} cycle. A partition with
 * nothing to remove costs one small read. Thread-safe.
 */
final class ArchiveRetention {
    private final Retention retention;
    private final ArchiveCommits commits;
    private final Clock clock;
    private final int chunkSize;

    ArchiveRetention(Retention retention, ArchiveCommits commits, Clock clock, int chunkSize) {
        this.retention = retention;
        this.commits = commits;
        this.clock = clock;
        this.chunkSize = chunkSize;
    }

    /**
     * Carries out the retention on one partition. The cap removes the oldest records beyond it: whole
     * chunks where it can, the rest from one chunk or the tail. The age drops whole chunks whose
     * newest record is past it and the tail's records past it; a chunk that is only partly past it
     * stays until it is wholly (the core hides its aged records from every read meanwhile), so a
     * partition never rewrites a chunk for age alone.
     */
    void retain(String partition) {
        for (int attempt = 0; ; attempt++) {
            long cutoff = retention.oldestKeptAt(clock.millis());
            ArchiveEdit probe = commits.snapshot(partition, retention.isAged()
                    ? List.of(bytes("a"), bytes(Long.toString(cutoff))) : List.of());
            long excess = retention.isCapped() ? probe.count - retention.keepNewest() : 0;
            // chunks are ordered by time: all but the last of those starting before the cutoff may be wholly past it
            long agedChunks = retention.isAged() ? Math.max(0, Replies.number(probe.answers, 0) - 1) : 0;
            boolean agedTail = retention.isAged() && !probe.storedOldest().isEmpty()
                    && Long.parseLong(probe.storedOldest()) < cutoff;
            if (excess <= 0 && agedChunks == 0 && !agedTail) {
                return;
            }
            int want = (int) Math.min(1000, Math.max(agedChunks, excess > 0 ? excess / chunkSize + 2 : 0));
            ArchiveEdit edit = commits.snapshot(partition, List.of(bytes("o"), bytes(Integer.toString(want)), bytes("T"),
                    new byte[0])).wholeTail();
            List<String> oldest = edit.chunkIds(0);
            long left = retention.isCapped() ? edit.count - retention.keepNewest() : 0;
            for (String c : oldest) {
                if (retention.isAged() && edit.chunkLastTime(c) < cutoff) {
                    left -= edit.chunk(c).size();
                    edit.drop(c);
                    continue;
                }
                if (left <= 0) {
                    break;
                }
                List<Entry> entries = edit.chunk(c);
                if (entries.size() <= left) {
                    edit.drop(c);
                    left -= entries.size();
                } else {
                    for (int j = 0; j < left; j++) {
                        edit.locate(entries.get(j).id(), c);
                        edit.remove(entries.get(j).id());
                    }
                    left = 0;
                }
            }
            List<Entry> open = edit.tail();
            open.sort(Entry.ORDER);
            int from = 0;
            if (retention.isAged()) {
                for (; from < open.size() && open.get(from).time() < cutoff; from++) {
                    edit.remove(open.get(from).id());
                    left--;
                }
            }
            if (left > 0 && oldest.size() < want) {
                for (int j = from; j < from + left && j < open.size(); j++) {
                    edit.remove(open.get(j).id());
                }
            }
            if (!edit.changed()) {
                return;
            }
            if (!commits.commit(partition, edit)) {
                commits.giveUpAfter(attempt, partition);
            }
        }
    }
}
