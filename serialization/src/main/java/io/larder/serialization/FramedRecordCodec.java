package io.larder.serialization;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.larder.Codec;
import io.larder.Compression;
import io.larder.DataSize;
import io.larder.Encoding;
import io.larder.RecordTooLargeException;
import io.larder.spi.RecordCodec;
import io.larder.spi.ValueSizes;
import java.io.IOException;
import java.util.Objects;

/**
 * Writes records as its encoding says and reads every form the frame can name. Holds one
 * writer and two readers bound to the record type, all immutable; thread-safe.
 */
final class FramedRecordCodec<T> implements RecordCodec<T> {
    private final Class<T> type;
    private final Encoding encoding;
    private final ValueSizes sizes;
    private final ObjectWriter writer;
    private final ObjectWriter nestedWriter;
    private final ObjectReader jsonReader;
    private final ObjectReader msgpackReader;
    private final boolean plainJson;
    /** The largest value written or read, before and after compression; within what a frame can declare. */
    private final int maxValueSize;

    FramedRecordCodec(Class<T> type, Encoding encoding, DataSize maxValueSize, ValueSizes sizes) {
        this.type = type;
        this.encoding = encoding;
        this.sizes = sizes;
        this.maxValueSize = (int) Math.min(maxValueSize.bytes(), ValueFrame.MAX_RAW_LENGTH);
        this.writer = JacksonMappers.writer(encoding.codec(), type, false);
        this.nestedWriter = JacksonMappers.writer(encoding.codec(), type, true);
        this.jsonReader = JacksonMappers.reader(Codec.JSON, type);
        this.msgpackReader = JacksonMappers.reader(Codec.MSGPACK, type);
        // a plain document has nowhere to keep a schema version, so any other version is framed
        this.plainJson = encoding.codec() == Codec.JSON && encoding.schemaVersion() == 0;
    }

    @Override
    public byte[] encode(T record) {
        Objects.requireNonNull(record, "record");
        EncodeScratch scratch = EncodeScratch.acquire();
        try {
            try {
                write(scratch, record);
            } catch (IOException e) {
                scratch.dropJson();
                throw new IllegalArgumentException("cannot encode " + type.getName() + " as " + encoding.codec() + ": "
                        + reason(e), e);
            } catch (RuntimeException e) {
                scratch.dropJson();
                throw e;
            }
            if (scratch.size() > maxValueSize) {
                // a value that could not be read back under this limit must not be written
                throw new RecordTooLargeException("a " + type.getSimpleName(), scratch.size(), maxValueSize);
            }
            byte[] stored = frame(scratch);
            sizes.record(scratch.size(), stored.length);
            return stored;
        } finally {
            scratch.release();
        }
    }

    private void write(EncodeScratch scratch, T record) throws IOException {
        if (encoding.codec() == Codec.JSON && !scratch.nested()) {
            JsonGenerator json = scratch.json(writer);
            writer.writeValue(json, record);
            json.flush();
        } else {
            // msgpack's generator already reuses its packer per thread, except when nested
            (scratch.nested() ? nestedWriter : writer).writeValue(scratch, record);
        }
    }

    @Override
    public T decode(byte[] bytes) {
        ValueFrame frame = ValueFrame.read(bytes);
        if (frame.compression() != Compression.NONE && frame.rawLength() > maxValueSize) {
            throw new IllegalArgumentException("declared uncompressed length " + frame.rawLength()
                    + " exceeds the store's max-value-size of " + maxValueSize + " bytes");
        }
        byte[] src = bytes;
        int off = frame.headerLength();
        int len = bytes.length - off;
        if (frame.compression() == Compression.LZ4) {
            src = Lz4Block.decompress(bytes, off, len, frame.rawLength());
            off = 0;
            len = src.length;
        } else if (frame.compression() == Compression.GZIP) {
            src = GzipMember.decompress(bytes, off, len, frame.rawLength());
            off = 0;
            len = src.length;
        }
        T record;
        try {
            record = frame.codec() == Codec.JSON ? jsonReader.readValue(src, off, len) : readMsgpack(src, off, len);
        } catch (IOException | RuntimeException e) {
            // msgpack-core reports some truncations as its own unchecked exceptions
            throw new IllegalArgumentException(name(frame.codec()) + " payload is not a valid " + type.getSimpleName()
                    + ": " + reason(e), e);
        }
        if (record == null) {
            throw new IllegalArgumentException(name(frame.codec()) + " payload is null, not a " + type.getSimpleName());
        }
        return record;
    }

    private T readMsgpack(byte[] src, int off, int len) throws IOException {
        // the reader does not check for trailing tokens (see JacksonMappers.reader), so we bind
        // from our own parser and check that the value ends where the payload does
        try (JsonParser parser = new NestingLimitedParser(msgpackReader.createParser(src, off, len))) {
            T record = msgpackReader.readValue(parser);
            JsonLocation at = parser.currentLocation();
            // msgpack-jackson counts bytes read but reports them in the location's char offset
            long end = at.getByteOffset() >= 0 ? at.getByteOffset() : at.getCharOffset();
            if (end != len) {
                throw new IllegalArgumentException((len - end) + " bytes follow the value");
            }
            return record;
        }
    }

    private byte[] frame(EncodeScratch scratch) {
        byte[] raw = scratch.raw();
        int rawLength = scratch.size();
        int uncompressedLength = plainJson ? rawLength : ValueFrame.HEADER_LENGTH + rawLength;
        Compression compression = encoding.compression();
        if (compression != Compression.NONE && rawLength >= encoding.threshold().bytes()
                && rawLength <= ValueFrame.MAX_RAW_LENGTH) {
            int packedLength = compression == Compression.LZ4
                    ? Lz4Block.compress(raw, rawLength, scratch)
                    : GzipMember.compress(raw, rawLength, scratch);
            if (ValueFrame.COMPRESSED_HEADER_LENGTH + packedLength < uncompressedLength) {
                byte[] stored = new byte[ValueFrame.COMPRESSED_HEADER_LENGTH + packedLength];
                int at = ValueFrame.write(stored, encoding.codec(), compression, encoding.schemaVersion(), rawLength);
                System.arraycopy(scratch.packed(0), 0, stored, at, packedLength);
                return stored;
            }
        }
        byte[] stored = new byte[uncompressedLength];
        int at = plainJson ? 0 : ValueFrame.write(stored, encoding.codec(), Compression.NONE, encoding.schemaVersion(), 0);
        System.arraycopy(raw, 0, stored, at, rawLength);
        return stored;
    }

    private static String name(Codec codec) {
        return codec == Codec.JSON ? "JSON" : "MessagePack";
    }

    private static String reason(Exception e) {
        String message = e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }

    @Override
    public String toString() {
        return "FramedRecordCodec[" + type.getName() + ", " + encoding + ", max " + maxValueSize + " bytes]";
    }
}
