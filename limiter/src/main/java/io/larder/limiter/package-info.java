/**
 * Rate limits: a named {@link io.larder.limiter.RateLimiter} with one or more
 * {@link io.larder.limiter.Limit limits}, checked and counted together for a subject, all or
 * none, on the backend's clock, returning a {@link io.larder.limiter.Decision}.
 *
 * <p>Everything in this package is non-null unless a parameter or return is documented as
 * nullable. Implementation classes are package-private; what is public here is the API.
 */
@NullMarked
package io.larder.limiter;

import org.jspecify.annotations.NullMarked;
