package io.larder.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A cache declared under {@code larder.caches.<store>}: how the cache-aside layer in front of
 * that store behaves. Cache-neutral on purpose: the {@code config} module does not depend on the
 * {@code cache} module; whoever wires both hands these values to its {@code CacheSettings} (see
 * the README's "Cache-aside"). The cache's entries expire as the store's {@code expiry} says
 * (which {@code larder.caches.<store>.expiry} may set). Immutable.
 *
 * @param store the cached store, declared under {@code larder.stores}
 * @param negativeTtl how long "not found" is remembered; zero: never
 * @param onPut what a put does to the cache
 * @param failureRate the percentage of failed or slow cache calls that opens the breaker
 * @param window how many of the latest cache calls the breaker judges
 * @param openFor how long the breaker stays open before probing
 * @param probes how many calls probe the cache before the breaker closes
 * @param slowCall past this a cache call counts as failed
 * @param warmUpKeys the keys a warm-up loads: {@code id}, or {@code partition/id}
 */
public record CacheDeclaration(String store, Duration negativeTtl, OnPut onPut, int failureRate, int window,
                               Duration openFor, int probes, Duration slowCall, List<String> warmUpKeys) {

    /** What a put does to the cache, as {@code on-put} spells it. */
    public enum OnPut {
        /** Writes the new version into the cache. */
        UPDATE,
        /** Deletes the cached entry. */
        INVALIDATE
    }

    /** Checks every part and copies the list. */
    public CacheDeclaration {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(negativeTtl, "negativeTtl");
        Objects.requireNonNull(onPut, "onPut");
        Objects.requireNonNull(openFor, "openFor");
        Objects.requireNonNull(slowCall, "slowCall");
        warmUpKeys = List.copyOf(warmUpKeys);
    }
}
