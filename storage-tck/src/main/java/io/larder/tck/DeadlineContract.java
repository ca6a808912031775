package io.larder.tck;

import static io.larder.tck.ContractFixture.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.larder.Expiry;
import io.larder.Storage;
import io.larder.testkit.Note;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@link Storage#expiringBy}: a view of a store whose writes and refreshes never outlive a deadline. */
public interface DeadlineContract extends ContractFixture {

    private Storage<Note> expiring(Expiry expiry) {
        return larder().store(noteSpec().expiry(expiry).build());
    }

    /** The instant {@code n} ticks from now. */
    private Instant ticksFromNow(int n) {
        return Instant.ofEpochMilli(clock().millis()).plus(tick().multipliedBy(n));
    }

    @Test
    default void aSlidingRefreshThroughADeadlineStopsAtIt() {
        Storage<Note> notes = expiring(Expiry.sliding(tick().multipliedBy(3)));
        notes.save(Note.of("n1", "g1", "alice", T0));
        Storage<Note> bounded = notes.expiringBy(ticksFromNow(4));
        advance(2);
        assertThat(bounded.load(key("g1", "n1"))).isPresent();
        advance(1);
        assertThat(bounded.load(key("g1", "n1"))).as("refreshed, but only to the deadline").isPresent();
        advance(2);
        assertThat(notes.load(key("g1", "n1"))).as("a plain refresh would have kept it 3 ticks past the last").isEmpty();
    }

    @Test
    default void aWriteThroughADeadlineExpiresByIt() {
        Storage<Note> notes = expiring(Expiry.none());
        notes.expiringBy(ticksFromNow(2)).save(Note.of("n1", "g1", "alice", T0));
        notes.save(Note.of("n2", "g1", "alice", T0));
        advance(1);
        assertThat(notes.load(key("g1", "n1"))).isPresent();
        advance(2);
        assertThat(notes.load(key("g1", "n1"))).isEmpty();
        assertThat(notes.load(key("g1", "n2"))).as("the store itself keeps its own policy").isPresent();
    }

    @Test
    default void aDeadlineLaterThanTheStoresOwnExpiryChangesNothing() {
        Storage<Note> notes = expiring(Expiry.absolute(tick().multipliedBy(2)));
        notes.expiringBy(ticksFromNow(100)).save(Note.of("n1", "g1", "alice", T0));
        advance(3);
        assertThat(notes.load(key("g1", "n1"))).isEmpty();
    }

    @Test
    default void anUpdateThroughADeadlineDoesNotMoveThePastIt() {
        Storage<Note> notes = expiring(Expiry.sliding(tick().multipliedBy(3)));
        notes.save(Note.of("n1", "g1", "alice", T0));
        Storage<Note> bounded = notes.expiringBy(ticksFromNow(4));
        advance(2);
        assertThat(bounded.update(key("g1", "n1"), n -> n.saying("touched"))).get().extracting(Note::text)
                .isEqualTo("touched");
        advance(3);
        assertThat(notes.load(key("g1", "n1"))).isEmpty();
    }

    @Test
    default void aViewWhoseDeadlineHasPassedFindsNothingAndRemovesWhatItRefreshes() {
        Storage<Note> notes = expiring(Expiry.sliding(tick().multipliedBy(3)));
        notes.save(Note.of("n1", "g1", "alice", T0));
        Storage<Note> passed = notes.expiringBy(Instant.ofEpochMilli(clock().millis() - 1_000));
        assertThat(passed.load(key("g1", "n1"))).isEmpty();
        assertThat(passed.loadVersioned(key("g1", "n1"))).isEmpty();
        assertThat(notes.load(key("g1", "n1"))).as("its refresh moved the record's expiry to the past").isEmpty();
    }

    @Test
    default void aWriteThroughAPassedDeadlineStoresNothing() {
        Storage<Note> notes = expiring(Expiry.none());
        notes.save(Note.of("n1", "g1", "alice", T0));
        notes.expiringBy(Instant.ofEpochMilli(clock().millis() - 1_000)).save(Note.of("n1", "g1", "alice", T0).saying("late"));
        notes.expiringBy(Instant.ofEpochMilli(clock().millis() - 1_000)).save(Note.of("n2", "g1", "alice", T0));
        assertThat(notes.load(key("g1", "n1"))).isEmpty();
        assertThat(notes.load(key("g1", "n2"))).isEmpty();
    }

    @Test
    default void aViewOfAViewKeepsTheEarlierDeadline() {
        Storage<Note> notes = expiring(Expiry.none());
        notes.expiringBy(ticksFromNow(2)).expiringBy(ticksFromNow(50)).save(Note.of("n1", "g1", "alice", T0));
        advance(3);
        assertThat(notes.load(key("g1", "n1"))).isEmpty();
    }
}
