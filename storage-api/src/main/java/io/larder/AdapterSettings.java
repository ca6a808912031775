package io.larder;

/**
 * One adapter's own typed settings ({@code MemorySettings}, {@code RedisSettings}, {@code ClusterSettings}),
 * carried by {@link BackendSettings} to the adapter that reads them. Each adapter module owns its type, so a
 * new adapter or driver adds settings without changing this module. Implementations are immutable and keep
 * secrets out of {@code toString}.
 */
public interface AdapterSettings {

    /**
     * The provider that serves these settings, as {@code larder.backend.type} spells it ({@code memory},
     * {@code redis}, {@code redis-sentinel}, {@code redis-cluster}).
     */
    String provider();
}
