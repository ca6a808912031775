/**
 * JMH benchmarks: every adapter and codec, and the peers a user would pick instead, driven through
 * one facade chosen by a {@code @Param}, with the report that turns results into the README's tables.
 */
@NullMarked
package io.larder.benchmarks;

import org.jspecify.annotations.NullMarked;
