package io.larder.cli.serve;

import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's own refusals (a request it cannot parse, a failure inside it) in the form of the
 * server's other errors, {@code {"status":"failed","error":"..."}}, instead of Jetty's HTML page,
 * which echoes the request's URI and so an {@code ?access_token=} in it. A 5xx is logged with its
 * cause and the path, never the query. Thread-safe.
 */
final class JsonErrors extends ErrorHandler {
    private static final Logger LOG = LoggerFactory.getLogger(JsonErrors.class);

    @Override
    protected void generateResponse(Request request, Response response, int code, @Nullable String message,
                                    @Nullable Throwable cause, Callback callback) {
        String reason = message == null || message.isBlank() ? HttpStatus.getMessage(code) : message;
        if (code >= HttpStatus.INTERNAL_SERVER_ERROR_500) {
            LOG.warn("answered {} to {} {}: {}", code, request.getMethod(), request.getHttpURI().getPath(), reason, cause);
        }
        EventHandler.fail(response, callback, code, reason);
    }
}
