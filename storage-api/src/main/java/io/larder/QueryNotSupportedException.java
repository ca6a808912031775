package io.larder;

/** A query the store cannot answer as asked, for example a filter on a field that is not indexed. */
public class QueryNotSupportedException extends StorageException {
    private static final long serialVersionUID = 1L;

    /** A refused query; the message says what to change. */
    public QueryNotSupportedException(String message) {
        super(message);
    }
}
