package io.larder.cli;

/**
 * A command that could not do its work for a reason its message states in full (a missing
 * file, an empty archive, counts that differ after a migration): exit code 1, no stack trace.
 */
final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
        super(message);
    }

    Failure(String message, Throwable cause) {
        super(message, cause);
    }
}
