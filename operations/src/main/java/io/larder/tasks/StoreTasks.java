package io.larder.tasks;

import io.larder.ConfigurationException;
import io.larder.Expiry;
import io.larder.Key;
import io.larder.Larder;
import io.larder.Query;
import io.larder.Signals;
import io.larder.Storage;
import io.larder.StoreSpec;
import io.larder.operations.internal.Arguments;
import io.larder.operations.internal.CarriedIds;
import io.larder.operations.internal.Recount;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link GenerationTasks} on one store of the port, partitioned by user, timed by creation and
 * indexed by status: the seed's pending set is the index entry of status {@code GENERATING} in
 * the user's partition, which the record's own write moves. Every change is an atomic
 * read-modify-write ({@link Storage#update}), so two workers never lose each other's report;
 * each change that took is then published on the task's channel. Thread-safe.
 */
final class StoreTasks implements GenerationTasks {
    private static final Logger LOG = LoggerFactory.getLogger(StoreTasks.class);
    /** Longer text is no task id, whatever it holds: refused before it costs a read. */
    private static final int MAX_ID = 4096;

    private final TaskSettings settings;
    private final Storage<Task> store;
    private final Signals signals;
    private final Clock clock;
    private final Counter started;
    private final Map<TaskStatus, Counter> finished = new EnumMap<>(TaskStatus.class);

    StoreTasks(Larder larder, TaskSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        if (larder.storeNames().contains(settings.store())) {
            throw new ConfigurationException("store '" + settings.store() + "' is declared under larder.stores, but it holds"
                    + " the generation tasks (larder.tasks.store): tasks declare their store themselves; drop the declaration"
                    + " or name another store");
        }
        this.store = larder.store(StoreSpec.builder(settings.store(), Task.class).partitionBy("user_id").time("created_at")
                .index("status").expiry(Expiry.absolute(settings.expiry())).build());
        this.signals = larder.signals();
        this.clock = larder.clock();
        MeterRegistry registry = larder.meterRegistry();
        String name = settings.store();
        this.started = Counter.builder("larder.tasks.started").tag("store", name).description("Generation tasks started")
                .register(registry);
        for (TaskStatus s : List.of(TaskStatus.COMPLETED, TaskStatus.FAILED)) {
            finished.put(s, Counter.builder("larder.tasks.finished").tag("store", name).tag("status", tag(s))
                    .description("Generation tasks finished, by how").register(registry));
        }
        Recount byStatus = new Recount("tasks by status of store '" + name + "'", this::countByStatus, clock,
                settings.countInterval());
        for (TaskStatus s : TaskStatus.values()) {
            Gauge.builder("larder.tasks", byStatus, r -> r.value(tag(s))).tag("store", name).tag("status", tag(s))
                    .strongReference(true).description("Generation tasks by status, recounted at most once per count-interval")
                    .register(registry);
        }
    }

    @Override
    public Task start(String userId, String type) {
        Arguments.name(userId, "user id");
        Arguments.name(type, "task type");
        Instant now = now();
        Task task = new Task(CarriedIds.join(userId, CarriedIds.random()), userId, type, TaskStatus.GENERATING, 0, null, null,
                now, now);
        store.save(task);
        started.increment();
        return task;
    }

    @Override
    public Optional<Task> progress(String taskId, int percent) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("progress is a percentage, 0 to 100; got " + percent);
        }
        Key key = key(taskId);
        if (key == null) {
            return Optional.empty();
        }
        Optional<Task> now = store.update(key, t -> t.status() == TaskStatus.GENERATING && percent >= t.progress()
                ? t.progressed(percent, now()) : t);
        // a late, lower report changed nothing and says nothing
        now.filter(t -> t.status() == TaskStatus.GENERATING && t.progress() == percent).ifPresent(this::publish);
        return now.map(this::reported);
    }

    @Override
    public Optional<Task> complete(String taskId, String result) {
        Objects.requireNonNull(result, "result");
        return finish(taskId, TaskStatus.COMPLETED, result, null);
    }

    @Override
    public Optional<Task> fail(String taskId, String error) {
        Objects.requireNonNull(error, "error");
        return finish(taskId, TaskStatus.FAILED, null, error);
    }

    private Optional<Task> finish(String taskId, TaskStatus how, @Nullable String result, @Nullable String error) {
        Key key = key(taskId);
        if (key == null) {
            return Optional.empty();
        }
        // the change may run more than once; what its last run said is what was stored
        boolean[] finishedHere = {false};
        Optional<Task> now = store.update(key, t -> {
            finishedHere[0] = t.status() == TaskStatus.GENERATING;
            return finishedHere[0] ? t.finished(how, result, error, now()) : t;
        });
        if (now.isPresent() && finishedHere[0]) {
            // a counter for each way to finish was registered at start
            Objects.requireNonNull(finished.get(how), how.name()).increment();
            publish(now.get());
        }
        return now.map(this::reported);
    }

    @Override
    public Optional<Task> find(String taskId) {
        Key key = key(taskId);
        return key == null ? Optional.empty() : store.load(key).map(this::reported);
    }

    @Override
    public List<Task> pending(String userId) {
        Arguments.name(userId, "user id");
        try (Stream<Task> generating = store.scan(Query.in("user_id", userId).where("status", TaskStatus.GENERATING))) {
            return generating.map(this::reported).toList();
        }
    }

    @Override
    public Optional<Task> await(String taskId, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        Key key = key(taskId);
        if (key == null) {
            return Optional.empty();
        }
        CountDownLatch done = new CountDownLatch(1);
        // subscribed before the first read: a finish after that read is heard, one before it is read
        try (Signals.Subscription s = signals.subscribe(channel(taskId), m -> {
            TaskUpdate u = TaskUpdate.parse(taskId, m);
            if (u != null && u.status().isFinished()) {
                done.countDown();
            }
        })) {
            Optional<Task> now = find(taskId);
            if (now.isEmpty() || now.get().isFinished()) {
                return now;
            }
            done.await(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
            return find(taskId);
        }
    }

    @Override
    public Signals.Subscription listen(String taskId, Consumer<TaskUpdate> listener) {
        Objects.requireNonNull(listener, "listener");
        if (key(taskId) == null) {
            throw new IllegalArgumentException("not a task id: " + abbreviated(taskId));
        }
        return signals.subscribe(channel(taskId), m -> {
            TaskUpdate u = TaskUpdate.parse(taskId, m);
            if (u == null) {
                LOG.warn("ignored a signal on task {} that no task published", taskId);
            } else {
                listener.accept(u);
            }
        });
    }

    @Override
    public TaskSettings settings() {
        return settings;
    }

    private Map<String, Long> countByStatus() {
        Map<String, Long> counts = new HashMap<>();
        try (Stream<Task> all = store.scan(Query.all().limit(1000))) {
            all.map(this::reported).forEach(t -> counts.merge(tag(t.status()), 1L, Long::sum));
        }
        return counts;
    }

    /** The task as its reader sees it now: stalled when unfinished and silent for the stall time. */
    private Task reported(Task t) {
        return t.status() == TaskStatus.GENERATING && !clock.instant().isBefore(t.updatedAt().plus(settings.stallAfter()))
                ? t.as(TaskStatus.STALLED) : t;
    }

    private void publish(Task t) {
        signals.publish(channel(t.id()), new TaskUpdate(t.id(), t.status(), t.progress()).message());
    }

    private String channel(String taskId) {
        return settings.store() + ":" + taskId;
    }

    /** The key a task id names, or {@code null} when it is not a task id. */
    private static @Nullable Key key(String taskId) {
        Objects.requireNonNull(taskId, "taskId");
        if (taskId.length() > MAX_ID) {
            return null;
        }
        String user = CarriedIds.partition(taskId);
        return user == null || !CarriedIds.isRandom(CarriedIds.rest(taskId)) ? null : Key.of(user, taskId);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static String tag(TaskStatus s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    private static String abbreviated(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "... (" + text.length() + " characters)";
    }

    @Override
    public String toString() {
        return "GenerationTasks" + settings;
    }
}
