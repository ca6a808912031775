package io.larder.chat;

import io.larder.Larder;
import io.larder.Storage;
import io.larder.StoreSpec;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One store per calendar month in UTC ({@code chat.m202611}), partitioned by group inside: no
 * partition grows without bound, a range reads only the months it spans, and an old month can
 * be dropped as a whole. The months a group has are marked in the counts store before its first
 * message of the month is written, so a walk never misses a month. UTC, because a message's
 * month must never change when a display zone does. Thread-safe.
 */
final class MonthPlacement implements Placement {
    private final Larder larder;
    private final StoreSpec<ChatMessage> template;
    private final Tallies tallies;
    private final Map<String, Storage<ChatMessage>> stores = new ConcurrentHashMap<>();
    /** {@code group|label} pairs marked by this process, so a busy month is marked once. */
    private final Set<String> marked = ConcurrentHashMap.newKeySet();

    MonthPlacement(Larder larder, StoreSpec<ChatMessage> template, Tallies tallies) {
        this.larder = larder;
        this.template = template;
        this.tallies = tallies;
    }

    @Override
    public Storage<ChatMessage> storeFor(ChatMessage message) {
        YearMonth month = monthOf(message.timestamp());
        String label = month.toString();
        if (marked.add(message.groupId() + "|" + label)) {
            tallies.markMonth(message.groupId(), label, startOf(month));
        }
        return store(label);
    }

    @Override
    public List<Shard> shards(String group, long from, long to, boolean newestFirst) {
        long fromMonth = from == Long.MIN_VALUE ? Long.MIN_VALUE : startOf(monthOf(from));
        List<Shard> out = new ArrayList<>();
        for (String label : tallies.months(group, fromMonth, to, newestFirst)) {
            out.add(new Shard(label, store(label)));
        }
        return out;
    }

    @Override
    public List<Storage<ChatMessage>> candidates(String group, long hintMillis) {
        List<String> labels = new ArrayList<>(tallies.months(group, Long.MIN_VALUE, Long.MAX_VALUE, true));
        if (hintMillis != Long.MIN_VALUE) {
            // a recall names its own time: the message is in that month or, near a month's start, the one before
            YearMonth hint = monthOf(hintMillis);
            for (String likely : List.of(hint.minusMonths(1).toString(), hint.toString())) {
                if (labels.remove(likely)) {
                    labels.add(0, likely);
                }
            }
        }
        List<Storage<ChatMessage>> out = new ArrayList<>(labels.size());
        labels.forEach(l -> out.add(store(l)));
        return out;
    }

    @Override
    public List<Storage<ChatMessage>> stores() {
        List<Storage<ChatMessage>> out = new ArrayList<>();
        tallies.allMonths().forEach(label -> out.add(store(label)));
        return out;
    }

    @Override
    public boolean isSingle() {
        return false;
    }

    private Storage<ChatMessage> store(String label) {
        return stores.computeIfAbsent(label, l -> larder.store(ArchiveSpecs.month(template, l)));
    }

    private static YearMonth monthOf(long millis) {
        return YearMonth.from(Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC));
    }

    private static long startOf(YearMonth month) {
        return month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }
}
