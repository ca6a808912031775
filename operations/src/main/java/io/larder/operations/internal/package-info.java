/**
 * Not API: what the capabilities of the operations module ({@code io.larder.sessions},
 * {@code io.larder.tasks}, {@code io.larder.templates}) share: ids that carry their partition,
 * argument checks, and gauges recounted at most once per interval. Public only because Java has
 * no friend packages; it may change in any release. Non-null unless documented.
 */
@NullMarked
package io.larder.operations.internal;

import org.jspecify.annotations.NullMarked;
