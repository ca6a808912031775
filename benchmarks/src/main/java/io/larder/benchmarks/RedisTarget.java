package io.larder.benchmarks;

/**
 * The Redis server the subjects talk to, handed to forked benchmark JVMs as the system property
 * {@value #PROPERTY} ({@code host:port}).
 *
 * @param host the server's host
 * @param port the server's port
 */
record RedisTarget(String host, int port) {
    static final String PROPERTY = "larder.bench.redis";

    /** The server named by {@value #PROPERTY}. */
    static RedisTarget fromSystemProperty() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            throw new SubjectUnavailableException("no Redis server given: run benchmarks/run, or start redis-server and pass -D"
                    + PROPERTY + "=127.0.0.1:6379 (with -jvmArgsAppend for forked runs)");
        }
        int colon = value.lastIndexOf(':');
        return new RedisTarget(value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)));
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
