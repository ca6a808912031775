package io.larder.templates;

import io.larder.ConfigurationException;
import io.larder.ConflictException;
import io.larder.Expiry;
import io.larder.Key;
import io.larder.Larder;
import io.larder.Query;
import io.larder.Storage;
import io.larder.StoreSpec;
import io.larder.Version;
import io.larder.Versioned;
import io.larder.operations.internal.Arguments;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * {@link PromptTemplates} on three stores of the port: the current version of each template
 * (indexed by category), every version it replaced (partitioned by template id, so a template's
 * history is one partition), and one default per category. A save archives the current version
 * before it replaces it with a conditional write, so no version is lost to a concurrent save and
 * a save cut short leaves at worst a duplicate in the history, never a gap. Thread-safe.
 */
final class StoreTemplates implements PromptTemplates {
    /** Saves of one template racing each other; beyond this one is told so. */
    private static final int MAX_ATTEMPTS = 16;

    private final TemplateSettings settings;
    private final Storage<PromptTemplate> current;
    private final Storage<PromptTemplate> versions;
    private final Storage<CategoryDefault> defaults;
    private final Clock clock;
    private final MeterRegistry registry;

    StoreTemplates(Larder larder, TemplateSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        String base = settings.store();
        List<String> names = List.of(base, base + TemplateSettings.VERSIONS_SUFFIX, base + TemplateSettings.DEFAULTS_SUFFIX);
        for (String name : names) {
            if (larder.storeNames().contains(name)) {
                throw new ConfigurationException("store '" + name + "' is declared under larder.stores, but it holds prompt"
                        + " templates (larder.templates.store): templates declare their stores themselves; drop the"
                        + " declaration or name another store");
            }
        }
        Expiry expiry = settings.expiry().map(Expiry::absolute).orElse(Expiry.none());
        this.current = larder.store(StoreSpec.builder(names.get(0), PromptTemplate.class).time("saved_at").index("category")
                .expiry(expiry).build());
        this.versions = larder.store(StoreSpec.builder(names.get(1), PromptTemplate.class).id("version").partitionBy("id")
                .time("saved_at").expiry(expiry).build());
        this.defaults = larder.store(StoreSpec.builder(names.get(2), CategoryDefault.class).id("category").expiry(expiry).build());
        this.clock = larder.clock();
        this.registry = larder.meterRegistry();
    }

