package io.larder.config;

import io.larder.BackendSettings;
import io.larder.BackendSettings.Archive;
import io.larder.BackendSettings.Client;
import io.larder.BackendSettings.Cluster;
import io.larder.BackendSettings.HostPort;
import io.larder.BackendSettings.Pool;
import io.larder.BackendSettings.ReadFrom;
import io.larder.BackendSettings.Sentinel;
import io.larder.BackendSettings.Snapshot;
import io.larder.BackendSettings.Timeouts;
import io.larder.BackendSettings.Tls;
import io.larder.BackendSettings.Type;
import io.larder.Durability;
import io.larder.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads {@code larder.backend} into {@link BackendSettings}: every value typed, every
 * conflict between settings reported at the setting that causes it. Keys left out take
 * {@link BackendSettings#defaults()}. Stateless.
 */
final class BackendReader {

    private BackendReader() {
    }

    /** The settings; when a value is wrong it is reported and its default stands in, so reading goes on. */
    static BackendSettings read(Section b) {
        BackendSettings d = BackendSettings.defaults();
        Type type = or(b.choice("type", Type.class), d.type());
        Node typeNode = b.nodeOrAnchor("type");
        Client client = or(b.choice("client", Client.class), d.client());
        String host = or(b.word("host", "a host name or address"), d.host());
        int port = or(b.integer("port", 1, 65535), d.port());
        int database = or(b.integer("database", 0, Integer.MAX_VALUE), d.database());
        if (type == Type.REDIS_CLUSTER && database != 0) {
            b.problem("database", "Redis Cluster has only database 0, got " + database);
        }
        String username = or(b.text("username"), d.username());
        Secret password = or(b.secret("password"), d.password());
        String clientName = or(b.text("client-name"), d.clientName());
        Pool pool = pool(b.section("pool"), d.pool());
        Timeouts timeouts = timeouts(b.section("timeouts"), d.timeouts());
        boolean retryOnTimeout = or(b.bool("retry-on-timeout"), d.retryOnTimeout());
        Duration healthCheck = or(b.duration("health-check-interval", true), d.healthCheckInterval());
        Sentinel sentinel = sentinel(b.section("sentinel"), type, typeNode, d.sentinel());
        Cluster cluster = cluster(b.section("cluster"), type, typeNode, d.cluster());
        Tls tls = tls(b.section("tls"));
        Snapshot snapshot = snapshot(b.section("snapshot"));
        Duration sweep = or(b.duration("sweep-interval", true), d.sweepInterval());
        Archive archive = new Archive(or(b.section("archive").duration("seal-after", true), d.archive().sealAfter()));
        Durability durability = DurabilityReader.read(b.section("durability"), type, snapshot.isEnabled());
        return new BackendSettings(type, client, host, port, database, username, password, clientName, pool, timeouts,
                retryOnTimeout, healthCheck, sentinel, cluster, tls, snapshot, sweep, archive, durability);
    }

    private static Pool pool(Section s, Pool d) {
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

    private static Timeouts timeouts(Section s, Timeouts d) {
        return new Timeouts(or(s.duration("connect", false), d.connect()), or(s.duration("command", false), d.command()));
    }

    private static Sentinel sentinel(Section s, Type type, Node typeNode, Sentinel d) {
        String master = s.word("master", "the master's name");
        List<HostPort> nodes = s.addresses("nodes");
        Secret password = or(s.secret("password"), Secret.none());
        if (type == Type.REDIS_SENTINEL) {
            if (!s.has("master")) {
                s.problem("master", typeNode, "required when type is redis-sentinel: the master's name as Sentinel knows it");
            }
            if (!s.has("nodes")) {
                s.problem("nodes", typeNode, "required when type is redis-sentinel: at least one \"host:port\" of a sentinel");
            } else if (nodes != null && nodes.isEmpty()) {
                s.problem("nodes", "type redis-sentinel needs at least one \"host:port\" of a sentinel");
            }
        }
        return new Sentinel(or(master, d.master()), or(nodes, d.nodes()), password);
    }

    private static Cluster cluster(Section s, Type type, Node typeNode, Cluster d) {
        List<HostPort> nodes = s.addresses("nodes");
        if (type == Type.REDIS_CLUSTER) {
            if (!s.has("nodes")) {
                s.problem("nodes", typeNode, "required when type is redis-cluster: at least one \"host:port\" seed node");
            } else if (nodes != null && nodes.isEmpty()) {
                s.problem("nodes", "type redis-cluster needs at least one \"host:port\" seed node");
            }
        }
        return new Cluster(or(nodes, d.nodes()),
                or(s.bool("require-full-coverage"), d.requireFullCoverage()),
                or(s.duration("topology-refresh", true), d.topologyRefresh()),
                or(s.choice("read-from", ReadFrom.class), d.readFrom()));
    }

    private static Tls tls(Section s) {
        Tls d = Tls.disabled();
        boolean enabled = or(s.bool("enabled"), d.enabled());
        Path trustStore = s.file("trust-store");
        Secret trustStorePassword = or(s.secret("trust-store-password"), Secret.none());
        if (trustStore == null && trustStorePassword.isPresent()) {
            s.problem("trust-store-password", "is set but tls.trust-store is not: give the trust store it opens");
        }
        return new Tls(enabled, trustStore, trustStorePassword, or(s.bool("verify-peer"), d.verifyPeer()));
    }

    private static Snapshot snapshot(Section s) {
        Snapshot d = Snapshot.none();
        return new Snapshot(s.file("path"), or(s.duration("interval", false), d.interval()));
    }

    static <T> T or(@Nullable T value, T fallback) {
        return value != null ? value : fallback;
    }
}
