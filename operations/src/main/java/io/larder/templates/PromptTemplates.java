package io.larder.templates;

import io.larder.Larder;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Prompt templates on any backend. Every save keeps the version it replaces readable
 * ({@link #history}), so a prompt in production can be rolled back by saving an earlier version
 * again; a category's default is one record, so {@link #makeDefault} moves it in one write;
 * {@link #render} fills in declared variables only and refuses, naming them, variables that are
 * missing or unknown. Templates never expire unless configured, and survive a restart of the
 * memory adapter through its snapshot. Thread-safe.
 *
 * <pre>{@code
 * PromptTemplates templates = PromptTemplates.open(larder);
 * templates.save(PromptTemplate.builder("1001").category("training").text("目标：{{goals}}").variables("goals").build());
 * templates.makeDefault("training", "1001");
 * String prompt = templates.render("training", Map.of("goals", "增肌"));   // the category's default
 * }</pre>
 *
 * <p>When the backend cannot be reached every method raises
 * {@link io.larder.StorageUnavailableException}, counted under {@code larder.operation} with
 * outcome {@code unavailable}.
 */
public interface PromptTemplates {

    /**
     * The templates of {@code larder}, configured by its {@code larder.templates} section (the
     * defaults where it says nothing).
     *
     * @throws io.larder.ConfigurationException when a template store's name is also declared under {@code larder.stores}
     */
    static PromptTemplates open(Larder larder) {
        return open(larder, TemplateSettings.from(larder.section(TemplateSettings.SECTION)));
    }

    /** The templates of {@code larder}, configured by {@code settings}. */
    static PromptTemplates open(Larder larder, TemplateSettings settings) {
        return new StoreTemplates(larder, settings);
    }

    /**
     * Saves a template as its next version (1 for a new id), keeping the version it replaces
     * readable, and returns what was stored. Its version and save time are set here.
     *
     * @throws IllegalArgumentException listing every problem at once: an empty or over-long id or
     *     category, a text over the size limit, a malformed placeholder, a variable its text names
     *     but it does not declare (or the reverse), a category change of a category's default
     * @throws io.larder.ConflictException when other saves of the same id kept getting in first
     */
    PromptTemplate save(PromptTemplate template);

    /**
     * The current version of template {@code id}.
     *
     * @throws IllegalArgumentException for an empty id, or one over 512 characters (as every method taking an id or category)
     */
    Optional<PromptTemplate> find(String id);

    /** The templates of {@code category}, current versions, by id. */
    List<PromptTemplate> list(String category);

    /** Every category that holds a template, sorted. */
    List<String> categories();

    /**
     * Makes template {@code id} the default of {@code category}, in one write.
     *
     * @throws IllegalArgumentException when there is no such template, or it is of another category
     */
    void makeDefault(String category, String id);

    /** The default template of {@code category}, if it has one. */
    Optional<PromptTemplate> defaultOf(String category);

    /**
     * Deletes a template with every earlier version, and the default it was; returns whether it existed.
     */
    boolean delete(String id);

    /** Every version of template {@code id} still kept, newest first; empty when there is none. */
    List<PromptTemplate> history(String id);

    /**
     * The default template of {@code category} with its variables filled in.
     *
     * @throws IllegalArgumentException when the category has no default, or naming every variable
     *     the template declares but {@code variables} lacks, every one it has that the template does
     *     not declare, and every null value
     */
    String render(String category, Map<String, ?> variables);

    /**
     * Template {@code id} with its variables filled in.
     *
     * @throws IllegalArgumentException when there is no such template, or as {@link #render}
     */
    String renderTemplate(String id, Map<String, ?> variables);

    /** The settings in force. */
    TemplateSettings settings();
}
