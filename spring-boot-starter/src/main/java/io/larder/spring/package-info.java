/**
 * Larder in a Spring Boot application: {@link io.larder.spring.LarderAutoConfiguration} builds one
 * {@link io.larder.Larder} from {@code larder.*} in the application's {@code Environment} (read by
 * Larder's own configuration parser), and exposes it, its stores and operations as beans, with
 * health, metrics, Spring Session ({@link io.larder.spring.LarderSessionRepository}) and Spring
 * Cache ({@link io.larder.spring.LarderCacheManager}) on top. Non-null unless marked.
 */
@NullMarked
package io.larder.spring;

import org.jspecify.annotations.NullMarked;
