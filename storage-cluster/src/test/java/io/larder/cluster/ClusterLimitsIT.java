package io.larder.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.redis.RedisSettings.Client;
import io.larder.spi.BackendLimits;
import io.larder.spi.LimitCall;
import io.larder.spi.LimitLayout;
import io.larder.spi.LimitRule;
import io.larder.testkit.CommandStats;
import io.larder.testkit.RedisClusterGroup;
import io.larder.testkit.RedisExtension;
import io.larder.testkit.RedisProcess;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * On a cluster every rate-limit decision is one script call on the one master that holds its
 * subject's slot, whatever the number of limits: the servers' own command counts say so.
 */
@Isolated("counts every command the servers run")
class ClusterLimitsIT {
    @RegisterExtension
    static final RedisExtension<RedisClusterGroup> CLUSTER = Targets.sharedCluster();
    /** What a limiter's script runs inside: Redis counts those too. */
    private static final Set<String> IN_THE_SCRIPT = Set.of("time", "mget", "incrby", "set", "del");
    private static final Set<String> HOUSEKEEPING = Set.of("cluster", "config", "ping", "info", "client", "command",
            "readonly", "hello", "replconf");

    @ParameterizedTest
    @EnumSource(Client.class)
    void eachDecisionIsOneScriptCallOnTheMasterOfItsSubject(Client client) {
        RedisClusterGroup cluster = CLUSTER.get();
        try (ClusterBackend backend = ClusterBackend.create(Targets.cluster(cluster, client))) {
            BackendLimits limits = backend.openLimits(new LimitLayout("larder:", "rounds-" + client, ZoneId.of("Asia/Shanghai"),
                    List.of(LimitRule.fixed(60, Duration.ofMinutes(1)), LimitRule.day(1000), LimitRule.month(20_000))),
                    Clock.systemUTC());
            Map<RedisProcess, Long> expected = new HashMap<>();
            int decisions = 0;
            cluster.resetStats();
            for (int i = 0; i < 600; i++) {
                String subject = i % 3 == 0 ? "hot" : "user-" + i;
                limits.apply(LimitCall.acquire(subject, 1));
                decisions++;
                String tag = "{" + subject + "}";
                expected.merge(cluster.nodeForSlot(RedisClusterGroup.slot(tag)), 1L, Long::sum);
            }
            long total = 0;
            StringBuilder figures = new StringBuilder();
            for (RedisProcess master : cluster.masters()) {
                CommandStats stats = cluster.commandStats(master);
                long evalsha = stats.calls("evalsha");
                figures.append(String.format(" %d: evalsha %d (expected %d);", master.port(), evalsha,
                        expected.getOrDefault(master, 0L)));
                assertThat(evalsha).as("scripts run on %s", master).isEqualTo(expected.getOrDefault(master, 0L));
                assertThat(stats.calls("time")).as("clock reads on %s", master).isEqualTo(evalsha);
                // besides the scripts a node sees only housekeeping: the clients' topology and health checks, its
                // replica's acknowledgements, the test's own reset
                assertThat(stats.asMap().keySet()).as("commands on %s", master).allSatisfy(c -> assertThat(
                        c.equals("evalsha") || IN_THE_SCRIPT.contains(c) || HOUSEKEEPING.contains(c.replaceAll("\\|.*", "")))
                        .as(c).isTrue());
                total += evalsha;
            }
            System.out.printf("CLUSTER LIMITS %s: %d decisions of 3 limits over 401 subjects:%s total evalsha %d%n", client,
                    decisions, figures, total);
            assertThat(total).isEqualTo(decisions);
            assertThat(cluster.replicas()).allSatisfy(r -> assertThat(cluster.commandStats(r).calls("evalsha")).isZero());
        }
    }
}
