package io.larder.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.Storage;
import io.larder.testkit.TestClock;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The counts store beside an archive: what the contract kit cannot reach from outside the package. */
class DailyCountsTest {
    private static final long T = TestClock.START.toEpochMilli();

    @Test
    void aRecountRepairsADayFromItsMessages() {
        try (MemoryArchives m = new MemoryArchives()) {
            String group = "100200300";
            LocalDate day = LocalDate.of(2026, 11, 21);
            m.archive.appendAll(List.of(message(group, "a", T), message(group, "b", T + 1)));
            Storage<Tally> counts = m.larder.store(ArchiveSpecs.counts(ChatArchive.DEFAULT_NAME));
            counts.save(new Tally(group, day.toString(), Tally.DAY, T - 12 * 3_600_000L, 40));
            assertThat(m.archive.dailyCounts(group, day, day)).containsExactly(new DailyCount(group, day, 40));

            assertThat(m.archive.recount(group, day)).isEqualTo(2);
            assertThat(m.archive.dailyCounts(group, day, day)).containsExactly(new DailyCount(group, day, 2));
        }
    }

    private static ChatMessage message(String group, String id, long at) {
        return ChatMessage.builder(group, "1").id(id).senderName("user1").content("text of " + id).timestamp(at).build();
    }
}
