package io.larder.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.Query;
import io.larder.Storage;
import io.larder.testkit.Note;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Scans: lazy walks of a partition or of the whole store. */
public interface ScanContract extends ContractFixture {

    @Test
    default void scanOfAPartitionFollowsTheQueryOrder() {
        Storage<Note> notes = notes();
        notes.saveAll(IntStream.range(0, 250).mapToObj(i -> Note.of(String.format("n%03d", i), "g1", "alice", T0 + i)).toList());
        try (Stream<Note> s = notes.scan(Query.in("group", "g1").newestFirst().limit(40))) {
            List<String> ids = s.map(Note::id).toList();
            assertThat(ids).hasSize(250).isSortedAccordingTo(Comparator.reverseOrder());
        }
    }

    @Test
    default void scanOfTheWholeStoreVisitsEveryPartition() {
        Storage<Note> notes = notes();
        notes.saveAll(IntStream.range(0, 300).mapToObj(i -> Note.of("n" + i, "g" + (i % 7), "alice", T0 + i)).toList());
        try (Stream<Note> s = notes.scan(Query.all().limit(50))) {
            assertThat(s.map(Note::id).toList()).hasSize(300).doesNotHaveDuplicates();
        }
    }

    @Test
    default void scanFiltersOnUnindexedFields() {
        Storage<Note> notes = notes();
        notes.saveAll(IntStream.range(0, 30).mapToObj(i -> Note.of("n" + i, "g1", "alice", T0 + i).feeling(i % 10 == 0 ? "happy" : "calm")).toList());
        try (Stream<Note> s = notes.scan(Query.in("group", "g1").where("mood", "happy"))) {
            assertThat(s.map(Note::id).toList()).containsExactly("n0", "n10", "n20");
        }
        try (Stream<Note> s = notes.scan(Query.all().where("mood", "happy"))) {
            assertThat(s.count()).isEqualTo(3);
        }
    }

    // 20 pages of 1,000, and on the archive layout some 80 chunks, more than one read fetches at most;
    // the runs share their servers, so more records would only slow every later SCAN of them
    @Test
    default void scanOfTwentyThousandRecordsStreamsPageByPage() {
        Storage<Note> notes = notes();
        for (int chunk = 0; chunk < 2; chunk++) {
            int base = chunk * 10_000;
            notes.saveAll(IntStream.range(base, base + 10_000).mapToObj(i -> new Note(String.format("n%06d", i), "g1", "alice",
                    "text", T0 + i, null, "calm", "m", List.of())).toList());
        }
        try (Stream<Note> s = notes.scan(Query.in("group", "g1").limit(1000))) {
            Iterator<Note> it = s.iterator();
            assertThat(it.next().id()).isEqualTo("n000000");
            // a record saved after the walk began, ahead of it, is still met: pages are read as the walk goes
            notes.save(new Note("n999999", "g1", "alice", "text", T0 + 999_999, null, "calm", "m", List.of()));
            long count = 1;
            String last = null;
            while (it.hasNext()) {
                last = it.next().id();
                count++;
            }
            assertThat(count).isEqualTo(20_001);
            assertThat(last).isEqualTo("n999999");
        }
    }
}
