/**
 * YAML configuration for Larder: {@link io.larder.config.LarderYaml} reads a file's profile
 * into typed {@link io.larder.config.LarderSettings} and a wired {@link io.larder.Larder};
 * {@link io.larder.config.YamlConfigLoader} makes {@code Larder.fromYaml} work. Everything
 * else here is package-private. Non-null unless documented.
 */
@NullMarked
package io.larder.config;

import org.jspecify.annotations.NullMarked;
