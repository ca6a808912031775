package io.larder;

import io.larder.spi.Backend;
import io.larder.spi.BackendLimits;
import io.larder.spi.BackendStore;
import io.larder.spi.CodecProvider;
import io.larder.spi.ConfigLoader;
import io.larder.spi.LimitLayout;
import io.larder.spi.LimiterDeclaration;
import io.larder.spi.RecordCodec;
import io.larder.spi.StoreLayout;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A wired Larder: one backend, the codecs, the clock, metrics, and the stores declared for it.
 * Hands out {@link Storage} instances; close it to release the backend. Thread-safe.
 *
 * <pre>{@code
 * try (Larder larder = Larder.fromYaml(Path.of("larder.yaml"), "production")) {
 *     Storage<ChatMessage> chats = larder.store("chat", ChatMessage.class);
 * }
 * }</pre>
 *
 * <p>About 400 lines: it is the one entry point, and opening a store (defaults, codecs, metrics,
 * the backend's check of the declaration) and the registry of stores and sections live together.
 */
public final class Larder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Larder.class);

    private final Backend backend;
    private final Clock clock;
    private final MeterRegistry registry;
    private final StoreDefaults defaults;
    private final CodecProvider codecs;
    private final Map<String, StoreSpec<?>> declared;
    private final Map<String, SettingsSection> sections;
    private final Signals signals;
    private final ConcurrentHashMap<String, Opened> opened = new ConcurrentHashMap<>();
    private final Map<String, LimiterDeclaration> limiters;
    private final ConcurrentHashMap<String, OpenedLimits> openedLimits = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final @Nullable ScheduledExecutorService sweeper; // null: sweeping is off

    private record Opened(StoreSpec<?> spec, BackendStore store, Storage<?> storage) {
    }

    private record OpenedLimits(LimitLayout layout, BackendLimits limits) {
    }

    private Larder(Builder b, Backend backend) {
        this.backend = backend;
        this.clock = b.clock == null ? Clock.systemUTC() : b.clock;
        this.registry = b.registry == null ? Metrics.globalRegistry : b.registry;
        this.defaults = b.defaults == null ? StoreDefaults.standard() : b.defaults;
        this.codecs = b.codecs == null ? loadCodecs() : b.codecs;
        this.declared = Map.copyOf(b.stores);
        this.limiters = Map.copyOf(b.limiters);
        this.sections = Map.copyOf(b.sections);
        this.signals = new PrefixedSignals(backend, defaults.keyPrefix(), this::checkOpen);
        Duration every = b.sweepEvery == null ? Duration.ofMinutes(1) : b.sweepEvery;
        if (every.isZero()) {
            this.sweeper = null;
        } else {
            this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "larder-sweep");
                t.setDaemon(true);
                return t;
            });
            sweeper.scheduleWithFixedDelay(this::sweepQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** A builder; a backend is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A Larder configured by {@code profile} of the YAML file at {@code path} (needs the {@code config} module). */
    public static Larder fromYaml(Path path, String profile) {
        try (InputStream in = Files.newInputStream(path)) {
            return fromYaml(in, path.toString(), profile);
        } catch (NoSuchFileException e) {
            throw new ConfigurationException("configuration file not found: " + path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** A Larder configured by {@code profile} of a YAML document; {@code source} names it in errors. */
    public static Larder fromYaml(InputStream in, String source, String profile) {
        Iterator<ConfigLoader> loaders = ServiceLoader.load(ConfigLoader.class).iterator();
        if (!loaders.hasNext()) {
            throw new ConfigurationException("no configuration loader on the class path: add the io.larder:config module");
        }
        return loaders.next().load(in, source, profile);
    }

    /** The store declared under {@code name}, read as records of {@code type}. */
    public <T> Storage<T> store(String name, Class<T> type) {
        StoreSpec<?> spec = declared.get(name);
        if (spec == null) {
            Opened o = opened.get(name);
            if (o != null) {
                return cast(o, type, name);
            }
            throw new ConfigurationException("no store named '" + name + "' is declared (declared: "
                    + new ArrayList<>(declared.keySet()) + ")");
        }
        return store(spec.as(type));
    }

    /** The store {@code spec} declares, opened on first use; the same name must keep the same declaration. */
    public <T> Storage<T> store(StoreSpec<T> spec) {
        checkOpen();
        Opened o = opened.computeIfAbsent(spec.name(), name -> open(spec));
        if (!o.spec.toString().equals(withDefaults(spec).toString())) {
            throw new ConfigurationException("store '" + spec.name() + "' is already open with another declaration: "
                    + o.spec + "; asked for " + spec);
        }
        return cast(o, spec.type(), spec.name());
    }

    /** The names of the declared stores. */
    public List<String> storeNames() {
        return List.copyOf(declared.keySet());
    }

    /** The rate limiter declared under {@code name} (in YAML: {@code larder.limiters.<name>}), if any. */
    public Optional<LimiterDeclaration> limiterDeclaration(String name) {
        return Optional.ofNullable(limiters.get(name));
    }

    /** The names of the declared rate limiters. */
    public List<String> limiterNames() {
        return List.copyOf(limiters.keySet());
    }

    /**
     * The backend's counters for the limiter {@code declaration} describes, under this Larder's
     * key prefix, deciding by the backend's clock; opened on first use. This is the limiter
     * module's way in ({@code RateLimiter.builder(larder, name)}); applications use that.
     *
     * @throws ConfigurationException when the backend keeps no rate limits, or the name is open with other limits
     */
    public BackendLimits openLimits(LimiterDeclaration declaration) {
        checkOpen();
        LimitLayout layout = declaration.layout(defaults.keyPrefix());
        OpenedLimits o = openedLimits.computeIfAbsent(layout.name(),
                name -> new OpenedLimits(layout, backend.openLimits(layout, clock)));
        if (!o.layout.equals(layout)) {
            throw new ConfigurationException("limiter '" + layout.name() + "' is already open with the limits "
                    + o.layout.rules() + " in " + o.layout.zone() + "; asked for " + layout.rules() + " in " + layout.zone());
        }
        return o.limits;
    }

    /** Whether this Larder is still open: false once {@link #close()} was called. */
    public boolean isOpen() {
        return !closed.get();
    }

    /** The backend's health. */
    public Health health() {
        checkOpen();
        return backend.health();
    }

    /**
     * The health of the store {@code storeName} as its backend reports it, or empty while the store
     * is not open (a declared store opens on first use): what a health endpoint shows per store.
     */
    public Optional<Health> storeHealth(String storeName) {
        checkOpen();
        Opened o = opened.get(Objects.requireNonNull(storeName, "storeName"));
        return o == null ? Optional.empty() : Optional.of(o.storage.health());
    }

    /** Runs one bounded sweep of stale index entries over every open store now; returns how many were removed. */
    public int sweep() {
        checkOpen();
        int removed = 0;
        for (Opened o : opened.values()) {
            removed += o.store.sweep();
        }
        return removed;
    }

    /** How many index entries a store holds, stale ones included: a diagnostic that may walk the keyspace. */
    public long indexEntries(String storeName) {
        checkOpen();
        Opened o = opened.get(storeName);
        if (o == null) {
            throw new ConfigurationException("store '" + storeName + "' is not open");
        }
        return o.store.indexEntries();
    }

    /** The defaults stores take. */
    public StoreDefaults defaults() {
        return defaults;
    }

    /** The clock of ids and expiry; what a capability built on the port reads time from. */
    public Clock clock() {
        return clock;
    }

    /** The registry metrics go to; capabilities built on the port register theirs here too. */
    public MeterRegistry meterRegistry() {
        return registry;
    }

    /**
     * The settings configured for a capability ({@code sessions} for {@code larder.sessions}), or
     * an empty section when none were.
     */
    public SettingsSection section(String name) {
        SettingsSection s = sections.get(Objects.requireNonNull(name, "name"));
        return s != null ? s : SettingsSection.empty(name);
    }

    /**
     * Publish/subscribe between the processes that share this Larder's backend; channel names are
     * kept apart from other Larders' by the key prefix.
     */
    public Signals signals() {
        return signals;
    }

    /** Closes the backend; every store of this Larder refuses work afterwards. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            if (sweeper != null) {
                sweeper.shutdownNow();
            }
            backend.close();
        }
    }

    private <T> Opened open(StoreSpec<T> spec) {
        StoreSpec<T> full = withDefaults(spec);
        // unstated settings read as none()'s: an adapter whose own policy leaves one out means that
        Durability durability = full.durability().over(backend.durability().over(Durability.none()));
        StoreLayout layout = new StoreLayout(full.name(), defaults.keyPrefix(), full.isPartitioned(), full.indexes(),
                full.expiry().orElseThrow(), full.retention(), full.layout(), defaults.batchSize(), defaults.maxPipeline(),
                durability);
        BackendStore store = backend.open(layout, clock);
        StoreMetrics metrics = new StoreMetrics(full.name(), registry, defaults.slowOperation());
        RecordCodec<T> codec = codecs.codec(full.type(), full.encoding().orElseThrow(), full.maxValueSize().orElseThrow(),
                metrics);
        CoreStorage<T> storage = new CoreStorage<>(full, store, codec,
                metrics, clock, defaults.maxPipeline(), full.maxValueSize().orElseThrow().bytes(), this::checkOpen);
        return new Opened(full, store, storage);
    }

    private <T> StoreSpec<T> withDefaults(StoreSpec<T> spec) {
        StoreSpec.Builder<T> b = StoreSpec.builder(spec.name(), spec.type()).id(spec.idField())
                .retention(spec.retention()).layout(spec.layout())
                .expiry(spec.expiry().orElse(spec.layout() == Layout.ARCHIVE ? Expiry.none() : defaults.expiry()))
                .encoding(spec.encoding().orElse(defaults.encoding()))
                .maxValueSize(spec.maxValueSize().orElse(defaults.maxValueSize()))
                .durability(spec.durability());
        spec.partitionField().ifPresent(b::partitionBy);
        spec.timeField().ifPresent(b::time);
        b.index(spec.indexes().toArray(String[]::new));
        return b.build();
    }

    @SuppressWarnings("unchecked")
    private <T> Storage<T> cast(Opened o, Class<T> type, String name) {
        if (!o.spec.type().equals(type)) {
            throw new ConfigurationException("store '" + name + "' is open for " + o.spec.type().getName()
                    + ", not " + type.getName());
        }
        return (Storage<T>) o.storage;
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new StorageException("this Larder is closed");
        }
    }

    private void sweepQuietly() {
        try {
            for (Opened o : opened.values()) {
                o.store.sweep();
            }
        } catch (RuntimeException e) {
            // the next round tries again; a sweep is housekeeping, never a reason to stop the sweeper
            LOG.warn("index sweep failed: {}", e.toString());
        }
    }

    private static CodecProvider loadCodecs() {
        Iterator<CodecProvider> found = ServiceLoader.load(CodecProvider.class).iterator();
        if (!found.hasNext()) {
            throw new ConfigurationException("no codec provider on the class path: add the io.larder:serialization module");
        }
        return found.next();
    }

    /** Builds a {@link Larder}; each setting may be made once. Not thread-safe. */
    public static final class Builder {
        private @Nullable Backend backend;
        private @Nullable Clock clock;
        private @Nullable MeterRegistry registry;
        private @Nullable StoreDefaults defaults;
        private @Nullable CodecProvider codecs;
        private @Nullable Duration sweepEvery;
        private final Map<String, StoreSpec<?>> stores = new LinkedHashMap<>();
        private final Map<String, LimiterDeclaration> limiters = new LinkedHashMap<>();
        private final Map<String, SettingsSection> sections = new LinkedHashMap<>();

        private Builder() {
        }

        /** The adapter. Required. */
        public Builder backend(Backend b) {
            once(backend, "backend");
            backend = Objects.requireNonNull(b, "backend");
            return this;
        }

        /** The clock for ids and expiry (default: the system's UTC clock). */
        public Builder clock(Clock c) {
            once(clock, "clock");
            clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /** Where metrics go (default: Micrometer's global registry). */
        public Builder meterRegistry(MeterRegistry r) {
            once(registry, "meter registry");
            registry = Objects.requireNonNull(r, "meterRegistry");
            return this;
        }

        /** Defaults for what store specs leave unset. */
        public Builder defaults(StoreDefaults d) {
            once(defaults, "defaults");
            defaults = Objects.requireNonNull(d, "defaults");
            return this;
        }

        /** The codec provider (default: found through ServiceLoader). */
        public Builder codecs(CodecProvider c) {
            once(codecs, "codecs");
            codecs = Objects.requireNonNull(c, "codecs");
            return this;
        }

        /** How often stale index entries are swept in the background; zero turns it off (default one minute). */
        public Builder sweepEvery(Duration every) {
            once(sweepEvery, "sweep interval");
            Objects.requireNonNull(every, "every");
            if (every.isNegative()) {
                throw new IllegalArgumentException("sweep interval must not be negative: " + every);
            }
            sweepEvery = every;
            return this;
        }

        /** Declares a store, to be opened by name with {@link Larder#store(String, Class)}. */
        public Builder store(StoreSpec<?> spec) {
            if (stores.putIfAbsent(spec.name(), spec) != null) {
                throw new IllegalStateException("store '" + spec.name() + "' is declared twice");
            }
            return this;
        }

        /** Declares a rate limiter, to be opened by name ({@code RateLimiter.of(larder, name)} in the limiter module). */
        public Builder limiter(LimiterDeclaration declaration) {
            if (limiters.putIfAbsent(declaration.name(), declaration) != null) {
                throw new IllegalStateException("limiter '" + declaration.name() + "' is declared twice");
            }
            return this;
        }

        /** The settings of one capability built on the port, found by {@link Larder#section(String)}. */
        public Builder section(SettingsSection section) {
            Objects.requireNonNull(section, "section");
            if (sections.putIfAbsent(section.name(), section) != null) {
                throw new IllegalStateException("section larder." + section.name() + " is given twice");
            }
            return this;
        }

        /** The Larder. */
        public Larder build() {
            if (backend == null) {
                throw new IllegalStateException("a backend is required");
            }
            return new Larder(this, backend);
        }

        private static void once(@Nullable Object current, String what) {
            if (current != null) {
                throw new IllegalStateException(what + " was already set");
            }
        }
    }
}
