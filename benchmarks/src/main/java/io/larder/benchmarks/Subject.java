package io.larder.benchmarks;

import io.larder.BackendSettings;
import io.larder.Durability;
import io.larder.redis.RedisSettings;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The subjects a JMH {@code @Param} can name, each with the raw driver it runs on (the baseline
 * of its ratio) and the store variant it uses.
 */
public enum Subject {
    /** Larder on the in-process memory adapter. */
    LARDER_MEMORY("larder-memory", null, LarderSubject.Variant.NONE),
    /** Larder on memory, one index. */
    LARDER_MEMORY_IDX1("larder-memory-idx1", null, LarderSubject.Variant.IDX1),
    /** Larder on memory, three indexes. */
    LARDER_MEMORY_IDX3("larder-memory-idx3", null, LarderSubject.Variant.IDX3),
    /**
     * Larder on memory with a snapshot file and its log, {@code disk: everysec} (the default with a
     * snapshot): each call's records are written to the OS before it returns. Not in the full plan:
     * {@code java -jar benchmarks/target/benchmarks.jar 'OperationBench.save' -p
     * subject=larder-memory,larder-memory-everysec,larder-memory-always}.
     */
    LARDER_MEMORY_EVERYSEC("larder-memory-everysec", null, LarderSubject.Variant.NONE),
    /** Larder on memory with a snapshot file and its log, {@code disk: always}: each call forces the log to disk. */
    LARDER_MEMORY_ALWAYS("larder-memory-always", null, LarderSubject.Variant.NONE),
    /** Lettuce without Larder. */
    RAW_LETTUCE("raw-lettuce", null, null),
    /** Jedis without Larder. */
    RAW_JEDIS("raw-jedis", null, null),
    /** Larder's Redis adapter on Lettuce. */
    LARDER_LETTUCE("larder-lettuce", RAW_LETTUCE, LarderSubject.Variant.NONE),
    /** Larder on Lettuce, one index. */
    LARDER_LETTUCE_IDX1("larder-lettuce-idx1", RAW_LETTUCE, LarderSubject.Variant.IDX1),
    /** Larder on Lettuce, three indexes. */
    LARDER_LETTUCE_IDX3("larder-lettuce-idx3", RAW_LETTUCE, LarderSubject.Variant.IDX3),
    /** Larder's Redis adapter on Jedis. */
    LARDER_JEDIS("larder-jedis", RAW_JEDIS, LarderSubject.Variant.NONE),
    /** Larder on Jedis, the records layout with a timeline and no index (not in the full plan: {@code benchmarks/run writes}). */
    LARDER_JEDIS_TIMELINE("larder-jedis-timeline", RAW_JEDIS, LarderSubject.Variant.TIMELINE),
    /** Larder on Jedis, one index. */
    LARDER_JEDIS_IDX1("larder-jedis-idx1", RAW_JEDIS, LarderSubject.Variant.IDX1),
    /** Larder on Jedis, three indexes. */
    LARDER_JEDIS_IDX3("larder-jedis-idx3", RAW_JEDIS, LarderSubject.Variant.IDX3),
    /**
     * Larder on Jedis under Sentinel's and Cluster's default durability: each write pipeline ends
     * with {@code WAIT 1 1000}, and fails unless a replica confirms. Needs a master with a replica;
     * not in the full plan: {@code benchmarks/run --durability} runs it beside {@code larder-jedis}
     * and {@code raw-jedis} (see {@link DurabilityRun}).
     */
    LARDER_JEDIS_WAIT("larder-jedis-wait", RAW_JEDIS, LarderSubject.Variant.NONE),
    /** Larder on Jedis, its message store and timeline in the archive layout (not in the full plan: see {@link ListBench}). */
    LARDER_JEDIS_ARCHIVE("larder-jedis-archive", RAW_JEDIS, LarderSubject.Variant.ARCHIVE),
    /** Spring Data Redis's RedisTemplate on Lettuce. */
    SPRING_LETTUCE("spring-lettuce", RAW_LETTUCE, null),
    /** Redisson on its own Netty client. */
    REDISSON("redisson", null, null);

    private final String id;
    private final @Nullable Subject baseline;
    private final LarderSubject.@Nullable Variant variant;

