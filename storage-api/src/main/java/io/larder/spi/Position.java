package io.larder.spi;

import java.util.Comparator;
import java.util.Objects;

/**
 * Where a record sits in a time-ordered index: its time, then its id to break ties. Indexes
 * order by (time, id); cursors remember a position and continue strictly after it.
 *
 * @param time epoch milliseconds
 * @param id the record id
 */
public record Position(long time, String id) implements Comparable<Position> {
    private static final Comparator<Position> ORDER =
            Comparator.comparingLong(Position::time).thenComparing(Position::id);

    /** The id is required. */
    public Position {
        Objects.requireNonNull(id, "id");
    }

    @Override
    public int compareTo(Position other) {
        return ORDER.compare(this, other);
    }
}
