/**
 * Not API: the archive layout (see {@code KEYS.md}, "archive layout"): per partition, sealed LZ4
 * chunks, an open tail and an id index, kept by the Lua scripts beside these classes
 * ({@code ArchiveScripts.Script}) and rewritten by the client with compare-and-set commits.
 * {@link io.larder.redis.archive.ArchiveStore} is public only so the backend can open it; it
 * builds on {@code io.larder.redis.internal} alone, never on the records layout.
 * Non-null unless documented.
 */
@NullMarked
package io.larder.redis.archive;

import org.jspecify.annotations.NullMarked;
