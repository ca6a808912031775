package io.larder.benchmarks;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The one facade every benchmark drives: a way a user could keep chat messages with a one-hour
 * expiry. Larder on each adapter, the raw drivers and the peer libraries all implement it, and a
 * JMH {@code @Param} picks which. Implementations are thread-safe.
 */
public interface BenchSubject extends AutoCloseable {

    /** Upserts one message with a one-hour expiry. */
    void save(ChatMessage message);

    /** The message stored at {@code ref}, or {@code null} when absent. */
    @Nullable ChatMessage load(MessageRef ref);

    /** Upserts a batch in as few round trips as the subject allows. */
    void saveAll(List<ChatMessage> batch);

    /** The messages found at {@code refs}, in request order, absent ones left out. */
    List<ChatMessage> loadAll(List<MessageRef> refs);

    /** Adds messages to their group's time-ordered timeline (the data {@link #list} reads). */
    void append(List<ChatMessage> batch);

    /** The newest {@code limit} messages of a group's timeline, newest first. */
    List<ChatMessage> list(String groupId, int limit);

    /**
     * Names where this subject's data lives: subjects with the same name read each other's data,
     * so a large timeline is written once per run and not once per JVM. {@link #IN_PROCESS} for
     * data that dies with the JVM.
     */
    String dataset();

    /** {@link #dataset()} of data held in this JVM. */
    String IN_PROCESS = "in-process";

    /** Releases connections and threads. */
    @Override
    void close();
}
