package io.larder.redis.jedis;

import io.larder.StorageException;
import io.larder.StorageUnavailableException;
import io.larder.redis.internal.CommandTimeoutException;
import io.larder.redis.internal.ErrorReplies;
import java.net.SocketTimeoutException;
import java.time.Duration;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Jedis's exceptions to Larder's, at the edge: a read timeout is a {@link CommandTimeoutException},
 * a broken or refused connection and an exhausted pool are {@link StorageUnavailableException}s,
 * error replies go through {@link ErrorReplies}; no message carries a secret. Thread-safe.
 */
final class JedisExceptionTranslator {
    private final ErrorReplies replies;
    private final Duration commandTimeout;

    JedisExceptionTranslator(ErrorReplies replies, Duration commandTimeout) {
        this.replies = replies;
        this.commandTimeout = commandTimeout;
    }

    ErrorReplies replies() {
        return replies;
    }

    /** The Larder exception for {@code e}; {@code key} (nullable) is the key it concerns. */
    StorageException translate(RuntimeException e, String key) {
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
                return new CommandTimeoutException("Redis at " + replies.server() + " did not answer within "
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

    private static String authFailureIn(Throwable e) {
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
