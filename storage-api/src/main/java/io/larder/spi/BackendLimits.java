package io.larder.spi;

/**
 * One rate limiter's counters inside a backend, and the atomic step over them: every limit of a
 * subject checked and counted together, all or none, on the backend's clock. On Redis a call is
 * one script on one node, reading the time with {@code TIME}: no client clock decides a window.
 * Thread-safe. Translate every driver exception at this edge; an unreachable backend raises
 * {@link io.larder.StorageUnavailableException}.
 */
public interface BackendLimits {

    /** Applies {@code call} to its subject's counters, atomically. */
    LimitReply apply(LimitCall call);

    /**
     * How many counters this limiter holds across all subjects (a diagnostic; may walk the
     * keyspace). Counters go away by themselves when their windows end: an idle subject holds none.
     */
    long counters();
}
