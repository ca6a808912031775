package io.larder.cli;

import io.larder.StorageException;
import io.larder.StorageUnavailableException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception a command raised into one line on stderr and exit code 1 ({@value
 * Interrupted#EXIT_CODE} for an interrupted command); the stack trace follows only with
 * {@code --verbose}. An unavailable backend is named with what its driver saw underneath
 * (connection refused, timed out). Stateless.
 */
final class FailureHandler implements IExecutionExceptionHandler {
    private static final Pattern CLASS_NAME = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error): ");

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parsed) {
        PrintWriter err = cl.getErr();
        if (Interruption.forcing()) {
            return Interrupted.EXIT_CODE;           // the stop closed the stores under it, and says so itself
        }
        err.println(prefix(cl) + describe(ex));
        if (verbose(parsed)) {
            ex.printStackTrace(err);
        } else if (!expected(ex)) {
            err.println("(run again with " + LarderCommand.VERBOSE + " for the stack trace)");
        }
        err.flush();
        return ex instanceof Interrupted ? Interrupted.EXIT_CODE : CommandLine.ExitCode.SOFTWARE;
    }

    static String prefix(CommandLine cl) {
        return cl.getCommandSpec().qualifiedName() + ": ";
    }

    /** What went wrong, for a person: Larder's own messages as they are, I/O errors named by the file. */
    static String describe(Throwable ex) {
        if (ex instanceof UncheckedIOException u && u.getCause() != null) {
            String io = describeIo(u.getCause());
            String message = u.getMessage();
            return message == null || message.equals(u.getCause().toString()) ? io : message + ": " + io;
        }
        if (ex instanceof IOException io) {
            return describeIo(io);
        }
        if (ex instanceof StorageUnavailableException) {
            return withRootCause(ex);
        }
        if (ex instanceof StorageException || ex instanceof Failure || ex instanceof NoSuchElementException
                || ex instanceof Interrupted) {
            return String.valueOf(ex.getMessage());
        }
        return ex.toString();
    }

    /**
     * The message, and what the driver saw underneath when it says more ("Connection refused"):
     * the innermost cause, or what a driver attached to it as suppressed (Jedis keeps the refused
     * connection there). Java class names are left out: they say nothing to a user.
     */
    static String withRootCause(Throwable ex) {
        String message = withoutClassNames(String.valueOf(ex.getMessage()));
        Throwable root = ex;
        for (int depth = 0; depth < 32; depth++) {
            Throwable next = root.getCause() != null ? root.getCause()
                    : root.getSuppressed().length > 0 ? root.getSuppressed()[0] : null;
            if (next == null || next == root) {
                break;
            }
            root = next;
        }
        String underneath = root == ex || root.getMessage() == null ? "" : withoutClassNames(root.getMessage());
        return underneath.isBlank() || message.contains(underneath) ? message : message + " (" + underneath + ")";
    }

    /** {@code "java.net.SocketException: Broken pipe"} read as {@code "Broken pipe"}. */
    private static String withoutClassNames(String message) {
        return CLASS_NAME.matcher(message).replaceAll("");
    }

    private static String describeIo(IOException e) {
        if (e instanceof NoSuchFileException f) {
            return "no such file: " + f.getFile();
        }
        if (e instanceof AccessDeniedException f) {
            return "permission denied: " + f.getFile();
        }
        if (e instanceof FileAlreadyExistsException f) {
            return "already exists: " + f.getFile();
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason() + ": " + f.getFile();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Failures a user causes and the message explains; anything else may be a bug worth a stack trace. */
    private static boolean expected(Exception ex) {
        return ex instanceof StorageException || ex instanceof Failure || ex instanceof UncheckedIOException
                || ex instanceof IOException || ex instanceof NoSuchElementException || ex instanceof Interrupted;
    }

    static boolean verbose(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption(LarderCommand.VERBOSE)) {
                return true;
            }
        }
        return false;
    }
}
