package io.larder.cli.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.larder.Health;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /health}: the backend's health and details, whether writes are taken ({@link
 * WriteWatch}), events pending, and the counters, as JSON; 200 while the backend is up or degraded,
 * the server accepts events and writes are taken, 503 otherwise: a backend that answers its check
 * but failed every write of the last {@link WriteWatch#RECENT} is down here (DEGRADED when some
 * were stored after the failure).
 * A backend that does not answer within {@link #ANSWER_WITHIN} is reported down then (a probe gives
 * up long before a paused Redis's command timeout and its retry); its check goes on, one at a time,
 * and a later probe takes its answer. Open without the access token (a probe has none); it shows
 * no event and no secret. Thread-safe.
 */
final class HealthPage {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long a probe waits for the backend's health before the page says it is down. */
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);

    private final OneBotServer server;
    private final Supplier<Health> backend;
    private final Intake intake;
    private final Counters counters;
    private final ExecutorService checks = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "larder-serve-health");
        t.setDaemon(true);
        return t;
    });
    /** The backend check in flight, or the last one; guarded by {@code this}. */
    private @Nullable Future<Health> check;

    HealthPage(OneBotServer server, Supplier<Health> backend, Intake intake, Counters counters) {
        this.server = server;
        this.backend = backend;
        this.intake = intake;
        this.counters = counters;
    }

    void handle(Request request, Response response, Callback callback) {
        if (!HttpMethod.GET.is(request.getMethod()) && !HttpMethod.HEAD.is(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            EventHandler.fail(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "health is read with GET");
            return;
        }
        Health h = backendHealth();
        WriteWatch.State writes = intake.writes().state();
        Map<String, String> written = intake.writes().details();
        boolean accepting = !server.closing();
        boolean usable = h.isUsable() && writes != WriteWatch.State.FAILING;
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("status", !accepting ? "STOPPING" : !usable ? "DOWN"
                : writes == WriteWatch.State.SOME_FAILING ? "DEGRADED" : h.status().name());
        if (writes != WriteWatch.State.TAKING) {
            page.put("reason", (writes == WriteWatch.State.FAILING ? "writes fail: none was stored after the one that failed at "
                    : "some writes fail: the last failed at ") + written.get("last_failed") + " (writes.failure says why)");
        }
        page.put("backend", h.details());
        page.put("writes", written);
        page.put("pending", intake.pending());
        page.put("counters", counters.snapshot());
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(page);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the health page could not be written", e);
        }
        response.setStatus(accepting && usable ? HttpStatus.OK_200 : HttpStatus.SERVICE_UNAVAILABLE_503);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.write(true, HttpMethod.HEAD.is(request.getMethod()) ? null : ByteBuffer.wrap(body), callback);
    }

    /** The backend's health, or down when it did not answer within {@link #ANSWER_WITHIN}. */
    private Health backendHealth() {
        Future<Health> running;
        synchronized (this) {
            if (checks.isShutdown()) {
                return Health.down("the server is stopping");
            }
            if (check == null || check.isDone()) {
                check = checks.submit(backend::get);
            }
            running = check;
        }
        try {
            return running.get(ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return Health.down("the backend did not answer the health check within " + ANSWER_WITHIN.toSeconds() + " s");
        } catch (ExecutionException e) {
            return Health.down(OneBotServer.rootMessage(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down("the health check was interrupted");
        }
    }

    /** Stops the checking thread; a check in flight ends with the backend's own timeout. */
    synchronized void close() {
        checks.shutdownNow();
    }
}
