package io.larder.testkit;

/**
 * The {@code redis-server} binary in use cannot provide a feature a test asked for, e.g. TLS
 * from a build without OpenSSL. Tests turn it into an assumption (skipped, not failed);
 * {@link RedisExtension} does that on its own.
 */
public final class FeatureUnavailableException extends TestkitException {

    private static final long serialVersionUID = 1L;

    private final String feature;

    FeatureUnavailableException(String feature, String message) {
        super(message);
        this.feature = feature;
    }

    /** The missing feature, e.g. {@code "TLS"}. */
    public String feature() {
        return feature;
    }
}
