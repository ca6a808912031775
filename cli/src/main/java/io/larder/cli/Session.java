package io.larder.cli;

import io.larder.AdapterSettings;
import io.larder.Larder;
import io.larder.StorageUnavailableException;
import io.larder.config.LarderSettings;
import io.larder.config.LarderYaml;
import io.larder.cluster.ClusterSettings;
import io.larder.memory.MemorySettings;
import io.larder.redis.RedisSettings;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * A Larder opened for one command, and closed when the command ends: a memory backend writes its
 * snapshot and releases its data folder, a Redis backend its connections. When the process is told
 * to stop, {@link Interruption} waits for the command to close it, and closes it itself only when
 * the command cannot. Not thread-safe; one per command.
 */
final class Session implements AutoCloseable {
    private static final long RETRY_NANOS = 500_000_000L;

    private final Larder larder;
    private final String description;

    private Session(Larder larder, String description) {
        this.larder = larder;
        this.description = description;
    }

    /** Opens the Larder {@code settings} describe; a store in use by another process is refused. */
    static Session open(LarderSettings settings) {
        return open(settings, false, null);
    }

    /**
     * Opens the Larder {@code settings} describe. When it is unavailable (its data folder held by
     * another process, its server not answering) and {@code wait} is set, says so once on {@code err}
     * and tries again every half second until it opens or the process is stopped.
     */
    static Session open(LarderSettings settings, boolean wait, @Nullable PrintWriter err) {
        String description = ConfigChoice.describe(settings);
        boolean told = false;
        while (true) {
            try {
                Session s = new Session(LarderYaml.open(settings), description);
                Interruption.opened(s);
                Interruption.storageCalls(longestCall(settings));
                return s;
            } catch (StorageUnavailableException e) {
                if (!wait) {
                    throw settings.backend().provider().equals(MemorySettings.PROVIDER)
                            ? new StorageUnavailableException(e.getMessage() + "; or run with --wait to wait until it is free", e)
                            : e;
                }
                if (!told && err != null) {
                    err.println("waiting: " + e.getMessage());
                    err.flush();
                    told = true;
                }
                LockSupport.parkNanos(RETRY_NANOS);
                Interruption.check();
            }
        }
    }

    /**
     * The longest a call to the storage of {@code settings} may take before it fails: a server's
     * command timeout, twice when a command that timed out is retried once; nothing for memory.
     */
    static Duration longestCall(LarderSettings settings) {
        AdapterSettings adapter = settings.backend().adapter().orElse(null);
        RedisSettings redis = adapter instanceof RedisSettings r ? r : adapter instanceof ClusterSettings c ? c.redis() : null;
        if (redis == null) {
            return Duration.ZERO;
        }
        Duration command = redis.timeouts().command();
        return redis.retryOnTimeout() ? command.multipliedBy(2) : command;
    }

    Larder larder() {
        return larder;
    }

    @Override
    public void close() {
        try {
            larder.close();
        } finally {
            Interruption.closed(this);
        }
    }

    @Override
    public String toString() {
        return "the store " + description;
    }
}
