package io.larder.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * One reverse-WebSocket client, the JDK's, on one connection with acknowledgements asked for
 * ({@code ?ack=1}): sends events one text frame each, keeping at most {@code window}
 * unacknowledged, and notes when each frame was handed to the socket and when its ack arrived.
 * Every ack must say {@code stored}; anything else fails the run, naming the frame. Not
 * thread-safe: one {@link #send} at a time.
 */
final class SocketLoad implements AutoCloseable {
    /** The longest a phase may wait for its last ack before the run is called failed. */
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final OperatingSystemMXBean PROCESS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final HttpClient http = HttpClient.newHttpClient();
    private final WebSocket socket;
    private final Semaphore room;
    private final AtomicReference<String> problem = new AtomicReference<>();
    private volatile long[] ackedAt = new long[0];
    private volatile long firstSeq;
    private volatile CountDownLatch all = new CountDownLatch(0);
    private long seq;

    /**
     * One phase's figures.
     *
     * @param events frames sent and acknowledged
     * @param nanos from the first frame handed to the socket to the last ack received
     * @param latencyNanos each frame's time from being handed to the socket to its ack, sorted
     * @param cpuNanos CPU time this whole process (client, server and store) spent meanwhile
     * @param cpuByRole that CPU time by {@link ThreadCpu} role; what no thread accounts for (GC, JIT) is {@code other}
     * @param gcMillis time the collectors report spent collecting meanwhile (pauses and concurrent work, wall time)
     * @param jitMillis time the JIT compilers report spent compiling meanwhile
     */
    record Phase(int events, long nanos, long[] latencyNanos, long cpuNanos, Map<String, Long> cpuByRole, long gcMillis,
                 long jitMillis) {
        /** CPU time of {@code role}'s threads per event, in microseconds. */
        double cpuMicrosPerEvent(String role) {
            return cpuByRole.getOrDefault(role, 0L) / 1e3 / events;
        }

        /** This process's CPU time per event, in microseconds. */
        double cpuMicrosPerEvent() {
            return cpuNanos / 1e3 / events;
        }

        double perSecond() {
            return events * 1e9 / nanos;
        }

        /** The {@code q}-quantile (0..1) of the latencies, nearest rank, in milliseconds. */
        double quantileMillis(double q) {
            int rank = (int) Math.ceil(q * latencyNanos.length);
            return latencyNanos[Math.max(0, Math.min(latencyNanos.length - 1, rank - 1))] / 1e6;
        }
    }

    private SocketLoad(URI uri, int window) {
        this.room = new Semaphore(window);
        this.socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, new Acks())
                .orTimeout(30, TimeUnit.SECONDS).join();
    }

    /** Connects to {@code ws://host:port{path}?ack=1}. */
    static SocketLoad connect(String host, int port, String path, int window) {
        return new SocketLoad(URI.create("ws://" + host + ":" + port + path + "?ack=1"), window);
    }

    /** Sends {@code events} in order, keeping at most the window unacknowledged, and waits for every ack. */
    Phase send(List<String> events) {
        int n = events.size();
        long[] sentAt = new long[n];
        long[] ackTimes = new long[n];
        CountDownLatch done = new CountDownLatch(n);
        firstSeq = seq + 1;
        ackedAt = ackTimes;
        all = done;
        long cpuBefore = PROCESS.getProcessCpuTime();
        Map<Long, ThreadCpu.Sample> threadsBefore = ThreadCpu.sample();
        long gcBefore = gcMillis();
        long jitBefore = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        for (int i = 0; i < n; i++) {
            room.acquireUninterruptibly();
            failIfProblem();
            seq++;
            sentAt[i] = System.nanoTime();
            // the JDK's client takes one send at a time: the next waits for this one to be written
            socket.sendText(events.get(i), true).join();
        }
        try {
            if (!done.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException((n - done.getCount()) + " of " + n + " frames acknowledged after " + PATIENCE
                        + (problem.get() == null ? "" : "; " + problem.get()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for acks", e);
        }
        long cpu = PROCESS.getProcessCpuTime() - cpuBefore;
        Map<String, Long> byRole = ThreadCpu.byRole(threadsBefore, ThreadCpu.sample(), cpu);
        long gc = gcMillis() - gcBefore;
        long jit = ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jitBefore;
        failIfProblem();
        long[] latency = new long[n];
        long last = 0;
        for (int i = 0; i < n; i++) {
            latency[i] = ackTimes[i] - sentAt[i];
            last = Math.max(last, ackTimes[i]);
        }
        Arrays.sort(latency);
        return new Phase(n, last - sentAt[0], latency, cpu, byRole, gc, jit);
    }

    private static long gcMillis() {
        long sum = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += Math.max(0, gc.getCollectionTime());
        }
        return sum;
    }

    private void failIfProblem() {
        String p = problem.get();
        if (p != null) {
            throw new IllegalStateException(p);
        }
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(10, TimeUnit.SECONDS).join();
        } catch (RuntimeException e) {
            // the server may have closed first; the figures are taken
            socket.abort();
        }
    }

    /** Reads ack frames: notes the time of each and frees a place in the window. */
    private final class Acks implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket ws) {
            ws.request(1);
        }

        @Override
        public @Nullable CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            long now = System.nanoTime();
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                ack(frame, now);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            if (all.getCount() > 0) {
                problem.compareAndSet(null, "the server closed the connection (" + statusCode + " " + reason + ") with "
                        + all.getCount() + " frames unacknowledged");
                release();
            }
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            problem.compareAndSet(null, "the connection failed: " + error);
            release();
        }

        private void ack(String frame, long now) {
            if (!frame.startsWith("{\"larder\":\"ack\"") || !frame.contains("\"result\":\"stored\"")) {
                problem.compareAndSet(null, "expected an ack of a stored event, got " + frame);
                release();
                return;
            }
            int at = frame.indexOf("\"seq\":") + 6;
            int end = at;
            while (end < frame.length() && Character.isDigit(frame.charAt(end))) {
                end++;
            }
            long s = Long.parseLong(frame.substring(at, end));
            long[] times = ackedAt;
            int i = (int) (s - firstSeq);
            if (i < 0 || i >= times.length || times[i] != 0) {
                problem.compareAndSet(null, "an ack out of place or repeated: " + frame);
                release();
                return;
            }
            times[i] = now;
            room.release();
            all.countDown();
        }

        /** Lets a blocked sender and waiter see the problem instead of waiting out the patience. */
        private void release() {
            room.release(Integer.MAX_VALUE / 2);
            CountDownLatch latch = all;
            while (latch.getCount() > 0) {
                latch.countDown();
            }
        }
    }
}
