package io.larder.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.ConfigurationException;
import io.larder.Larder;
import io.larder.Page;
import io.larder.Query;
import io.larder.Storage;
import io.larder.StoreSpec;
import io.larder.chat.Accepted;
import io.larder.chat.ChatArchive;
import io.larder.chat.ChatExporter;
import io.larder.chat.ChatMessage;
import io.larder.chat.ChatQuery;
import io.larder.chat.ChatRetention;
import io.larder.chat.DailyCount;
import io.larder.chat.ExportFormat;
import io.larder.chat.GroupCount;
import io.larder.chat.ImportReport;
import io.larder.chat.MessageType;
import io.larder.chat.OneBotImporter;
import io.larder.chat.OneBotIngest;
import io.larder.chat.PromptRenderer;
import io.larder.chat.Recalls;
import io.larder.chat.SenderGroup;
import io.larder.chat.SenderRole;
import io.larder.testkit.TestClock;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every behaviour of {@link ChatArchive}, specified once and run over each adapter: extend it
 * and give a Larder builder over an empty backend. Behaviours that do not depend on where a
 * group's messages lie run over both placements (one store, one store per month).
 */
public abstract class ChatArchiveContract {
    /** A group used throughout. */
    protected static final String GROUP = "100200300";
    private static final long T = TestClock.START.toEpochMilli();
    private static final long DAY = Duration.ofDays(1).toMillis();

    /** The test's clock; the Larder and the archive run on it. */
    protected TestClock clock;
    /** The test's Larder. */
    protected Larder larder;

    /**
     * A Larder builder whose backend is set and empty (or isolated by a fresh key prefix); the
     * contract sets the clock, the sweep interval and any declared stores.
     */
    protected abstract Larder.Builder newLarder();

    @BeforeEach
    void openLarder() {
        clock = TestClock.virtual();
        larder = newLarder().clock(clock).sweepEvery(Duration.ZERO).build();
    }

    @AfterEach
    void closeLarder() {
        if (larder != null) {
            larder.close();
        }
    }

    static Stream<ChatRetention> placements() {
        return Stream.of(ChatRetention.forever(), ChatRetention.foreverByMonth());
    }

    private ChatArchive archive(ChatRetention retention) {
        return ChatArchive.builder(larder).retention(retention).clock(clock).build();
    }

    /** Message {@code n} of a group, sent by user {@code 1 + n % 3}, a week apart so they span months. */
    private static ChatMessage weekly(String group, int n) {
        return message(group, "m" + (100 + n), Integer.toString(1 + n % 3), T - 60 * DAY + n * 7 * DAY);
    }

    private static ChatMessage message(String group, String id, String sender, long at) {
        return ChatMessage.builder(group, sender).id(id).senderName("user" + sender).content("text of " + id)
                .timestamp(at).build();
    }

