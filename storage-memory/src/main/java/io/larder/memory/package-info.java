/**
 * The embedded adapter: records in concurrent maps, time-ordered skip-list indexes, expiry by the
 * store's clock, and an optional snapshot file. {@link io.larder.memory.MemoryBackend} and its
 * settings, {@link io.larder.memory.MemorySettings}, are the API (with the provider); everything else is package-private. Non-null unless documented.
 */
@NullMarked
package io.larder.memory;

import org.jspecify.annotations.NullMarked;
