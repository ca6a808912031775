package io.larder.samples.chat;

import io.larder.testkit.HostAndPort;
import io.larder.testkit.RedisClusterGroup;
import io.larder.testkit.RedisExtension;
import io.larder.testkit.RedisStandalone;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sample service on a real Redis server and a real six-node Redis Cluster, called over HTTP. */
class ChatServiceRedisIT {
    @RegisterExtension
    static final RedisExtension<RedisStandalone> REDIS = RedisExtension.standalone().shared();
    @RegisterExtension
    static final RedisExtension<RedisClusterGroup> CLUSTER = RedisExtension.cluster().shared();

    private static String[] standalone(String... more) {
        List<String> args = new ArrayList<>(List.of("--larder.backend.type=redis",
                "--larder.backend.host=" + REDIS.get().host(), "--larder.backend.port=" + REDIS.get().port()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static String[] cluster(String... more) {
        List<String> args = new ArrayList<>(List.of("--larder.backend.type=redis-cluster"));
        List<HostAndPort> seeds = CLUSTER.get().seeds();
        for (int i = 0; i < seeds.size(); i++) {
            args.add("--larder.backend.cluster.nodes[" + i + "]=" + seeds.get(i).host() + ":" + seeds.get(i).port());
        }
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void onRedisSignedInUsersPostReadAndAreLimitedWithHealthAndMetrics() {
        try (RunningService service = RunningService.start(standalone())) {
            ServiceBehaviours.signInPostReadAndGetLimited(service);
            ServiceBehaviours.healthAndMetrics(service, "DEGRADED");
        }
    }

    @Test
    void onAClusterSignedInUsersPostReadAndAreLimitedWithHealthAndMetrics() {
        try (RunningService service = RunningService.start(cluster())) {
            ServiceBehaviours.signInPostReadAndGetLimited(service);
            ServiceBehaviours.healthAndMetrics(service, "DEGRADED");
        }
    }

    @Test
    void onRedisThePrincipalIndexEmptiesAfterMassExpiry() {
        try (RunningService service = RunningService.start(standalone("--larder.sessions.expiry=2s"))) {
            ServiceBehaviours.principalIndexEmptiesAfterMassExpiry(service);
        }
    }

    @Test
    void onAClusterThePrincipalIndexEmptiesAfterMassExpiry() {
        try (RunningService service = RunningService.start(cluster("--larder.sessions.expiry=2s"))) {
            ServiceBehaviours.principalIndexEmptiesAfterMassExpiry(service);
        }
    }
}
