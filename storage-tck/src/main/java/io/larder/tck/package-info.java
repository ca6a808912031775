/**
 * The contract kits every adapter runs: one abstract JUnit class per behaviour (storage, archive,
 * chat, limiter, sessions, tasks, templates, caches), each specified once here and extended by each
 * adapter's tests with a fixture that opens its backend.
 */
@NullMarked
package io.larder.tck;

import org.jspecify.annotations.NullMarked;
