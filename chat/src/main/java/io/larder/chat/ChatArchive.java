package io.larder.chat;

import static io.larder.chat.BuilderGuard.once;

import io.larder.Expiry;
import io.larder.Key;
import io.larder.Larder;
import io.larder.Page;
import io.larder.Query;
import io.larder.Storage;
import io.larder.StoreSpec;
import io.larder.TermTally;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Group chat history on Larder's port. Messages are partitioned by group, ordered by their
 * timestamp and indexed by sender and type, so every read is a range of one partition's time
 * index: O(log n + k). Messages of the same second read in the order they arrived, on every
 * layout: a message timed in whole seconds (as OneBot v11 times them) is stored in the next free
 * millisecond of its second in its group ({@code .000}, {@code .001}, ...), continued across
 * batches and runs, so its second, day and month never change. Appends are idempotent by
 * (group, message id). Soft-deleted messages
 * stay stored with their audit and are hidden from reads unless a query asks for them. Daily
 * counts live in a small companion store ({@code <name>.counts}), and so do the groups each sender
 * spoke in ({@code <name>.senders}); a monthly archive keeps one store per month
 * ({@code <name>.m202611}). Thread-safe.
 *
 * <pre>{@code
 * ChatArchive archive = ChatArchive.builder(larder).retention(ChatRetention.keepNewest(1000)).build();
 * archive.appendAll(messages);
 * Page<ChatMessage> older = archive.before("123456", "-2081", 50);
 * }</pre>
 */
public final class ChatArchive {
    /** The store name used unless the builder names another. */
    public static final String DEFAULT_NAME = "chat";
    /** The zone days are counted in unless the builder sets another. */
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");
    /** How long a recall waits for its message unless the builder says otherwise: 30 days. */
    public static final Duration DEFAULT_PENDING_RECALL_AGE = Duration.ofDays(30);

    private final String name;
    private final ChatRetention retention;
    private final Placement placement;
    private final Tallies tallies;
    private final Storage<Recalls.Recall> pending;
    private final Senders senders;
    private final ShardWalk walk;
    private final DeletePolicy policy;
    private final Clock clock;
    private final Duration pendingRecallAge;
    /**
     * Orders message and recall writes of one group in this process, so a recall never misses a
     * message written beside it, while writes of other groups go on; package-private so a test can
     * hold writes back.
     */
    final GroupLocks writes = new GroupLocks();
    /** The milliseconds of each group's recent seconds this process placed messages in; touched under {@link #writes}. */
    private final ArrivalOrder arrival = new ArrivalOrder();

    /**
     * Who acts on the archive.
     *
     * @param userId the user's id
     * @param role the user's standing in the group
     */
    public record Actor(String userId, SenderRole role) {
        /** Both are required. */
        public Actor {
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(role, "role");
        }
    }

    /**
     * What an append did.
     *
     * @param added messages stored for the first time
     * @param duplicates messages already stored (or repeated in the batch), left as they were
     * @param ids the ids of the added messages
     */
    public record Appended(int added, int duplicates, List<String> ids) {
        /** Copies the ids. */
        public Appended {
            ids = List.copyOf(ids);
        }
    }

    /** What a delete did. */
    public enum DeleteOutcome {
        /** The message is now soft-deleted. */
        DELETED,
        /** It was deleted before; the first audit is kept. */
        ALREADY_DELETED,
        /** No such message in the group. */
        NOT_FOUND,
        /** The {@link DeletePolicy} refused the actor. */
        REFUSED
    }

    private ChatArchive(Builder b, Placement placement, Tallies tallies, Senders senders, Storage<Recalls.Recall> pending,
                        ShardWalk walk, ChatRetention retention) {
        this.name = Objects.requireNonNull(b.name, "build() sets every default");
        this.retention = retention;
        this.placement = placement;
        this.tallies = tallies;
        this.pending = pending;
        this.senders = senders;
        this.walk = walk;
        this.policy = Objects.requireNonNull(b.policy, "build() sets every default");
        this.clock = Objects.requireNonNull(b.clock, "build() sets every default");
        this.pendingRecallAge = Objects.requireNonNull(b.pendingRecallAge, "build() sets every default");
    }

    /** The declaration of the store named {@value #DEFAULT_NAME} that keeps messages as {@code retention} says. */
    public static StoreSpec<ChatMessage> spec(ChatRetention retention) {
        return spec(DEFAULT_NAME, retention);
    }

