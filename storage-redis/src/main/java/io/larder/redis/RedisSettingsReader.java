package io.larder.redis;

import io.larder.HostPort;
import io.larder.Secret;
import io.larder.redis.RedisSettings.Archive;
import io.larder.redis.RedisSettings.Client;
import io.larder.redis.RedisSettings.Mode;
import io.larder.redis.RedisSettings.Pool;
import io.larder.redis.RedisSettings.Sentinel;
import io.larder.redis.RedisSettings.Timeouts;
import io.larder.redis.RedisSettings.Tls;
import io.larder.spi.SettingsSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads the Redis adapter's keys of {@code larder.backend} into {@link RedisSettings}: every value typed, every
 * conflict reported at the setting that causes it; keys left out take {@link RedisSettings#defaults()}.
 * Stateless.
 */
final class RedisSettingsReader {
    /** The keys read, in the order of the configuration reference. */
    static final List<String> KEYS = List.of("client", "host", "port", "database", "username", "password",
            "client-name", "pool.size", "pool.max", "timeouts.connect", "timeouts.command", "retry-on-timeout",
            "health-check-interval", "sentinel.master", "sentinel.nodes", "sentinel.password", "tls.enabled",
            "tls.trust-store", "tls.trust-store-password", "tls.verify-peer", "archive.seal-after");

    private RedisSettingsReader() {
    }

    /** The settings; when a value is wrong it is reported and its default stands in, so reading goes on. */
    static RedisSettings read(SettingsSource b, String type) {
        RedisSettings d = RedisSettings.defaults();
        Mode mode = type.equals(RedisSettings.SENTINEL) ? Mode.SENTINEL : Mode.STANDALONE;
        Client client = or(b.choice("client", Client.class), d.client());
        String host = or(b.word("host", "a host name or address"), d.host());
        int port = or(b.integer("port", 1, 65535), d.port());
        int database = or(b.integer("database", 0, Integer.MAX_VALUE), d.database());
        String username = or(b.text("username"), d.username());
        Secret password = or(b.secret("password"), d.password());
        String clientName = or(b.text("client-name"), d.clientName());
        Pool pool = pool(b.section("pool"), d.pool());
        Timeouts timeouts = timeouts(b.section("timeouts"), d.timeouts());
        boolean retryOnTimeout = or(b.bool("retry-on-timeout"), d.retryOnTimeout());
        Duration healthCheck = or(b.duration("health-check-interval", true), d.healthCheckInterval());
        Sentinel sentinel = sentinel(b.section("sentinel"), mode, d.sentinel());
        Tls tls = tls(b.section("tls"));
        Archive archive = new Archive(or(b.section("archive").duration("seal-after", true), d.archive().sealAfter()));
        return new RedisSettings(mode, client, host, port, database, username, password, clientName, pool, timeouts,
                retryOnTimeout, healthCheck, sentinel, tls, archive);
    }

    private static Pool pool(SettingsSource s, Pool d) {
        Integer size = s.integer("size", 0, Integer.MAX_VALUE);
        Integer max = s.integer("max", 1, Integer.MAX_VALUE);
        int effectiveSize = or(size, d.size());
        int effectiveMax = or(max, d.max());
        if (effectiveSize > effectiveMax) {
            s.problem(size != null ? "size" : "max", "pool.size (" + effectiveSize + ") must not exceed pool.max ("
                    + effectiveMax + ")");
            return d;
        }
        return new Pool(effectiveSize, effectiveMax);
    }

    private static Timeouts timeouts(SettingsSource s, Timeouts d) {
        return new Timeouts(or(s.duration("connect", false), d.connect()), or(s.duration("command", false), d.command()));
    }

    private static Sentinel sentinel(SettingsSource s, Mode mode, Sentinel d) {
        String master = s.word("master", "the master's name");
        List<HostPort> nodes = s.addresses("nodes");
        Secret password = or(s.secret("password"), Secret.none());
        if (mode == Mode.SENTINEL) {
            if (!s.has("master")) {
                s.missing("master", "required when type is redis-sentinel: the master's name as Sentinel knows it");
            }
            if (!s.has("nodes")) {
                s.missing("nodes", "required when type is redis-sentinel: at least one \"host:port\" of a sentinel");
            } else if (nodes != null && nodes.isEmpty()) {
                s.problem("nodes", "type redis-sentinel needs at least one \"host:port\" of a sentinel");
            }
        }
        return new Sentinel(or(master, d.master()), or(nodes, d.nodes()), password);
    }

    private static Tls tls(SettingsSource s) {
        Tls d = Tls.disabled();
        boolean enabled = or(s.bool("enabled"), d.enabled());
        Path trustStore = s.file("trust-store");
        Secret trustStorePassword = or(s.secret("trust-store-password"), Secret.none());
        if (trustStore == null && trustStorePassword.isPresent()) {
            s.problem("trust-store-password", "is set but tls.trust-store is not: give the trust store it opens");
        }
        return new Tls(enabled, trustStore, trustStorePassword, or(s.bool("verify-peer"), d.verifyPeer()));
    }

    private static <T> T or(@Nullable T value, T fallback) {
        return value != null ? value : fallback;
    }
}
