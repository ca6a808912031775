package io.larder.redis.jedis;

import io.larder.Secret;
import io.larder.redis.RedisSettings;
import io.larder.redis.SettingsReplies;
import io.larder.StorageException;
import io.larder.StorageUnavailableException;
import io.larder.redis.internal.CommandTimeoutException;
import io.larder.redis.internal.ErrorReplies;
import io.larder.redis.internal.RedisError;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Jedis's exceptions to Larder's, at the edge: a read timeout is a {@link CommandTimeoutException},
 * a broken or refused connection and an exhausted pool are {@link StorageUnavailableException}s,
 * error replies go through {@link ErrorReplies}; every message names the server (or cluster node)
 * and none carries a secret. The one place a Jedis exception is translated. Not API: public only
 * so the cluster adapter translates the way this one does. Immutable.
 */
public final class JedisExceptionTranslator {
    private final ErrorReplies replies;
    private final Duration commandTimeout;

    private JedisExceptionTranslator(ErrorReplies replies, Duration commandTimeout) {
        this.replies = replies;
        this.commandTimeout = commandTimeout;
    }

    /** The translator for the server or Sentinel group {@code settings} reach; every secret they hold is scrubbed. */
    public static JedisExceptionTranslator of(RedisSettings settings) {
        return of(SettingsReplies.of(settings), settings.timeouts().command());
    }

    /** The translator over {@code replies} (a cluster's), whose commands time out after {@code commandTimeout}. */
    public static JedisExceptionTranslator of(ErrorReplies replies, Duration commandTimeout) {
        return new JedisExceptionTranslator(replies, commandTimeout);
    }


    /** This translator for one node of a cluster ({@code host:port}), which its messages then name. */
    public JedisExceptionTranslator at(String node) {
        return new JedisExceptionTranslator(replies.at(node), commandTimeout);
    }

    /** Error replies to exceptions, for the server this translator names. */
    public ErrorReplies replies() {
        return replies;
    }

    /** The error reply Jedis raised as {@code e} (a {@code JedisDataException}), scrubbed of secrets, for a pipeline slot. */
    public RedisError reply(JedisDataException e) {
        return new RedisError(replies.scrub(String.valueOf(e.getMessage())));
    }

    /**
     * As {@link #translate(RuntimeException, String)}, for a command that ran on a pooled
     * connection: when {@code e} is a lost connection (not a timeout), {@code dropIdle} runs first.
     * It is meant to drop the pool's idle connections: they were opened to the same server, which
     * is gone or was restarted, and each would fail once more when next borrowed, so a reader would
     * see the outage again after the server came back.
     */
    public StorageException translate(RuntimeException e, @Nullable String key, Runnable dropIdle) {
        StorageException translated = translate(e, key);
        if (e instanceof JedisConnectionException && !(translated instanceof CommandTimeoutException)) {
            dropIdle.run();
        }
        return translated;
    }

    /** The Larder exception for {@code e}; {@code key} (nullable) is the key it concerns. */
    public StorageException translate(RuntimeException e, @Nullable String key) {
        if (e instanceof StorageException s) {
            return s;
        }
        Throwable cause = replies.mentionsSecret(e) ? null : e;
        if (e instanceof JedisAccessControlException || (e instanceof JedisDataException d && d.getMessage() != null
                && ErrorReplies.isAuthFailure(d.getMessage()))) {
            return replies.translate(String.valueOf(e.getMessage()), key, cause);
        }
        if (e instanceof JedisConnectionException) {
            String auth = authFailureIn(e);
            if (auth != null) {
                return replies.translate(auth, null, cause);
            }
            if (hasCause(e, SocketTimeoutException.class)) {
                return new CommandTimeoutException(replies.node(), "Redis at " + replies.server() + " did not answer within "
                        + commandTimeout.toMillis() + " ms", cause);
            }
            return replies.connectionFailure(e);
        }
        if (e instanceof JedisDataException) {
            return replies.translate(String.valueOf(e.getMessage()), key, cause);
        }
        if (e instanceof JedisException) {
            String auth = authFailureIn(e);
            if (auth != null) {
                return replies.translate(auth, null, cause);
            }
            // "Could not get a resource from the pool", a sentinel that names no master yet:
            // both pass once the server or the failover is back.
            return replies.connectionFailure(e);
        }
        return new StorageException("Redis at " + replies.server() + " failed: " + replies.scrub(e.toString()), cause);
    }

    private static @Nullable String authFailureIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && ErrorReplies.isAuthFailure(t.getMessage())) {
                return t.getMessage();
            }
        }
        return null;
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