    /**
     * The declaration of a message store named {@code name}: partition {@code group_id}, time
     * {@code timestamp}, indexes {@code sender_id} and {@code msg_type}, expiry and retention from
     * {@code retention}; the long-term modes ({@link ChatRetention#forever()}, by month or not) use
     * the archive layout, the others the records layout; codec and compression are left to the
     * Larder's defaults. For a monthly archive it is the template every month's store copies.
     */
    public static StoreSpec<ChatMessage> spec(String name, ChatRetention retention) {
        return ArchiveSpecs.messages(name, retention);
    }

    /**
     * Refuses a declaration of the message store that the archive could not open (partition, time,
     * indexes and expiry as {@link #spec} says), naming every problem, without opening anything: what
     * a command checks before it writes records into a store the archive opens later.
     *
     * @throws io.larder.ConfigurationException when the declaration does not fit
     */
    public static void checkDeclaration(StoreSpec<?> declared) {
        ChatRetention mode = ArchiveSpecs.modeOf(declared);
        ArchiveSpecs.check(declared, mode instanceof ChatRetention.Forever ? ChatRetention.forever() : mode);
    }

    /** The archive {@value #DEFAULT_NAME} of {@code larder}, with every default. */
    public static ChatArchive open(Larder larder) {
        return builder(larder).build();
    }

    /** A builder of an archive kept in {@code larder}. */
    public static Builder builder(Larder larder) {
        return new Builder(larder);
    }

    /** Archives one message; a message already stored is left as it is (a redelivery). */
    public Appended append(ChatMessage message) {
        return appendAll(List.of(message));
    }

    /**
     * Archives messages in pipelined batches, each at most once: one read of the batch's keys
     * finds those already stored, which are left as they are (so a redelivery never undoes a
     * soft delete); a message without id is given a time-ordered one. Messages timed in whole
     * seconds keep their arrival order within the second: each is stored in the next millisecond
     * of its second its group has free (see the class comment). A message whose recall
     * arrived first (see {@link #recallAll}) is archived soft-deleted by it. The daily counts are
     * raised after the messages are stored, once per day of the batch: a process killed in between
     * leaves them short, never the messages ({@link #checkCounts} finds it). A sender's counts in a group are the message store's
     * own tally, kept in the same step as the write.
     */
    public Appended appendAll(Collection<ChatMessage> messages) {
        GroupLocks.Held held = writes.lock(groupsOf(messages, List.of()));
        try {
            List<ChatMessage> fresh = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            int duplicates = append(messages, fresh, ids);
            return new Appended(fresh.size(), duplicates, ids);
        } finally {
            held.release();
        }
    }

    /**
     * Reads one OneBot v11 event (a line of a log, the body of a POST, a WebSocket frame) and does
     * what it says, now, on the caller's thread: a group message is archived, a recall applied (or
     * kept until its message comes), anything else skipped. Idempotent: the same event again
     * changes nothing. For many events a second, {@link OneBotIngest} writes them in batches.
     *
     * @throws EventRefusedException when the text is not JSON or the event lacks or garbles a field; nothing is stored
     */
    public Accepted accept(String eventJson) {
        OneBotEvents.Event event = EventReader.read(Objects.requireNonNull(eventJson, "eventJson"));
        if (event instanceof OneBotEvents.Posted p) {
            return EventBatch.accepted(p, write(List.of(p.message()), List.of()).get(0));
        }
        if (event instanceof OneBotEvents.Recalled r) {
            return EventBatch.accepted(r, write(List.of(), List.of(r.recall())).get(0));
        }
        return Accepted.skipped(((OneBotEvents.Skipped) event).kind());
    }

    /**
     * Archives {@code messages}, then applies {@code recalls}, as one step of this process: the
     * outcome of each, messages first, in their order.
     */
    List<Accepted.Outcome> write(List<ChatMessage> messages, List<Recalls.Recall> recalls) {
        GroupLocks.Held held = writes.lock(groupsOf(messages, recalls));
        try {
            List<Accepted.Outcome> out = new ArrayList<>(messages.size() + recalls.size());
            if (!messages.isEmpty()) {
                List<ChatMessage> fresh = new ArrayList<>();
                append(messages, fresh, new ArrayList<>());
                Set<Key> added = new HashSet<>();
                fresh.forEach(m -> added.add(Key.of(m.groupId(), idOf(m))));
                for (ChatMessage m : messages) {
                    out.add(added.remove(Key.of(m.groupId(), idOf(m))) ? Accepted.Outcome.STORED : Accepted.Outcome.DUPLICATE);
                }
            }
            if (!recalls.isEmpty()) {
                out.addAll(Recalls.apply(placement, pending, recalls));
            }
            return out;
        } finally {
            held.release();
        }
    }

