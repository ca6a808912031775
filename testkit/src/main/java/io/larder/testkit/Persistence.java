package io.larder.testkit;

/**
 * What a test server writes to disk. Off by default, so tests stay fast; turn it on to test
 * restarts that keep data or health checks that report AOF/RDB state.
 */
public enum Persistence {
    /** Nothing: {@code save ""} and {@code appendonly no}. */
    NONE,
    /** RDB snapshots at Redis's default save points. */
    RDB,
    /** An append-only file, fsync'ed every second. */
    AOF,
    /** Both RDB snapshots and an append-only file. */
    RDB_AND_AOF;

    void configure(RedisConfig config) {
        if (this == RDB || this == RDB_AND_AOF) {
            // One save point a line: Redis 6.2 does not take several pairs on one line.
            config.add("save", 3600, 1).add("save", 300, 100).add("save", 60, 10_000);
        }
        if (this == AOF || this == RDB_AND_AOF) {
            config.add("appendonly", "yes").add("appendfsync", "everysec");
        }
    }
}
