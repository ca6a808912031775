package io.larder.cache;

/** A training plan as the database row holds it; {@code version} is the row's optimistic-lock column. */
public record Plan(String id, long version, String name) {

    /** The next version of this plan, renamed. */
    Plan renamed(String newName) {
        return new Plan(id, version + 1, newName);
    }
}