    /** The groups of {@code messages} and {@code recalls}, each once. */
    private static Set<String> groupsOf(Collection<ChatMessage> messages, Collection<Recalls.Recall> recalls) {
        Set<String> groups = new HashSet<>();
        for (ChatMessage m : messages) {
            groups.add(Objects.requireNonNull(m, "message").groupId());
        }
        for (Recalls.Recall r : recalls) {
            groups.add(Objects.requireNonNull(r, "recall").groupId());
        }
        return groups;
    }

    /**
     * Appends; the messages stored for the first time go to {@code fresh}, their ids to {@code ids};
     * returns the duplicates. A message is stored only if its key holds none, checked and written in
     * one step by the store ({@link Storage#insertAll}), so a redelivery, or the same message from
     * two processes, is stored once and never undoes a soft delete.
     */
    private int append(Collection<ChatMessage> messages, List<ChatMessage> fresh, List<String> ids) {
        Map<Storage<ChatMessage>, Set<Key>> seen = new IdentityHashMap<>();
        // each store's messages in arrival order, the order ArrivalOrder keeps within a second
        Map<Storage<ChatMessage>, List<ChatMessage>> arrived = new IdentityHashMap<>();
        int duplicates = 0;
        for (ChatMessage m : messages) {
            Storage<ChatMessage> store = placement.storeFor(Objects.requireNonNull(m, "message"));
            if (m.id() != null && !seen.computeIfAbsent(store, s -> new HashSet<>()).add(Key.of(m.groupId(), m.id()))) {
                duplicates++;
                continue;
            }
            arrived.computeIfAbsent(store, s -> new ArrayList<>()).add(m);
        }
        for (Map.Entry<Storage<ChatMessage>, List<ChatMessage>> e : arrived.entrySet()) {
            Storage<ChatMessage> store = e.getKey();
            List<ChatMessage> placed = arrival.place(store, e.getValue());
            List<Key> stored;
            try {
                senders.announce(placed);
                Recalls.Arriving arriving = Recalls.arriving(pending, placed);
                stored = store.insertAll(arriving.messages());
                if (!arriving.applied().isEmpty()) {
                    pending.deleteAll(arriving.applied());
                }
            } catch (RuntimeException failed) {
                arrival.forget(store, placed);
                throw failed;
            }
            // the keys stored are those of the messages sent, in order, each once: a message without id got the next one
            int next = 0;
            for (ChatMessage m : placed) {
                Key key = next < stored.size() ? stored.get(next) : null;
                if (key != null && (m.id() == null || key.equals(Key.of(m.groupId(), m.id())))) {
                    fresh.add(m);
                    ids.add(key.id());
                    next++;
                } else {
                    duplicates++;
                }
            }
        }
        tallies.count(fresh);
        return duplicates;
    }

    /** The visible message {@code messageId} of {@code groupId}. */
    public Optional<ChatMessage> find(String groupId, String messageId) {
        return findIncludingDeleted(groupId, messageId).filter(m -> !m.deleted());
    }

    /** The message {@code messageId} of {@code groupId}, soft-deleted or not (audits). */
    public Optional<ChatMessage> findIncludingDeleted(String groupId, String messageId) {
        return locate(groupId, messageId, Long.MIN_VALUE).map(l -> l.found().value());
    }

    /** One page of the messages a query names, in its order, in O(log n + limit). */
    public Page<ChatMessage> list(ChatQuery query) {
        return walk.page(query, m -> true);
    }

    /** Every message a query names, page by page in constant memory; the query's limit is the page size. Close the stream. */
    public Stream<ChatMessage> stream(ChatQuery query) {
        return walk.stream(query);
    }

    /** The newest {@code n} visible messages of a group, newest first; the cursor scrolls further back. */
    public Page<ChatMessage> latest(String groupId, int n) {
        return list(ChatQuery.group(groupId).newestFirst().limit(n));
    }

