package io.larder.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ArrivalOrderTest {
    private static final String GROUP = "600000123";
    private static final long START = 1_763_728_500_000L;

    private final MemoryArchives memory = new MemoryArchives();
    private final ChatArchive archive = memory.archive;

    @AfterEach
    void close() {
        memory.close();
    }

    private static ChatMessage message(String id, long at) {
        return ChatMessage.builder(GROUP, "1").id(id).senderName("one").content("text of " + id).timestamp(at).build();
    }

    @Test
    void aSecondPastWhatIsRememberedIsReadAgainAndStillPlacedAfterWhatItHolds() {
        int seconds = 2 * ArrivalOrder.SECONDS_KEPT + 10;
        List<ChatMessage> batch = new ArrayList<>();
        for (int s = 0; s < seconds; s++) {
            batch.add(message("m" + s, START + s * 1000L));
            if (batch.size() == 1000) {
                archive.appendAll(batch);
                batch.clear();
            }
        }
        archive.appendAll(batch);
        // the oldest seconds are forgotten by now: the store says what they hold
        archive.append(message("again-0", START));
        archive.append(message("again-1", START));
        // the newest are remembered
        archive.append(message("again-last", START + (seconds - 1) * 1000L));

        assertThat(archive.find(GROUP, "again-0").orElseThrow().timestamp()).isEqualTo(START + 1);
        assertThat(archive.find(GROUP, "again-1").orElseThrow().timestamp()).isEqualTo(START + 2);
        assertThat(archive.find(GROUP, "again-last").orElseThrow().timestamp()).isEqualTo(START + (seconds - 1) * 1000L + 1);
    }

    @Test
    void aMessageTimedToTheMillisecondMovesTheCountPastItInARememberedSecond() {
        archive.append(message("first", START));
        archive.append(message("own", START + 400));
        archive.append(message("next", START));
        assertThat(archive.find(GROUP, "next").orElseThrow().timestamp()).isEqualTo(START + 401);
    }
}
