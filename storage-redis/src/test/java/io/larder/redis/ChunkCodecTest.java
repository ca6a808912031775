package io.larder.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.Query;
import io.larder.redis.ChunkCodec.Entry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The archive's chunk and tail-entry bytes, as KEYS.md documents them for readers in other languages. */
class ChunkCodecTest {
    private static final Query.Term ALICE = new Query.Term("author", "alice");
    private static final Query.Term TEXT = new Query.Term("kind", "text");

    private static Entry entry(String id, long time, Query.Term... terms) {
        return new Entry(id, time, List.of(terms), ("v" + id).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void chunkHeaderIsReadableWithoutDecompressing() {
        byte[] chunk = ChunkCodec.chunk(List.of(entry("b", 2000, ALICE, TEXT), entry("a", 1000, ALICE)));
        ByteBuffer b = ByteBuffer.wrap(chunk);
        assertThat(new String(chunk, 0, 2, StandardCharsets.US_ASCII)).isEqualTo("LC");
        assertThat(chunk[2]).isEqualTo((byte) 1);
        assertThat(b.getInt(3)).isEqualTo(2);
        assertThat(b.getLong(7)).isEqualTo(1000);
        assertThat(b.getLong(15)).isEqualTo(2000);
        int k = b.getInt(23);
        byte[] table = java.util.Arrays.copyOfRange(chunk, 27, 27 + k);
        assertThat(new String(table, StandardCharsets.UTF_8)).isEqualTo("\0\014author\0alice\0\011kind\0text");
        assertThat(indexOf(table, ChunkCodec.needle(TEXT))).isPositive();
    }

    @Test
    void chunkRoundTripsInTimeThenIdOrder() {
        List<Entry> back = ChunkCodec.entries(ChunkCodec.chunk(List.of(entry("z", 5, TEXT), entry("y", 5), entry("x", 9, ALICE))));
        assertThat(back).extracting(Entry::id).containsExactly("y", "z", "x");
        assertThat(back.get(2).terms()).containsExactly(ALICE);
        assertThat(back.get(2).value()).isEqualTo("vx".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void tailEntryRoundTrips() {
        Entry e = ChunkCodec.fromTail("id:{1}", ChunkCodec.tailEntry(-7, List.of(ALICE), new byte[] {1, 2, 3}));
        assertThat(e.time()).isEqualTo(-7);
        assertThat(e.terms()).containsExactly(ALICE);
        assertThat(e.value()).containsExactly(1, 2, 3);
    }

    @Test
    void damagedChunkIsRefused() {
        byte[] chunk = ChunkCodec.chunk(List.of(entry("a", 1)));
        chunk[chunk.length - 1] ^= 0x55;
        byte[] cut = java.util.Arrays.copyOf(chunk, 20);
        assertThatThrownBy(() -> ChunkCodec.entries(cut)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aChunkClaimingMoreBytesThanItsBlockHoldsIsRefused() {
        byte[] chunk = ChunkCodec.chunk(List.of(entry("a", 1), entry("b", 2)));
        int k = ByteBuffer.wrap(chunk).getInt(23);
        ByteBuffer.wrap(chunk).putInt(27 + k, ByteBuffer.wrap(chunk).getInt(27 + k) + 8);
        assertThatThrownBy(() -> ChunkCodec.entries(chunk)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lz4 block");
    }

    @Test
    void aSmallChunkReadAfterALargeOneSeesOnlyItsOwnRecords() {
        List<Entry> many = new java.util.ArrayList<>();
        for (int i = 0; i < 500; i++) {
            many.add(entry("m" + i, i, ALICE));
        }
        assertThat(ChunkCodec.entries(ChunkCodec.chunk(many))).hasSize(500);
        assertThat(ChunkCodec.entries(ChunkCodec.chunk(List.of(entry("only", 7))))).extracting(Entry::id)
                .containsExactly("only");
    }

    @Test
    void aRangeReadSkipsRecordsOutsideItAndTermsWhenNotAsked() {
        byte[] chunk = ChunkCodec.chunk(List.of(entry("a", 1, ALICE), entry("b", 2, TEXT), entry("c", 3, ALICE)));
        List<Entry> middle = ChunkCodec.entries(chunk, 2, 3, false);
        assertThat(middle).extracting(Entry::id).containsExactly("b");
        assertThat(middle.get(0).terms()).isEmpty();
        assertThat(middle.get(0).value()).isEqualTo("vb".getBytes(StandardCharsets.UTF_8));
        assertThat(ChunkCodec.entries(chunk, 2, 4, true)).extracting(Entry::terms).containsExactly(List.of(TEXT), List.of(ALICE));
        byte[] tail = ChunkCodec.tailEntry(5, List.of(ALICE), new byte[] {9});
        assertThat(ChunkCodec.fromTail("t", tail, 6, 10, true)).isNull();
        assertThat(ChunkCodec.fromTail("t", tail, 5, 6, false).terms()).isEmpty();
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
