package io.larder.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.Key;
import io.larder.Larder;
import io.larder.Page;
import io.larder.Query;
import io.larder.Storage;
import io.larder.redis.RedisSettings.Client;
import io.larder.testkit.Note;
import io.larder.testkit.RedisExtension;
import io.larder.testkit.RedisStandalone;
import io.larder.testkit.RespClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Range reads where the index is hard on them: thousands of equal times, thousands of stale entries. */
class RangeIT {
    @RegisterExtension
    static final RedisExtension<RedisStandalone> REDIS = RedisExtension.standalone().shared();

    @ParameterizedTest
    @EnumSource(Client.class)
    void aWalkThroughThousandsOfEqualTimesLosesNothingWhenEachCursorsRecordIsDeleted(Client client) {
        try (Larder larder = Notes.larder(RedisBackend.create(Targets.standalone(REDIS.get(), client)))) {
            for (boolean newestFirst : new boolean[] {false, true}) {
                Storage<Note> notes = larder.store(Notes.spec("ties").build());
                notes.saveAll(IntStream.range(0, 2000).mapToObj(i -> Note.of(String.format("t%04d", i), "g1", "alice", Notes.T0)).toList());
                // the timeline: delete removes the entry, so each cursor names an entry that is gone
                Query query = Query.in("group", "g1").limit(97);
                query = newestFirst ? query.newestFirst() : query;
                List<String> seen = new ArrayList<>();
                Query q = query;
                while (true) {
                    Page<Note> page = notes.list(q);
                    page.items().forEach(n -> seen.add(n.id()));
                    if (page.next().isEmpty()) {
                        break;
                    }
                    // the cursor now names a record that is gone: the next page finds its place among the ties by id
                    notes.delete(Key.of("g1", page.items().get(page.items().size() - 1).id()));
                    q = query.after(page.next().get());
                }
                assertThat(seen).hasSize(2000).doesNotHaveDuplicates()
                        .isSortedAccordingTo(newestFirst ? Comparator.reverseOrder() : Comparator.naturalOrder());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    void thousandsOfStaleEntriesBeforeTheLiveOnesAreSkippedAndRepaired(Client client) {
        try (Larder larder = Notes.larder(RedisBackend.create(Targets.standalone(REDIS.get(), client)));
             RespClient redis = REDIS.get().client()) {
            Storage<Note> notes = larder.store(Notes.spec("stale").build());
            String store = notes.spec().name();
            notes.saveAll(IntStream.range(0, 2500).mapToObj(i -> Note.of(String.format("n%04d", i), "g1", "alice", Notes.T0 + i)).toList());
            // the values vanish behind Larder's back, as expiry does: 2400 index entries now name nothing
            for (int from = 0; from < 2400; from += 400) {
                List<Object> del = new ArrayList<>(List.of("DEL"));
                IntStream.range(from, from + 400).forEach(i -> del.add("larder:" + store + ":{g1}:r:" + String.format("n%04d", i)));
                redis.call(del.toArray());
            }
            Page<Note> first = notes.list(Query.in("group", "g1").where("author", "alice").limit(50));
            assertThat(first.items()).extracting(Note::id).first().isEqualTo("n2400");
            assertThat(first.items()).hasSize(50);
            assertThat(notes.list(Query.in("group", "g1").limit(100)).items()).hasSize(100);
            // both walks removed what they crossed: timeline and author index hold the live records only
            assertThat(larder.indexEntries(store)).isEqualTo(200);
        }
    }
}