    Subject(String id, @Nullable Subject baseline, LarderSubject.@Nullable Variant variant) {
        this.id = id;
        this.baseline = baseline;
        this.variant = variant;
    }

    /** The name JMH's {@code subject} parameter takes. */
    public String id() {
        return id;
    }

    /** The raw driver this subject runs on, if it runs on one we measure. */
    public Optional<Subject> baseline() {
        return Optional.ofNullable(baseline);
    }

    /** Whether this is a Larder subject. */
    public boolean isLarder() {
        return variant != null;
    }

    /** Whether this subject needs a master with a replica, so only {@link DurabilityRun} measures it. */
    public boolean needsReplica() {
        return this == LARDER_JEDIS_WAIT;
    }

    /** Whether this subject stores through a Redis server. */
    public boolean usesRedis() {
        return this != LARDER_MEMORY && this != LARDER_MEMORY_IDX1 && this != LARDER_MEMORY_IDX3
                && this != LARDER_MEMORY_EVERYSEC && this != LARDER_MEMORY_ALWAYS;
    }

    /** Whether the store declares indexes or another layout: a variant of a base subject. */
    public boolean isVariant() {
        return variant != null && variant != LarderSubject.Variant.NONE;
    }

    /** The subject named {@code id}. */
    public static Subject of(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no subject '" + id + "'; known: "
                        + Arrays.stream(values()).map(Subject::id).toList()));
    }

    /** The subjects without their variants. */
    public static List<Subject> bases() {
        return Arrays.stream(values()).filter(s -> !s.isVariant()).toList();
    }

    /**
     * Opens the subject; Redis subjects connect to the server {@link RedisTarget#PROPERTY} names.
     *
     * @throws SubjectUnavailableException when its adapter is not on the class path or no server is given
     */
    public BenchSubject open() {
        LarderSubject.Variant variant = this.variant != null ? this.variant : LarderSubject.Variant.NONE; // only Larder's read it
        return switch (this) {
            case LARDER_MEMORY, LARDER_MEMORY_IDX1, LARDER_MEMORY_IDX3 ->
                    LarderSubject.open(BackendSettings.defaults(), variant, BenchSubject.IN_PROCESS);
            case LARDER_MEMORY_EVERYSEC -> LarderSubject.logged(Durability.Disk.EVERYSEC);
            case LARDER_MEMORY_ALWAYS -> LarderSubject.logged(Durability.Disk.ALWAYS);
            case LARDER_LETTUCE, LARDER_LETTUCE_IDX1, LARDER_LETTUCE_IDX3 ->
                    LarderSubject.open(redisSettings(RedisSettings.Client.LETTUCE), variant, "larder-redis");
            case LARDER_JEDIS, LARDER_JEDIS_TIMELINE, LARDER_JEDIS_IDX1, LARDER_JEDIS_IDX3 ->
                    LarderSubject.open(redisSettings(RedisSettings.Client.JEDIS), variant, "larder-redis");
            case LARDER_JEDIS_WAIT -> LarderSubject.open(redisSettings(RedisSettings.Client.JEDIS).mutate().durability(
                    Durability.builder().replicas(1).unconfirmed(Durability.Unconfirmed.FAIL).build()).build(), variant, "larder-redis");
            case LARDER_JEDIS_ARCHIVE ->
                    LarderSubject.open(redisSettings(RedisSettings.Client.JEDIS), variant, "larder-redis-archive");
            case RAW_LETTUCE -> new RawLettuceSubject(RedisTarget.fromSystemProperty());
            case RAW_JEDIS -> new RawJedisSubject(RedisTarget.fromSystemProperty());
            case SPRING_LETTUCE -> new SpringRedisSubject(RedisTarget.fromSystemProperty());
            case REDISSON -> new RedissonSubject(RedisTarget.fromSystemProperty());
        };
    }

    /** Larder's Redis settings: the defaults, this server and driver, and a pool as large as raw Jedis's. */
    static BackendSettings redisSettings(RedisSettings.Client client) {
        RedisTarget redis = RedisTarget.fromSystemProperty();
        return BackendSettings.of(RedisSettings.builder().client(client).address(redis.host(), redis.port())
                .pool(new RedisSettings.Pool(RawJedisSubject.POOL, RawJedisSubject.POOL)).build());
    }

    @Override
    public String toString() {
        return id;
    }
}
