package io.larder;

import java.util.List;
import java.util.Optional;

/**
 * One page of a listing, and the cursor to the next. The cursor is opaque text; hand it to
 * {@link Query#after(String)} with the same query to continue.
 *
 * @param items the records of this page, in the query's order
 * @param next the cursor after the last item, empty when nothing follows
 */
public record Page<T>(List<T> items, Optional<String> next) {
    /** Copies the items. */
    public Page {
        items = List.copyOf(items);
    }

    /** Whether another page follows. */
    public boolean hasNext() {
        return next.isPresent();
    }
}
