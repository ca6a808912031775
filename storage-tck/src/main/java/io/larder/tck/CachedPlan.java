package io.larder.tck;

/**
 * The record the cache contract caches: a plan as a database row holds it, with the version
 * column the source raises on every change.
 */
public record CachedPlan(String id, long version, String name) {

    /** Plan {@code id} at version 1. */
    public static CachedPlan of(String id, String name) {
        return new CachedPlan(id, 1, name);
    }

    /** The next version of this plan, renamed. */
    public CachedPlan renamed(String newName) {
        return new CachedPlan(id, version + 1, newName);
    }
}