    /**
     * The {@code n} visible messages sent just before {@code messageId}, newest first: the page a
     * chat window scrolls back to. One load, then one range of the time index from the message's
     * (time, id) position. Continue with {@code ChatQuery.group(groupId).newestFirst().after(next)}.
     *
     * @throws NoSuchElementException when the group has no such message
     */
    public Page<ChatMessage> before(String groupId, String messageId, int n) {
        ChatMessage anchor = findIncludingDeleted(groupId, messageId).orElseThrow(() ->
                new NoSuchElementException("group " + groupId + " has no message " + messageId));
        long t = anchor.timestamp();
        ChatQuery q = ChatQuery.group(groupId).betweenMillis(Long.MIN_VALUE, t == Long.MAX_VALUE ? t : t + 1).newestFirst().limit(n);
        // the index orders by (time, id): of messages in the same millisecond, only smaller ids come before
        return walk.page(q, m -> m.timestamp() < t || idOf(m).compareTo(messageId) < 0);
    }

    /**
     * The groups {@code senderId} spoke in, the group they spoke in most recently first, each with
     * the timestamps of their first and last message there and how many the group holds: one
     * range of the senders' store, then one {@link Storage#tally} per group (and month, for a
     * monthly archive), however many groups the archive holds.
     */
    public List<SenderGroup> groupsOf(String senderId) {
        return senders.groupsOf(Objects.requireNonNull(senderId, "senderId"), placement);
    }

