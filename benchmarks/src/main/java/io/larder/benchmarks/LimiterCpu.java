package io.larder.benchmarks;

import io.larder.testkit.RedisProcess;
import io.larder.testkit.RedisStandalone;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one rate-limit decision costs in CPU, on one thread: the caller thread's CPU time, the
 * whole client process's (a driver's I/O threads included), and the Redis server's
 * ({@code INFO cpu}), each divided by the decisions made. On a machine shared with other work
 * decisions per second swing with the load; CPU per decision moves much less, so it says where
 * a gap between two limiters lies (client or server). Starts its own Redis.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.larder.benchmarks.LimiterCpu [--decisions N] [--rounds N] [--peers a,b]</pre>
 */
public final class LimiterCpu {
    private LimiterCpu() {
    }

    /** Prints one line per round, workload and limiter. */
    public static void main(String[] args) {
        int decisions = 20_000;
        int rounds = 2;
        List<LimitPeer> peers = List.of(LimitPeer.LARDER_JEDIS, LimitPeer.FLOOR_JEDIS, LimitPeer.LARDER_LETTUCE,
                LimitPeer.FLOOR_LETTUCE);
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String a = rest.remove(0);
            switch (a) {
                case "--decisions" -> decisions = Integer.parseInt(rest.remove(0));
                case "--rounds" -> rounds = Integer.parseInt(rest.remove(0));
                case "--peers" -> peers = Arrays.stream(rest.remove(0).split(",")).map(LimitPeer::of).toList();
                default -> throw new IllegalArgumentException("unknown option '" + a + "'; expected --decisions N, --rounds N, --peers a,b");
            }
        }
        String[] names = new String[LimiterBench.MANY];
        for (int i = 0; i < names.length; i++) {
            names[i] = "user-" + i;
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (RedisStandalone server = RedisStandalone.start()) {
            RedisTarget redis = new RedisTarget(server.host(), server.port());
            System.out.println("limiter CPU per decision, one thread, " + decisions + " decisions per line (after as many unmeasured)");
            for (int round = 1; round <= rounds; round++) {
                for (int limits : List.of(1, 3)) {
                    for (boolean hot : List.of(false, true)) {
                        for (LimitPeer p : peers) {
                            try (LimitSubject s = p.open(redis, limits, LimiterBench.ADMIT_ALL, "cpu-" + p.id() + "-" + System.nanoTime())) {
                                decide(s, names, hot, decisions);
                                double server0 = serverSeconds(server.process());
                                long process0 = os.getProcessCpuTime();
                                long caller0 = threads.getCurrentThreadCpuTime();
                                long wall0 = System.nanoTime();
                                decide(s, names, hot, decisions);
                                long wall = System.nanoTime() - wall0;
                                long caller = threads.getCurrentThreadCpuTime() - caller0;
                                long process = os.getProcessCpuTime() - process0;
                                double serverUs = (serverSeconds(server.process()) - server0) * 1e6;
                                System.out.printf(Locale.ROOT, "r%d %d %-4s %-18s wall %6.1f µs  caller CPU %5.1f µs  process CPU %5.1f µs"
                                                + "  server CPU %5.1f µs%n", round, limits, hot ? "hot" : "many", p.id(),
                                        wall / 1e3 / decisions, caller / 1e3 / decisions, process / 1e3 / decisions, serverUs / decisions);
                            }
                        }
                    }
                }
            }
        }
    }

    private static void decide(LimitSubject limiter, String[] names, boolean hot, int decisions) {
        for (int i = 0; i < decisions; i++) {
            String who = hot ? "hot" : names[i % names.length];
            if (!limiter.tryAcquire(who)) {
                throw new IllegalStateException("denied " + who + ": every decision should admit");
            }
        }
    }

    /** The server's CPU time so far (user and system), in seconds. */
    private static double serverSeconds(RedisProcess server) {
        Map<String, String> cpu = server.info("cpu");
        return Double.parseDouble(cpu.getOrDefault("used_cpu_user", "0")) + Double.parseDouble(cpu.getOrDefault("used_cpu_sys", "0"));
    }
}
