/**
 * Prompt templates on the port: {@link io.larder.templates.PromptTemplates} saves them with every
 * earlier version kept readable, moves a category's default in one write, and renders them from
 * declared variables only, with no template engine that could run code. Non-null unless documented.
 */
@NullMarked
package io.larder.templates;

import org.jspecify.annotations.NullMarked;
