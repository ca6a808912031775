package io.larder.serialization;

import io.larder.Codec;
import io.larder.Compression;
import io.larder.DataSize;
import io.larder.Encoding;
import io.larder.spi.RecordCodec;
import io.larder.spi.ValueSizes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Record types, encodings and codecs the tests share. */
final class Fixtures {
    /** The golden record: a chat message with Chinese text that LZ4 and gzip both shrink. */
    static final Msg GOLDEN = new Msg("m1", "早上好！早上好！早上好！早上好！早上好！早上好！", 1_700_000_000_000L);

    /** The largest value a frame can declare: codecs of the tests read anything a frame can hold unless a test says otherwise. */
    static final DataSize FRAME_LIMIT = DataSize.ofBytes(ValueFrame.MAX_RAW_LENGTH);

    private static final JacksonCodecProvider PROVIDER = new JacksonCodecProvider();

    private Fixtures() {
    }

    record Msg(String id, String text, long ts) {
    }

    record Sender(String id, String nickname) {
    }

    /** A richer record: nested record, time, list and an open map. */
    record ChatMessage(String id, Sender sender, Instant sentAt, List<String> mentions, Map<String, Object> extra) {
    }

    /** Every codec with every compression, schema version 0, compressing values of any size. */
    static List<Encoding> everyEncoding() {
        List<Encoding> all = new ArrayList<>();
        for (Codec codec : Codec.values()) {
            for (Compression compression : Compression.values()) {
                all.add(encoding(codec, compression, 0, 0));
            }
        }
        return all;
    }

    static Encoding encoding(Codec codec, Compression compression, long threshold, int schemaVersion) {
        return new Encoding(codec, compression, DataSize.ofBytes(threshold), schemaVersion);
    }

    static <T> RecordCodec<T> codec(Class<T> type, Encoding encoding) {
        return PROVIDER.codec(type, encoding, FRAME_LIMIT, ValueSizes.IGNORE);
    }

    static <T> RecordCodec<T> codec(Class<T> type, Encoding encoding, ValueSizes sizes) {
        return PROVIDER.codec(type, encoding, FRAME_LIMIT, sizes);
    }

    /** A codec that writes and reads no value larger than {@code maxValueSize}, before or after compression. */
    static <T> RecordCodec<T> codec(Class<T> type, Encoding encoding, DataSize maxValueSize) {
        return PROVIDER.codec(type, encoding, maxValueSize, ValueSizes.IGNORE);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static RecordCodec<Map<String, Object>> mapCodec(Encoding encoding) {
        return PROVIDER.codec((Class<Map<String, Object>>) (Class) Map.class, encoding, FRAME_LIMIT, ValueSizes.IGNORE);
    }

    static byte[] hex(String... parts) {
        return HexFormat.of().parseHex(String.join("", parts));
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
