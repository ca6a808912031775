package io.larder.cli.serve;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OneBot v11's HTTP POST: one event per request, answered {@code 204} once it is stored (or known
 * to need no storing); and {@code GET /health}. Refusals are JSON
 * {@code {"status":"failed","error":"..."}}: 400 malformed or not an event the archive can read,
 * 401 without the token, 413 over the size limit (from {@code Content-Length}, or once a chunked
 * body passes it; answered after the rest of a body of up to {@value #DRAIN_UP_TO} bytes is read and
 * dropped, so that the client reads the answer; a larger one, or a client waiting for {@code 100
 * Continue}, is answered at once), 503 while shutting down, when too many events are pending, or
 * when the store failed (the event was not stored; send it again). Thread-safe.
 */
final class EventHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(EventHandler.class);
    /** The most of a body over the limit read and dropped before the 413, so that the client sees it. */
    static final long DRAIN_UP_TO = 64L << 20;

    private final OneBotServer server;
    private final Intake intake;
    private final AccessToken token;
    private final Counters counters;
    private final HealthPage health;
    private final int maxEvent;
    private final int maxPending;

    EventHandler(OneBotServer server, Intake intake, AccessToken token, Counters counters, HealthPage health,
                 int maxEvent, int maxPending) {
        this.server = server;
        this.intake = intake;
        this.token = token;
        this.counters = counters;
        this.health = health;
        this.maxEvent = maxEvent;
        this.maxPending = maxPending;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (OneBotServer.HEALTH_PATH.equals(Request.getPathInContext(request))) {
            health.handle(request, response, callback);
            return true;
        }
        if (!HttpMethod.POST.is(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "POST");
            fail(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "events are POSTed; health is GET "
                    + OneBotServer.HEALTH_PATH);
            return true;
        }
        String signature = request.getHeaders().get("X-Signature");
        boolean authorized = token.presentIn(request);
        if (!authorized && signature == null) {
            unauthorized(request, response, callback);
            return true;
        }
        long length = request.getLength();
        if (length > maxEvent) {
            if (length > DRAIN_UP_TO || request.getHeaders().contains(HttpHeader.EXPECT, "100-continue")) {
                tooLarge(response, callback, length + " bytes");          // the client waits, or it is too much to read
            } else {
                BoundedBody.read(request, maxEvent, DRAIN_UP_TO).whenComplete((body, failure) -> {
                    if (failure instanceof BoundedBody.TooLargeException) {
                        tooLarge(response, callback, length + " bytes");
                    } else {
                        callback.failed(failure != null ? failure : new IOException("a body shorter than its length"));
                    }
                });
            }
            return true;
        }
        if (server.closing()) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "5");
            fail(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "shutting down: send it again later");
            return true;
        }
        if (intake.pending() >= maxPending) {
            counters.busy.increment();
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
            fail(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, maxPending + " events are pending: send it again later");
            return true;
        }
        server.requestStarted();
        BoundedBody.read(request, maxEvent, DRAIN_UP_TO).whenComplete((body, failure) -> {
            if (failure != null) {
                if (failure instanceof BoundedBody.TooLargeException) {
                    tooLarge(response, callback, "more than " + maxEvent + " bytes");
                } else {
                    // the client went away mid-body: nothing was handed over
                    callback.failed(failure);
                }
                server.requestEnded();
                return;
            }
            if (!authorized && !token.signs(signature, body)) {
                unauthorized(request, response, callback);
                server.requestEnded();
                return;
            }
            received(body, response, callback);
        });
        return true;
    }

    private void received(byte[] body, Response response, Callback callback) {
        counters.httpEvents.increment();
        CompletableFuture<EventSink.Outcome> stored;
        try {
            stored = intake.take(utf8(body));
        } catch (Intake.MalformedException e) {
            fail(response, callback, HttpStatus.BAD_REQUEST_400, String.valueOf(e.getMessage()));
            server.requestEnded();
            return;
        }
        stored.whenComplete((outcome, failure) -> {
            if (failure != null) {
                failStorage(response, callback, failure);
                return;
            }
            if (outcome.kind() == EventSink.Outcome.Kind.REFUSED) {
                // read, but nothing stored: a 204 would say it was
                fail(response, callback, HttpStatus.BAD_REQUEST_400, "not an event the archive can read: " + outcome.detail());
            } else {
                response.setStatus(HttpStatus.NO_CONTENT_204);
                response.write(true, null, callback);
            }
            server.requestEnded();
        });
    }

    private void failStorage(Response response, Callback callback, Throwable failure) {
        response.getHeaders().put(HttpHeader.RETRY_AFTER, "5");
        fail(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "not stored: " + OneBotServer.storageFailure(failure)
                + "; send it again");
        server.requestEnded();
    }

    private void unauthorized(Request request, Response response, Callback callback) {
        counters.unauthorized.increment();
        LOG.warn("refused a request from {} without the access token", Request.getRemoteAddr(request));
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
        fail(response, callback, HttpStatus.UNAUTHORIZED_401, "the access token is missing or wrong");
    }

    private void tooLarge(Response response, Callback callback, String size) {
        counters.tooLarge.increment();
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        fail(response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413, "the event is " + size + "; the limit is "
                + maxEvent + " bytes (--max-event)");
    }

    /** A refusal as OneBot's failed status with the reason. */
    static void fail(Response response, Callback callback, int status, String error) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        String body = "{\"status\":\"failed\",\"error\":" + Frames.quote(error) + "}";
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }

    private String utf8(byte[] body) throws Intake.MalformedException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            counters.malformed.increment();
            throw new Intake.MalformedException("not UTF-8: OneBot events are UTF-8 JSON");
        }
    }
}
