package io.larder.redis.lettuce;

import io.larder.StorageException;
import io.larder.redis.internal.CommandTimeoutException;
import io.larder.redis.internal.ErrorReplies;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Lettuce's exceptions to Larder's, at the edge: timeouts and lost connections are
 * {@link StorageUnavailableException}s, error replies go through {@link ErrorReplies}, and no
 * message carries a secret. Thread-safe.
 */
final class LettuceExceptionTranslator {
    private final ErrorReplies replies;
    private final Duration commandTimeout;

    LettuceExceptionTranslator(ErrorReplies replies, Duration commandTimeout) {
        this.replies = replies;
        this.commandTimeout = commandTimeout;
    }

    ErrorReplies replies() {
        return replies;
    }

    /** The Larder exception for {@code failure}; {@code key} (nullable) is the key it concerns. */
    StorageException translate(Throwable failure, String key) {
        Throwable e = unwrap(failure);
        if (e instanceof StorageException s) {
            return s;
        }
        Throwable cause = replies.mentionsSecret(e) ? null : e;
        if (e instanceof RedisCommandTimeoutException) {
            return new CommandTimeoutException("Redis at " + replies.server() + " did not answer within "
                    + commandTimeout.toMillis() + " ms", cause);
        }
        if (e instanceof RedisCommandExecutionException) {
            return replies.translate(e.getMessage(), key, cause);
        }
        String authFailure = authFailureIn(e);
        if (authFailure != null) {
            return replies.translate(authFailure, null, cause);
        }
        if (e instanceof RedisConnectionException || e instanceof RedisCommandInterruptedException
                || e instanceof IOException || e instanceof RedisException) {
            // RedisException without a server reply is Lettuce's word for "connection closed"
            // or "not connected": the command may be retried once the connection is back.
            return replies.connectionFailure(e);
        }
        return new StorageException("Redis at " + replies.server() + " failed: " + replies.scrub(e.toString()), cause);
    }

    /** The server's refusal of the credentials somewhere in the cause chain, or null. */
    private static String authFailureIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && ErrorReplies.isAuthFailure(t.getMessage())) {
                return t instanceof RedisCommandExecutionException ? t.getMessage() : authCore(t.getMessage());
            }
        }
        return null;
    }

    private static String authCore(String message) {
        int at = message.indexOf("WRONGPASS");
        if (at < 0) {
            at = message.indexOf("NOAUTH");
        }
        return at < 0 ? message : message.substring(at);
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
