package io.larder.memory;

import io.larder.Durability;
import io.larder.Key;
import io.larder.spi.StoreLayout;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One store's side of the backend's {@link AppendLog}: it encodes the store's changes, appends
 * them under the record's lock, and commits a call's last one as the store's durability asks.
 * A store whose durability asks for no disk, or whose backend keeps no file, logs nothing and
 * every method returns at once. Thread-safe.
 */
final class StoreLog {
    private final @Nullable AppendLog log;
    private final String name;
    private final byte[] logName;
    private final byte[] declaration;
    private final Durability durability;
    /** The position of this thread's last change in the call under way. */
    private final ThreadLocal<long[]> last = ThreadLocal.withInitial(() -> new long[1]);

    /** {@code log} is the backend's, or {@code null} when this store logs nothing. */
    StoreLog(@Nullable AppendLog log, StoreLayout layout) {
        this.log = log;
        this.name = layout.name();
        this.logName = LogFormat.utf8(name);
        this.declaration = LogFormat.declared(name, layout.partitioned(), layout.indexes());
        this.durability = layout.durability();
    }

    /** Starts a call's changes: a rotation of the log waits until {@link #end()}. */
    void begin() {
        if (log != null) {
            last.get()[0] = 0;
            log.gate().lock();
        }
    }

    /** Ends a call's changes; always pair with {@link #begin()}. */
    void end() {
        if (log != null) {
            log.gate().unlock();
        }
    }

    /** A write's record, encoded before the record's lock is taken; {@code null} when nothing is logged. */
    byte @Nullable [] put(Key key, Entry entry) {
        return log == null ? null : LogFormat.put(logName, key, entry);
    }

    /** Under the record's lock: appends a write {@link #put} encoded. */
    void append(byte @Nullable [] put) {
        if (put != null) {
            last.get()[0] = Objects.requireNonNull(log, "put() encodes only for a log").append(name, declaration, put);
        }
    }

    /** Under the record's lock: appends a removal. */
    void deleted(Key key) {
        if (log != null) {
            last.get()[0] = log.append(name, declaration, LogFormat.delete(logName, key));
        }
    }

    /** Under the record's lock: appends an expiry moved by a read. */
    void touched(Key key, long expireAt) {
        if (log != null) {
            last.get()[0] = log.append(name, declaration, LogFormat.touch(logName, key, expireAt));
        }
    }

    /**
     * After {@link #end()}: returns once the call's changes are as durable as the store asks.
     *
     * @throws io.larder.UnconfirmedWriteException when they are not, unless the policy is best-effort
     */
    void commit() {
        if (log != null) {
            long position = last.get()[0];
            if (position > 0) {
                log.commit(position, durability);
            }
        }
    }
}
