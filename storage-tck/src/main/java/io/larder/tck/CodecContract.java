package io.larder.tck;

import static io.larder.tck.ContractFixture.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.larder.Codec;
import io.larder.Compression;
import io.larder.DataSize;
import io.larder.Encoding;
import io.larder.Query;
import io.larder.Storage;
import io.larder.testkit.Note;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every codec and compression round-trips through the adapter, compressed or not. */
public interface CodecContract extends ContractFixture {

    private void roundTrip(Codec codec, Compression compression) {
        Encoding encoding = new Encoding(codec, compression, DataSize.ofBytes(64), 1);
        Storage<Note> notes = larder().store(noteSpec().encoding(encoding).build());
        Note small = Note.of("s", "g1", "alice", T0).saying("hi");
        Note large = Note.of("l", "g1", "alice", T0 + 1).saying("聊天记录 chat log ".repeat(200));
        notes.saveAll(List.of(small, large));
        assertThat(notes.load(key("g1", "s"))).contains(small);
        assertThat(notes.load(key("g1", "l"))).contains(large);
        assertThat(notes.list(Query.in("group", "g1").where("author", "alice")).items()).containsExactly(small, large);
    }

    @Test
    default void jsonRoundTrips() {
        roundTrip(Codec.JSON, Compression.NONE);
    }

    @Test
    default void jsonWithLz4RoundTrips() {
        roundTrip(Codec.JSON, Compression.LZ4);
    }

    @Test
    default void jsonWithGzipRoundTrips() {
        roundTrip(Codec.JSON, Compression.GZIP);
    }

    @Test
    default void msgpackRoundTrips() {
        roundTrip(Codec.MSGPACK, Compression.NONE);
    }

    @Test
    default void msgpackWithLz4RoundTrips() {
        roundTrip(Codec.MSGPACK, Compression.LZ4);
    }

    @Test
    default void msgpackWithGzipRoundTrips() {
        roundTrip(Codec.MSGPACK, Compression.GZIP);
    }

    @Test
    default void valueSizesAreRecordedBeforeAndAfterCompression() {
        Encoding lz4 = new Encoding(Codec.JSON, Compression.LZ4, DataSize.ofBytes(64), 0);
        Storage<Note> notes = larder().store(noteSpec().encoding(lz4).build());
        notes.save(Note.of("l", "g1", "alice", T0).saying("repeat ".repeat(500)));
        String store = notes.spec().name();
        double raw = registry().get("larder.value.size").tag("store", store).tag("stage", "raw").summary().totalAmount();
        double stored = registry().get("larder.value.size").tag("store", store).tag("stage", "stored").summary().totalAmount();
        assertThat(stored).isPositive().isLessThan(raw);
    }
}
