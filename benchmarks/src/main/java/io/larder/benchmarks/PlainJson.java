package io.larder.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON a raw-driver user writes: a plain Jackson mapper, no frame, no compression. Larder's
 * JSON codec writes the same document for this record, so raw and Larder move the same bytes.
 * Thread-safe.
 */
final class PlainJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectWriter WRITER = MAPPER.writerFor(ChatMessage.class);
    private static final ObjectReader READER = MAPPER.readerFor(ChatMessage.class);

    private PlainJson() {
    }

    static byte[] encode(ChatMessage m) {
        try {
            return WRITER.writeValueAsBytes(m);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ChatMessage decode(byte[] bytes) {
        try {
            return READER.readValue(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
