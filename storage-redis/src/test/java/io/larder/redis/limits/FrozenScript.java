package io.larder.redis.limits;

import io.larder.spi.LimitCall;
import io.larder.spi.LimitLayout;
import io.larder.spi.LimitReply;
import io.larder.testkit.RespClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * A limiter's {@link LimitScript} on a real server with its clock replaced by a time the test gives: the
 * script's one {@code TIME} call becomes the last two arguments (seconds, microseconds), so a
 * test can put a request at 59.999 s and the next at 60.000 s. Only tests make this
 * substitution; the script Larder loads always reads {@code TIME}.
 */
final class FrozenScript {
    static final String TIME = "local time = redis.call('TIME')";

    private final RespClient client;
    private final LimitEncoding encoding;
    private final String text;

    FrozenScript(RespClient client, LimitLayout layout, Clock proposer) {
        this.client = client;
        this.encoding = new LimitEncoding(layout, proposer);
        String source = LimitScript.of(layout).source();
        this.text = source.replace(TIME, "local time = {ARGV[#ARGV - 1], ARGV[#ARGV]}");
        if (text.equals(source)) {
            throw new IllegalStateException("the limit script no longer reads the time with: " + TIME);
        }
    }

    LimitEncoding encoding() {
        return encoding;
    }

    /** Runs {@code call} as if the server's clock said {@code nowMicros}. */
    LimitReply apply(LimitCall call, long nowMicros) {
        return encoding.reply(call, raw(call, nowMicros));
    }

    /** The script's reply as the server sent it. */
    List<?> raw(LimitCall call, long nowMicros) {
        List<byte[]> keys = encoding.keys(call.subject());
        List<Object> command = new ArrayList<>();
        command.add("EVAL");
        command.add(text);
        command.add(keys.size());
        command.addAll(keys);
        command.addAll(encoding.args(call));
        command.add(Long.toString(Math.floorDiv(nowMicros, 1_000_000L)));
        command.add(Long.toString(Math.floorMod(nowMicros, 1_000_000L)));
        return (List<?>) client.call(command.toArray());
    }
}
