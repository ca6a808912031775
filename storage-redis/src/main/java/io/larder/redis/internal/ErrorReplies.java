package io.larder.redis.internal;

import io.larder.CorruptRecordException;
import io.larder.Secret;
import io.larder.StorageException;
import io.larder.StorageUnavailableException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * Turns a Redis error reply into Larder's exception. Error codes are the server's, so both
 * driver translators share this; each adds what only its driver can tell (connection state,
 * timeouts). Messages name the server (or the cluster node) and the user, and are scrubbed of
 * secrets. Immutable.
 */
public final class ErrorReplies {
    /** What Redis says when a write would take it past its {@code maxmemory} under {@code noeviction}. */
    private static final String OUT_OF_MEMORY = "OOM command not allowed";
    // The server cannot serve now but will soon: loading a dataset, running a long script,
    // failing over, or refusing writes as a replica that was just demoted.
    private static final Set<String> TRANSIENT = Set.of("LOADING", "BUSY", "MASTERDOWN", "READONLY", "TRYAGAIN",
            "CLUSTERDOWN", "NOREPLICAS", "NOMASTERLINK");
    private static final Set<String> AUTH = Set.of("NOAUTH", "WRONGPASS");

    private final String server;
    private final String node;
    private final String user;
    private final Secret[] secrets;

    /**
     * A translator for one backend.
     *
     * @param server where the commands go, as people name it ({@code 127.0.0.1:6379}, {@code sentinel master mymaster})
     * @param user the ACL user, or empty for the default user
     * @param secrets values that must never appear in a message
     */
    public ErrorReplies(String server, String user, Secret... secrets) {
        this(server, server, user, secrets);
    }

    private ErrorReplies(String server, String node, String user, Secret[] secrets) {
        this.server = server;
        this.node = node;
        this.user = user.isEmpty() ? "default" : user;
        this.secrets = secrets.clone();
    }

    /** The translator for one server at {@code host:port}; {@code secrets} are scrubbed from every message. */
    public static ErrorReplies standalone(String host, int port, int database, boolean tls, String user,
                                          Secret... secrets) {
        String node = host + ":" + port;
        return new ErrorReplies(node + suffix(database, tls), node, user, secrets);
    }

    /** The translator for the master {@code sentinels} name {@code master}; {@code secrets} are scrubbed. */
    public static ErrorReplies sentinel(String master, List<?> sentinels, int database, boolean tls, String user,
                                        Secret... secrets) {
        return new ErrorReplies("master '" + master + "' of sentinels " + sentinels + suffix(database, tls),
                sentinelMaster(master), user, secrets);
    }

    /** The translator for a cluster reached through {@code seeds}, until a node is known; {@code secrets} are scrubbed. */
    public static ErrorReplies cluster(List<?> seeds, boolean tls, String user, Secret... secrets) {
        return new ErrorReplies("seeds " + seeds + suffix(0, tls),
                "cluster " + seeds.stream().map(Object::toString).collect(Collectors.joining(",")), user, secrets);
    }

    /** The name of a Sentinel group's master while its address is unknown: {@code sentinel master 'mymaster'}. */
    public static String sentinelMaster(String master) {
        return "sentinel master '" + master + "'";
    }

    private static String suffix(int database, boolean tls) {
        return (database == 0 ? "" : " db " + database) + (tls ? " (TLS)" : "");
    }

    /** This translator for one node of a cluster ({@code host:port}): the same user and secrets, that node named. */
    public ErrorReplies at(String node) {
        return new ErrorReplies(node, node, user, secrets);
    }

    /**
     * The exception for an error reply a driver returned in a pipeline slot, naming the node that
     * sent it when the reply says ({@link RedisError#node()}); {@code key} (nullable) is the key it concerns.
     */
    public StorageException translate(RedisError error, @Nullable String key) {
        return (error.node().isEmpty() ? this : at(error.node())).translate(error.message(), key, null);
    }

    /** The exception for an error reply; {@code key} (nullable) is the key it concerns. */
    public StorageException translate(String message, @Nullable String key, @Nullable Throwable cause) {
        String text = scrub(message);
        Throwable safeCause = mentionsSecret(cause) ? null : cause;
        String code = new RedisError(text).code();
        if (text.contains("WRONGTYPE") && key != null) {
            return new CorruptRecordException(key, "the key holds another Redis type than Larder wrote there (" + text + ")",
                    safeCause);
        }
        if (TRANSIENT.contains(code)) {
            return new StorageUnavailableException(node, "Redis at " + server + " cannot serve now: " + text, safeCause);
        }
        if (isAuthFailure(text)) {
            return new StorageException("authentication to Redis at " + server + " as user '" + user
                    + "' failed: " + text + " (check the user name and password)", safeCause);
        }
        if (code.equals("NOPERM")) {
            return new StorageException("Redis user '" + user + "' at " + server + " lacks a permission Larder needs: "
                    + text + " (storage-redis/KEYS.md gives the exact ACL: keys under the key prefix, @read, @write, EVALSHA,"
                    + " SCRIPT LOAD, WAIT, INFO, ...)", safeCause);
        }
        if (text.contains(OUT_OF_MEMORY)) {
            // also inside a script's error, where the reply's own code is ERR
            return new StorageException("Redis at " + server + " is full: it refuses writes past its maxmemory (free memory"
                    + " or raise maxmemory, or choose a maxmemory-policy that evicts only what may be lost; then run the"
                    + " command again): " + text + (key == null ? "" : " (key '" + key + "')"), safeCause);
        }
        return new StorageException("Redis at " + server + " refused a command: " + text
                + (key == null ? "" : " (key '" + key + "')"), safeCause);
    }

    /**
     * The exception for a connection that could not be made or broke: a refused TLS handshake is
     * a configuration problem (not retryable), anything else means the server is unavailable.
     */
    public StorageException connectionFailure(Throwable failure) {
        Throwable cause = mentionsSecret(failure) ? null : failure;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return new StorageException("TLS handshake with Redis at " + server + " failed: " + scrub(t.getMessage())
                        + " (check tls.trust-store and that the server's certificate names this host)", cause);
            }
        }
        return new StorageUnavailableException(node, "Redis at " + server + " is unavailable: "
                + scrub(String.valueOf(failure.getMessage())), cause);
    }

    /** Whether an error message says the credentials were refused. */
    public static boolean isAuthFailure(String message) {
        String code = new RedisError(message).code();
        return AUTH.contains(code) || message.contains("invalid password") || message.contains("invalid username-password")
                || message.contains("Authentication required") || message.contains("AUTH failed");
    }

    /** {@code text} with every secret replaced by stars. */
    public String scrub(@Nullable String text) {
        if (text == null) {
            return "";
        }
        String clean = text;
        for (Secret s : secrets) {
            if (s.isPresent()) {
                clean = clean.replace(s.reveal(), "******");
            }
        }
        return clean;
    }

    /** Whether any message in the cause chain holds a secret, so the cause must not travel with the exception. */
    public boolean mentionsSecret(@Nullable Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && !scrub(m).equals(m)) {
                return true;
            }
        }
        return false;
    }

    /** Where the commands go, as messages name it (with the database and TLS, where set). */
    public String server() {
        return server;
    }

    /**
     * The node the commands go to, as {@link StorageUnavailableException#server()} names it:
     * {@code host:port}, or {@code sentinel master 'mymaster'} / {@code cluster host:port,...}
     * where the translator serves a group rather than one node. Never a password.
     */
    public String node() {
        return node;
    }
}
