package io.larder;

/** A conditional save found another version than the one expected; nothing was written. */
public class ConflictException extends StorageException {
    private static final long serialVersionUID = 1L;
    private final Key key;
    private final Version expected;

    /** A conflict on {@code key}, which was not at {@code expected}. */
    public ConflictException(Key key, Version expected) {
        this(key, expected, "record " + key + " is not at the expected version " + expected);
    }

    /** A conflict on {@code key}, which was not at {@code expected}, said in {@code message}. */
    public ConflictException(Key key, Version expected, String message) {
        super(message);
        this.key = key;
        this.expected = expected;
    }

    /** The record's key. */
    public Key key() {
        return key;
    }

    /** The version the caller expected. */
    public Version expected() {
        return expected;
    }
}
