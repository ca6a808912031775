package io.larder.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;

/**
 * The steps of a round. Steps are grouped by workload and thread count, and inside a group every
 * subject runs back to back, so a burst of CPU steal hits a group's subjects alike; the order of
 * subjects alternates between rounds so none is always first.
 */
final class Plan {
    private static final List<Subject> REDIS_BASES = List.of(Subject.LARDER_LETTUCE, Subject.LARDER_JEDIS,
            Subject.RAW_LETTUCE, Subject.RAW_JEDIS, Subject.SPRING_LETTUCE, Subject.REDISSON);
    private static final List<Subject> LARDER_AND_RAW = List.of(Subject.LARDER_LETTUCE, Subject.LARDER_JEDIS,
            Subject.RAW_LETTUCE, Subject.RAW_JEDIS);
    private static final List<Subject> INDEXED_REDIS = List.of(Subject.LARDER_LETTUCE_IDX1, Subject.LARDER_LETTUCE_IDX3,
            Subject.LARDER_JEDIS_IDX1, Subject.LARDER_JEDIS_IDX3);
    private static final List<Subject> INDEXED_MEMORY = List.of(Subject.LARDER_MEMORY_IDX1, Subject.LARDER_MEMORY_IDX3);

    private final List<List<Step>> groups;

    private Plan(List<List<Step>> groups) {
        this.groups = groups;
    }

    /**
     * The full plan: single operations at 1, 8 and 64 threads, batches, list, index variants, and
     * issue 17's writes (records-layout batches, appends of one group's new messages to the records
     * and archive layouts beside raw Jedis). Batches are saved twice: with the one-hour expiry every
     * subject has, and never expiring (Larder and the raw drivers only: the peers keep their expiry). The peers run at 1 and 64 threads; at 8 only Larder and
     * the raw drivers, whose ratios are the targets.
     */
    static Plan full(Predicate<Subject> available) {
        List<List<Step>> g = new ArrayList<>();
        g.add(group(Workload.SAVE, 1, concat(List.of(Subject.LARDER_MEMORY), REDIS_BASES, INDEXED_MEMORY, INDEXED_REDIS), available));
        g.add(group(Workload.LOAD, 1, concat(List.of(Subject.LARDER_MEMORY), REDIS_BASES), available));
        g.add(group(Workload.SAVE, 8, LARDER_AND_RAW, available));
        g.add(group(Workload.LOAD, 8, LARDER_AND_RAW, available));
        g.add(group(Workload.SAVE, 64, REDIS_BASES, available));
        g.add(group(Workload.LOAD, 64, REDIS_BASES, available));
        g.add(group(Workload.SAVE_ALL, 1, concat(REDIS_BASES, List.of(Subject.LARDER_LETTUCE_IDX1, Subject.LARDER_LETTUCE_IDX3,
                Subject.LARDER_JEDIS_TIMELINE, Subject.LARDER_JEDIS_IDX1)), available));
        g.add(group(Workload.SAVE_ALL_LASTING, 1, concat(LARDER_AND_RAW, List.of(Subject.LARDER_JEDIS_TIMELINE,
                Subject.LARDER_JEDIS_IDX1)), available));
        g.add(group(Workload.LOAD_ALL, 1, REDIS_BASES, available));
        g.add(group(Workload.LIST, 1, concat(List.of(Subject.LARDER_MEMORY), REDIS_BASES), available));
        g.add(group(Workload.APPEND, 1, List.of(Subject.RAW_JEDIS, Subject.LARDER_JEDIS_TIMELINE, Subject.LARDER_JEDIS_ARCHIVE), available));
        return new Plan(g);
    }

    /** The quick plan: single save and load on one thread for Larder's default subjects and their raw drivers. */
    static Plan quick(Predicate<Subject> available) {
        List<Subject> few = List.of(Subject.LARDER_MEMORY, Subject.LARDER_LETTUCE, Subject.RAW_LETTUCE);
        return new Plan(List.of(group(Workload.SAVE, 1, few, available), group(Workload.LOAD, 1, few, available)));
    }

    /** The steps of round {@code round} (from 1), in run order. */
    List<Step> round(int round) {
        List<Step> steps = new ArrayList<>();
        for (List<Step> group : groups) {
            List<Step> ordered = new ArrayList<>(group);
            if (round % 2 == 0) {
                Collections.reverse(ordered);
            }
            steps.addAll(ordered);
        }
        return steps;
    }

    /** Steps per round. */
    int size() {
        return groups.stream().mapToInt(List::size).sum();
    }

    private static List<Step> group(Workload w, int threads, List<Subject> subjects, Predicate<Subject> available) {
        return subjects.stream().filter(available).map(s -> new Step(w, threads, s)).toList();
    }

    @SafeVarargs
    private static List<Subject> concat(List<Subject>... parts) {
        List<Subject> all = new ArrayList<>();
        for (List<Subject> p : parts) {
            all.addAll(p);
        }
        return all;
    }
}
