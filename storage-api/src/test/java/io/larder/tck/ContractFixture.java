package io.larder.tck;

import io.larder.Key;
import io.larder.Larder;
import io.larder.Storage;
import io.larder.StoreSpec;
import java.time.Duration;

/** What every part of the contract reaches: a fresh Larder per test, its clock, and store helpers. */
public interface ContractFixture {
    /** A base time for records (not the clock): 2026-01-01T00:00:00Z. */
    long T0 = 1_767_225_600_000L;

    /** The Larder of this test, on the adapter under test. */
    Larder larder();

    /** The clock of this test. */
    TestClock clock();

    /** The meter registry of this test's Larder. */
    io.micrometer.core.instrument.simple.SimpleMeterRegistry registry();

    /** The unit of time in expiry behaviours: long for a virtual clock, short for a real one. */
    Duration tick();

    /** A store name no other test uses, so tests never see each other's records. */
    String freshName();

    /** Moves the clock by {@code n} ticks. */
    default void advance(int n) {
        clock().advance(tick().multipliedBy(n));
    }

    /** A fresh store of notes: partitioned by group, timed by {@code at}, indexed by author and kind, never expiring. */
    default Storage<Note> notes() {
        return larder().store(noteSpec().build());
    }

    /** The notes declaration, to add settings to. */
    default StoreSpec.Builder<Note> noteSpec() {
        return StoreSpec.builder(freshName(), Note.class).partitionBy("group").time("at").index("author", "kind");
    }

    /** Text of {@code n} random letters and digits: no compression shrinks it much. */
    static String incompressible(int n) {
        java.util.Random random = new java.util.Random(n);
        StringBuilder out = new StringBuilder(n);
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        for (int i = 0; i < n; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    /** The key of note {@code id} in group {@code g}. */
    static Key key(String g, String id) {
        return Key.of(g, id);
    }
}
