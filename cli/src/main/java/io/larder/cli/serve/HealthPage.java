package io.larder.cli.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.larder.Health;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /health}: the backend's health and details, events pending, and the counters, as
 * JSON; 200 while the backend is up or degraded and the server accepts events, 503 otherwise.
 * Open without the access token (a probe has none); it shows no event and no secret. Thread-safe.
 */
final class HealthPage {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OneBotServer server;
    private final Supplier<Health> backend;
    private final Intake intake;
    private final Counters counters;

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
        Health h;
        try {
            h = backend.get();
        } catch (RuntimeException e) {
            h = Health.down(OneBotServer.rootMessage(e));
        }
        boolean accepting = !server.closing();
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("status", accepting ? h.status().name() : "STOPPING");
        page.put("backend", h.details());
        page.put("pending", intake.pending());
        page.put("counters", counters.snapshot());
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(page);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the health page could not be written", e);
        }
        response.setStatus(accepting && h.isUsable() ? HttpStatus.OK_200 : HttpStatus.SERVICE_UNAVAILABLE_503);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.write(true, HttpMethod.HEAD.is(request.getMethod()) ? null : ByteBuffer.wrap(body), callback);
    }
}
