package io.larder.tck;

import static io.larder.tck.ContractFixture.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.larder.Expiry;
import io.larder.Query;
import io.larder.Storage;
import io.larder.testkit.Note;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Expiry policies: none, absolute, sliding, by field; and what expiry leaves behind. */
public interface ExpiryContract extends ContractFixture {

    private Storage<Note> expiring(Expiry expiry) {
        return larder().store(noteSpec().expiry(expiry).build());
    }

    @Test
    default void recordWithoutExpiryOutlivesTime() {
        Storage<Note> notes = expiring(Expiry.none());
        notes.save(Note.of("n1", "g1", "alice", T0));
        advance(5);
        assertThat(notes.load(key("g1", "n1"))).isPresent();
    }

    @Test
    default void absoluteExpiryRemovesTheRecordAfterItsDuration() {
        Storage<Note> notes = expiring(Expiry.absolute(tick().multipliedBy(3)));
        notes.save(Note.of("n1", "g1", "alice", T0));
        advance(1);
        assertThat(notes.load(key("g1", "n1"))).isPresent();
        advance(3);
        assertThat(notes.load(key("g1", "n1"))).isEmpty();
    }

    @Test
    default void absoluteExpiryRestartsOnEveryWrite() {
        Storage<Note> notes = expiring(Expiry.absolute(tick().multipliedBy(3)));
        notes.save(Note.of("n1", "g1", "alice", T0));
        advance(2);
        notes.save(Note.of("n1", "g1", "alice", T0).saying("again"));
        advance(2);
        assertThat(notes.load(key("g1", "n1"))).isPresent();
    }

    @Test
    default void absoluteExpiryIsNotRefreshedByReads() {
        Storage<Note> notes = expiring(Expiry.absolute(tick().multipliedBy(3)));
        notes.save(Note.of("n1", "g1", "alice", T0));
        advance(2);
        assertThat(notes.load(key("g1", "n1"))).isPresent();
        advance(2);
        assertThat(notes.load(key("g1", "n1"))).isEmpty();
    }

    @Test
    default void slidingExpiryRestartsOnEveryLoad() {
        Storage<Note> notes = expiring(Expiry.sliding(tick().multipliedBy(3)));
        notes.save(Note.of("n1", "g1", "alice", T0));
        advance(2);
        assertThat(notes.load(key("g1", "n1"))).isPresent();
        advance(2);
        assertThat(notes.load(key("g1", "n1"))).isPresent();
        advance(2);
        assertThat(notes.loadVersioned(key("g1", "n1"))).isPresent();
    }

    @Test
    default void slidingExpiryRestartsOnLoadAll() {
        Storage<Note> notes = expiring(Expiry.sliding(tick().multipliedBy(3)));
        notes.save(Note.of("n1", "g1", "alice", T0));
        advance(2);
        assertThat(notes.loadAll(List.of(key("g1", "n1")))).hasSize(1);
        advance(2);
        assertThat(notes.load(key("g1", "n1"))).isPresent();
    }

    @Test
    default void slidingExpiryRemovesARecordNobodyReads() {
        Storage<Note> notes = expiring(Expiry.sliding(tick().multipliedBy(3)));
        notes.save(Note.of("n1", "g1", "alice", T0));
        advance(4);
        assertThat(notes.load(key("g1", "n1"))).isEmpty();
    }

    @Test
    default void fieldExpiryRemovesTheRecordAtItsInstant() {
        Storage<Note> notes = expiring(Expiry.atField("expiresAt"));
        long at = clock().millis() + tick().multipliedBy(3).toMillis();
        notes.save(Note.of("n1", "g1", "alice", T0).expiringAt(at));
        advance(1);
        assertThat(notes.load(key("g1", "n1"))).isPresent();
        advance(3);
        assertThat(notes.load(key("g1", "n1"))).isEmpty();
    }

    @Test
    default void fieldExpiryWithoutAValueNeverExpires() {
        Storage<Note> notes = expiring(Expiry.atField("expires_at"));
        notes.save(Note.of("n1", "g1", "alice", T0).expiringAt(null));
        advance(4);
        assertThat(notes.load(key("g1", "n1"))).isPresent();
    }

    @Test
    default void recordSavedWithAPastExpiryIsAbsent() {
        Storage<Note> notes = expiring(Expiry.atField("expiresAt"));
        notes.save(Note.of("n1", "g1", "alice", T0));
        notes.save(Note.of("n1", "g1", "alice", T0).expiringAt(clock().millis() - 1000));
        assertThat(notes.load(key("g1", "n1"))).isEmpty();
        assertThat(notes.list(Query.in("group", "g1")).items()).isEmpty();
    }

    @Test
    default void expiredRecordIsNotListed() {
        // the survivor lives long: on a real clock a slow machine must not expire it mid-test
        Storage<Note> notes = expiring(Expiry.atField("expiresAt"));
        notes.save(Note.of("n1", "g1", "alice", T0).expiringAt(clock().millis() + tick().multipliedBy(2).toMillis()));
        notes.save(Note.of("n2", "g1", "alice", T0 + 1).expiringAt(clock().millis() + tick().multipliedBy(100).toMillis()));
        advance(3);
        assertThat(notes.list(Query.in("group", "g1")).items()).extracting(Note::id).containsExactly("n2");
        assertThat(notes.list(Query.in("group", "g1").where("author", "alice")).items()).extracting(Note::id).containsExactly("n2");
    }

    @Test
    default void expiredRecordIsNotScanned() {
        Storage<Note> notes = expiring(Expiry.atField("expiresAt"));
        notes.save(Note.of("n1", "g1", "alice", T0).expiringAt(clock().millis() + tick().multipliedBy(2).toMillis()));
        notes.save(Note.of("n2", "g2", "alice", T0 + 1).expiringAt(clock().millis() + tick().multipliedBy(100).toMillis()));
        advance(3);
        try (var all = notes.scan(Query.all())) {
            assertThat(all.map(Note::id).toList()).containsExactly("n2");
        }
    }

    @Test
    default void expiredRecordIsAbsentFromLoadAll() {
        Storage<Note> notes = expiring(Expiry.absolute(tick().multipliedBy(2)));
        notes.save(Note.of("n1", "g1", "alice", T0));
        advance(3);
        assertThat(notes.loadAll(List.of(key("g1", "n1")))).isEmpty();
    }

    @Test
    default void indexEntriesOfExpiredRecordsAreSweptAway() {
        Storage<Note> notes = expiring(Expiry.absolute(tick().multipliedBy(2)));
        notes.saveAll(IntStream.range(0, 300).mapToObj(i -> Note.of("n" + i, "g" + (i % 3), "u" + (i % 5), T0 + i)).toList());
        assertThat(larder().indexEntries(notes.spec().name())).isPositive();
        advance(3);
        sweepUntilClean(notes.spec().name());
        assertThat(larder().indexEntries(notes.spec().name())).isZero();
    }

    @Test
    default void indexEntriesOfDeletedRecordsAreSweptAway() {
        Storage<Note> notes = notes();
        List<Note> all = IntStream.range(0, 50).mapToObj(i -> Note.of("n" + i, "g1", "u" + (i % 5), T0 + i)).toList();
        notes.saveAll(all);
        notes.deleteAll(all.stream().map(notes::keyOf).toList());
        sweepUntilClean(notes.spec().name());
        assertThat(larder().indexEntries(notes.spec().name())).isZero();
    }
}
