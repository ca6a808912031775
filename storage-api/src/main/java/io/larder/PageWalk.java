package io.larder;

import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/** A lazy walk over every page of a query: one page in memory at a time. Not thread-safe. */
final class PageWalk<T> implements Iterator<T> {
    private final Function<Query, Page<T>> fetch;
    private @Nullable Query next; // null: no page after the current one
    private Iterator<T> current = Collections.emptyIterator();

    PageWalk(Function<Query, Page<T>> fetch, Query first) {
        this.fetch = fetch;
        this.next = first;
    }

    Stream<T> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    @Override
    public boolean hasNext() {
        while (!current.hasNext() && next != null) {
            Page<T> page = fetch.apply(next);
            current = page.items().iterator();
            next = page.next().map(next::after).orElse(null);
        }
        return current.hasNext();
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return current.next();
    }
}
