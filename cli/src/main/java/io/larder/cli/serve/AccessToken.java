package io.larder.cli.serve;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/**
 * OneBot v11's access token as a request carries it: {@code Authorization: Bearer <token>} (or
 * {@code Token <token>}, as go-cqhttp sent), or the {@code access_token} query parameter; and for
 * HTTP POST also {@code X-Signature: sha1=<HMAC-SHA1 of the body>}, OneBot's signed form. Compared
 * in constant time; never logged or echoed. Thread-safe.
 */
final class AccessToken {
    private final byte[] token;

    AccessToken(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether no token is configured, so every request is let in. */
    boolean open() {
        return token.length == 0;
    }

    /** Whether the request's header or query parameter carries the token. */
    boolean presentIn(Request request) {
        if (open()) {
            return true;
        }
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (header != null) {
            int space = header.indexOf(' ');
            String scheme = space < 0 ? "" : header.substring(0, space);
            if (scheme.equalsIgnoreCase("Bearer") || scheme.equalsIgnoreCase("Token")) {
                return matches(header.substring(space + 1).trim());
            }
        }
        Fields query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        String param = query.getValue("access_token");
        return param != null && matches(param);
    }

    /** Whether {@code signature} ({@code sha1=<hex>}) is the body's HMAC-SHA1 under the token. */
    boolean signs(String signature, byte[] body) {
        if (signature == null || !signature.startsWith("sha1=")) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(token, "HmacSHA1"));
            byte[] expected = HexFormat.of().formatHex(mac.doFinal(body)).getBytes(StandardCharsets.US_ASCII);
            return MessageDigest.isEqual(expected, signature.substring(5).trim().toLowerCase(Locale.ROOT)
                    .getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA1 is missing from this JVM", e);
        }
    }

    private boolean matches(String given) {
        return MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return open() ? "no access token" : "an access token";
    }
}
