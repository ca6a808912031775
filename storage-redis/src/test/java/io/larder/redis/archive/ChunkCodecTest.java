package io.larder.redis.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.Query;
import io.larder.spi.Position;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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
        byte[] table = Arrays.copyOfRange(chunk, 27, 27 + k);
        assertThat(new String(table, StandardCharsets.UTF_8)).isEqualTo("\0\014author\0alice\0\011kind\0text");
        assertThat(indexOf(table, TermTable.needle(TEXT))).isPositive();
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
        Entry e = TailCodec.decode("id:{1}", TailCodec.encode(-7, List.of(ALICE), new byte[] {1, 2, 3}));
        assertThat(e.time()).isEqualTo(-7);
        assertThat(e.terms()).containsExactly(ALICE);
        assertThat(e.value()).containsExactly(1, 2, 3);
    }

    @Test
    void damagedChunkIsRefused() {
        byte[] chunk = ChunkCodec.chunk(List.of(entry("a", 1)));
        chunk[chunk.length - 1] ^= 0x55;
        byte[] cut = Arrays.copyOf(chunk, 20);
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
        List<Entry> many = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            many.add(entry("m" + i, i, ALICE));
        }
        assertThat(ChunkCodec.entries(ChunkCodec.chunk(many))).hasSize(500);
        assertThat(ChunkCodec.entries(ChunkCodec.chunk(List.of(entry("only", 7))))).extracting(Entry::id)
                .containsExactly("only");
    }

    @Test
    void aScanKeepsTheRecordsInItsRangeThatCarryItsTerm() {
        byte[] chunk = ChunkCodec.chunk(List.of(entry("a", 1, ALICE), entry("b", 2, TEXT), entry("c", 3, ALICE), entry("d", 4)));
        List<Hit> middle = scan(chunk, 2, 4, null);
        assertThat(middle).extracting(Hit::id).containsExactly("b", "c");
        assertThat(middle.get(0).value()).isEqualTo("vb".getBytes(StandardCharsets.UTF_8));
        assertThat(scan(chunk, Long.MIN_VALUE, Long.MAX_VALUE, TermTable.needle(ALICE))).extracting(Hit::id)
                .containsExactly("a", "c");
        assertThat(scan(chunk, Long.MIN_VALUE, Long.MAX_VALUE, TermTable.needle(new Query.Term("author", "bob")))).isEmpty();
        assertThat(scan(chunk, 2, 4, TermTable.needle(ALICE)).get(0).entry()).satisfies(e -> {
            assertThat(e.id()).isEqualTo("c");
            assertThat(e.terms()).containsExactly(ALICE);
        });
    }

    @Test
    void aTailHitIsNullOutsideTheRangeOrWithoutTheTerm() {
        byte[] tail = TailCodec.encode(5, List.of(ALICE), new byte[] {9});
        byte[] id = "t".getBytes(StandardCharsets.UTF_8);
        assertThat(TailCodec.hit(id, tail, 6, 10, null)).isNull();
        assertThat(TailCodec.hit(id, tail, 5, 6, TermTable.needle(TEXT))).isNull();
        Hit hit = TailCodec.hit(id, tail, 5, 6, TermTable.needle(ALICE));
        assertThat(hit.id()).isEqualTo("t");
        assertThat(hit.value()).containsExactly(9);
        assertThat(hit.entry().terms()).containsExactly(ALICE);
    }

    @Test
    void everyChunkOfOnePageKeepsItsOwnBytesUntilThePageEnds() {
        Payloads page = Payloads.forPage();
        List<Hit> hits = new ArrayList<>();
        for (int c = 0; c < 40; c++) {
            List<Entry> chunkEntries = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                chunkEntries.add(entry("c" + c + "r" + i, c * 10L + i, ALICE));
            }
            ChunkCodec.scan(ChunkCodec.chunk(chunkEntries), Long.MIN_VALUE, Long.MAX_VALUE, null, page, hits);
        }
        assertThat(hits).hasSize(120);
        for (Hit h : hits) {
            assertThat(h.value()).isEqualTo(("v" + h.id()).getBytes(StandardCharsets.UTF_8));
        }
        ChunkCodec.entries(ChunkCodec.chunk(List.of(entry("elsewhere", 1))));
        assertThat(hits.get(0).value()).isEqualTo("vc0r0".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void findDecodesTheOneRecordUnderAnId() {
        byte[] chunk = ChunkCodec.chunk(List.of(entry("a", 1, ALICE), entry("b", 2, TEXT, ALICE), entry("c", 3)));
        Entry b = ChunkCodec.find(chunk, "b");
        assertThat(b.time()).isEqualTo(2);
        assertThat(b.terms()).containsExactly(TEXT, ALICE);
        assertThat(b.value()).isEqualTo("vb".getBytes(StandardCharsets.UTF_8));
        assertThat(ChunkCodec.find(chunk, "bb")).isNull();
        assertThat(ChunkCodec.find(chunk, "")).isNull();
    }

    @Test
    void aPageLargerThanWhatAThreadKeepsStillReadsEveryChunk() {
        Payloads page = Payloads.forPage();
        byte[] big = new byte[300_000];
        Arrays.fill(big, (byte) 'x');
        List<Hit> hits = new ArrayList<>();
        for (int c = 0; c < 12; c++) {                  // 12 × 300 KB: past the 2 MB a thread keeps
            big[0] = (byte) c;
            ChunkCodec.scan(ChunkCodec.chunk(List.of(new Entry("c" + c, c, List.of(), big.clone()))), Long.MIN_VALUE,
                    Long.MAX_VALUE, null, page, hits);
        }
        assertThat(hits).hasSize(12);
        for (int c = 0; c < 12; c++) {
            assertThat(hits.get(c).value()).hasSize(300_000).startsWith((byte) c);
        }
    }

    @Test
    void hitsOrderByTimeThenId() {
        byte[] chunk = ChunkCodec.chunk(List.of(entry("b", 5), entry("a", 5), entry("c", 4)));
        List<Hit> hits = scan(chunk, Long.MIN_VALUE, Long.MAX_VALUE, null);
        hits.sort(Hit.ORDER.reversed());
        assertThat(hits).extracting(Hit::id).containsExactly("b", "a", "c");
        assertThat(hits.get(0).compareTo(new Position(5, "a"))).isPositive();
        assertThat(hits.get(1).compareTo(new Position(5, "a"))).isZero();
        assertThat(hits.get(2).compareTo(new Position(5, "a"))).isNegative();
    }

    private static List<Hit> scan(byte[] chunk, long from, long to, byte[] needle) {
        List<Hit> out = new ArrayList<>();
        ChunkCodec.scan(chunk, from, to, needle, Payloads.forPage(), out);
        return out;
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
