package io.larder.benchmarks;

/**
 * The record {@link CacheBench} caches: a plan as its database row holds it, with the version
 * column the cache orders values by, and a body of a few hundred bytes.
 *
 * @param id the row's key
 * @param version raised on every change
 * @param name a short title
 * @param body the plan itself
 */
public record PlanRow(String id, long version, String name, String body) {
}
