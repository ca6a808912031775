package io.larder.serialization;

import static io.larder.serialization.Fixtures.codec;
import static io.larder.serialization.Fixtures.encoding;
import static io.larder.serialization.Fixtures.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonValue;
import io.larder.Codec;
import io.larder.Compression;
import io.larder.Encoding;
import io.larder.serialization.Fixtures.Msg;
import io.larder.spi.CodecProvider;
import io.larder.spi.RecordCodec;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The provider as the core finds and uses it, and the guarantees that hold for every codec. */
class JacksonCodecProviderTest {

    @Test
    void theCoreFindsTheProviderThroughServiceLoader() {
        assertThat(ServiceLoader.load(CodecProvider.class)).hasAtLeastOneElementOfType(JacksonCodecProvider.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {" ", "\t", "\n", "\r", "{", "[", "\"", "-", "0", "9", "t", "f", "n", "\uFEFF"})
    void noJsonDocumentStartsWithTheMagicByte(String start) {
        byte[] first = start.getBytes(StandardCharsets.UTF_8);

        assertThat(first[0] & 0xFF).isNotEqualTo(ValueFrame.MAGIC);
        assertThat(ValueFrame.read(first).plain()).isTrue();
    }

    @Test
    void plainJsonWithWhitespaceOrAByteOrderMarkIsRead() {
        RecordCodec<Msg> reader = codec(Msg.class, Encoding.defaults());
        Msg expected = new Msg("a", "b", 1);

        assertThat(reader.decode(" \n{\"id\":\"a\",\"text\":\"b\",\"ts\":1}\n".getBytes(StandardCharsets.UTF_8))).isEqualTo(expected);
        assertThat(reader.decode(hex("efbbbf", hex("{\"id\":\"a\",\"text\":\"b\",\"ts\":1}".getBytes(StandardCharsets.UTF_8)))))
                .isEqualTo(expected);
    }

    @Test
    void aSchemaVersionIsCarriedByEveryForm() {
        for (Encoding encoding : Fixtures.everyEncoding()) {
            byte[] stored = codec(Msg.class, encoding.withSchemaVersion(255)).encode(Fixtures.GOLDEN);

            assertThat(stored[0] & 0xFF).as("%s", encoding).isEqualTo(ValueFrame.MAGIC);
            assertThat(ValueFrame.read(stored).schemaVersion()).isEqualTo(255);
        }
    }

    @Test
    void classNamesInStoredBytesAreNeverTrusted() {
        RecordCodec<Envelope> codec = codec(Envelope.class, encoding(Codec.JSON, Compression.NONE, 0, 0));
        byte[] naming = "{\"payload\":[\"java.util.ArrayList\",[]]}".getBytes(StandardCharsets.UTF_8);

        assertThatIllegalArgumentException().isThrownBy(() -> codec.decode(naming))
                .withMessageContaining("JSON payload is not a valid Envelope")
                .withMessageContaining("PolymorphicTypeValidator");
    }

    @Test
    void aTypeJacksonCannotWriteIsRefusedOnEncode() {
        RecordCodec<Opaque> codec = codec(Opaque.class, Encoding.defaults());

        assertThatIllegalArgumentException().isThrownBy(() -> codec.encode(new Opaque()))
                .withMessageStartingWith("cannot encode " + Opaque.class.getName() + " as JSON: No serializer found");
    }

    @Test
    void nullIsNotARecord() {
        RecordCodec<Msg> codec = codec(Msg.class, Encoding.defaults());

        assertThatNullPointerException().isThrownBy(() -> codec.encode(null));
    }

    @Test
    void anEncodeInsideAnEncodeOnTheSameThreadUsesItsOwnBuffers() {
        for (Encoding encoding : Fixtures.everyEncoding()) {
            RecordCodec<Outer> codec = codec(Outer.class, encoding);
            Outer outer = new Outer("outer-".repeat(100), new Inner("内层".repeat(300)));

            Outer back = codec.decode(codec.encode(outer));

            assertThat(back.label()).isEqualTo(outer.label());
            assertThat(back.inner()).isEqualTo(Inner.ENCODED_LENGTH.get().toString());
        }
    }

    @Test
    void documentAfterDocumentOnOneThreadIsWrittenWithNothingBetween() {
        RecordCodec<Msg> codec = codec(Msg.class, Encoding.defaults());
        RecordCodec<Outer> other = codec(Outer.class, Encoding.defaults());

        assertThat(codec.encode(Fixtures.GOLDEN)).isEqualTo(GoldenBytesTest.JSON_PLAIN);
        assertThat(new String(other.encode(new Outer("o", 1)), StandardCharsets.UTF_8)).isEqualTo("{\"label\":\"o\",\"inner\":1}");
        assertThat(codec.encode(Fixtures.GOLDEN)).isEqualTo(GoldenBytesTest.JSON_PLAIN);
    }

    @Test
    void anEncodeThatFailsHalfwayLeavesTheNextOneWhole() {
        RecordCodec<Outer> failing = codec(Outer.class, Encoding.defaults());
        RecordCodec<Msg> codec = codec(Msg.class, Encoding.defaults());

        assertThatIllegalArgumentException().isThrownBy(() -> failing.encode(new Outer("written first", new Refusing())))
                .withMessageContaining("refused");

        assertThat(codec.encode(Fixtures.GOLDEN)).isEqualTo(GoldenBytesTest.JSON_PLAIN);
    }

    @Test
    void aJsonEncodeInsideAJsonEncodeKeepsBothDocumentsWhole() {
        RecordCodec<Outer> codec = codec(Outer.class, Encoding.defaults());
        Outer outer = new Outer("outer", new JsonInner("内层"));

        String written = new String(codec.encode(outer), StandardCharsets.UTF_8);

        assertThat(written).isEqualTo("{\"label\":\"outer\",\"inner\":\"{\\\"id\\\":\\\"in\\\",\\\"text\\\":\\\"内层\\\",\\\"ts\\\":0}\"}");
    }

    record Envelope(@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS) Object payload) {
    }

    static final class Opaque {
    }

    record Outer(String label, Object inner) {
    }

    /** Cannot be written: its serializer fails once the outer record's first field is out. */
    static final class Refusing {
        @JsonValue
        String refuse() {
            throw new IllegalStateException("refused");
        }
    }

    /** Writes itself as its own JSON document, encoded while the outer record is being written. */
    record JsonInner(String text) {
        private static final RecordCodec<Msg> NESTED = codec(Msg.class, Encoding.defaults());

        @JsonValue
        String document() {
            return new String(NESTED.encode(new Msg("in", text, 0)), StandardCharsets.UTF_8);
        }
    }

    /** Writes itself as the length of its own encoding, made while the outer record is being written. */
    record Inner(String text) {
        static final ThreadLocal<Integer> ENCODED_LENGTH = new ThreadLocal<>();
        private static final RecordCodec<Msg> NESTED = codec(Msg.class, encoding(Codec.MSGPACK, Compression.LZ4, 0, 0));

        @JsonValue
        String encodedLength() {
            byte[] nested = NESTED.encode(new Msg("in", text, 0));
            assertThat(NESTED.decode(nested).text()).isEqualTo(text);
            ENCODED_LENGTH.set(nested.length);
            return Integer.toString(nested.length);
        }
    }
}
