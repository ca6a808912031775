package io.larder.limiter;

/** What a limiter decides while its backend cannot be reached. Each such decision is counted. */
public enum OnUnavailable {
    /** Deny every request: fail closed. The default: a paid API is not called unguarded by accident. */
    DENY,
    /** Allow every request: fail open, for limits that protect less than an outage costs. */
    ALLOW
}
