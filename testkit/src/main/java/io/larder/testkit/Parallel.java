package io.larder.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Runs independent slow steps (starting servers, asking each node) at once: a server spends
 * most of its start-up waiting, so six start in about the time of one.
 */
final class Parallel {

    private static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "larder-testkit");
        thread.setDaemon(true);
        return thread;
    });

    private Parallel() {
    }

    /** Starts all servers; if one fails, stops those that started and rethrows the first failure. */
    static List<RedisProcess> start(List<ProcessSpec> specs) {
        List<CompletableFuture<RedisProcess>> futures = new ArrayList<>();
        for (ProcessSpec spec : specs) {
            futures.add(CompletableFuture.supplyAsync(() -> RedisProcess.start(spec), EXECUTOR));
        }
        List<RedisProcess> started = new ArrayList<>();
        RuntimeException failure = null;
        for (CompletableFuture<RedisProcess> future : futures) {
            try {
                started.add(future.join());
            } catch (CompletionException e) {
                failure = failure != null ? failure : unwrap(e);
            }
        }
        if (failure != null) {
            started.forEach(RedisProcess::stop);
            throw failure;
        }
        return started;
    }

    /** Applies {@code action} to every item at once and returns the results in order. */
    static <T, R> List<R> map(List<T> items, Function<T, R> action) {
        List<CompletableFuture<R>> futures = new ArrayList<>();
        for (T item : items) {
            futures.add(CompletableFuture.supplyAsync(() -> action.apply(item), EXECUTOR));
        }
        List<R> results = new ArrayList<>();
        for (CompletableFuture<R> future : futures) {
            try {
                results.add(future.join());
            } catch (CompletionException e) {
                throw unwrap(e);
            }
        }
        return results;
    }

    /** Stops all servers at once (each stop may wait for a clean shutdown). */
    static void stopAll(List<RedisProcess> servers) {
        map(servers, server -> {
            server.stop();
            return server;
        });
    }

    private static RuntimeException unwrap(CompletionException e) {
        return e.getCause() instanceof RuntimeException cause ? cause : e;
    }
}
