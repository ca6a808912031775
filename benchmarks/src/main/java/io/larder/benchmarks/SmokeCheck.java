package io.larder.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Proves a subject does what the benchmarks assume before its timings are believed: what it
 * saves it loads back equal, one by one and in batches, and its timeline lists newest first.
 * Runs in the runner's JVM on a handful of messages.
 */
final class SmokeCheck {
    private SmokeCheck() {
    }

    /** Checks {@code subject}; an exception says what went wrong. */
    static void check(Subject subject) {
        try (BenchSubject store = subject.open()) {
            String group = "smoke-" + subject.id();
            List<ChatMessage> batch = ChatCorpus.range(group, 0, 50);
            store.saveAll(batch);
            List<MessageRef> refs = new ArrayList<>();
            for (ChatMessage m : batch) {
                refs.add(MessageRef.of(m));
            }
            expect(subject, "loadAll", batch, store.loadAll(refs));
            ChatMessage one = ChatCorpus.message(group, 50);
            store.save(one);
            expect(subject, "load", List.of(one), listOf(store.load(MessageRef.of(one))));
            expect(subject, "load of an absent message", List.of(), listOf(store.load(new MessageRef(group, "absent"))));
            String timeline = "smoke-timeline-" + subject.id();
            List<ChatMessage> history = ChatCorpus.range(timeline, 0, 30);
            store.append(history);
            List<ChatMessage> newest = new ArrayList<>(history.subList(20, 30));
            Collections.reverse(newest);
            expect(subject, "list", newest, store.list(timeline, 10));
        }
    }

    private static List<ChatMessage> listOf(@Nullable ChatMessage m) {
        return m == null ? List.of() : List.of(m);
    }

    private static void expect(Subject subject, String what, List<ChatMessage> expected, List<ChatMessage> actual) {
        if (!expected.equals(actual)) {
            throw new IllegalStateException(subject.id() + ": " + what + " gave " + actual.size() + " messages "
                    + (actual.isEmpty() ? "" : "starting " + actual.get(0)) + "; expected " + expected.size()
                    + (expected.isEmpty() ? "" : " starting " + expected.get(0)));
        }
    }
}
