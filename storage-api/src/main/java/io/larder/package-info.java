/**
 * Larder's port: {@link io.larder.Storage} and the few value types it speaks in.
 *
 * <p>Everything in this package is non-null unless a parameter or return is documented as
 * {@code @Nullable}. Implementation classes are package-private; what is public here is the API.
 */
@NullMarked
package io.larder;

import org.jspecify.annotations.NullMarked;
