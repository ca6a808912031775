/**
 * The embedded adapter: records in concurrent maps, time-ordered skip-list indexes, expiry by the
 * store's clock, and an optional snapshot file. {@link io.larder.memory.MemoryBackend} is the
 * API; everything else is package-private. Non-null unless documented.
 */
@NullMarked
package io.larder.memory;

import org.jspecify.annotations.NullMarked;
