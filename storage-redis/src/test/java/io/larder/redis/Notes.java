package io.larder.redis;

import io.larder.Key;
import io.larder.Larder;
import io.larder.Query;
import io.larder.Storage;
import io.larder.StoreSpec;
import io.larder.spi.Backend;
import io.larder.testkit.Note;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** The contract's note records, for this module's own tests. */
public final class Notes {
    public static final long T0 = 1_767_225_600_000L;
    private static final AtomicInteger STORES = new AtomicInteger();

    private Notes() {
    }

    /** A Larder on {@code backend} without the background sweep. */
    public static Larder larder(Backend backend) {
        return Larder.builder().backend(backend).sweepEvery(Duration.ZERO).build();
    }

    /** A fresh store of notes: partitioned by group, timed by {@code at}, indexed by author. */
    public static StoreSpec.Builder<Note> spec(String name) {
        return StoreSpec.builder(name + "-" + STORES.incrementAndGet(), Note.class).partitionBy("group").time("at").index("author");
    }

    /** Saves, loads and lists one note: the backend works. */
    public static void roundTrip(Storage<Note> notes) {
        Note n = Note.of("n1", "g1", "alice", T0);
        notes.save(n);
        if (!notes.load(Key.of("g1", "n1")).orElseThrow().equals(n)
                || notes.list(Query.in("group", "g1").where("author", "alice")).items().size() != 1) {
            throw new AssertionError("round trip failed");
        }
    }
}
