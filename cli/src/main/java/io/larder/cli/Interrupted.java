package io.larder.cli;

/**
 * The command was told to stop (Ctrl-C) and stopped at a safe point: what it stored so far is
 * kept. Exit code {@value #EXIT_CODE}, as a shell reports a process ended by SIGINT.
 */
final class Interrupted extends RuntimeException {
    /** The exit code of an interrupted command. */
    static final int EXIT_CODE = 130;
    private static final long serialVersionUID = 1L;

    Interrupted() {
        super("interrupted");
    }

    /** With what the command had done, for the user: {@code "interrupted: 1,200 messages stored; ..."}. */
    Interrupted(String message) {
        super(message);
    }
}
