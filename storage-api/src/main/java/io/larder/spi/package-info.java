/**
 * The service-provider interface: what an adapter, a codec or a configuration loader implements.
 * Adapters deal in bytes and keys only; the core does codecs, ids, expiry arithmetic, cursors,
 * verification of index hits and metrics once, for every adapter. Non-null unless documented.
 */
@NullMarked
package io.larder.spi;

import org.jspecify.annotations.NullMarked;
