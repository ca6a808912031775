package io.larder.cli.serve;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.Locale;

/**
 * The frames the server sends a WebSocket client that asked for acknowledgements: one per text
 * frame received, {@code seq} its position on the connection from 1. Not in the frames' order: an
 * event that needs no storing or cannot be read is answered at once, the others once stored.
 * <pre>{@code
 * {"larder":"ack","seq":17,"result":"stored"}          stored (or duplicate, ignored)
 * {"larder":"ack","seq":18,"result":"refused","error":"..."}  read, but not an event the archive keeps
 * {"larder":"error","seq":19,"error":"malformed JSON at line 1, column 9: ..."}  not read; do not resend
 * {"larder":"error","seq":20,"error":"not stored: ...","retry":true}  the store failed; send it again
 * }</pre>
 * None carries {@code action} or {@code echo}, so nothing in them reads as a OneBot API call.
 */
final class Frames {
    private Frames() {
    }

    /** The acknowledgement of frame {@code seq}. */
    static String ack(long seq, EventSink.Outcome outcome) {
        String result = outcome.kind().name().toLowerCase(Locale.ROOT);
        return "{\"larder\":\"ack\",\"seq\":" + seq + ",\"result\":\"" + result + "\""
                + (outcome.kind() == EventSink.Outcome.Kind.REFUSED ? ",\"error\":" + quote(outcome.detail()) : "") + "}";
    }

    /** Frame {@code seq} was not read: {@code error} says why; sending it again changes nothing. */
    static String error(long seq, String error) {
        return "{\"larder\":\"error\",\"seq\":" + seq + ",\"error\":" + quote(error) + "}";
    }

    /** Frame {@code seq} was read but not stored: send it again. */
    static String retry(long seq, String error) {
        return "{\"larder\":\"error\",\"seq\":" + seq + ",\"error\":" + quote(error) + ",\"retry\":true}";
    }

    /** {@code s} as a JSON string, quotes included. */
    static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }
}
