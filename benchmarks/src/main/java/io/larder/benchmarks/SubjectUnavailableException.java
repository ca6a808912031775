package io.larder.benchmarks;

/** A subject cannot run here: its adapter is not on the class path, or no server was given. */
final class SubjectUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SubjectUnavailableException(String message) {
        super(message);
    }
}
