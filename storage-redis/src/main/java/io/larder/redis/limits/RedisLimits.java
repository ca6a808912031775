package io.larder.redis.limits;

import io.larder.redis.internal.KeyText;
import io.larder.redis.internal.RedisError;
import io.larder.redis.internal.ScanPage;
import io.larder.redis.internal.ScriptSet;
import io.larder.redis.internal.StoreContext;
import io.larder.spi.BackendLimits;
import io.larder.spi.LimitCall;
import io.larder.spi.LimitLayout;
import io.larder.spi.LimitReply;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One rate limiter's counters in Redis: each call is one {@code EVALSHA} of the limiter's own
 * {@link LimitScript}, written from its limits, over the subject's counters, which share its hash
 * tag, so on a cluster the call runs on the one node that holds them (the script is loaded on
 * every master, and again wherever a server answers {@code NOSCRIPT}). The script reads the server's clock ({@code TIME}); the client's clock only
 * proposes calendar windows for it to pick from ({@link LimitEncoding}). A decision does not wait
 * for a replica: after a failover the newest counts may be lost, never more than the replica had
 * not received. Thread-safe.
 */
public final class RedisLimits implements BackendLimits {
    private static final int SCAN_PAGE = 1000;

    private final LimitLayout layout;
    private final StoreContext context;
    private final LimitEncoding encoding;
    private final LimitScript script;
    private final ScriptSet<LimitScript> scripts;
    private final byte[] pattern;

    /** The counters of the limiter {@code layout} describes; {@code clock} proposes calendar windows. */
    public RedisLimits(LimitLayout layout, StoreContext context, Clock clock) {
        this.layout = layout;
        this.context = context;
        this.encoding = new LimitEncoding(layout, clock);
        this.pattern = KeyText.bytes(KeyText.glob(encoding.keyBase()) + "*");
        // loaded now, once per backend: a server that refuses scripting is found when the limiter is built
        this.script = LimitScript.of(layout);
        this.scripts = context.script(script);
    }

    @Override
    public LimitReply apply(LimitCall call) {
        List<byte[]> keys = encoding.keys(call.subject());
        Object reply = scripts.run(List.of(scripts.call(script, keys, encoding.args(call)))).get(0);
        if (reply instanceof RedisError e) {
            // the key is made text only for the error that names it, not on every call
            throw context.driver().error(e, KeyText.text(keys.get(0)));
        }
        return encoding.reply(call, (List<?>) reply);
    }

    /**
     * Walks the keyspace (every master on a cluster) for this limiter's keys: one counter per
     * subject and limit, a sliding limit's two keys (even and odd windows) counted once.
     */
    @Override
    public long counters() {
        Set<String> found = new HashSet<>();
        String cursor = "0";
        do {
            ScanPage page = context.driver().scan(cursor, pattern, SCAN_PAGE);
            for (byte[] key : page.keys()) {
                String text = KeyText.text(key);
                // a tag holds no '}': what follows the last one is the limit's id, and a parity for a sliding one
                int id = text.lastIndexOf("}:") + 2;
                found.add(text.startsWith("sliding-", id) ? text.substring(0, text.lastIndexOf(':')) : text);
            }
            cursor = page.cursor();
        } while (!"0".equals(cursor));
        return found.size();
    }

    @Override
    public String toString() {
        return "RedisLimits[" + layout.name() + " " + layout.rules() + "]";
    }
}
