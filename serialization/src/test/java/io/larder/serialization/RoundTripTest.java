package io.larder.serialization;

import static io.larder.serialization.Fixtures.codec;
import static io.larder.serialization.Fixtures.encoding;
import static io.larder.serialization.Fixtures.mapCodec;
import static org.assertj.core.api.Assertions.assertThat;

import io.larder.Codec;
import io.larder.Compression;
import io.larder.Encoding;
import io.larder.serialization.Fixtures.ChatMessage;
import io.larder.serialization.Fixtures.Msg;
import io.larder.serialization.Fixtures.Sender;
import io.larder.spi.RecordCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Records, maps and text of every script come back equal through every codec and compression. */
class RoundTripTest {
    static final String[] TEXTS = {
        "",
        "plain ascii",
        "早上好，今天我们讨论大语言模型的上下文窗口。",
        "日本語のテキストとカタカナ、한국어 텍스트",
        "emoji 😀👍🏽 family 👨‍👩‍👧‍👦 flags 🇨🇳🇺🇸",
        "مرحبا بالعالم — שלום עולם",
        "combining e\u0301 and zero\u200Bwidth, controls \u0000\u0001\t\n\"quotes\" \\ backslash",
        "𠀀𪚥 supplementary CJK",
    };

    static Stream<Encoding> encodings() {
        return Fixtures.everyEncoding().stream();
    }

    @ParameterizedTest
    @MethodSource("encodings")
    void recordsOfEveryScriptRoundTrip(Encoding encoding) {
        RecordCodec<Msg> codec = codec(Msg.class, encoding);
        for (String text : TEXTS) {
            Msg msg = new Msg("id-" + text.length(), text, -42L);
            assertThat(codec.decode(codec.encode(msg))).isEqualTo(msg);
            Msg repeated = new Msg("long", text.repeat(50), Long.MAX_VALUE);
            assertThat(codec.decode(codec.encode(repeated))).isEqualTo(repeated);
        }
    }

    @ParameterizedTest
    @MethodSource("encodings")
    void nestedRecordsWithTimeListsAndMapsRoundTrip(Encoding encoding) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("platform", "qq");
        extra.put("tokens", 1234);
        extra.put("score", 0.25);
        extra.put("pinned", true);
        extra.put("reply_to", null);
        extra.put("tags", List.of("群聊", "🤖"));
        ChatMessage message = new ChatMessage("01HZX", new Sender("42", "小明"),
                Instant.parse("2026-03-01T08:30:15.123456789Z"), List.of("43", "44"), extra);
        RecordCodec<ChatMessage> codec = codec(ChatMessage.class, encoding);

        assertThat(codec.decode(codec.encode(message))).isEqualTo(message);
    }

    @ParameterizedTest
    @MethodSource("encodings")
    void openMapsRoundTripWithTheirValueTypes(Encoding encoding) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("text", "你好 👋");
        map.put("int", 7);
        map.put("long", 9_000_000_000L);
        map.put("double", 3.5);
        map.put("bool", false);
        map.put("null", null);
        map.put("list", List.of(1, "two", List.of()));
        map.put("nested", Map.of("k", "v"));
        RecordCodec<Map<String, Object>> codec = mapCodec(encoding);

        assertThat(codec.decode(codec.encode(map))).isEqualTo(map);
    }

    @ParameterizedTest
    @MethodSource("encodings")
    void aMegabyteValueRoundTrips(Encoding encoding) {
        Random random = new Random(7);
        StringBuilder text = new StringBuilder();
        while (text.length() < 1 << 20) {
            text.append(TEXTS[random.nextInt(TEXTS.length)]).append(random.nextInt());
        }
        Msg big = new Msg("big", text.toString(), 1L);
        RecordCodec<Msg> codec = codec(Msg.class, encoding);

        byte[] stored = codec.encode(big);

        assertThat(stored.length).isGreaterThan(encoding.compression() == Compression.NONE ? 1 << 20 : 0);
        assertThat(codec.decode(stored)).isEqualTo(big);
    }

    @Test
    void instantsAreWrittenAsIsoTextInBothCodecs() {
        ChatMessage message = new ChatMessage("1", new Sender("2", "n"), Instant.parse("2026-01-02T03:04:05Z"), List.of(), Map.of());
        byte[] json = codec(ChatMessage.class, encoding(Codec.JSON, Compression.NONE, 0, 0)).encode(message);
        byte[] msgpack = codec(ChatMessage.class, encoding(Codec.MSGPACK, Compression.NONE, 0, 0)).encode(message);

        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"sentAt\":\"2026-01-02T03:04:05Z\"");
        assertThat(new String(msgpack, StandardCharsets.UTF_8)).contains("2026-01-02T03:04:05Z");
    }

    @Test
    void everyEncodingReadsWhatEveryOtherWrote() {
        List<Encoding> writers = new ArrayList<>(Fixtures.everyEncoding());
        Fixtures.everyEncoding().forEach(e -> writers.add(e.withSchemaVersion(7)));
        Msg msg = new Msg("switch", "切换编码后旧记录仍可读取。".repeat(5), 5L);
        for (Encoding writer : writers) {
            byte[] stored = codec(Msg.class, writer).encode(msg);
            assertThat(ValueFrame.read(stored).schemaVersion()).isEqualTo(writer.schemaVersion());
            for (Encoding reader : writers) {
                assertThat(codec(Msg.class, reader).decode(stored)).as("written %s, read %s", writer, reader).isEqualTo(msg);
            }
        }
    }

    @Test
    void oldReadersIgnoreFieldsNewerWritersAdded() {
        byte[] newer = "{\"id\":\"1\",\"text\":\"t\",\"ts\":3,\"reactions\":[\"👍\"],\"edited\":{\"at\":5}}"
                .getBytes(StandardCharsets.UTF_8);

        assertThat(codec(Msg.class, encoding(Codec.MSGPACK, Compression.LZ4, 0, 0)).decode(newer)).isEqualTo(new Msg("1", "t", 3));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 8})
    void codecsAreSafeToShareAcrossThreads(int threads) throws Exception {
        List<RecordCodec<Msg>> codecs = Fixtures.everyEncoding().stream().map(e -> codec(Msg.class, e)).toList();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                runs.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    for (int i = 0; i < 300; i++) {
                        RecordCodec<Msg> codec = codecs.get(random.nextInt(codecs.size()));
                        Msg msg = new Msg(seed + "-" + i, "消息".repeat(random.nextInt(3000)), i);
                        assertThat(codec.decode(codec.encode(msg))).isEqualTo(msg);
                    }
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
