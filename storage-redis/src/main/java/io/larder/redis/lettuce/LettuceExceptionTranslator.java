package io.larder.redis.lettuce;

import io.larder.Secret;
import io.larder.redis.RedisSettings;
import io.larder.redis.SettingsReplies;
import io.larder.StorageException;
import io.larder.StorageUnavailableException;
import io.larder.redis.internal.CommandTimeoutException;
import io.larder.redis.internal.ErrorReplies;
import io.larder.redis.internal.RedisError;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * Lettuce's exceptions to Larder's, at the edge: timeouts, lost connections and commands
 * cancelled by a connection reset are {@link StorageUnavailableException}s, error replies go
 * through {@link ErrorReplies}; every message names the server (or cluster node) and none
 * carries a secret. The one place a Lettuce exception is translated. Not API: public only so
 * the cluster adapter translates the way this one does. Immutable.
 */
public final class LettuceExceptionTranslator {
    private final ErrorReplies replies;
    private final Duration commandTimeout;

    private LettuceExceptionTranslator(ErrorReplies replies, Duration commandTimeout) {
        this.replies = replies;
        this.commandTimeout = commandTimeout;
    }

    /** The translator for the server or Sentinel group {@code settings} reach; every secret they hold is scrubbed. */
    public static LettuceExceptionTranslator of(RedisSettings settings) {
        return of(SettingsReplies.of(settings), settings.timeouts().command());
    }

    /** The translator over {@code replies} (a cluster's), whose commands time out after {@code commandTimeout}. */
    public static LettuceExceptionTranslator of(ErrorReplies replies, Duration commandTimeout) {
        return new LettuceExceptionTranslator(replies, commandTimeout);
    }


    /** This translator for one node of a cluster ({@code host:port}), which its messages then name. */
    public LettuceExceptionTranslator at(String node) {
        return new LettuceExceptionTranslator(replies.at(node), commandTimeout);
    }

    /** Error replies to exceptions, for the server this translator names. */
    public ErrorReplies replies() {
        return replies;
    }

    /** The error reply Lettuce raised as {@code e}, scrubbed of secrets, for a pipeline slot. */
    public RedisError reply(RedisCommandExecutionException e) {
        return new RedisError(replies.scrub(e.getMessage()));
    }

    /** The Larder exception for {@code failure}; {@code key} (nullable) is the key it concerns. */
    public StorageException translate(Throwable failure, @Nullable String key) {
        Throwable e = unwrap(failure);
        if (e instanceof StorageException s) {
            return s;
        }
        Throwable cause = replies.mentionsSecret(e) ? null : e;
        if (e instanceof CancellationException) {
            return new StorageUnavailableException(replies.node(), "a command to Redis at " + replies.server()
                    + " was cancelled (connection reset)", cause);
        }
        if (e instanceof RedisCommandTimeoutException) {
            return new CommandTimeoutException(replies.node(), "Redis at " + replies.server() + " did not answer within "
                    + commandTimeout.toMillis() + " ms", cause);
        }
        if (e instanceof RedisCommandExecutionException) {
            return replies.translate(String.valueOf(e.getMessage()), key, cause);
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
    private static @Nullable String authFailureIn(Throwable e) {
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
