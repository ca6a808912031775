/**
 * Record codecs for Larder: Jackson JSON and MessagePack, LZ4 and gzip compression, and the
 * self-describing value frame ({@link io.larder.serialization.ValueFrame}). The provider is
 * found through {@link java.util.ServiceLoader}; everything else here is package-private.
 * Non-null unless documented.
 */
@NullMarked
package io.larder.serialization;

import org.jspecify.annotations.NullMarked;
