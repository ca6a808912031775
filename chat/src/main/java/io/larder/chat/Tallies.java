package io.larder.chat;

import io.larder.Key;
import io.larder.Page;
import io.larder.Query;
import io.larder.Storage;
import io.larder.StoreSpec;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The daily message counts of an archive, kept in a small store beside it (one row per group
 * and day). A batch raises its days' counts by one {@link Storage#mergeAll} (each row atomically), so
 * concurrent archivers never lose an increment and the store needs no counter primitive: it
 * works on any adapter of the plain port. Thread-safe.
 */
final class Tallies {
    private final Storage<Tally> store;
    private final ZoneId zone;
    private final String partitionField;
    private final String spanField;

    Tallies(Storage<Tally> store, ZoneId zone) {
        this.store = store;
        this.zone = zone;
        this.partitionField = store.spec().partitionField().orElseThrow();
        this.spanField = store.spec().indexes().get(0);
    }

    ZoneId zone() {
        return zone;
    }

    StoreSpec<Tally> spec() {
        return store.spec();
    }

    LocalDate dayOf(long millis) {
        return Instant.ofEpochMilli(millis).atZone(zone).toLocalDate();
    }

    /** Counts messages archived for the first time. */
    void count(Collection<ChatMessage> fresh) {
        Map<String, Map<LocalDate, Long>> perGroup = new TreeMap<>();
        for (ChatMessage m : fresh) {
            perGroup.computeIfAbsent(m.groupId(), g -> new TreeMap<>()).merge(dayOf(m.timestamp()), 1L, Long::sum);
        }
        List<Tally> rows = new ArrayList<>();
        perGroup.forEach((group, days) -> days.forEach((day, n) ->
                rows.add(new Tally(group, day.toString(), Tally.DAY, startOf(day), n))));
        store.mergeAll(rows, (stored, more) -> stored.plus(more.messages()));
    }

    /** The counts of {@code group} from {@code first} to {@code last}, both included; days without messages are absent. */
    List<DailyCount> days(String group, LocalDate first, LocalDate last) {
        List<DailyCount> out = new ArrayList<>();
        forEach(dayRows(group).betweenMillis(startOf(first), startOf(last.plusDays(1))),
                t -> out.add(new DailyCount(group, LocalDate.parse(t.period()), t.messages())));
        return out;
    }

    /** What the day counts of {@code group} add up to, over every day. */
    long total(String group) {
        long[] sum = {0};
        forEach(dayRows(group), t -> sum[0] += t.messages());
        return sum[0];
    }

    private Query dayRows(String group) {
        return Query.in(partitionField, group).where(spanField, Tally.DAY).limit(Query.MAX_LIMIT);
    }

    /** Hands every row {@code q} names to {@code action}, page by page. */
    private void forEach(Query q, Consumer<Tally> action) {
        while (true) {
            Page<Tally> page = store.list(q);
            page.items().forEach(action);
            if (page.next().isEmpty()) {
                return;
            }
            q = q.after(page.next().get());
        }
    }

    /** Sets a day's count (a recount's result); zero removes the row. */
    void set(String group, LocalDate day, long count) {
        if (count == 0) {
            store.delete(Key.of(group, day.toString()));
            return;
        }
        store.save(new Tally(group, day.toString(), Tally.DAY, startOf(day), count));
    }

    /** Marks that {@code group} has messages in the month store {@code label} ({@code 2026-11}); idempotent. */
    void markMonth(String group, String label, long monthStart) {
        store.save(new Tally(group, label, Tally.MONTH, monthStart, 0));
    }

    /** The month labels {@code group} has messages in whose months may hold {@code [from, to)}, in time order. */
    List<String> months(String group, long fromMonthStart, long to, boolean newestFirst) {
        Query q = Query.in(partitionField, group).where(spanField, Tally.MONTH)
                .betweenMillis(fromMonthStart, Math.max(fromMonthStart, to)).limit(Query.MAX_LIMIT);
        List<String> out = new ArrayList<>();
        forEach(newestFirst ? q.newestFirst() : q, t -> out.add(t.period()));
        return out;
    }

    /** Every month label some group has messages in, in time order: a walk of the whole counts store. */
    Set<String> allMonths() {
        Set<String> months = new TreeSet<>();
        try (Stream<Tally> all = store.scan(Query.all().limit(1000))) {
            all.filter(t -> t.span().equals(Tally.MONTH)).forEach(t -> months.add(t.period()));
        }
        return months;
    }

    /** A recount of every group: {@link Recount#see} every message, then {@link Recount#store} the counts in place of the old ones. */
    Recount recount() {
        return new Recount(Query.all());
    }

    /** A recount of one group: see each of its messages, then store its counts in place of its old ones. */
    Recount recount(String group) {
        return new Recount(Query.in(partitionField, group));
    }

    /** Day counts being rebuilt from the messages. Not thread-safe. */
    final class Recount {
        private final Map<String, Map<LocalDate, Long>> counts = new TreeMap<>();
        /** The rows the recount replaces. */
        private final Query replaced;

        private Recount(Query replaced) {
            this.replaced = replaced.limit(1000);
        }

        void see(ChatMessage m) {
            counts.computeIfAbsent(m.groupId(), g -> new TreeMap<>()).merge(dayOf(m.timestamp()), 1L, Long::sum);
        }

        void store() {
            replaceDays(counts, replaced);
        }
    }

    /**
     * Makes the day counts among the rows {@code replaced} names exactly {@code counts} (by group, then
     * day): rows of other days are removed, month marks are kept. Not atomic: run it while nothing appends.
     */
    private void replaceDays(Map<String, Map<LocalDate, Long>> counts, Query replaced) {
        List<Key> stale = new ArrayList<>();
        try (Stream<Tally> all = store.scan(replaced)) {
            all.filter(t -> t.span().equals(Tally.DAY))
                    .filter(t -> !counts.getOrDefault(t.groupId(), Map.of()).containsKey(LocalDate.parse(t.period())))
                    .forEach(t -> stale.add(Key.of(t.groupId(), t.period())));
        }
        store.deleteAll(stale);
        List<Tally> fresh = new ArrayList<>();
        counts.forEach((group, days) -> days.forEach((day, n) ->
                fresh.add(new Tally(group, day.toString(), Tally.DAY, startOf(day), n))));
        store.saveAll(fresh);
    }

    /** Every group with counted messages: a walk of the whole counts store. */
    Set<String> groups() {
        Set<String> groups = new LinkedHashSet<>();
        try (Stream<Tally> all = store.scan(Query.all().limit(1000))) {
            all.forEach(t -> groups.add(t.groupId()));
        }
        return groups;
    }

    long startOf(LocalDate day) {
        return day.atStartOfDay(zone).toInstant().toEpochMilli();
    }

}
