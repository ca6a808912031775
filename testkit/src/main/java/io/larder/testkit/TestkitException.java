package io.larder.testkit;

import org.jspecify.annotations.Nullable;

/** The one unchecked failure of the testkit: a server did not start, answer or agree in time. */
public class TestkitException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A failure with a message that says what was expected. */
    public TestkitException(String message) {
        super(message);
    }

    /** A failure caused by another one, usually an I/O error; {@code cause} is null when a wait saw none. */
    public TestkitException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
