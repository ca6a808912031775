package io.larder.cli.serve;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The one way an event enters, from HTTP or WebSocket alike: read as JSON first (so malformed
 * input is refused at once, with its position, and never reaches the archive), then handed to
 * the sink, every outcome counted, and whether writes are taken watched. Thread-safe.
 */
final class Intake {
    private static final JsonFactory JSON = new JsonFactory();
    private static final int MAX_REASON = 200;
    private static final Pattern SOURCE = Pattern.compile("\\[Source: [^;\\]]*; ");

    private final EventSink sink;
    private final Counters counters;
    private final WriteWatch writes = new WriteWatch(Clock.systemUTC());

    /** Input that is not a JSON object; the message says where and why. */
    static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message, null, false, false);
        }
    }

    Intake(EventSink sink, Counters counters) {
        this.sink = sink;
        this.counters = counters;
    }

    /**
     * Hands {@code json} to the sink; the future completes once it is stored and counts the
     * outcome, or fails (counted, and noted by {@link #writes}) when the sink refused it or could
     * not store it. Blocks while the sink is full.
     *
     * @throws MalformedException when it is not one JSON object (counted)
     */
    CompletableFuture<EventSink.Outcome> take(String json) throws MalformedException {
        check(json);
        CompletableFuture<EventSink.Outcome> submitted;
        try {
            submitted = sink.submit(json);
        } catch (RuntimeException e) {
            submitted = CompletableFuture.failedFuture(e);
        }
        return submitted.whenComplete((outcome, failure) -> {
            if (failure != null) {
                counters.failed.increment();
                writes.failed(OneBotServer.storageFailure(failure));
            } else {
                counters.count(outcome);
                if (outcome.kind() == EventSink.Outcome.Kind.STORED) {
                    writes.stored();
                }
            }
        });
    }

    /** Whether the storage takes the events' writes. */
    WriteWatch writes() {
        return writes;
    }

    /** Events handed over and not yet stored. */
    long pending() {
        return sink.pending();
    }

    private void check(String json) throws MalformedException {
        // the tokenizer alone: no tree is built of an event the ingestion parses again anyway
        try (JsonParser p = JSON.createParser(json)) {
            JsonToken first = p.nextToken();
            p.skipChildren();   // a broken value, object or not, is refused with where it breaks
            if (first != JsonToken.START_OBJECT) {
                counters.malformed.increment();
                throw new MalformedException("not a JSON object: an event is {\"post_type\": ...}, got " + kind(first));
            }
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading a string failed", e);
        }
    }

    private static String kind(@Nullable JsonToken first) {
        if (first == null) {
            return "nothing";
        }
        return switch (first) {
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> first.name().toLowerCase(Locale.ROOT);
        };
    }

    private MalformedException malformed(JsonProcessingException e) {
        counters.malformed.increment();
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return new MalformedException("malformed JSON" + where + ": " + shorten(e.getOriginalMessage()));
    }

    private static String shorten(String s) {
        // Jackson names the source of a position it quotes ("[Source: REDACTED (`StreamReadFeature...` disabled); line: 1"):
        // a reader of the answer needs only the line and column
        String one = SOURCE.matcher(s.replace('\n', ' ').replace('\r', ' ')).replaceAll("[");
        return one.length() <= MAX_REASON ? one : one.substring(0, MAX_REASON) + "...";
    }
}
