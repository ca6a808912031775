package io.larder.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time of this process's threads by the role their names give, so a run that shares one JVM
 * between the client and the server can say which of them spent what: {@code client} (the
 * sending thread and the JDK's WebSocket threads), {@code server I/O} (Jetty's pool), {@code
 * ingest writer} (the thread that stores batches and completes their acks), {@code other} (what
 * no live thread accounts for: GC, JIT, threads that ended). Stateless.
 */
final class ThreadCpu {
    static final String CLIENT = "client";
    static final String SERVER = "server I/O";
    static final String WRITER = "ingest writer";
    static final String OTHER = "other";

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** One thread's name and CPU time at a moment. */
    record Sample(String name, long cpuNanos) {
    }

    private ThreadCpu() {
    }

    /** Every live thread's CPU time, by thread id. */
    static Map<Long, Sample> sample() {
        Map<Long, Sample> out = new HashMap<>();
        for (ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (t == null) {
                continue;
            }
            long cpu = THREADS.getThreadCpuTime(t.getThreadId());
            if (cpu >= 0) {
                out.put(t.getThreadId(), new Sample(t.getThreadName(), cpu));
            }
        }
        return out;
    }

    /** What each role spent between two samples; {@code processNanos} the process's CPU time meanwhile. */
    static Map<String, Long> byRole(Map<Long, Sample> before, Map<Long, Sample> after, long processNanos) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String role : new String[] {CLIENT, SERVER, WRITER, OTHER}) {
            out.put(role, 0L);
        }
        long counted = 0;
        for (Map.Entry<Long, Sample> e : after.entrySet()) {
            Sample was = before.get(e.getKey());
            long spent = e.getValue().cpuNanos() - (was == null ? 0 : was.cpuNanos());
            out.merge(role(e.getValue().name()), spent, Long::sum);
            counted += spent;
        }
        out.merge(OTHER, Math.max(0, processNanos - counted), Long::sum);
        return out;
    }

    private static String role(String name) {
        if (name.equals("main") || name.startsWith("HttpClient")) {
            return CLIENT;
        }
        if (name.startsWith("larder-serve")) {
            return SERVER;
        }
        if (name.startsWith("larder-ingest")) {
            return WRITER;
        }
        return OTHER;
    }
}
