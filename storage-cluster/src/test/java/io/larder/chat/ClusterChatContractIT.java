package io.larder.chat;

import io.larder.Larder;
import io.larder.StoreDefaults;
import io.larder.cluster.ClusterBackend;
import io.larder.spi.BackendSettings;
import io.larder.testkit.RedisClusterGroup;
import io.larder.testkit.RedisExtension;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The chat archive's contract on the module's shared cluster, through Lettuce; each test gets
 * a fresh key prefix instead of a flush, since other classes use the cluster meanwhile.
 */
class ClusterChatContractIT extends ChatArchiveContract {
    @RegisterExtension
    static final RedisExtension<RedisClusterGroup> CLUSTER = RedisExtension.cluster().shared();
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    @Override
    protected Larder.Builder newLarder() {
        RedisClusterGroup cluster = CLUSTER.get();
        BackendSettings s = BackendSettings.defaults().withType(BackendSettings.Type.REDIS_CLUSTER)
                .withTimeouts(new BackendSettings.Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(3)))
                .withCluster(new BackendSettings.Cluster(cluster.seeds().stream()
                        .map(a -> new BackendSettings.HostPort(a.host(), a.port())).toList(), true, Duration.ofSeconds(10),
                        BackendSettings.ReadFrom.MASTER));
        StoreDefaults d = StoreDefaults.standard();
        return Larder.builder().backend(ClusterBackend.create(s)).defaults(new StoreDefaults("chat" + PREFIXES.incrementAndGet()
                + ":", d.encoding(), d.expiry(), d.batchSize(), d.maxPipeline(), d.maxValueSize(), d.slowOperation()));
    }

    /** Redis expires records by its own clock: the contract's expiry behaviour runs on the real one. */
    @Override
    protected boolean expiresByTheServersClock() {
        return true;
    }
}
