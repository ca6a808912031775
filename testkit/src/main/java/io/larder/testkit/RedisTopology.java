package io.larder.testkit;

import java.util.List;

/**
 * A set of running Redis servers that belong together; closing it stops them all. Topologies
 * are thread-safe unless said otherwise.
 */
public interface RedisTopology extends AutoCloseable {

    /** Every server of the topology, running or not. */
    List<RedisProcess> processes();

    /** Deletes every key on every master (and waits for replicas to follow), e.g. between tests. */
    void flushAll();

    /** Stops every server; safe to call twice. */
    @Override
    void close();
}
