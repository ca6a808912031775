package io.larder.config;

import io.larder.BackendSettings;
import io.larder.spi.BackendProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The backend providers on the class path, found through {@link ServiceLoader}: the names
 * {@code larder.backend.type} accepts, the keys the adapters read under {@code larder.backend}, and the
 * provider of a name. Immutable once found.
 */
final class BackendProviders {
    /** The modules of Larder's own adapters, to name when one is not on the class path; others need no entry. */
    private static final Map<String, String> KNOWN_MODULES = knownModules();

    private final List<BackendProvider> providers;
    private final List<String> broken;

    private BackendProviders(List<BackendProvider> providers, List<String> broken) {
        this.providers = List.copyOf(providers);
        this.broken = List.copyOf(broken);
    }

    /** The providers the thread's context class loader finds. */
    static BackendProviders find() {
        List<BackendProvider> found = new ArrayList<>();
        List<String> broken = new ArrayList<>();
        Iterator<BackendProvider> it = ServiceLoader.load(BackendProvider.class).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError e) {
                broken.add(String.valueOf(e.getMessage()));
            }
        }
        return new BackendProviders(found, broken);
    }

    /** Every provider found. */
    List<BackendProvider> all() {
        return providers;
    }

    /** The names {@code larder.backend.type} accepts: Larder's own in their documented order, then the others by name. */
    List<String> names() {
        List<String> known = new ArrayList<>(KNOWN_MODULES.keySet());
        Comparator<String> order = Comparator.comparingInt((String n) -> known.contains(n) ? known.indexOf(n) : known.size())
                .thenComparing(Comparator.naturalOrder());
        return providers.stream().flatMap(p -> p.names().stream()).distinct().sorted(order).toList();
    }

    /** The keys the adapters read under {@code larder.backend}, dotted, each once, in the order they list them. */
    List<String> keys() {
        Set<String> keys = new LinkedHashSet<>();
        providers.forEach(p -> keys.addAll(p.settingsKeys()));
        return List.copyOf(keys);
    }

    /** The provider of the type {@code name}, if one is on the class path. */
    Optional<BackendProvider> named(String name) {
        return providers.stream().filter(p -> p.names().contains(name)).findFirst();
    }

    /** The first provider that serves {@code settings}. */
    Optional<BackendProvider> serving(BackendSettings settings) {
        return providers.stream().filter(p -> p.supports(settings)).findFirst();
    }

    /**
     * Why no provider serves type {@code name} ({@code no backend on the class path serves ...}), naming the
     * module to add when it is one of Larder's own, for each known name without a provider here.
     */
    Map<String, String> absent() {
        Map<String, String> why = new LinkedHashMap<>();
        KNOWN_MODULES.keySet().stream().filter(n -> named(n).isEmpty()).forEach(n -> why.put(n, missing(n)));
        return why;
    }

    /** The problem of a type no provider here serves, with every provider that could not be loaded. */
    List<String> missingProblems(String name) {
        List<String> problems = new ArrayList<>();
        problems.add(missing(name));
        broken.forEach(m -> problems.add("a backend provider could not be loaded: " + m));
        return problems;
    }

    private static String missing(String name) {
        @Nullable String module = module(name);
        return "no backend on the class path serves larder.backend type " + name + ": add the "
                + (module != null ? module + " module" : "module that provides it");
    }

    /** The Maven module that provides Larder's own adapter of type {@code name}, or {@code null} for another. */
    static @Nullable String module(String name) {
        return KNOWN_MODULES.get(name);
    }

    private static Map<String, String> knownModules() {
        Map<String, String> modules = new LinkedHashMap<>();
        modules.put("memory", "io.larder:storage-memory");
        modules.put("redis", "io.larder:storage-redis");
        modules.put("redis-sentinel", "io.larder:storage-redis");
        modules.put("redis-cluster", "io.larder:storage-cluster");
        return modules;
    }
}
