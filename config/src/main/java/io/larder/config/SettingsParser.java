package io.larder.config;

import io.larder.SettingsSection;
import io.larder.StoreSpec;
import io.larder.spi.LimiterDeclaration;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/**
 * The whole pass from text to {@link LarderSettings}: compose the node tree, check every key of
 * every profile, merge the chosen profile over the base, expand placeholders and type each value,
 * and throw every problem found as one exception. Stateless.
 */
final class SettingsParser {

    private SettingsParser() {
    }

    @SuppressWarnings("rawtypes")
    static LarderSettings parse(Reader reader, String source, @Nullable String profile,
                                Function<String, @Nullable String> environment) {
        Problems problems = new Problems(source);
        MappingNode root = YamlTree.compose(reader, problems);
        if (root == null) {
            problems.throwIfAny();                   // nothing to read past a syntax error
        }
        return parse(Objects.requireNonNull(root, "no tree, and no problem saying why"), problems, profile, environment);
    }

    /** The same pass over a tree another configuration system handed over, already composed into nodes. */
    static LarderSettings parse(SettingsTree tree, @Nullable String profile) {
        Problems problems = new Problems(tree.source(), true);
        MappingNode root = tree.compose(problems);
        return parse(root, problems, profile, System::getenv);
    }

    @SuppressWarnings("rawtypes")
    private static LarderSettings parse(MappingNode root, Problems problems, @Nullable String profile,
                                        Function<String, @Nullable String> environment) {
        String source = problems.source();
        YamlTree.checkKeys(root, "", problems);
        BackendProviders providers = BackendProviders.find();
        Schema.file(providers.keys()).check(root, "", problems);

        String selected = profile == null ? "" : profile.trim();
        List<String> profiles = profiles(root, problems);
        Node larder = YamlTree.get(root, "larder");
        if (!selected.isEmpty()) {
            larder = YamlTree.merge(larder, overlay(root, selected, profiles, problems));
        }
        MappingNode merged;
        if (larder instanceof MappingNode m) {
            merged = m;
        } else {
            if (larder != null && !YamlTree.isNull(larder)) {
                problems.at("larder", larder, "expected a mapping with the keys backend, defaults, stores, limiters,"
                        + " caches, sessions, tasks, templates, backup, rooms and presence");
            }
            merged = YamlTree.emptyMapping(null);
        }

        Section l = Section.root("larder", merged, problems, new Placeholders(environment));
        BackendReader.Read backend = BackendReader.read(l.section("backend"), providers);
        DefaultsReader.Read defaults = DefaultsReader.read(l.section("defaults"));
        CacheReader.Read caches = CacheReader.read(l.section("caches"));
        Section storeSection = l.section("stores");
        List<StoreSpec<Map>> stores = StoreReader.read(storeSection, defaults, backend.refusals(), caches.expiries());
        CacheReader.checkStores(caches, storeSection, stores);
        List<LimiterDeclaration> limiters = LimiterReader.read(l.section("limiters"));
        List<SettingsSection> sections = CapabilityReader.read(l);
        BackupSettings backup = BackupReader.read(l.section("backup"));
        problems.throwIfAny();
        return new LarderSettings(source, selected, profiles, backend.settings(), defaults.defaults(), stores, limiters,
                caches.caches(), sections, backup, backend.adapters());
    }

    /** The names under {@code environments}, in file order. */
    private static List<String> profiles(MappingNode root, Problems problems) {
        Node environments = YamlTree.get(root, "environments");
        List<String> names = new ArrayList<>();
        if (environments instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                String name = YamlTree.key(t);
                Node value = t.getValueNode();
                if (name == null) {
                    continue;
                }
                if (!(value instanceof MappingNode) && !YamlTree.isNull(value)) {
                    problems.at("environments." + name, value, "expected a mapping with the key 'larder'");
                }
                if (!names.contains(name)) {
                    names.add(name);
                }
            }
        } else if (environments != null && !YamlTree.isNull(environments)) {
            problems.at("environments", environments, "expected a mapping from profile names to overrides");
        }
        return names;
    }

    /** The {@code larder} overrides of a profile, or {@code null}; an unknown profile is reported. */
    private static @Nullable Node overlay(MappingNode root, String profile, List<String> profiles, Problems problems) {
        if (!profiles.contains(profile)) {
            problems.general("unknown profile '" + profile + "'; "
                    + (profiles.isEmpty() ? "the file defines no environments"
                            : "the file defines: " + String.join(", ", profiles)
                                    + Suggestions.didYouMean(profile, profiles)));
            return null;
        }
        // the profile is listed, so environments is a mapping
        Node environment = YamlTree.get(root, "environments") instanceof MappingNode environments
                ? YamlTree.get(environments, profile) : null;
        return environment instanceof MappingNode m ? YamlTree.get(m, "larder") : null;
    }
}
