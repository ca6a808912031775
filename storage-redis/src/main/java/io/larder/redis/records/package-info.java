/**
 * Not API: the records and values layouts (key layout v1, see {@code KEYS.md}): a value per
 * record, and for the records layout a timeline and term indexes as sorted sets, written
 * together by the Lua scripts kept beside these classes ({@code RecordScript}).
 * {@link io.larder.redis.records.RecordsStore} is public only so the backend can open it; it
 * builds on {@code io.larder.redis.internal} alone. Non-null unless documented.
 */
@NullMarked
package io.larder.redis.records;

import org.jspecify.annotations.NullMarked;
