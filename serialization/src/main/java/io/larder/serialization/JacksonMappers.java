package io.larder.serialization;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.larder.Codec;
import org.msgpack.jackson.dataformat.MessagePackFactory;
import org.msgpack.jackson.dataformat.MessagePackMapper;

/**
 * The configured mappers, one configuration for both codecs. Thread-safe once built.
 *
 * <p>msgpack's generator keeps one packer per thread, which makes the common encode cheaper but
 * breaks an encode started while another is writing on the same thread (a record whose
 * serializer stores another record); such a nested encode takes {@link #writer} with
 * {@code nested} set, which allocates its own. Its parser's per-thread reuse gains nothing
 * measurable, so it is off and decoding is re-entrant.
 */
final class JacksonMappers {
    private static final ObjectMapper JSON = configure(JsonMapper.builder());
    private static final ObjectMapper MSGPACK = configure(MessagePackMapper.builder(
            new MessagePackFactory().setReuseResourceInParser(false)));
    private static final ObjectMapper MSGPACK_NESTED = configure(MessagePackMapper.builder(
            new MessagePackFactory().setReuseResourceInParser(false).setReuseResourceInGenerator(false)));

    private JacksonMappers() {
    }

    /** A writer of {@code type}; {@code nested} for one used while another encode writes on this thread. */
    static ObjectWriter writer(Codec codec, Class<?> type, boolean nested) {
        return (codec == Codec.JSON ? JSON : nested ? MSGPACK_NESTED : MSGPACK).writerFor(type);
    }

    /**
     * A reader of {@code type}. The MessagePack reader leaves the trailing-token check to the
     * caller: msgpack's parser throws at the end of input where that check expects null.
     */
    static ObjectReader reader(Codec codec, Class<?> type) {
        return codec == Codec.JSON
                ? JSON.readerFor(type)
                : MSGPACK.readerFor(type).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    private static <M extends ObjectMapper, B extends MapperBuilder<M, B>> M configure(B builder) {
        return builder
                .addModule(new JavaTimeModule())
                // old readers tolerate fields that newer writers added
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // bytes after the document mean the value is damaged, not that we read a prefix
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // ISO-8601 text: readable in redis-cli and in any language, identical in both codecs
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                // no class named in stored bytes is ever trusted, even under a @JsonTypeInfo(use = CLASS)
                .polymorphicTypeValidator(BasicPolymorphicTypeValidator.builder().build())
                .build();
    }
}
