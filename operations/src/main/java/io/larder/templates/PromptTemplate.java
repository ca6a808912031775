package io.larder.templates;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One version of a prompt template: the seed's {@code id}, {@code name}, {@code category},
 * {@code subcategory}, {@code template} text and {@code variables}, plus its version number and
 * when it was saved. The text names variables as <code>{{name}}</code> (spaces inside the braces
 * allowed; a name is letters, digits and {@code _}, not starting with a digit), and every
 * <code>{{</code> opens one; a template declares exactly the variables its text names. Immutable.
 *
 * <pre>{@code
 * PromptTemplate t = PromptTemplate.builder("1001").name("基础训练计划模板").category("training")
 *         .subcategory("strength").text("为{{fitness_level}}水平的用户制定计划，目标：{{goals}}")
 *         .variables("fitness_level", "goals").build();
 * }</pre>
 *
 * @param id the template's id, unique across categories
 * @param name what people call it
 * @param category the category whose default it may be ({@code training})
 * @param subcategory a finer grouping, or {@code null}
 * @param text the template text
 * @param variables the variables the text names, in declaration order
 * @param version 1 for the first save, one more for each later one; 0 before the first save
 * @param savedAt when this version was saved, or {@code null} before the first save
 */
public record PromptTemplate(String id, String name, String category, @Nullable String subcategory, String text,
                             List<String> variables, int version, @Nullable Instant savedAt) {

    /** Checks the required parts and copies the variables. */
    public PromptTemplate {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(text, "text");
        variables = List.copyOf(variables);
        if (version < 0) {
            throw new IllegalArgumentException("a version is never negative: " + version);
        }
    }

    /** A builder of a template with this id, to be saved. */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** This template as version {@code number}, saved at {@code at}. */
    PromptTemplate saved(int number, Instant at) {
        return new PromptTemplate(id, name, category, subcategory, text, variables, number, at);
    }

    /** Builds an unsaved {@link PromptTemplate}; each setting may be made once. Not thread-safe. */
    public static final class Builder {
        private final String id;
        private @Nullable String name;
        private @Nullable String category;
        private @Nullable String subcategory;
        private @Nullable String text;
        private @Nullable List<String> variables;

        private Builder(String id) {
            this.id = Objects.requireNonNull(id, "id");
        }

        /** What people call it (default: its id). */
        public Builder name(String n) {
            once(name, "name");
            name = Objects.requireNonNull(n, "name");
            return this;
        }

        /** Its category. Required. */
        public Builder category(String c) {
            once(category, "category");
            category = Objects.requireNonNull(c, "category");
            return this;
        }

        /** A finer grouping within the category. */
        public Builder subcategory(String s) {
            once(subcategory, "subcategory");
            subcategory = Objects.requireNonNull(s, "subcategory");
            return this;
        }

        /** The text, naming variables as <code>{{name}}</code>. Required. */
        public Builder text(String t) {
            once(text, "text");
            text = Objects.requireNonNull(t, "text");
            return this;
        }

        /** The variables the text names (none by default). */
        public Builder variables(String... names) {
            once(variables, "variables");
            List<String> checked = new ArrayList<>(names.length);
            for (String n : names) {
                checked.add(Objects.requireNonNull(n, "variable"));
            }
            variables = checked;
            return this;
        }

        /** The template, unsaved (version 0); {@link PromptTemplates#save} checks its text against its variables. */
        public PromptTemplate build() {
            if (category == null || text == null) {
                throw new IllegalStateException("template '" + id + "' needs a category and a text");
            }
            return new PromptTemplate(id, name == null ? id : name, category, subcategory, text,
                    variables == null ? List.of() : variables, 0, null);
        }

        private void once(@Nullable Object current, String setting) {
            if (current != null) {
                throw new IllegalStateException("template '" + id + "': " + setting + " was already set");
            }
        }
    }
}
