package io.larder.templates;

/**
 * The seed's {@code template:{category}:default}: which template a category renders by default.
 * One record per category, so moving the default is one write.
 *
 * @param category the category
 * @param templateId its default template
 */
record CategoryDefault(String category, String templateId) {
}