    @Override
    public PromptTemplate save(PromptTemplate template) {
        Objects.requireNonNull(template, "template");
        refuseProblems(template);
        Key key = Key.of(template.id());
        Version seen = Version.ABSENT;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<Versioned<PromptTemplate>> now = current.loadVersioned(key);
            seen = now.map(Versioned::version).orElse(Version.ABSENT);
            int next = 1;
            if (now.isPresent()) {
                PromptTemplate replaced = now.get().value();
                next = replaced.version() + 1;
                refuseMovingADefault(replaced, template);
                archive(replaced);
            }
            PromptTemplate saved = template.saved(next, clock.instant().truncatedTo(ChronoUnit.MILLIS));
            try {
                current.save(saved, seen);
                return saved;
            } catch (ConflictException e) {
                // another save got in between: archive what it stored, and go again on top of it
            }
        }
        throw new ConflictException(key, seen, "template '" + template.id() + "' kept changing under " + MAX_ATTEMPTS
                + " attempts to save it; this save wrote nothing");
    }

    @Override
    public Optional<PromptTemplate> find(String id) {
        return current.load(Key.of(Arguments.name(id, "template id")));
    }

    @Override
    public List<PromptTemplate> list(String category) {
        Arguments.name(category, "category");
        try (Stream<PromptTemplate> all = current.scan(Query.all().where("category", category))) {
            return all.sorted(Comparator.comparing(PromptTemplate::id)).toList();
        }
    }

    @Override
    public List<String> categories() {
        try (Stream<PromptTemplate> all = current.scan(Query.all())) {
            return List.copyOf(all.map(PromptTemplate::category).collect(TreeSet::new, Set::add, Set::addAll));
        }
    }

    @Override
    public void makeDefault(String category, String id) {
        Arguments.name(category, "category");
        PromptTemplate t = find(id).orElseThrow(() -> new IllegalArgumentException("there is no template '" + id + "'"));
        if (!t.category().equals(category)) {
            throw new IllegalArgumentException("template '" + id + "' is of category '" + t.category() + "', not '"
                    + category + "'; it cannot be the default of '" + category + "'");
        }
        defaults.save(new CategoryDefault(category, id));
    }

    @Override
    public Optional<PromptTemplate> defaultOf(String category) {
        Arguments.name(category, "category");
        return defaults.load(Key.of(category)).flatMap(d -> current.load(Key.of(d.templateId())));
    }

    @Override
    public boolean delete(String id) {
        Key key = Key.of(Arguments.name(id, "template id"));
        Optional<PromptTemplate> was = current.load(key);
        boolean existed = current.delete(key);
        versions.deletePartition(id);
        was.ifPresent(t -> {
            Key pointer = Key.of(t.category());
            // a makeDefault racing this delete may still point at it: render then says the default is gone
            if (defaults.load(pointer).filter(d -> d.templateId().equals(id)).isPresent()) {
                defaults.delete(pointer);
            }
        });
        return existed;
    }

    @Override
    public List<PromptTemplate> history(String id) {
        Arguments.name(id, "template id");
        Map<Integer, PromptTemplate> byVersion = new LinkedHashMap<>();
        current.load(Key.of(id)).ifPresent(t -> byVersion.put(t.version(), t));
        try (Stream<PromptTemplate> earlier = versions.scan(Query.in("id", id))) {
            // a save cut short after archiving leaves the current version in both stores
            earlier.forEach(t -> byVersion.putIfAbsent(t.version(), t));
        }
        List<PromptTemplate> out = new ArrayList<>(byVersion.values());
        out.sort(Comparator.comparingInt(PromptTemplate::version).reversed());
        return out;
    }

    @Override
    public String render(String category, Map<String, ?> variables) {
        Objects.requireNonNull(variables, "variables");
        Arguments.name(category, "category");
        Optional<CategoryDefault> pointer = defaults.load(Key.of(category));
        if (pointer.isEmpty()) {
            counted(category, "-", "refused");
            throw new IllegalArgumentException("category '" + category + "' has no default template; make one with makeDefault");
        }
        String id = pointer.get().templateId();
        PromptTemplate t = current.load(Key.of(id)).orElseThrow(() -> {
            counted(category, id, "refused");
            return new IllegalArgumentException("the default template of category '" + category + "', '" + id
                    + "', no longer exists");
        });
        return render(t, variables);
    }

    @Override
    public String renderTemplate(String id, Map<String, ?> variables) {
        Objects.requireNonNull(variables, "variables");
        PromptTemplate t = find(id).orElseThrow(() -> {
            counted("-", id, "refused");
            return new IllegalArgumentException("there is no template '" + id + "'");
        });
        return render(t, variables);
    }

    @Override
    public TemplateSettings settings() {
        return settings;
    }

    private String render(PromptTemplate t, Map<String, ?> variables) {
        List<String> problems = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>();
        for (String v : t.variables()) {
            Object value = variables.get(v);
            if (!variables.containsKey(v)) {
                problems.add("variable '" + v + "' is missing");
            } else if (value == null) {
                problems.add("variable '" + v + "' is null");
            } else {
                values.put(v, value.toString());
            }
        }
        for (String given : variables.keySet()) {
            if (!t.variables().contains(given)) {
                problems.add("variable '" + given + "' is unknown (the template declares " + t.variables() + ")");
            }
        }
        if (!problems.isEmpty()) {
            counted(t.category(), t.id(), "refused");
            throw new IllegalArgumentException("cannot render template '" + t.id() + "': " + String.join("; ", problems));
        }
        String out = TemplateText.render(t.text(), values);
        counted(t.category(), t.id(), "rendered");
        return out;
    }

    /** Refuses a template that cannot be saved, naming every problem at once. */
    private void refuseProblems(PromptTemplate t) {
        List<String> problems = new ArrayList<>();
        checkName(t.id(), "template id", problems);
        checkName(t.category(), "category", problems);
        long size = t.text().getBytes(StandardCharsets.UTF_8).length;
        if (size > settings.maxTextSize().bytes()) {
            problems.add("its text is " + size + " bytes; at most " + settings.maxTextSize().bytes() + " are accepted"
                    + " (larder.templates.max-text-size)");
        } else {
            Set<String> used = TemplateText.names(t.text(), problems);
            problems.addAll(TemplateText.check(t.variables(), used));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("cannot save template '" + abbreviated(t.id()) + "': "
                    + String.join("; ", problems));
        }
    }

    /** A category's default stays in that category: the pointer would name a template of another. */
    private void refuseMovingADefault(PromptTemplate replaced, PromptTemplate next) {
        if (!replaced.category().equals(next.category()) && defaults.load(Key.of(replaced.category()))
                .filter(d -> d.templateId().equals(replaced.id())).isPresent()) {
            throw new IllegalArgumentException("template '" + replaced.id() + "' is the default of category '"
                    + replaced.category() + "'; make another template its default before moving it to '" + next.category() + "'");
        }
    }

    /** Keeps the version a save is about to replace; it may already be kept (a save that got no further). */
    private void archive(PromptTemplate replaced) {
        try {
            versions.save(replaced, Version.ABSENT);
        } catch (ConflictException e) {
            // kept already: versions never change once written
        }
    }

    private void counted(String category, String template, String outcome) {
        Counter.builder("larder.templates.renders").tag("store", settings.store()).tag("category", category)
                .tag("template", template).tag("outcome", outcome).description("Template renders, by template and outcome")
                .register(registry).increment();
    }

    private static void checkName(String value, String what, List<String> problems) {
        try {
            Arguments.name(value, what);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
    }

    private static String abbreviated(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
