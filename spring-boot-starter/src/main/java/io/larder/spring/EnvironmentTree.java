package io.larder.spring;

import io.larder.ConfigurationException;
import io.larder.config.LarderSettings;
import io.larder.config.LarderYaml;
import io.larder.config.SettingsTree;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Reads {@code larder.*} (and {@code environments.<profile>.larder.*}) out of a Spring
 * {@link Environment} into a {@link SettingsTree} for Larder's own parser: the keys as written,
 * each value with Spring's placeholders resolved, each origin as Spring tracked it (file, line,
 * column). The process environment is not read as keys ({@code LARDER_DATA} would become
 * {@code larder.data}); it reaches Larder through placeholders such as {@code ${REDIS_HOST:localhost}}.
 * A list takes its items from the one source that wins it, as Spring binds lists. Stateless.
 */
final class EnvironmentTree {
    static final ConfigurationPropertyName LARDER = ConfigurationPropertyName.of("larder");
    private static final ConfigurationPropertyName ENVIRONMENTS = ConfigurationPropertyName.of("environments");
    static final String SOURCE = "the Spring Environment";

    private EnvironmentTree() {
    }

    /** Whether any property source other than the process environment sets a key under {@code larder.} (or {@code under}). */
    static boolean configures(Environment environment, ConfigurationPropertyName under) {
        for (ConfigurationPropertySource source : sources(environment)) {
            if (source.containsDescendantOf(under) == ConfigurationPropertyState.PRESENT) {
                return true;
            }
        }
        return false;
    }

    /**
     * The Larder settings the environment gives, for the Larder environment that the active Spring
     * profiles select (see {@link #profile}).
     *
     * @throws ConfigurationException with every problem at once
     */
    static LarderSettings settings(Environment environment) {
        SettingsTree.Builder tree = SettingsTree.builder(SOURCE);
        Set<String> environments = new LinkedHashSet<>();
        Map<ConfigurationPropertyName, Object> listOwners = new HashMap<>();
        Set<ConfigurationPropertyName> seen = new HashSet<>();
        List<String> unresolved = new ArrayList<>();
        for (ConfigurationPropertySource source : sources(environment)) {
            if (!(source instanceof IterableConfigurationPropertySource iterable)) {
                continue;
            }
            List<ConfigurationPropertyName> names;
            try (Stream<ConfigurationPropertyName> all = iterable.stream()) {
                names = all.filter(EnvironmentTree::isLarderKey).toList();
            }
            for (ConfigurationPropertyName name : names) {
                if (seen.contains(name) || ownedByAnotherSource(name, source, listOwners)) {
                    continue;
                }
                ConfigurationProperty property = source.getConfigurationProperty(name);
                if (property == null) {
                    continue;
                }
                seen.add(name);
                if (ENVIRONMENTS.isAncestorOf(name)) {
                    environments.add(name.getElement(1, Form.ORIGINAL));
                }
                String text = text(environment, property.getValue(), name, unresolved);
                tree.value(path(name), text, origin(property, source));
            }
        }
        if (!unresolved.isEmpty()) {
            throw new ConfigurationException(unresolved);
        }
        return LarderYaml.parse(tree.build(), profile(environment, environments));
    }

    /**
     * The Larder environment ({@code environments.<name>}) that the active Spring profiles select:
     * none when no active profile names one.
     *
     * @throws ConfigurationException when two active profiles each name one: Larder merges one environment
     */
    static @Nullable String profile(Environment environment, Set<String> defined) {
        List<String> active = Arrays.stream(environment.getActiveProfiles()).filter(defined::contains).toList();
        if (active.size() > 1) {
            throw new ConfigurationException("the active Spring profiles " + active + " each select a Larder environment"
                    + " (environments." + active.get(0) + ", environments." + active.get(1) + "); Larder merges one:"
                    + " activate one of them, or move the settings to application-<profile>.yml");
        }
        return active.isEmpty() ? null : active.get(0);
    }

    private static boolean isLarderKey(ConfigurationPropertyName name) {
        if (LARDER.isAncestorOf(name)) {
            return true;
        }
        return ENVIRONMENTS.isAncestorOf(name) && name.getNumberOfElements() > 3
                && name.getElement(2, Form.ORIGINAL).equals("larder");
    }

    /** Whether a list this name is an item of was already given by a source that takes precedence. */
    private static boolean ownedByAnotherSource(ConfigurationPropertyName name, ConfigurationPropertySource source,
                                                Map<ConfigurationPropertyName, Object> owners) {
        for (int i = 1; i < name.getNumberOfElements(); i++) {
            if (name.isNumericIndex(i)) {
                Object owner = owners.putIfAbsent(name.chop(i), source);
                if (owner != null && owner != source) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<String> path(ConfigurationPropertyName name) {
        List<String> path = new ArrayList<>(name.getNumberOfElements());
        for (int i = 0; i < name.getNumberOfElements(); i++) {
            String element = name.getElement(i, Form.ORIGINAL);
            path.add(name.isNumericIndex(i) ? "[" + element + "]" : element);
        }
        return path;
    }

    private static String text(Environment environment, Object value, ConfigurationPropertyName name, List<String> unresolved) {
        String raw = value == null ? "" : String.valueOf(value);
        try {
            return environment.resolveRequiredPlaceholders(raw);
        } catch (IllegalArgumentException e) {
            // Spring's message quotes the whole value, which may hold a password: name the key only
            unresolved.add(name + " in " + SOURCE + ": a placeholder in its value cannot be resolved"
                    + " (give the property or a default: ${NAME:default})");
            return "";
        }
    }

    private static String origin(ConfigurationProperty property, ConfigurationPropertySource source) {
        Origin origin = property.getOrigin();
        if (origin != null) {
            return origin.toString();
        }
        return source.getUnderlyingSource() instanceof PropertySource<?> p ? p.getName() : SOURCE;
    }

    private static List<ConfigurationPropertySource> sources(Environment environment) {
        List<ConfigurationPropertySource> sources = new ArrayList<>();
        if (!(environment instanceof ConfigurableEnvironment)) {
            return sources;
        }
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (source.getUnderlyingSource() instanceof PropertySource<?> p
                    && StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME.equals(p.getName())) {
                continue;
            }
            sources.add(source);
        }
        return sources;
    }
}