    private static List<ChatMessage> weeks(int count) {
        List<ChatMessage> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(weekly(GROUP, i));
        }
        return out;
    }

    private static List<String> ids(List<ChatMessage> messages) {
        return messages.stream().map(ChatMessage::id).toList();
    }

    private static List<String> ids(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; from <= to ? i <= to : i >= to; i += from <= to ? 1 : -1) {
            out.add("m" + (100 + i));
        }
        return out;
    }

    private static List<String> walk(ChatArchive archive, ChatQuery q) {
        List<String> seen = new ArrayList<>();
        Page<ChatMessage> page = archive.list(q);
        seen.addAll(ids(page.items()));
        while (page.hasNext()) {
            page = archive.list(q.after(page.next().orElseThrow()));
            seen.addAll(ids(page.items()));
        }
        return seen;
    }

    // ---- appending

    @ParameterizedTest(name = "{0}")
    @MethodSource("placements")
    void anAppendedMessageIsFoundByGroupAndId(ChatRetention placement) {
        ChatArchive archive = archive(placement);
        ChatMessage m = weekly(GROUP, 3);
        assertThat(archive.append(m).added()).isEqualTo(1);
        assertThat(archive.find(GROUP, "m103")).contains(m);
        assertThat(archive.find(GROUP, "m999")).isEmpty();
        assertThat(archive.find("other", "m103")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("placements")
    void appendingTheSameMessagesAgainStoresThemOnce(ChatRetention placement) {
        ChatArchive archive = archive(placement);
        List<ChatMessage> all = weeks(3);
        assertThat(archive.appendAll(all.subList(0, 2))).isEqualTo(new ChatArchive.Appended(2, 0, List.of("m100", "m101")));
        ChatArchive.Appended again = archive.appendAll(all);
        assertThat(again.added()).isEqualTo(1);
        assertThat(again.duplicates()).isEqualTo(2);
        assertThat(again.ids()).containsExactly("m102");
        assertThat(walk(archive, ChatQuery.group(GROUP))).containsExactly("m100", "m101", "m102");
    }

    @Test
    void aMessageRepeatedInOneBatchIsStoredOnce() {
        ChatArchive archive = archive(ChatRetention.forever());
        ChatArchive.Appended a = archive.appendAll(List.of(weekly(GROUP, 1), weekly(GROUP, 1)));
        assertThat(a.added()).isEqualTo(1);
        assertThat(a.duplicates()).isEqualTo(1);
    }

    @Test
    void theSameIdInTwoGroupsNamesTwoMessages() {
        ChatArchive archive = archive(ChatRetention.forever());
        archive.appendAll(List.of(weekly("g1", 1), weekly("g2", 1)));
        assertThat(archive.find("g1", "m101").orElseThrow().groupId()).isEqualTo("g1");
        assertThat(archive.find("g2", "m101").orElseThrow().groupId()).isEqualTo("g2");
    }

    @Test
    void aMessageWithoutIdIsGivenOne() {
        ChatArchive archive = archive(ChatRetention.forever());
        ChatMessage unnamed = ChatMessage.builder(GROUP, "7").content("hi").timestamp(T).build();
        ChatArchive.Appended a = archive.append(unnamed);
        assertThat(a.ids()).hasSize(1);
        assertThat(archive.find(GROUP, a.ids().get(0)).orElseThrow().content()).isEqualTo("hi");
    }

    // ---- reading

    @ParameterizedTest(name = "{0}")
    @MethodSource("placements")
    void aRangeIsHalfOpenAndReadsInEitherOrder(ChatRetention placement) {
        ChatArchive archive = archive(placement);
        archive.appendAll(weeks(10));
        ChatQuery q = ChatQuery.group(GROUP).betweenMillis(weekly(GROUP, 2).timestamp(), weekly(GROUP, 7).timestamp());
        assertThat(ids(archive.list(q).items())).isEqualTo(ids(2, 6));
        assertThat(ids(archive.list(q.newestFirst()).items())).isEqualTo(ids(6, 2));
        assertThat(archive.list(ChatQuery.group("silent")).items()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("placements")
    void cursorsWalkAGroupWithoutGapsOrRepeats(ChatRetention placement) {
        ChatArchive archive = archive(placement);
        archive.appendAll(weeks(25));
        assertThat(walk(archive, ChatQuery.group(GROUP).limit(7))).isEqualTo(ids(0, 24));
        assertThat(walk(archive, ChatQuery.group(GROUP).newestFirst().limit(4))).isEqualTo(ids(24, 0));
        try (Stream<ChatMessage> all = archive.stream(ChatQuery.group(GROUP).limit(3))) {
            assertThat(ids(all.toList())).isEqualTo(ids(0, 24));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("placements")
    void latestGivesTheNewestMessagesFirst(ChatRetention placement) {
        ChatArchive archive = archive(placement);
        archive.appendAll(weeks(10));
        Page<ChatMessage> latest = archive.latest(GROUP, 3);
        assertThat(ids(latest.items())).isEqualTo(ids(9, 7));
        assertThat(latest.hasNext()).isTrue();
        assertThat(ids(archive.list(ChatQuery.group(GROUP).newestFirst().limit(3).after(latest.next().orElseThrow())).items()))
                .isEqualTo(ids(6, 4));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("placements")
    void beforeGivesThePageAChatWindowScrollsBackTo(ChatRetention placement) {
        ChatArchive archive = archive(placement);
        archive.appendAll(weeks(10));
        long tie = weekly(GROUP, 5).timestamp();
        archive.appendAll(List.of(message(GROUP, "m105a", "1", tie), message(GROUP, "m105b", "2", tie)));
        Page<ChatMessage> older = archive.before(GROUP, "m105a", 3);
        assertThat(ids(older.items())).containsExactly("m105", "m104", "m103");
        Page<ChatMessage> further = archive.list(ChatQuery.group(GROUP).newestFirst().limit(10).after(older.next().orElseThrow()));
        assertThat(ids(further.items())).isEqualTo(ids(2, 0));
        assertThat(ids(archive.before(GROUP, "m105b", 2).items())).containsExactly("m105a", "m105");
        assertThat(archive.before(GROUP, "m100", 5).items()).isEmpty();
        assertThatThrownBy(() -> archive.before(GROUP, "nope", 5)).isInstanceOf(NoSuchElementException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("placements")
    void messagesAreFoundBySenderAndByType(ChatRetention placement) {
        ChatArchive archive = archive(placement);
        archive.appendAll(weeks(9));
        archive.append(ChatMessage.builder(GROUP, "2").id("pic").type(MessageType.IMAGE).content("[图片]")
                .attachment(new ChatMessage.Attachment(MessageType.IMAGE, "https://x/1.jpg", "1.jpg", 10)).timestamp(T).build());
        assertThat(walk(archive, ChatQuery.group(GROUP).sender("2"))).containsExactly("m101", "m104", "m107", "pic");
        assertThat(walk(archive, ChatQuery.group(GROUP).type(MessageType.IMAGE))).containsExactly("pic");
        assertThat(walk(archive, ChatQuery.group(GROUP).sender("1").type(MessageType.IMAGE))).isEmpty();
        assertThat(walk(archive, ChatQuery.group(GROUP).sender("2").type(MessageType.TEXT).newestFirst().limit(1)))
                .containsExactly("m107", "m104", "m101");
    }

    // ---- deleting

    @Test
    void theSenderMayDeleteTheirMessageWhichThenHidesWithItsAudit() {
        ChatArchive archive = archive(ChatRetention.forever());
        archive.appendAll(weeks(3));
        clock.advance(Duration.ofMinutes(5));
        assertThat(archive.delete(GROUP, "m101", new ChatArchive.Actor("2", SenderRole.MEMBER)))
                .isEqualTo(ChatArchive.DeleteOutcome.DELETED);
        assertThat(archive.find(GROUP, "m101")).isEmpty();
        assertThat(walk(archive, ChatQuery.group(GROUP))).containsExactly("m100", "m102");
        ChatMessage audit = archive.findIncludingDeleted(GROUP, "m101").orElseThrow();
        assertThat(audit.deleted()).isTrue();
        assertThat(audit.deletedAt()).isEqualTo(clock.millis());
        assertThat(audit.deletedBy()).isEqualTo("2");
        assertThat(audit.content()).isEqualTo("text of m101");
        assertThat(walk(archive, ChatQuery.group(GROUP).includeDeleted())).containsExactly("m100", "m101", "m102");
    }

    @Test
    void aModeratorMayDeleteAnyonesMessageAndAMemberMayNot() {
        ChatArchive archive = archive(ChatRetention.forever());
        archive.appendAll(weeks(3));
        assertThat(archive.delete(GROUP, "m100", new ChatArchive.Actor("3", SenderRole.MEMBER)))
                .isEqualTo(ChatArchive.DeleteOutcome.REFUSED);
        assertThat(archive.find(GROUP, "m100")).isPresent();
        assertThat(archive.delete(GROUP, "m100", new ChatArchive.Actor("9", SenderRole.ADMIN)))
                .isEqualTo(ChatArchive.DeleteOutcome.DELETED);
        assertThat(archive.delete(GROUP, "m101", new ChatArchive.Actor("8", SenderRole.OWNER)))
                .isEqualTo(ChatArchive.DeleteOutcome.DELETED);
        assertThat(archive.delete(GROUP, "m404", new ChatArchive.Actor("8", SenderRole.OWNER)))
                .isEqualTo(ChatArchive.DeleteOutcome.NOT_FOUND);
    }

    @Test
    void deletingTwiceKeepsTheFirstAudit() {
        ChatArchive archive = archive(ChatRetention.forever());
        archive.append(weekly(GROUP, 1));
        long first = clock.millis();
        archive.delete(GROUP, "m101", new ChatArchive.Actor("2", SenderRole.MEMBER));
        clock.advance(Duration.ofHours(1));
        assertThat(archive.delete(GROUP, "m101", new ChatArchive.Actor("9", SenderRole.ADMIN)))
                .isEqualTo(ChatArchive.DeleteOutcome.ALREADY_DELETED);
        ChatMessage audit = archive.findIncludingDeleted(GROUP, "m101").orElseThrow();
        assertThat(audit.deletedAt()).isEqualTo(first);
        assertThat(audit.deletedBy()).isEqualTo("2");
    }

    @Test
    void aDeletePolicyDecidesWhoMayDelete() {
        ChatArchive archive = ChatArchive.builder(larder).clock(clock)
                .deletePolicy((actor, m) -> actor.role() == SenderRole.OWNER).build();
        archive.append(weekly(GROUP, 1));
        assertThat(archive.delete(GROUP, "m101", new ChatArchive.Actor("2", SenderRole.MEMBER)))
                .isEqualTo(ChatArchive.DeleteOutcome.REFUSED);
        assertThat(archive.delete(GROUP, "m101", new ChatArchive.Actor("1", SenderRole.OWNER)))
                .isEqualTo(ChatArchive.DeleteOutcome.DELETED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("placements")
    void aPageStepsOverDeletedMessagesAndStaysFull(ChatRetention placement) {
        ChatArchive archive = archive(placement);
        archive.appendAll(weeks(10));
        ChatArchive.Actor admin = new ChatArchive.Actor("9", SenderRole.ADMIN);
        for (String id : List.of("m102", "m103", "m104", "m109")) {
            archive.delete(GROUP, id, admin);
        }
        Page<ChatMessage> first = archive.list(ChatQuery.group(GROUP).limit(3));
        assertThat(ids(first.items())).containsExactly("m100", "m101", "m105");
        assertThat(walk(archive, ChatQuery.group(GROUP).limit(3))).containsExactly("m100", "m101", "m105", "m106", "m107", "m108");
        assertThat(ids(archive.latest(GROUP, 2).items())).containsExactly("m108", "m107");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("placements")
    void aRedeliveryDoesNotUndoADelete(ChatRetention placement) {
        ChatArchive archive = archive(placement);
        archive.append(weekly(GROUP, 4));
        archive.delete(GROUP, "m104", new ChatArchive.Actor("2", SenderRole.MEMBER));
        assertThat(archive.append(weekly(GROUP, 4)).duplicates()).isEqualTo(1);
        assertThat(archive.find(GROUP, "m104")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("placements")
    void recallsFromTheSourceDeleteInTheOperatorsName(ChatRetention placement) {
        ChatArchive archive = archive(placement);
        archive.appendAll(weeks(6));
        long recallTime = weekly(GROUP, 2).timestamp() + 60_000;
        Recalls.Result r = archive.recallAll(List.of(
                new Recalls.Recall(GROUP, "m102", "3", recallTime),
                new Recalls.Recall(GROUP, "m102", "1", recallTime + 1),
                new Recalls.Recall(GROUP, "m404", "1", recallTime)));
        assertThat(r).isEqualTo(new Recalls.Result(1, 1, 1));
        ChatMessage audit = archive.findIncludingDeleted(GROUP, "m102").orElseThrow();
        assertThat(audit.deletedAt()).isEqualTo(recallTime);
        assertThat(audit.deletedBy()).isEqualTo("3");
        assertThat(archive.find(GROUP, "m102")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("placements")
    void aRecallThatArrivesBeforeItsMessageDeletesItWhenItArrives(ChatRetention placement) {
        ChatArchive archive = archive(placement);
        long recallTime = weekly(GROUP, 2).timestamp() + 60_000;
        assertThat(archive.recallAll(List.of(new Recalls.Recall(GROUP, "m102", "3", recallTime))))
                .isEqualTo(new Recalls.Result(0, 0, 1));

        ChatArchive.Appended a = archive.appendAll(weeks(4));

        assertThat(a.added()).isEqualTo(4);
        assertThat(archive.find(GROUP, "m102")).isEmpty();
        ChatMessage audit = archive.findIncludingDeleted(GROUP, "m102").orElseThrow();
        assertThat(audit.deletedAt()).isEqualTo(recallTime);
        assertThat(audit.deletedBy()).isEqualTo("3");
        assertThat(walk(archive, ChatQuery.group(GROUP))).containsExactly("m100", "m101", "m103");
        archive.delete(GROUP, "m103", new ChatArchive.Actor("1", SenderRole.MEMBER));
        assertThat(archive.appendAll(List.of(weekly(GROUP, 2))).duplicates()).isEqualTo(1);
        assertThat(archive.findIncludingDeleted(GROUP, "m102").orElseThrow().deletedBy()).isEqualTo("3");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("placements")
    void theArchiveNamesEveryStoreItKeeps(ChatRetention placement) {
        ChatArchive archive = archive(placement);
        archive.appendAll(weeks(12));
        archive.recallAll(List.of(new Recalls.Recall(GROUP, "m999", "1", T)));
        List<String> names = archive.stores().stream().map(StoreSpec::name).toList();
        if (placement.equals(ChatRetention.foreverByMonth())) {
            assertThat(names).containsExactly("chat.m202609", "chat.m202610", "chat.m202611", "chat.m202612",
                    "chat.counts", "chat.recalls", "chat.senders");
        } else {
            assertThat(names).containsExactly("chat", "chat.counts", "chat.recalls", "chat.senders");
        }
    }

    @Test
    void countsLostOrNeverWrittenAreRebuiltFromTheMessages() {
        Storage<ChatMessage> messages = larder.store(ChatArchive.spec(ChatRetention.forever()));
        List<ChatMessage> all = new ArrayList<>(weeks(6));
        all.add(weekly("other", 1));
        messages.saveAll(all);                      // as a copy of the messages alone would leave them
        ChatArchive archive = archive(ChatRetention.forever());
        assertThat(archive.groups()).isEmpty();
        archive.delete(GROUP, "m101", new ChatArchive.Actor("2", SenderRole.MEMBER));

        assertThat(archive.rebuildCounts()).isEqualTo(7);

        assertThat(archive.groups()).containsExactlyInAnyOrder(GROUP, "other");
        List<DailyCount> days = archive.dailyCounts(GROUP, LocalDate.of(2026, 1, 1), LocalDate.of(2027, 12, 31));
        assertThat(days).hasSize(6).allSatisfy(d -> assertThat(d.messages()).isEqualTo(1));
        assertThat(archive.groupsOf("2")).as("the senders' groups are rebuilt too")
                .extracting(SenderGroup::groupId, SenderGroup::messages).containsExactlyInAnyOrder(tuple(GROUP, 2L), tuple("other", 1L));
        archive.appendAll(List.of(message(GROUP, "late", "1", weekly(GROUP, 0).timestamp() + 1)));
        assertThat(archive.rebuildCounts()).isEqualTo(8);
        assertThat(archive.dailyCounts(GROUP, LocalDate.of(2026, 1, 1), LocalDate.of(2027, 12, 31)))
                .extracting(DailyCount::messages).containsExactly(2L, 1L, 1L, 1L, 1L, 1L);
        assertThat(archive.groupsOf("1")).as("counted once, not again on top of what the append counted")
                .extracting(SenderGroup::groupId, SenderGroup::messages).containsExactly(tuple(GROUP, 3L));
    }

    // ---- retention

    @Test
    void keepNewestKeepsTheNewestMessagesOfEachGroup() {
        ChatArchive archive = archive(ChatRetention.keepNewest(3));
        archive.appendAll(weeks(5));
        archive.appendAll(List.of(weekly("other", 1), weekly("other", 2)));
        assertThat(walk(archive, ChatQuery.group(GROUP))).isEqualTo(ids(2, 4));
        assertThat(walk(archive, ChatQuery.group("other"))).containsExactly("m101", "m102");
    }

    @Test
    void expireAfterDropsMessagesOnceTheirTimeIsUp() {
        if (expiresByTheServersClock()) {
            expireAfterOnTheRealClock();
            return;
        }
        ChatArchive archive = archive(ChatRetention.expireAfter(Duration.ofHours(1)));
        archive.appendAll(weeks(2));
        clock.advance(Duration.ofMinutes(30));
        archive.append(weekly(GROUP, 2));
        assertThat(walk(archive, ChatQuery.group(GROUP))).isEqualTo(ids(0, 2));
        clock.advance(Duration.ofMinutes(31));
        assertThat(walk(archive, ChatQuery.group(GROUP))).containsExactly("m102");
        assertThat(archive.find(GROUP, "m100")).isEmpty();
    }

    /**
     * Whether the backend expires records by its server's own clock (Redis), which the contract's
     * virtual clock cannot move: expiry behaviours then run on the real clock, in seconds.
     */
    protected boolean expiresByTheServersClock() {
        return false;
    }

    /**
     * {@link #expireAfterDropsMessagesOnceTheirTimeIsUp} on the real clock: two messages written,
     * a third 2.5 s later, all expiring 4 s after their write. What a stalled machine could make
     * untrue (the messages still there before their time) is checked only while it holds.
     */
    private void expireAfterOnTheRealClock() {
        try (Larder real = newLarder().sweepEvery(Duration.ZERO).build()) {
            ChatArchive archive = ChatArchive.builder(real).retention(ChatRetention.expireAfter(Duration.ofSeconds(4))).build();
            long first = System.currentTimeMillis();
            archive.appendAll(weeks(2));
            long written = System.currentTimeMillis(); // no message was written later: a loaded machine may write slowly
            pause(first + 2500);
            long third = System.currentTimeMillis();
            archive.append(weekly(GROUP, 2));
            if (System.currentTimeMillis() < first + 3500) {
                assertThat(walk(archive, ChatQuery.group(GROUP))).isEqualTo(ids(0, 2));
            }
            pause(Math.max(first, written) + 4100);
            List<String> left = walk(archive, ChatQuery.group(GROUP));
            assertThat(left).doesNotContain("m100", "m101");
            if (System.currentTimeMillis() < third + 3500) {
                assertThat(left).containsExactly("m102");
            }
            assertThat(archive.find(GROUP, "m100")).isEmpty();
        }
    }

    private static void pause(long untilMillis) {
        try {
            long wait = untilMillis - System.currentTimeMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for expiry", e);
        }
    }

    @Test
    void aMonthlyArchiveKeepsEachMonthInItsOwnStore() {
        ChatArchive archive = archive(ChatRetention.foreverByMonth());
        archive.appendAll(weeks(12));
        Storage<ChatMessage> november = larder.store(monthStore(ChatRetention.foreverByMonth(), "2026-11"), ChatMessage.class);
        List<ChatMessage> stored = november.list(Query.in("group_id", GROUP).limit(100)).items();
        assertThat(stored).isNotEmpty().allSatisfy(m -> assertThat(Instant.ofEpochMilli(m.timestamp()).toString()).startsWith("2026-11"));
        long inNovember = weeks(12).stream().filter(m -> Instant.ofEpochMilli(m.timestamp()).toString().startsWith("2026-11")).count();
        assertThat(stored).hasSize((int) inNovember);
        ChatQuery december = ChatQuery.group(GROUP).between(Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(archive.list(december).items()).allSatisfy(m -> assertThat(Instant.ofEpochMilli(m.timestamp()).toString()).startsWith("2026-12"));
    }

    // ---- counts

    @Test
    void dailyCountsCountEachMessageOnceOnItsDayInTheArchiveZone() {
        ChatArchive archive = archive(ChatRetention.forever());
        assertThat(archive.zone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        long lateOn21st = Instant.parse("2026-11-21T15:30:00Z").toEpochMilli(); // 23:30 in Shanghai
        long earlyOn22nd = Instant.parse("2026-11-21T16:30:00Z").toEpochMilli(); // 00:30 the next day
        archive.appendAll(List.of(message(GROUP, "a", "1", lateOn21st), message(GROUP, "b", "1", earlyOn22nd),
                message(GROUP, "c", "2", earlyOn22nd + 1000)));
        archive.appendAll(List.of(message(GROUP, "c", "2", earlyOn22nd + 1000), message("other", "a", "1", lateOn21st)));
        archive.delete(GROUP, "b", new ChatArchive.Actor("1", SenderRole.MEMBER));
        assertThat(archive.dailyCounts(GROUP, LocalDate.of(2026, 11, 20), LocalDate.of(2026, 11, 23))).containsExactly(
                new DailyCount(GROUP, LocalDate.of(2026, 11, 21), 1), new DailyCount(GROUP, LocalDate.of(2026, 11, 22), 2));
        assertThat(archive.dailyCounts(GROUP, LocalDate.of(2026, 11, 22), LocalDate.of(2026, 11, 22))).hasSize(1);
        assertThat(archive.groups()).containsExactlyInAnyOrder(GROUP, "other");
    }

    // ---- a sender's groups

    @ParameterizedTest(name = "{0}")
    @MethodSource("placements")
    void aSendersGroupsKeepTheirFirstAndLastMessageAndCountEachMessageOnce(ChatRetention placement) {
        ChatArchive archive = archive(placement);
        archive.appendAll(List.of(message("g1", "a", "42", T - 40 * DAY), message("g1", "b", "42", T - 3 * DAY),
                message("g2", "c", "42", T - 10 * DAY), message("g2", "d", "7", T - DAY)));
        archive.appendAll(List.of(message("g1", "b", "42", T - 3 * DAY), message("g1", "e", "42", T - 20 * DAY)));
        archive.append(message("g3", "f", "7", T));

        assertThat(archive.groupsOf("42")).as("the group spoken in most recently first").containsExactly(
                new SenderGroup("42", "g1", Instant.ofEpochMilli(T - 40 * DAY), Instant.ofEpochMilli(T - 3 * DAY), 3),
                new SenderGroup("42", "g2", Instant.ofEpochMilli(T - 10 * DAY), Instant.ofEpochMilli(T - 10 * DAY), 1));
        assertThat(archive.groupsOf("7")).extracting(SenderGroup::groupId).containsExactly("g3", "g2");
        assertThat(archive.groupsOf("nobody")).isEmpty();
    }

    @Test
    void aSendersCountsAreThoseOfTheStoredMessagesWhereverAWriterStopped() {
        ChatArchive archive = archive(ChatRetention.forever());
        archive.appendAll(List.of(message("g1", "a", "42", T - 3 * DAY)));
        // a process that widened its rows and was killed before storing its batch: the group holds nothing of 42 yet
        Storage<SenderGroup> rows = larder.store("chat.senders", SenderGroup.class);
        rows.save(new SenderGroup("42", "g2", Instant.ofEpochMilli(T - DAY), Instant.ofEpochMilli(T), 1));
        assertThat(archive.groupsOf("42")).extracting(SenderGroup::groupId, SenderGroup::messages)
                .containsExactly(tuple("g1", 1L));
        // messages stored by a writer that never counted them: the message store counts them itself
        Storage<ChatMessage> messages = larder.store("chat", ChatMessage.class);
        messages.saveAll(List.of(message("g1", "b", "42", T - 2 * DAY), message("g2", "c", "42", T - DAY / 2)));
        assertThat(archive.groupsOf("42")).containsExactly(
                new SenderGroup("42", "g2", Instant.ofEpochMilli(T - DAY / 2), Instant.ofEpochMilli(T - DAY / 2), 1),
                new SenderGroup("42", "g1", Instant.ofEpochMilli(T - 3 * DAY), Instant.ofEpochMilli(T - 2 * DAY), 2));
        // the same batch sent again, as a resumed import does: nothing is counted twice
        archive.appendAll(List.of(message("g1", "b", "42", T - 2 * DAY), message("g2", "c", "42", T - DAY / 2)));
        assertThat(archive.groupsOf("42")).extracting(SenderGroup::messages).containsExactly(1L, 2L);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("placements")
    void messagesOfASenderComeFromEveryGroupInTimeOrderWithinTheRange(ChatRetention placement) {
        ChatArchive archive = archive(placement);
        List<ChatMessage> all = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            // three groups, interleaved in time; one in three by another sender
            all.add(message("g" + (i % 3), "m" + i, i % 4 == 3 ? "7" : "42", T - 60 * DAY + i * 2 * DAY));
        }
        archive.appendAll(all);
        archive.delete("g1", "m4", new ChatArchive.Actor("42", SenderRole.MEMBER));
        Instant from = Instant.ofEpochMilli(T - 50 * DAY);
        Instant to = Instant.ofEpochMilli(T - 10 * DAY);
        List<String> expected = all.stream().filter(m -> m.senderId().equals("42") && !"m4".equals(m.id()))
                .filter(m -> m.timestamp() >= from.toEpochMilli() && m.timestamp() < to.toEpochMilli())
                .map(ChatMessage::id).toList();
        try (Stream<ChatMessage> said = archive.messagesOf("42", from, to)) {
            assertThat(said.map(ChatMessage::id).toList()).as("visible, in [from, to), oldest first").isEqualTo(expected);
        }
        assertThat(expected).hasSizeGreaterThan(10);
        try (Stream<ChatMessage> none = archive.messagesOf("42", Instant.ofEpochMilli(T), Instant.ofEpochMilli(T + DAY))) {
            assertThat(none).isEmpty();
        }
        try (Stream<ChatMessage> stranger = archive.messagesOf("nobody", from, to)) {
            assertThat(stranger).isEmpty();
        }
        assertThatThrownBy(() -> archive.messagesOf("42", to, from)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("backwards");
    }


    // ---- declaration

    @Test
    void aStoreDeclaredForTheArchiveIsUsedWithItsRetention() {
        larder.close();
        larder = newLarder().clock(clock).sweepEvery(Duration.ZERO)
                .store(ChatArchive.spec("history", ChatRetention.keepNewest(2))).build();
        ChatArchive archive = ChatArchive.builder(larder).name("history").clock(clock).build();
        assertThat(archive.retention()).isEqualTo(ChatRetention.keepNewest(2));
        archive.appendAll(weeks(4));
        assertThat(walk(archive, ChatQuery.group(GROUP))).containsExactly("m102", "m103");
    }

    @Test
    void aDeclaredStoreThatDoesNotFitIsRefusedWithEveryProblem() {
        larder.close();
        larder = newLarder().clock(clock).sweepEvery(Duration.ZERO)
                .store(StoreSpec.builder("chat", ChatMessage.class).partitionBy("sender_id").time("timestamp").build()).build();
        assertThatThrownBy(() -> ChatArchive.open(larder)).isInstanceOfSatisfying(ConfigurationException.class,
                e -> assertThat(e.problems()).hasSize(3).anySatisfy(p -> assertThat(p).contains("partition-by must be group_id"))
                        .anySatisfy(p -> assertThat(p).contains("indexes must include msg_type")));
    }

    // ---- order within a second

    static Stream<ChatRetention> layouts() {
        return Stream.of(ChatRetention.forever(), ChatRetention.foreverByMonth(), ChatRetention.keepNewest(10_000));
    }

    /** Ids of one second's messages in arrival order: their text orders otherwise (as OneBot's ids do). */
    private static final List<String> ARRIVAL = List.of("1009", "1008", "-5", "1007", "999", "1006", "1005", "-1004",
            "1003", "1000");
    /** The second they were sent in, the last of October in UTC. */
    private static final long SECOND = Instant.parse("2026-10-31T23:59:59Z").getEpochSecond();

    /** A NapCat group message (array format) sent at {@code second}. */
    private static String napCatLine(String id, long second, int seq) {
        return "{\"self_id\":10001,\"user_id\":" + (20000001 + seq % 3) + ",\"time\":" + second + ",\"message_id\":" + id
                + ",\"message_seq\":" + id + ",\"real_id\":" + id + ",\"real_seq\":\"" + (50000 + seq)
                + "\",\"message_type\":\"group\",\"sender\":{\"user_id\":" + (20000001 + seq % 3)
                + ",\"nickname\":\"群友" + seq % 3 + "\",\"card\":\"\",\"role\":\"member\"},\"raw_message\":\"第" + seq
                + "条\",\"font\":14,\"sub_type\":\"normal\",\"message\":[{\"type\":\"text\",\"data\":{\"text\":\"第" + seq
                + "条\"}}],\"message_format\":\"array\",\"post_type\":\"message\",\"group_id\":" + GROUP + "}\n";
    }

    /** One message the second before, the ten of {@link #ARRIVAL}, one the second after: as NapCat logs them. */
    private static List<String> secondLog() {
        List<String> lines = new ArrayList<>();
        lines.add(napCatLine("2000", SECOND - 1, 0));
        for (int i = 0; i < ARRIVAL.size(); i++) {
            lines.add(napCatLine(ARRIVAL.get(i), SECOND, i + 1));
        }
        lines.add(napCatLine("1", SECOND + 1, ARRIVAL.size() + 1));
        return lines;
    }

    private static List<String> arrivalOrder() {
        List<String> out = new ArrayList<>();
        out.add("2000");
        out.addAll(ARRIVAL);
        out.add("1");
        return out;
    }

    private static ImportReport importLines(ChatArchive archive, List<String> lines) {
        byte[] bytes = String.join("", lines).getBytes(StandardCharsets.UTF_8);
        return OneBotImporter.builder().batchSize(3).build().importFrom(new ByteArrayInputStream(bytes), archive);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void messagesOfOneSecondReadInTheOrderTheyArrivedAcrossBatchesAndRuns(ChatRetention layout) {
        List<String> log = secondLog();
        // two runs, each its own archive object, the second starting in the middle of the second
        assertThat(importLines(archive(layout), log.subList(0, 6)).taken()).isEqualTo(6);
        ChatArchive archive = archive(layout);
        assertThat(importLines(archive, log.subList(6, log.size())).taken()).isEqualTo(6);
        ImportReport again = importLines(archive, log);
        assertThat(again.taken()).isZero();
        assertThat(again.duplicates()).isEqualTo(12);

        List<String> expected = arrivalOrder();
        List<String> reversed = new ArrayList<>(expected);
        Collections.reverse(reversed);
        assertThat(walk(archive, ChatQuery.group(GROUP).limit(4))).isEqualTo(expected);
        assertThat(walk(archive, ChatQuery.group(GROUP).newestFirst().limit(3))).isEqualTo(reversed);
        assertThat(ids(archive.latest(GROUP, 3).items())).containsExactly("1", "1000", "1003");
        assertThat(ids(archive.before(GROUP, "1007", 2).items())).containsExactly("-5", "1008");
        try (Stream<ChatMessage> all = archive.stream(ChatQuery.group(GROUP).limit(5))) {
            List<ChatMessage> messages = all.toList();
            assertThat(ids(messages)).isEqualTo(expected);
            assertThat(messages).allSatisfy(m -> assertThat(Math.floorDiv(m.timestamp(), 1000L))
                    .isEqualTo("2000".equals(m.id()) ? SECOND - 1 : "1".equals(m.id()) ? SECOND + 1 : SECOND));
        }
        assertThat(archive.dailyCounts(GROUP, LocalDate.of(2026, 10, 1), LocalDate.of(2026, 11, 30)).stream()
                .mapToLong(DailyCount::messages).sum()).isEqualTo(12);

        List<String> lines = PromptRenderer.builder().zone(ZoneId.of("UTC")).build().latest(archive, GROUP, 100_000).lines();
        List<String> said = new ArrayList<>();
        for (int i = 0; i <= ARRIVAL.size() + 1; i++) {
            said.add("第" + i + "条");
        }
        assertThat(lines).hasSize(12);
        for (int i = 0; i < lines.size(); i++) {
            assertThat(lines.get(i)).endsWith(said.get(i));
        }

        StringWriter out = new StringWriter();
        ChatExporter.builder().format(ExportFormat.MESSAGES).zone(ZoneId.of("UTC")).build()
                .export(archive, ChatQuery.group(GROUP), out);
        List<String> exported = out.toString().lines().toList();
        assertThat(exported).hasSize(12);
        for (int i = 0; i < exported.size(); i++) {
            assertThat(exported.get(i)).contains("\"id\":\"" + expected.get(i) + "\"")
                    .contains("\"content\":\"" + said.get(i) + "\"")
                    .contains("\"real_seq\":\"" + (50000 + i) + "\"");
        }
        assertThat(exported.get(5)).contains("\"time\":\"2026-10-31T23:59:59Z\"");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void messagesAppendedOneAtATimeKeepTheirOrderWithinTheSecond(ChatRetention layout) {
        ChatArchive archive = archive(layout);
        List<ChatMessage> sent = new ArrayList<>();
        for (String id : ARRIVAL) {
            sent.add(message(GROUP, id, "1", SECOND * 1000));
        }
        sent.forEach(archive::append);
        // a message timed to the millisecond by its source keeps its time and moves the count past it
        archive.append(message(GROUP, "own", "2", SECOND * 1000 + 500));
        archive.append(message(GROUP, "after", "2", SECOND * 1000));
        sent.forEach(m -> assertThat(archive.append(m).duplicates()).isEqualTo(1));

        List<String> expected = new ArrayList<>(ARRIVAL);
        expected.add("own");
        expected.add("after");
        assertThat(walk(archive, ChatQuery.group(GROUP).limit(5))).isEqualTo(expected);
        assertThat(archive.find(GROUP, ARRIVAL.get(0)).orElseThrow().timestamp()).isEqualTo(SECOND * 1000);
        assertThat(archive.find(GROUP, ARRIVAL.get(9)).orElseThrow().timestamp()).isEqualTo(SECOND * 1000 + 9);
        assertThat(archive.find(GROUP, "own").orElseThrow().timestamp()).isEqualTo(SECOND * 1000 + 500);
        assertThat(archive.find(GROUP, "after").orElseThrow().timestamp()).isEqualTo(SECOND * 1000 + 501);
        // what a batch and what one message at a time store are the same
        ChatArchive batched = ChatArchive.builder(larder).name("batched").retention(layout).clock(clock).build();
        List<ChatMessage> all = new ArrayList<>(sent);
        all.add(message(GROUP, "own", "2", SECOND * 1000 + 500));
        all.add(message(GROUP, "after", "2", SECOND * 1000));
        assertThat(batched.appendAll(all).added()).isEqualTo(12);
        try (Stream<ChatMessage> one = archive.stream(ChatQuery.group(GROUP));
             Stream<ChatMessage> other = batched.stream(ChatQuery.group(GROUP))) {
            assertThat(other.toList()).isEqualTo(one.toList());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void anArchiveObjectPlacesAfterWhatTheStoreHoldsInSecondsItHasNotWrittenItself(ChatRetention layout) {
        long at = SECOND * 1000;
        // another archive object (another run) stored a later second first, then this one writes older ones
        archive(layout).appendAll(List.of(message(GROUP, "later-1", "1", at + 10_000), message(GROUP, "later-2", "1", at + 10_000)));
        ChatArchive archive = archive(layout);
        archive.append(message(GROUP, "early", "2", at));
        archive.append(message(GROUP, "between", "2", at + 5_000));
        archive.append(message(GROUP, "later-3", "2", at + 10_000));
        archive.append(message(GROUP, "early-2", "2", at));
        // and it remembers what it wrote: the next of a second it wrote follows it
        archive.append(message(GROUP, "between-2", "2", at + 5_000));
        archive.append(message(GROUP, "newest", "2", at + 20_000));
        archive.append(message(GROUP, "newest-2", "2", at + 20_000));

        assertThat(walk(archive, ChatQuery.group(GROUP).limit(3)))
                .containsExactly("early", "early-2", "between", "between-2", "later-1", "later-2", "later-3", "newest", "newest-2");
        assertThat(archive.find(GROUP, "later-3").orElseThrow().timestamp()).isEqualTo(at + 10_002);
        assertThat(archive.find(GROUP, "early-2").orElseThrow().timestamp()).isEqualTo(at + 1);
        assertThat(archive.find(GROUP, "between-2").orElseThrow().timestamp()).isEqualTo(at + 5_001);
        assertThat(archive.find(GROUP, "newest-2").orElseThrow().timestamp()).isEqualTo(at + 20_001);
    }

    // ---- import, end to end

    @ParameterizedTest(name = "{0}")
    @MethodSource("placements")
    void importingAnEventLogTwiceAddsNothingTheSecondTime(ChatRetention placement) {
        ChatArchive archive = archive(placement);
        byte[] log = eventLog().getBytes(StandardCharsets.UTF_8);
        OneBotImporter importer = OneBotImporter.builder().batchSize(8).build();
        ImportReport first = importer.importFrom(new ByteArrayInputStream(log), archive);
        ImportReport second = importer.importFrom(new ByteArrayInputStream(log), archive);

        assertThat(first.taken()).isEqualTo(LOGGED_MESSAGES);
        assertThat(first.resent()).as("the log's message sent twice").isEqualTo(1);
        assertThat(first.duplicates()).isZero();
        assertThat(first.recallsApplied()).isEqualTo(3);
        assertThat(first.recallsRepeated()).isEqualTo(1);
        assertThat(first.refused()).isEqualTo(1);
        assertThat(first.skipped()).containsEntry("meta_event.heartbeat", 1L);
        assertThat(second.taken()).isZero();
        assertThat(second.duplicates()).isEqualTo(first.taken() + first.resent());
        assertThat(second.resent()).isZero();
        assertThat(second.recallsApplied()).isZero();
        assertThat(second.recallsRepeated()).isEqualTo(first.recallsApplied() + first.recallsRepeated());
        assertThat(second.refused()).isEqualTo(first.refused());
        assertThat(second.recounted()).as("nothing was left short").isEmpty();

        long visible = 0;
        long counted = 0;
        for (String group : archive.groups()) {
            try (Stream<ChatMessage> all = archive.stream(ChatQuery.group(group).limit(7))) {
                visible += all.count();
            }
            counted += archive.dailyCounts(group, LocalDate.of(2026, 10, 1), LocalDate.of(2027, 1, 1)).stream()
                    .mapToLong(DailyCount::messages).sum();
        }
        assertThat(visible).isEqualTo(first.taken() - first.recallsApplied());
        assertThat(counted).isEqualTo(first.taken());
        assertThat(archive.find("600000002", "-7").orElseThrow().content()).isEqualTo("@阿白 看这个[图片]");
        if (placement.equals(ChatRetention.foreverByMonth())) {
            for (String month : List.of("2026-10", "2026-11")) {
                Storage<ChatMessage> store = larder.store(monthStore(placement, month), ChatMessage.class);
                try (Stream<ChatMessage> all = store.scan(Query.all())) {
                    assertThat(all.findAny()).as("messages of " + month).isPresent();
                }
            }
        }
    }

    /**
     * An import killed between storing a batch and counting it leaves the batch's messages stored
     * and its daily counts short: {@link ChatArchive#checkCounts} finds it, and the same log
     * imported again counts those groups again, so that every count is exact once the run is done.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("placements")
    void aResumedImportCountsAgainWhatAKilledOneStoredWithoutCounting(ChatRetention placement) {
        ChatArchive archive = archive(placement);
        String log = eventLog();
        OneBotImporter importer = OneBotImporter.builder().batchSize(8).build();
        String firstPart = log.substring(0, log.indexOf("\"message_id\":1028,"));
        importer.importFrom(new ByteArrayInputStream(firstPart.substring(0, firstPart.lastIndexOf('\n') + 1)
                .getBytes(StandardCharsets.UTF_8)), archive);
        // the next batch, stored by the killed run (in the store its month goes to) and never counted
        long start = Instant.parse("2026-10-31T12:00:00Z").toEpochMilli();
        Storage<ChatMessage> november = larder.store(placement.equals(ChatRetention.foreverByMonth())
                ? monthStore(placement, "2026-11") : ChatArchive.spec(placement).name(), ChatMessage.class);
        for (int i = 28; i < 34; i++) {
            november.save(message(i % 2 == 0 ? "600000001" : "600000002", Integer.toString(1000 + i),
                    Integer.toString(20000001 + i % 4), start + i * 1_800_000L));
        }
        GroupCount found = archive.checkCounts("600000001");
        assertThat(found.isShort()).as(found.toString()).isTrue();
        assertThat(found.missing()).isEqualTo(3);
        assertThat(archive.checkCounts("nobody")).isEqualTo(new GroupCount("nobody", 0, 0));

        ImportReport resumed = importer.importFrom(new ByteArrayInputStream(log.getBytes(StandardCharsets.UTF_8)), archive);

        assertThat(resumed.recounted()).extracting(GroupCount::groupId, GroupCount::missing)
                .containsExactly(tuple("600000001", 3L), tuple("600000002", 3L));
        long counted = 0;
        for (String group : List.of("600000001", "600000002")) {
            GroupCount now = archive.checkCounts(group);
            assertThat(now.isShort()).as(now.toString()).isFalse();
            assertThat(now.counted()).isEqualTo(now.stored());
            counted += archive.dailyCounts(group, LocalDate.of(2026, 10, 1), LocalDate.of(2026, 11, 30)).stream()
                    .mapToLong(DailyCount::messages).sum();
        }
        assertThat(counted).isEqualTo(LOGGED_MESSAGES);
        assertThat(importer.importFrom(new ByteArrayInputStream(log.getBytes(StandardCharsets.UTF_8)), archive).recounted())
                .as("counted once: a third run finds nothing short").isEmpty();
    }

    /**
     * A recall and its message, split across two separate runs in either order (a log imported, then
     * another log; a log, then the live path; the live path, then a log), end with the message
     * archived and soft-deleted by the recall: the pending recall is persisted, not held in a run.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("placements")
    void aRecallMeetsItsMessageInAnyOrderAcrossImportsAndTheLivePath(ChatRetention placement) throws Exception {
        long t = Instant.parse("2026-11-20T08:00:00Z").getEpochSecond();
        OneBotImporter importer = OneBotImporter.builder().build();
        // run 1: a log with a recall of 501 and the message 502
        importer.importFrom(log(recallEvent(501, t + 60), messageEvent(502, t)), archive(placement));
        // run 2, live: the message 501 and a recall of 503
        ChatArchive second = archive(placement);
        try (OneBotIngest ingest = OneBotIngest.builder(second).build()) {
            assertThat(ingest.submit(messageEvent(501, t)).get(30, TimeUnit.SECONDS).outcome())
                    .isEqualTo(Accepted.Outcome.STORED);
            assertThat(ingest.submit(recallEvent(503, t + 120)).get(30, TimeUnit.SECONDS).outcome())
                    .isEqualTo(Accepted.Outcome.RECALL_PENDING);
        }
        // run 3: a log with the message 503 and a recall of 502
        ImportReport third = importer.importFrom(log(messageEvent(503, t + 30), recallEvent(502, t + 90)), archive(placement));
        assertThat(third.taken()).isEqualTo(1);
        assertThat(third.recallsApplied()).isEqualTo(1);

        ChatArchive after = archive(placement);
        for (String id : List.of("501", "502", "503")) {
            assertThat(after.find(LIVE_GROUP, id)).as("message " + id).isEmpty();
            assertThat(after.findIncludingDeleted(LIVE_GROUP, id).orElseThrow().deletedBy()).isEqualTo("20000009");
        }
        assertThat(after.accept(messageEvent(501, t)).outcome()).isEqualTo(Accepted.Outcome.DUPLICATE);
        assertThat(after.find(LIVE_GROUP, "501")).isEmpty();
    }

    /** A recall whose message never comes is forgotten after the archive's pending-recall age. */
    @Test
    void aPendingRecallIsForgottenAfterThePendingRecallAge() throws Exception {
        long t = Instant.parse("2026-11-20T08:00:00Z").getEpochSecond();
        if (expiresByTheServersClock()) {
            try (Larder real = newLarder().sweepEvery(Duration.ZERO).build()) {
                ChatArchive archive = ChatArchive.builder(real).pendingRecallAge(Duration.ofSeconds(2)).build();
                archive.accept(recallEvent(601, t + 60));
                Thread.sleep(3000);
                archive.accept(messageEvent(601, t));
                assertThat(archive.find(LIVE_GROUP, "601")).isPresent();
            }
            return;
        }
        ChatArchive archive = ChatArchive.builder(larder).clock(clock).pendingRecallAge(Duration.ofHours(1)).build();
        archive.accept(recallEvent(601, t + 60));
        archive.accept(recallEvent(602, t + 60));
        clock.advance(Duration.ofMinutes(59));
        archive.accept(messageEvent(602, t));
        clock.advance(Duration.ofMinutes(2));
        archive.accept(messageEvent(601, t));
        assertThat(archive.find(LIVE_GROUP, "601")).isPresent();
        assertThat(archive.find(LIVE_GROUP, "602")).isEmpty();
    }

    private static final String LIVE_GROUP = "600000777";

    private static ByteArrayInputStream log(String... events) {
        return new ByteArrayInputStream((String.join("\n", events) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static String messageEvent(long id, long seconds) {
        return "{\"time\":" + seconds + ",\"post_type\":\"message\",\"message_type\":\"group\",\"message_id\":" + id
                + ",\"group_id\":" + LIVE_GROUP + ",\"user_id\":20000009,\"message\":\"消息 " + id + "\"}";
    }

    private static String recallEvent(long id, long seconds) {
        return "{\"time\":" + seconds + ",\"post_type\":\"notice\",\"notice_type\":\"group_recall\",\"group_id\":"
                + LIVE_GROUP + ",\"user_id\":20000009,\"operator_id\":20000009,\"message_id\":" + id + "}";
    }

    /** Group messages in {@link #eventLog()}, each logged once (one of them redelivered). */
    private static final int LOGGED_MESSAGES = 40;

    /**
     * A OneBot v11 log of two groups across the end of October (UTC): 40 messages half an hour
     * apart, as segment arrays and as CQ strings (one with a mention and a picture, id -7), one
     * redelivered, three recalled and one of those recalled twice, a heartbeat, and a line cut short.
     */
    private static String eventLog() {
        long start = Instant.parse("2026-10-31T12:00:00Z").getEpochSecond();
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < LOGGED_MESSAGES; i++) {
            String group = i % 2 == 0 ? "600000001" : "600000002";
            long id = i == 7 ? -7 : 1000 + i;
            String message = i == 7 ? "\"[CQ:at,qq=20000001,name=阿白] 看这个[CQ:image,file=a.jpg,url=https://x/a.jpg]\""
                    : i % 3 == 0 ? "\"第" + i + "条 &#91;不是代码&#93;\""
                    : "[{\"type\":\"text\",\"data\":{\"text\":\"第" + i + "条 😂\"}}]";
            String line = "{\"time\":" + (start + i * 1800L) + ",\"self_id\":10001,\"post_type\":\"message\","
                    + "\"message_type\":\"group\",\"message_id\":" + id + ",\"group_id\":" + group + ",\"user_id\":"
                    + (20000001 + i % 4) + ",\"message\":" + message + ",\"sender\":{\"nickname\":\"群友" + i % 4
                    + "\",\"card\":\"\",\"role\":\"member\"}}\n";
            log.append(line);
            if (i == 11) {
                log.append(line);
                log.append("{\"time\":").append(start + i * 1800L + 5).append(",\"self_id\":10001,\"post_type\":")
                        .append("\"meta_event\",\"meta_event_type\":\"heartbeat\"}\n");
                log.append(line, 0, line.length() / 2).append('\n');
            }
            if (i == 20 || i == 21 || i == 30) {
                String recall = "{\"time\":" + (start + i * 1800L + 60) + ",\"self_id\":10001,\"post_type\":\"notice\","
                        + "\"notice_type\":\"group_recall\",\"group_id\":" + group + ",\"user_id\":" + (20000001 + i % 4)
                        + ",\"operator_id\":" + (20000001 + i % 4) + ",\"message_id\":" + id + "}\n";
                log.append(recall);
                if (i == 30) {
                    log.append(recall);
                }
            }
        }
        return log.toString();
    }

    /** The name of the store a monthly archive keeps {@code month} ({@code 2026-11}) in, once it was written to. */
    private static String monthStore(ChatRetention placement, String month) {
        return ChatArchive.spec(placement).name() + ".m" + month.replace("-", "");
    }
}