    /**
     * Every visible message {@code senderId} sent in {@code [from, to)}, across their groups, in
     * time order (then by group and id): one sender-indexed range per group of theirs whose first
     * and last messages meet the range, merged a page at a time in constant memory per group. Close
     * the stream.
     */
    public Stream<ChatMessage> messagesOf(String senderId, Instant from, Instant to) {
        Objects.requireNonNull(senderId, "senderId");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("the range runs backwards: " + from + " > " + to);
        }
        return senders.messagesOf(senderId, from.toEpochMilli(), to.toEpochMilli(), placement, walk::stream);
    }

    /** Soft-deletes a message if the {@link DeletePolicy} allows {@code actor}; the audit records who and when. */
    public DeleteOutcome delete(String groupId, String messageId, Actor actor) {
        Objects.requireNonNull(actor, "actor");
        Optional<Placement.Located> at = locate(groupId, messageId, Long.MIN_VALUE);
        if (at.isEmpty()) {
            return DeleteOutcome.NOT_FOUND;
        }
        long now = clock.millis();
        // the change may run again when a concurrent edit got in first: the outcome is that of its last run
        DeleteOutcome[] outcome = {DeleteOutcome.NOT_FOUND};
        Optional<ChatMessage> after = at.get().store().update(Key.of(groupId, messageId), m -> {
            if (m.deleted()) {
                outcome[0] = DeleteOutcome.ALREADY_DELETED;
                return m;
            }
            if (!policy.allows(actor, m)) {
                outcome[0] = DeleteOutcome.REFUSED;
                return m;
            }
            outcome[0] = DeleteOutcome.DELETED;
            return m.asDeleted(now, actor.userId());
        });
        return after.isEmpty() ? DeleteOutcome.NOT_FOUND : outcome[0];
    }

    /** The daily counts of a group from {@code first} to {@code last}, both included, in the archive's zone; days without messages are absent. */
    public List<DailyCount> dailyCounts(String groupId, LocalDate first, LocalDate last) {
        if (last.isBefore(first)) {
            throw new IllegalArgumentException("the days run backwards: " + first + " > " + last);
        }
        return tallies.days(groupId, first, last);
    }

    /** Recounts one day of a group by walking its messages (deleted ones included) and stores the count; returns it. */
    public long recount(String groupId, LocalDate day) {
        ChatQuery q = ChatQuery.group(groupId).betweenMillis(tallies.startOf(day), tallies.startOf(day.plusDays(1)))
                .includeDeleted().limit(1000);
        long count;
        try (Stream<ChatMessage> all = stream(q)) {
            count = all.count();
        }
        tallies.set(groupId, day, count);
        return count;
    }

    /**
     * A group's messages against its daily counts: what its stores hold, soft-deleted messages
     * included (their own tallies of the type index, kept in the same step as each write), and what
     * its counts add up to. The counts are raised after each batch is stored, so a process killed or
     * cut off from its storage in between leaves them {@linkplain GroupCount#isShort short};
     * {@link #recountGroup} makes them exact again. Reads one tally per message type and store of the
     * group, then the group's counts.
     */
    public GroupCount checkCounts(String groupId) {
        Objects.requireNonNull(groupId, "groupId");
        long stored = 0;
        // the stores first: a batch being written meanwhile is then at most counted before it is seen stored
        for (Storage<ChatMessage> store : placement.candidates(groupId, Long.MIN_VALUE)) {
            for (MessageType type : MessageType.values()) {
                stored += store.tally(groupId, ArchiveSpecs.TYPE, type.name()).map(TermTally::count).orElse(0L);
            }
        }
        return new GroupCount(groupId, stored, tallies.total(groupId));
    }

    /**
     * Counts every day of one group again by walking its messages (deleted ones included), and makes
     * the group's daily counts say so: what a group whose counts {@link #checkCounts} finds short
     * needs. Writes of the group by this process wait meanwhile; other processes should not append to
     * it. Like {@link #rebuildCounts}, it counts the messages kept: days whose messages retention
     * dropped count what is left of them. Returns the messages counted.
     */
    public long recountGroup(String groupId) {
        GroupLocks.Held held = writes.lock(Set.of(Objects.requireNonNull(groupId, "groupId")));
        try {
            Tallies.Recount days = tallies.recount(groupId);
            long seen = 0;
            try (Stream<ChatMessage> all = stream(ChatQuery.group(groupId).includeDeleted().limit(1000))) {
                for (Iterator<ChatMessage> it = all.iterator(); it.hasNext(); seen++) {
                    days.see(it.next());
                }
            }
            days.store();
            return seen;
        } finally {
            held.release();
        }
    }

    /** Every group with archived messages (a walk of the counts store: as many rows as group-days). */
    public Set<String> groups() {
        return tallies.groups();
    }

    /** The store name. */
    public String name() {
        return name;
    }

    /** How long messages are kept. */
    public ChatRetention retention() {
        return retention;
    }

    /** The zone days are counted in. */
    public ZoneId zone() {
        return tallies.zone();
    }

    /**
     * Applies recalls reported by the chat source; a recall of a message not archived yet waits
     * for it, for at most the {@linkplain #pendingRecallAge() pending-recall age} (see {@link Recalls}).
     */
    public Recalls.Result recallAll(List<Recalls.Recall> recalls) {
        GroupLocks.Held held = writes.lock(groupsOf(List.of(), recalls));
        try {
            return Recalls.count(Recalls.apply(placement, pending, recalls));
        } finally {
            held.release();
        }
    }

    /**
     * How long a recall whose message is not archived waits for it (from its last report), or
     * what the declared {@code <name>.recalls} store says when the Larder declares one.
     */
    public Duration pendingRecallAge() {
        return pendingRecallAge;
    }

    /**
     * The declarations of every store this archive keeps: its messages (a monthly archive: each
     * month some group has messages in), its daily counts and month marks, the recalls waiting for
     * their message, and each sender's groups. What a copy of the archive must copy, in that order.
     */
    public List<StoreSpec<?>> stores() {
        List<StoreSpec<?>> out = new ArrayList<>();
        placement.stores().forEach(s -> out.add(s.spec()));
        out.add(tallies.spec());
        out.add(pending.spec());
        out.add(senders.spec());
        return out;
    }

    /**
     * Counts every message again, soft-deleted ones included, and makes the daily counts and the
     * senders' groups say so: for an archive whose counts were lost, never copied, or left short by
     * a process killed between storing a batch and counting it. Walks every message once; run it
     * while nothing appends. Returns the messages counted.
     */
    public long rebuildCounts() {
        Tallies.Recount days = tallies.recount();
        Senders.Recount spoke = senders.recount();
        long seen = 0;
        for (Storage<ChatMessage> messages : placement.stores()) {
            try (Stream<ChatMessage> all = messages.scan(Query.all().limit(1000))) {
                for (Iterator<ChatMessage> it = all.iterator(); it.hasNext(); seen++) {
                    ChatMessage m = it.next();
                    days.see(m);
                    spoke.see(m);
                }
            }
        }
        days.store();
        spoke.store();
        return seen;
    }

    private Optional<Placement.Located> locate(String groupId, String messageId, long hintMillis) {
        return Placement.locate(placement, groupId, messageId, hintMillis);
    }

    /** The id of a message read from a store or from a OneBot event: both always carry one. */
    private static String idOf(ChatMessage m) {
        return Objects.requireNonNull(m.id(), "a stored or received message has an id");
    }

    /** Builds a {@link ChatArchive}; each setting once. Not thread-safe. */
    public static final class Builder {
        private final Larder larder;
        private @Nullable String name;
        private @Nullable ChatRetention retention;
        private @Nullable ZoneId zone;
        private @Nullable Clock clock;
        private @Nullable DeletePolicy policy;
        private @Nullable Duration pendingRecallAge;

        private Builder(Larder larder) {
            this.larder = Objects.requireNonNull(larder, "larder");
        }

        /** The message store's name ({@value ChatArchive#DEFAULT_NAME} by default). */
        public Builder name(String value) {
            name = once(name, value, "name");
            return this;
        }

        /** How long messages are kept (by default what a declared store says, else forever). */
        public Builder retention(ChatRetention value) {
            retention = once(retention, value, "retention");
            return this;
        }

        /** The zone days are counted in ({@code Asia/Shanghai} by default). */
        public Builder zone(ZoneId value) {
            zone = once(zone, value, "zone");
            return this;
        }

        /** The clock of deletion audits (the system's by default; give the Larder's in tests). */
        public Builder clock(Clock value) {
            clock = once(clock, value, "clock");
            return this;
        }

        /** Who may delete (by default the sender or a moderator). */
        public Builder deletePolicy(DeletePolicy value) {
            policy = once(policy, value, "delete policy");
            return this;
        }

        /**
         * How long a recall that arrives before its message is kept waiting for it, from the last
         * time it was reported ({@code 30 days} by default): long enough for logs imported out of
         * order, bounded so recalls of messages never archived do not pile up. Must be positive.
         */
        public Builder pendingRecallAge(Duration value) {
            if (value != null && (value.isZero() || value.isNegative())) {
                throw new IllegalArgumentException("pending recall age must be positive: " + value);
            }
            pendingRecallAge = once(pendingRecallAge, value, "pending recall age");
            return this;
        }

        /**
         * The archive. A store the Larder declares under the name (from YAML) is used when it fits
         * (partition, time, indexes, expiry as {@link ChatArchive#spec} says); else it is opened from
         * {@link ChatArchive#spec}.
         *
         * @throws io.larder.ConfigurationException when a declared store does not fit
         */
        public ChatArchive build() {
            name = name == null ? DEFAULT_NAME : name;
            zone = zone == null ? DEFAULT_ZONE : zone;
            clock = clock == null ? Clock.systemUTC() : clock;
            policy = policy == null ? DeletePolicy.senderOrModerator() : policy;
            StoreSpec<ChatMessage> template;
            Storage<ChatMessage> base = null;
            if (larder.storeNames().contains(name)) {
                base = larder.store(name, ChatMessage.class);
                template = base.spec();
                retention = retention == null ? ArchiveSpecs.modeOf(template) : retention;
                ArchiveSpecs.check(template, retention instanceof ChatRetention.Forever ? ChatRetention.forever() : retention);
            } else {
                retention = retention == null ? ChatRetention.forever() : retention;
                template = ArchiveSpecs.messages(name, retention);
            }
            String countsName = name + ArchiveSpecs.COUNTS_SUFFIX;
            Storage<Tally> counts = larder.storeNames().contains(countsName)
                    ? larder.store(countsName, Tally.class) : larder.store(ArchiveSpecs.counts(name));
            Tallies tallies = new Tallies(counts, zone);
            String recallsName = name + ArchiveSpecs.RECALLS_SUFFIX;
            pendingRecallAge = pendingRecallAge == null ? DEFAULT_PENDING_RECALL_AGE : pendingRecallAge;
            Storage<Recalls.Recall> pending = larder.storeNames().contains(recallsName)
                    ? larder.store(recallsName, Recalls.Recall.class)
                    : larder.store(ArchiveSpecs.recalls(name, pendingRecallAge));
            if (pending.spec().expiry().orElse(Expiry.none()) instanceof Expiry.Absolute a) {
                pendingRecallAge = a.duration();
            }
            String sendersName = name + ArchiveSpecs.SENDERS_SUFFIX;
            Senders senders = new Senders(larder.storeNames().contains(sendersName)
                    ? larder.store(sendersName, SenderGroup.class) : larder.store(ArchiveSpecs.senders(name)));
            Placement placement;
            if (retention instanceof ChatRetention.Forever f && f.monthly()) {
                placement = new MonthPlacement(larder, template, tallies);
            } else {
                placement = new SinglePlacement(base != null ? base : larder.store(template));
            }
            ShardWalk walk = new ShardWalk(placement, template.partitionField().orElseThrow(),
                    ArchiveSpecs.indexOf(template, ArchiveSpecs.SENDER), ArchiveSpecs.indexOf(template, ArchiveSpecs.TYPE));
            return new ChatArchive(this, placement, tallies, senders, pending, walk, retention);
        }
    }
}
