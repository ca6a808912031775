package io.larder.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@code larder.backup} section: when and where scheduled backups are written
 * ({@code larder backup --schedule}). Immutable.
 *
 * @param enabled whether scheduled backups run (the seed's {@code backup_enabled})
 * @param interval the time between two backups, positive (the seed's {@code backup_interval_hours})
 * @param path the folder backups are written to (the seed's {@code backup_path})
 * @param keep how many of the newest backups are kept in it, at least 1; older ones are removed
 */
public record BackupSettings(boolean enabled, Duration interval, Path path, int keep) {
    /** A day between backups, unless a file says otherwise. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofDays(1);
    /** The newest seven are kept, unless a file says otherwise. */
    public static final int DEFAULT_KEEP = 7;

    /** Checks every part. */
    public BackupSettings {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(path, "path");
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("the backup interval must be positive: " + interval);
        }
        if (keep < 1) {
            throw new IllegalArgumentException("at least one backup is kept, got " + keep);
        }
    }

    /** Scheduled backups off; a day apart into {@code ./backups}, the newest seven kept, once turned on. */
    public static BackupSettings off() {
        return new BackupSettings(false, DEFAULT_INTERVAL, Path.of("backups"), DEFAULT_KEEP);
    }
}
