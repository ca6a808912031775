package io.larder.memory;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;

/** What stood in the way of a file operation, in words rather than an exception's class name. Stateless. */
final class IoProblem {
    private IoProblem() {
    }

    /** {@code "File too large"}, {@code "permission denied: /data/x"}, {@code "/data/x is a file, where a folder is needed"}. */
    static String describe(IOException e) {
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + " is a file, where a folder is needed";
        }
        if (e instanceof AccessDeniedException f) {
            return "permission denied: " + f.getFile();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
