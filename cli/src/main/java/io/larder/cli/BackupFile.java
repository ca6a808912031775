package io.larder.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.larder.StoreSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * The backup file, format version {@value #VERSION} (docs/backup-format.md): gzip around UTF-8
 * JSON lines. A header line; then each store as a line declaring it, a line per record
 * ({@code {"r":{...}}}) and a closing line with the store's record count and the SHA-256 of its
 * record lines; last, a line with the stores and records in all and the SHA-256 of every line
 * before it. Written and read as a stream, one line in memory at a time; a reader refuses a
 * backup that was cut short, changed, or made by a newer version, saying where.
 */
final class BackupFile {
    /** The format's version; a reader refuses a higher one. */
    static final int VERSION = 1;
    /** The longest line a reader accepts: longer than any record a store takes. */
    static final int MAX_LINE_BYTES = 256 << 20;
    /** Records' fields as the stores' JSON codec writes them: times as ISO-8601 text, which a restore reads back. */
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private BackupFile() {
    }

    /** A backup that cannot be trusted: not one, damaged, cut short, or from a newer version. */
    static final class DamagedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DamagedException(long line, String what) {
            super(line > 0 ? "at line " + line + ": " + what : what);
        }
    }

    /** Writes one backup into a stream it closes when {@link #finish() finished}. Not thread-safe. */
    static final class Writer {
        private final OutputStream out;
        private final MessageDigest all = sha256();
        private MessageDigest part = sha256(); // each store starts its own
        private @Nullable String store;
        private long storeRecords;
        private long stores;
        private long records;

        /** Starts a backup of {@code source} (a description of where the records are, never a secret). */
        Writer(OutputStream sink, String source, Instant created) {
            try {
                this.out = new GZIPOutputStream(sink, 1 << 16);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            line(JSON.createObjectNode().put("larder_backup", VERSION).put("created", created.toString())
                    .put("source", source), false);
        }

        void beginStore(StoreSpec<?> spec) {
            if (store != null) {
                throw new IllegalStateException("store " + store + " is still open");
            }
            line(JSON.createObjectNode().set("store", StoreSpecJson.write(spec)), false);
            store = spec.name();
            part = sha256();
            storeRecords = 0;
        }

        /** A record of the open store, as the fields its codec stores (a record type's components, or a map's keys). */
        void record(Object record) {
            requireStore("a record");
            line(JSON.createObjectNode().set("r", JSON.valueToTree(record)), true);
            storeRecords++;
        }

        void endStore() {
            requireStore("the end of a store");
            line(JSON.createObjectNode().set("end", JSON.createObjectNode().put("store", store).put("records", storeRecords)
                    .put("sha256", HexFormat.of().formatHex(part.digest()))), false);
            stores++;
            records += storeRecords;
            store = null;
        }

        private void requireStore(String what) {
            if (store == null) {
                throw new IllegalStateException(what + " outside any store");
            }
        }

        /** Writes the closing line and closes the stream; returns the records written. */
        long finish() {
            if (store != null) {
                throw new IllegalStateException("store " + store + " is still open");
            }
            ObjectNode end = JSON.createObjectNode().put("stores", stores).put("records", records)
                    .put("sha256", HexFormat.of().formatHex(all.digest()));
            byte[] last = bytes(JSON.createObjectNode().set("end_of_backup", end));
            try {
                out.write(last);
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return records;
        }

        private void line(JsonNode node, boolean ofRecord) {
            byte[] bytes = bytes(node);
            all.update(bytes);
            if (ofRecord) {
                part.update(bytes);
            }
            try {
                out.write(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * What a reader meets, in file order.
     */
    sealed interface Event {
    }

    /**
     * A store begins.
     *
     * @param spec its declaration, holding maps
     */
    @SuppressWarnings("rawtypes")
    record Store(StoreSpec<Map> spec) implements Event {
    }

    /**
     * A record of the store that began last.
     *
     * @param fields its fields
     */
    record Record(Map<String, Object> fields) implements Event {
    }

    /**
     * The store that began last ends, its records counted and checked.
     *
     * @param name the store
     * @param records its records
     */
    record StoreEnd(String name, long records) implements Event {
    }

    /** Reads one backup, checking every count and checksum as it goes. Not thread-safe. */
    static final class Reader implements AutoCloseable {
        private final InputStream in;
        private final MessageDigest all = sha256();
        private final String created;
        private final String source;
        private MessageDigest part = sha256(); // each store starts its own
        private @Nullable String store;
        private long storeRecords;
        private long stores;
        private long records;
        private long lineNumber;
        private boolean ended;
        private final byte[] buffer = new byte[1 << 16];
        private int pos;
        private int end;

        /**
         * Opens a backup and reads its header.
         *
         * @throws DamagedException when it is not a backup this version reads
         */
        Reader(InputStream raw) {
            try {
                this.in = new GZIPInputStream(raw, 1 << 16);
            } catch (IOException e) {
                throw new DamagedException(0, "not a gzip file (" + e.getMessage() + "): not a Larder backup");
            }
            byte[] first = nextLine();
            JsonNode header = first == null ? null : parse(first);
            if (header == null || !header.path("larder_backup").isInt()) {
                throw new DamagedException(1, "no backup header: not a Larder backup");
            }
            if (header.get("larder_backup").asInt() > VERSION) {
                throw new DamagedException(1, "made by a newer larder (format version " + header.get("larder_backup").asInt()
                        + "; this one reads " + VERSION + ")");
            }
            all.update(first);
            created = header.path("created").asText("?");
            source = header.path("source").asText("?");
        }

        /** When the backup was made. */
        String created() {
            return created;
        }

        /** Where its records came from. */
        String source() {
            return source;
        }

        /** The number of the line read last (the header is line 1). */
        long line() {
            return lineNumber;
        }

        /**
         * The next event, or {@code null} after the closing line, once everything checked out.
         *
         * @throws DamagedException at the first line that is wrong, or when the file ends early
         */
        @SuppressWarnings("unchecked")
        @Nullable Event next() {
            if (ended) {
                return null;
            }
            byte[] bytes = nextLine();
            if (bytes == null) {
                throw new DamagedException(lineNumber, "the backup ends without its closing line: it was cut short");
            }
            JsonNode line = parse(bytes);
            if (line.has("r")) {
                requireStore("a record");
                all.update(bytes);
                part.update(bytes);
                storeRecords++;
                if (!line.get("r").isObject()) {
                    throw new DamagedException(lineNumber, "a record is not a JSON object");
                }
                return new Record(JSON.convertValue(line.get("r"), Map.class));
            }
            if (line.has("store")) {
                if (store != null) {
                    throw new DamagedException(lineNumber, "store " + store + " has no closing line");
                }
                all.update(bytes);
                StoreSpec<Map> spec;
                try {
                    spec = StoreSpecJson.read(line.get("store"));
                } catch (IllegalArgumentException e) {
                    throw new DamagedException(lineNumber, String.valueOf(e.getMessage()));
                }
                store = spec.name();
                part = sha256();
                storeRecords = 0;
                return new Store(spec);
            }
            if (line.has("end")) {
                String open = requireStore("a store's closing line");
                JsonNode end = line.get("end");
                check(end.path("store").asText().equals(store), "the closing line names store " + end.path("store").asText()
                        + ", not " + store);
                check(end.path("records").asLong(-1) == storeRecords, "store " + store + " should hold "
                        + end.path("records").asText() + " records, the file holds " + storeRecords);
                check(end.path("sha256").asText().equals(HexFormat.of().formatHex(part.digest())), "the records of store "
                        + store + " do not match their checksum: the file was changed or damaged");
                all.update(bytes);
                StoreEnd done = new StoreEnd(open, storeRecords);
                stores++;
                records += storeRecords;
                store = null;
                return done;
            }
            if (line.has("end_of_backup")) {
                check(store == null, "store " + store + " has no closing line");
                JsonNode end = line.get("end_of_backup");
                check(end.path("stores").asLong(-1) == stores && end.path("records").asLong(-1) == records,
                        "the backup should hold " + end.path("stores").asText() + " stores and " + end.path("records").asText()
                                + " records, the file holds " + stores + " and " + records);
                check(end.path("sha256").asText().equals(HexFormat.of().formatHex(all.digest())),
                        "the file does not match its checksum: it was changed or damaged");
                check(nextLine() == null, "there are lines after the closing line");
                ended = true;
                return null;
            }
            throw new DamagedException(lineNumber, "a line of no known kind");
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private String requireStore(String what) {
            if (store == null) {
                throw new DamagedException(lineNumber, what + " outside any store");
            }
            return store;
        }

        private void check(boolean holds, String what) {
            if (!holds) {
                throw new DamagedException(lineNumber, what);
            }
        }

        private JsonNode parse(byte[] line) {
            try {
                JsonNode n = JSON.readTree(line);
                if (n == null || !n.isObject()) {
                    throw new DamagedException(lineNumber, "not a JSON object");
                }
                return n;
            } catch (JsonProcessingException e) {
                throw new DamagedException(lineNumber, "not JSON (" + e.getOriginalMessage() + ")");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The next line with its {@code \n}, or {@code null} at the end. */
        private byte @Nullable [] nextLine() {
            ByteArrayOutputStream line = new ByteArrayOutputStream(512);
            while (true) {
                if (pos == end && !fill()) {
                    if (line.size() > 0) {
                        throw new DamagedException(lineNumber + 1, "the last line has no end: the backup was cut short");
                    }
                    return null;
                }
                int start = pos;
                while (pos < end && buffer[pos] != '\n') {
                    pos++;
                }
                boolean complete = pos < end;
                if (complete) {
                    pos++;
                }
                line.write(buffer, start, pos - start);
                if (line.size() > MAX_LINE_BYTES) {
                    throw new DamagedException(lineNumber + 1, "a line longer than " + MAX_LINE_BYTES + " bytes");
                }
                if (complete) {
                    lineNumber++;
                    return line.toByteArray();
                }
            }
        }

        private boolean fill() {
            try {
                int n = in.read(buffer);
                while (n == 0) {
                    n = in.read(buffer);
                }
                if (n < 0) {
                    return false;
                }
                pos = 0;
                end = n;
                return true;
            } catch (IOException e) {
                throw new DamagedException(lineNumber + 1, "the compressed data is damaged (" + e.getMessage() + ")");
            }
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            byte[] json = JSON.writeValueAsBytes(node);
            byte[] line = new byte[json.length + 1];
            System.arraycopy(json, 0, line, 0, json.length);
            line[json.length] = '\n';
            return line;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree is always JSON", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
