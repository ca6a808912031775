package io.larder.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One Redis server, optionally with a password, an ACL user, TLS or persistence:
 * <pre>{@code
 * try (RedisStandalone redis = RedisStandalone.builder().acl().tls().build()) {
 *     connect(redis.address(), redis.aclUser().orElseThrow(), redis.tls().orElseThrow().trustStore());
 * }
 * }</pre>
 * Thread-safe.
 */
public final class RedisStandalone implements RedisTopology {
    /** How long {@link #flushAll()} waits for the server to empty. */
    public static final Duration FLUSH_TIMEOUT = Duration.ofMinutes(5);

    private final RedisProcess process;
    private final @Nullable String password;
    private final @Nullable AclUser aclUser;
    private final @Nullable TlsMaterial tls;
    private final Persistence persistence;

    private RedisStandalone(RedisProcess process, Builder builder) {
        this.process = process;
        this.password = builder.password;
        this.aclUser = builder.aclUser;
        this.tls = builder.tls;
        this.persistence = Objects.requireNonNull(builder.persistence, "build() chooses one");
    }

    /** Starts a plain server: no password, no TLS, no persistence. */
    public static RedisStandalone start() {
        return builder().build();
    }

    /** A builder; each setting may be made once. */
    public static Builder builder() {
        return new Builder();
    }

    /** The server process, to {@link RedisProcess#kill() kill} or {@link RedisProcess#restart() restart} it. */
    public RedisProcess process() {
        return process;
    }

    /** Always {@code 127.0.0.1}. */
    public String host() {
        return process.host();
    }

    /** The port clients connect to; with TLS the TLS port (there is no plain port then). */
    public int port() {
        return process.port();
    }

    /** {@link #host()} and {@link #port()} together. */
    public HostAndPort address() {
        return process.address();
    }

    /** The {@code default} user's password, if one is required (always, with an ACL user). */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /** The restricted ACL user, if one was asked for. */
    public Optional<AclUser> aclUser() {
        return Optional.ofNullable(aclUser);
    }

    /** The certificates and trust store, if the server speaks TLS. */
    public Optional<TlsMaterial> tls() {
        return Optional.ofNullable(tls);
    }

    /** What the server writes to disk. */
    public Persistence persistence() {
        return persistence;
    }

    /** An admin connection as the {@code default} user (over TLS if needed); the caller closes it. */
    public RespClient client() {
        return process.client();
    }

    @Override
    public List<RedisProcess> processes() {
        return List.of(process);
    }

    /**
     * {@inheritDoc} Waits up to {@link #FLUSH_TIMEOUT}: a server a benchmark filled with millions of keys took
     * more than the usual 30 s to empty on a busy 2-core machine.
     */
    @Override
    public void flushAll() {
        process.callWaiting(FLUSH_TIMEOUT, "FLUSHALL");
    }

    @Override
    public void close() {
        process.stop();
    }

    @Override
    public String toString() {
        return "RedisStandalone[" + address() + (password != null ? ", password" : "")
                + (aclUser != null ? ", acl " + aclUser.name() : "") + (tls != null ? ", tls" : "")
                + ", persistence " + persistence + "]";
    }

    /** Settings of a standalone server; {@link #build()} starts it. Not thread-safe. */
    public static final class Builder {

        private @Nullable String password;
        private @Nullable AclUser aclUser;
        private @Nullable TlsMaterial tls;
        private boolean tlsSet;
        private boolean generatedAcl;
        private @Nullable Persistence persistence;
        private final RedisConfig extra = new RedisConfig();
        private final List<String> extraText = new ArrayList<>();

        private Builder() {
        }

        /** Requires {@code password} for the {@code default} user ({@code requirepass}). */
        public Builder password(String password) {
            requireUnset(this.password, "password");
            Objects.requireNonNull(password, "password");
            if (password.isEmpty()) {
                throw new IllegalArgumentException("password must not be empty");
            }
            this.password = password;
            return this;
        }

        /**
         * Adds ACL user {@code larder} (random password) limited to {@code larder:*} and
         * {@link AclUser#STORAGE_COMMANDS}; the {@code default} user gets a random password
         * unless {@link #password} sets one.
         */
        public Builder acl() {
            acl(AclUser.of("larder", Secrets.password(), "larder:*"));
            generatedAcl = true;
            return this;
        }

        /** Adds the given ACL user; the {@code default} user is passworded as with {@link #acl()}. */
        public Builder acl(AclUser user) {
            requireUnset(this.aclUser, "acl");
            this.aclUser = Objects.requireNonNull(user, "user");
            return this;
        }

        /**
         * Serves TLS only, with certificates made for this JVM ({@link TlsMaterial}). Starting
         * throws {@link FeatureUnavailableException} if the binary was built without TLS.
         */
        public Builder tls() {
            if (tlsSet) {
                throw new IllegalStateException("tls was already set");
            }
            tlsSet = true;
            return this;
        }

        /** Turns on RDB snapshots and/or an append-only file; {@link Persistence#NONE} by default. */
        public Builder persistence(Persistence persistence) {
            requireUnset(this.persistence, "persistence");
            this.persistence = Objects.requireNonNull(persistence, "persistence");
            return this;
        }

        /** Adds a redis.conf directive after the generated ones, e.g. {@code config("maxmemory", "64mb")}. */
        public Builder config(String directive, String... args) {
            Objects.requireNonNull(directive, "directive");
            extra.add(directive, (Object[]) args);
            extraText.add(directive + " " + String.join(" ", args));
            return this;
        }

        /** Starts the server and returns once it answers PING. */
        public RedisStandalone build() {
            if (persistence == null) {
                persistence = Persistence.NONE;
            }
            if (aclUser != null && password == null) {
                password = Secrets.password();
            }
            if (tlsSet) {
                tls = TlsMaterial.forThisJvm();
            }
            RedisConfig config = new RedisConfig();
            persistence.configure(config);
            if (password != null) {
                config.add("requirepass", password);
            }
            if (aclUser != null) {
                config.add("user", aclUser.directiveArgs().toArray());
            }
            config.addAll(extra);
            return new RedisStandalone(RedisProcess.start(ProcessSpec.server("standalone", config, password, tls)), this);
        }

        /** Identifies equal settings, so {@link RedisExtension} can share one server between test classes. */
        String sharingKey() {
            // A generated ACL password differs per builder but means the same setting.
            Object acl = generatedAcl ? "generated" : aclUser == null ? null : aclUser.directiveArgs();
            return "standalone password=" + password + " acl=" + acl
                    + " tls=" + tlsSet + " persistence=" + persistence + " config=" + extraText;
        }

        private static void requireUnset(@Nullable Object value, String setting) {
            if (value != null) {
                throw new IllegalStateException(setting + " was already set");
            }
        }
    }
}
