package io.larder.redis.archive;

import io.larder.Query;
import io.larder.spi.Position;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A record a read found, in a chunk or a tail entry: its time, and where its id, terms and
 * value lie in the bytes read. Its id is decoded, and its value copied, only when asked, so a
 * read pays for the records it keeps and not for every record it passes. Valid until the
 * {@link Payloads} of the read are handed out again. Not thread-safe.
 */
final class Hit {
    /** Orders hits as {@link Entry#ORDER} orders records: time, then id (decoded only on equal times). */
    static final Comparator<Hit> ORDER = Comparator.<Hit>comparingLong(h -> h.time).thenComparing(Hit::id);

    final long time;
    private final byte[] idBytes;
    private final int idAt;
    private final int idLength;
    private final byte[] bytes;
    private final int valueAt;
    private final int valueLength;
    /** The chunk's term table, whose indexes the record's terms are; null for a tail entry, which spells its terms out. */
    private final @Nullable TermTable table;
    private final int termsAt;
    private final int termCount;
    private @Nullable String id;

    Hit(long time, byte[] idBytes, int idAt, int idLength, byte[] bytes, int valueAt, int valueLength,
        @Nullable TermTable table, int termsAt, int termCount) {
        this.time = time;
        this.idBytes = idBytes;
        this.idAt = idAt;
        this.idLength = idLength;
        this.bytes = bytes;
        this.valueAt = valueAt;
        this.valueLength = valueLength;
        this.table = table;
        this.termsAt = termsAt;
        this.termCount = termCount;
    }

    String id() {
        if (id == null) {
            id = new String(idBytes, idAt, idLength, StandardCharsets.UTF_8);
        }
        return id;
    }

    boolean hasId(byte[] wanted) {
        return Arrays.equals(idBytes, idAt, idAt + idLength, wanted, 0, wanted.length);
    }

    /** A copy of the stored value. */
    byte[] value() {
        return Arrays.copyOfRange(bytes, valueAt, valueAt + valueLength);
    }

    /** Where this record sits against a cursor's position: negative before it, 0 at it, positive after. */
    int compareTo(Position position) {
        int c = Long.compare(time, position.time());
        return c != 0 ? c : id().compareTo(position.id());
    }

    /** The record, its terms decoded and its bytes copied. */
    Entry entry() {
        List<Query.Term> terms = new ArrayList<>(termCount);
        ByteReader in = new ByteReader(bytes, termsAt);
        for (int i = 0; i < termCount; i++) {
            if (table != null) {
                terms.add(table.terms().get((int) in.varint()));
            } else {
                int length = in.length();
                terms.add(TermTable.term(bytes, in.skip(length), length));
            }
        }
        return new Entry(id(), time, terms, value());
    }
}
