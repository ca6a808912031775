/**
 * Cache-aside on a Larder store: {@link io.larder.cache.CachedStore} reads a store first and a
 * source of truth (a database) on a miss, and goes straight to the source while the store's
 * backend is down.
 *
 * <p>Everything in this package is non-null unless a parameter or return is documented as
 * nullable. Implementation classes are package-private; what is public here is the API.
 */
@NullMarked
package io.larder.cache;

import org.jspecify.annotations.NullMarked;
