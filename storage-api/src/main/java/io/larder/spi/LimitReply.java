package io.larder.spi;

import java.util.List;

/**
 * What a backend decided for one {@link LimitCall}, on its own clock. Times are epoch microseconds.
 *
 * @param allowed whether every limit admitted the permits (for a refund: always true)
 * @param decidedAtMicros the backend's time of the decision
 * @param retryAfterMicros when denied, how long until every limit would admit the same request; else 0
 * @param rules each limit's state after the call, in layout order
 */
public record LimitReply(boolean allowed, long decidedAtMicros, long retryAfterMicros, List<RuleState> rules) {

    /** Copies the states. */
    public LimitReply {
        rules = List.copyOf(rules);
        if (retryAfterMicros < 0) {
            throw new IllegalArgumentException("retryAfterMicros must not be negative, got " + retryAfterMicros);
        }
    }

    /**
     * One limit after a call.
     *
     * @param remaining permits this limit would still admit now
     * @param resetsAtMicros when this limit would admit its whole capacity again if nothing more is taken
     * @param window the window the call counted in (its start, epoch ms), the same for a later
     *               refund to find; 0 for a limit without windows
     */
    public record RuleState(long remaining, long resetsAtMicros, long window) {
    }
}
