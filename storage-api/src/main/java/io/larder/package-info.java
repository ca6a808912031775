/**
 * Larder's port: {@link io.larder.Storage} and the few value types it speaks in.
 *
 * <p>Everything in this package is non-null unless a parameter or return is documented as
 * nullable. Implementation classes are package-private; what is public here is the API.
 */
package io.larder;
