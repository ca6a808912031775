package io.larder.benchmarks;

import io.larder.Codec;
import io.larder.Compression;
import io.larder.DataSize;
import io.larder.Encoding;
import io.larder.StoreDefaults;
import io.larder.spi.CodecProvider;
import io.larder.spi.RecordCodec;
import io.larder.spi.ValueSizes;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The encodings {@link CodecBench} compares, each opened through the codec facade Larder itself
 * uses ({@link CodecProvider} found by {@link ServiceLoader}, giving a {@link RecordCodec}). The
 * LZ4 forms compress from the first byte, so the chat message is compressed whatever its size.
 */
public enum CodecChoice {
    /** Plain JSON. */
    JSON("json", new Encoding(Codec.JSON, Compression.NONE, DataSize.ofBytes(0), 0)),
    /** JSON, LZ4-compressed. */
    JSON_LZ4("json-lz4", new Encoding(Codec.JSON, Compression.LZ4, DataSize.ofBytes(0), 0)),
    /** MessagePack. */
    MSGPACK("msgpack", new Encoding(Codec.MSGPACK, Compression.NONE, DataSize.ofBytes(0), 0)),
    /** MessagePack, LZ4-compressed. */
    MSGPACK_LZ4("msgpack-lz4", new Encoding(Codec.MSGPACK, Compression.LZ4, DataSize.ofBytes(0), 0));

    private final String id;
    private final Encoding encoding;

    CodecChoice(String id, Encoding encoding) {
        this.id = id;
        this.encoding = encoding;
    }

    /** The name JMH's {@code encoding} parameter takes. */
    public String id() {
        return id;
    }

    /** The encoding. */
    public Encoding encoding() {
        return encoding;
    }

    /** The codec Larder would use for chat messages in this encoding. */
    public RecordCodec<ChatMessage> open() {
        for (CodecProvider provider : ServiceLoader.load(CodecProvider.class)) {
            return provider.codec(ChatMessage.class, encoding, StoreDefaults.standard().maxValueSize(), ValueSizes.IGNORE);
        }
        throw new SubjectUnavailableException("no io.larder.spi.CodecProvider on the class path");
    }

    /** The choice named {@code id}. */
    public static CodecChoice of(String id) {
        return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no encoding '" + id + "'; known: " + ids()));
    }

    /** Every choice's name. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(CodecChoice::id).toList();
    }
}
