package io.larder.benchmarks;

import io.larder.BackendSettings;
import io.larder.DataSize;
import io.larder.Durability;
import io.larder.Encoding;
import io.larder.Expiry;
import io.larder.Key;
import io.larder.Larder;
import io.larder.Layout;
import io.larder.Query;
import io.larder.Storage;
import io.larder.StoreDefaults;
import io.larder.StoreSpec;
import io.larder.memory.MemorySettings;
import io.larder.spi.Backend;
import io.larder.spi.BackendProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Larder through its port, on whichever adapter the {@link BackendSettings} name, found the way
 * an application finds it: {@link ServiceLoader} over {@link BackendProvider}. Records expire an
 * hour after each write ({@link Expiry#absolute}); everything else is Larder's default.
 */
final class LarderSubject implements BenchSubject {
    /** Larder's standard defaults with the benchmark's one-hour absolute expiry (none with {@link RawKeys#LASTING}). */
    static final StoreDefaults DEFAULTS = new StoreDefaults("larder:", Encoding.defaults(),
            RawKeys.LASTING ? Expiry.none() : Expiry.absolute(Duration.ofHours(1)), StoreDefaults.standard().batchSize(), StoreDefaults.standard().maxPipeline(),
            DataSize.parse("16MB"), Duration.ofMillis(100));

    /** What a variant's message store declares beyond the id. */
    enum Variant {
        /** The values layout, unpartitioned: no time field, no index; the same work as SET and GET. */
        NONE,
        /** The records layout, partitioned by group, ordered by timestamp: a timeline and no index. */
        TIMELINE,
        /** Partitioned by group, ordered by timestamp, one index (sender_id). */
        IDX1,
        /** Partitioned by group, ordered by timestamp, three indexes (sender_id, msg_type, platform). */
        IDX3,
        /** Partitioned by group, ordered by timestamp, one index (sender_id), the archive layout; so is the timeline. */
        ARCHIVE
    }

    private final Larder larder;
    private final Storage<ChatMessage> messages;
    private final Storage<ChatMessage> timeline;
    private final boolean partitioned;
    private final String dataset;
    /** The directory of a memory backend's snapshot and log, removed on close; {@code null} for none. */
    private @Nullable Path scratch;

    private LarderSubject(Larder larder, Variant variant, String dataset) {
        this.larder = larder;
        this.messages = larder.store(spec(variant));
        this.timeline = larder.store(StoreSpec.builder(variant == Variant.ARCHIVE ? "timeline-archive" : "timeline",
                ChatMessage.class).partitionBy("group_id").time("timestamp")
                .layout(variant == Variant.ARCHIVE ? Layout.ARCHIVE : Layout.RECORDS).build());
        this.partitioned = variant != Variant.NONE;
        this.dataset = dataset;
    }

    static LarderSubject open(BackendSettings settings, Variant variant, String dataset) {
        Larder larder = Larder.builder().backend(backend(settings)).defaults(DEFAULTS).build();
        try {
            return new LarderSubject(larder, variant, dataset);
        } catch (RuntimeException e) {
            larder.close();
            throw e;
        }
    }

    /**
     * Larder on memory with a snapshot file, in a directory of its own that close removes, and
     * its append-only log forced as {@code disk} says; the snapshot is written at the default
     * interval, as an application's would be.
     */
    static LarderSubject logged(Durability.Disk disk) {
        Path dir;
        try {
            dir = Files.createTempDirectory("larder-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        BackendSettings settings = BackendSettings.builder()
                .adapter(MemorySettings.builder().snapshot(dir.resolve("larder.snapshot"), Duration.ofMinutes(1)).build())
                .durability(Durability.builder().disk(disk).build()).build();
        LarderSubject subject = open(settings, Variant.NONE, BenchSubject.IN_PROCESS);
        subject.scratch = dir;
        return subject;
    }

    static StoreSpec<ChatMessage> spec(Variant variant) {
        return switch (variant) {
            case NONE -> StoreSpec.builder("msg", ChatMessage.class).layout(Layout.VALUES).build();
            case TIMELINE -> StoreSpec.builder("msg-timeline", ChatMessage.class).partitionBy("group_id").time("timestamp").build();
            case IDX1 -> StoreSpec.builder("msg-idx1", ChatMessage.class).partitionBy("group_id").time("timestamp")
                    .index("sender_id").build();
            case IDX3 -> StoreSpec.builder("msg-idx3", ChatMessage.class).partitionBy("group_id").time("timestamp")
                    .index("sender_id", "msg_type", "platform").build();
            case ARCHIVE -> StoreSpec.builder("msg-archive", ChatMessage.class).partitionBy("group_id").time("timestamp")
                    .index("sender_id").layout(Layout.ARCHIVE).build();
        };
    }

    /** The adapter an application would get for these settings. */
    static Backend backend(BackendSettings settings) {
        for (BackendProvider provider : ServiceLoader.load(BackendProvider.class)) {
            if (provider.supports(settings)) {
                return provider.create(settings);
            }
        }
        throw new SubjectUnavailableException("no io.larder.spi.BackendProvider on the class path serves type "
                + settings.provider());
    }

    private Key key(MessageRef ref) {
        return partitioned ? Key.of(ref.groupId(), ref.id()) : Key.of(ref.id());
    }

    @Override
    public void save(ChatMessage message) {
        messages.save(message);
    }

    @Override
    public @Nullable ChatMessage load(MessageRef ref) {
        return messages.load(key(ref)).orElse(null);
    }

    @Override
    public void saveAll(List<ChatMessage> batch) {
        messages.saveAll(batch);
    }

    @Override
    public List<ChatMessage> loadAll(List<MessageRef> refs) {
        List<Key> keys = new ArrayList<>(refs.size());
        for (MessageRef ref : refs) {
            keys.add(key(ref));
        }
        Map<Key, ChatMessage> found = messages.loadAll(keys);
        return new ArrayList<>(found.values());
    }

    @Override
    public void append(List<ChatMessage> batch) {
        timeline.saveAll(batch);
    }

    @Override
    public List<ChatMessage> list(String groupId, int limit) {
        return timeline.list(Query.in("group_id", groupId).newestFirst().limit(limit)).items();
    }

    @Override
    public String dataset() {
        return dataset;
    }

    @Override
    public void close() {
        larder.close();
        if (scratch != null) {
            try (Stream<Path> files = Files.list(scratch)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
                Files.delete(scratch);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove " + scratch, e);
            }
        }
    }
}
