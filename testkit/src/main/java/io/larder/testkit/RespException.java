package io.larder.testkit;

import java.util.Objects;

/** An error reply from Redis, e.g. {@code NOAUTH Authentication required.} */
public final class RespException extends TestkitException {

    private static final long serialVersionUID = 1L;

    RespException(String message) {
        super(message);
    }

    /** The error code, the first word of the reply: {@code ERR}, {@code NOAUTH}, {@code NOPERM}, {@code MOVED}... */
    public String code() {
        String message = Objects.requireNonNull(getMessage(), "an error reply always has text");
        int space = message.indexOf(' ');
        return space < 0 ? message : message.substring(0, space);
    }
}
