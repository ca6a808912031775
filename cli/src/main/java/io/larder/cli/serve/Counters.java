package io.larder.cli.serve;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** What the server received and did with it, for the health page and the summary at exit. Thread-safe. */
final class Counters {
    final LongAdder httpEvents = new LongAdder();
    final LongAdder socketEvents = new LongAdder();
    final LongAdder stored = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    final LongAdder ignored = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder malformed = new LongAdder();
    final LongAdder tooLarge = new LongAdder();
    final LongAdder unauthorized = new LongAdder();
    final LongAdder busy = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder connections = new LongAdder();
    final LongAdder brokenConnections = new LongAdder();
    final AtomicLong open = new AtomicLong();

    /** Records what the sink did with one event. */
    void count(EventSink.Outcome outcome) {
        switch (outcome.kind()) {
            case STORED -> stored.increment();
            case DUPLICATE -> duplicates.increment();
            case IGNORED -> ignored.increment();
            case REFUSED -> refused.increment();
        }
    }

    /** Every counter by its name in the health page. */
    Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("http_events", httpEvents.sum());
        m.put("websocket_events", socketEvents.sum());
        m.put("stored", stored.sum());
        m.put("duplicates", duplicates.sum());
        m.put("ignored", ignored.sum());
        m.put("refused", refused.sum());
        m.put("malformed", malformed.sum());
        m.put("too_large", tooLarge.sum());
        m.put("unauthorized", unauthorized.sum());
        m.put("busy", busy.sum());
        m.put("failed", failed.sum());
        m.put("websocket_connections", connections.sum());
        m.put("websocket_open", open.get());
        m.put("websocket_broken", brokenConnections.sum());
        return m;
    }
}
