package io.larder;

import java.lang.reflect.UndeclaredThrowableException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One step applied to every item of a batch, shared between the calling thread and idle threads
 * of the common pool when the batch is big: encoding a thousand records takes longer than handing
 * half of them to another core. The batch is cut into parts that the caller and its helpers claim
 * in turn, so a pool too busy to start a helper only leaves the caller doing every part. The
 * results come back in the items' order, and a failure is the one of the earliest item that
 * failed, as if the step had run item by item. Stateless; thread-safe.
 */
final class SharedSteps {
    /** Batches smaller than this run on the caller alone: another thread's start would cost more than it saves. */
    static final int SHARED_FROM = 512;
    /** Items a part holds: parts smaller than a helper's share leave a helper that starts late a share still, the caller the rest. */
    static final int PART = 128;
    /** The most parts a batch is cut into. */
    private static final int MAX_PARTS = 64;

    private SharedSteps() {
    }

    /** {@code step} of each item, in order; the earliest item's failure is thrown once every part has stopped. */
    static <A, B> List<B> map(List<A> items, Function<? super A, ? extends B> step) {
        int helpers = Math.min(ForkJoinPool.getCommonPoolParallelism(), Runtime.getRuntime().availableProcessors() - 1);
        if (helpers < 1 || items.size() < SHARED_FROM) {
            List<B> out = new ArrayList<>(items.size());
            for (A item : items) {
                out.add(step.apply(item));
            }
            return out;
        }
        int parts = Math.min(MAX_PARTS, (items.size() + PART - 1) / PART);
        return new Run<A, B>(items, step, parts).run(Math.min(helpers, parts - 1));
    }

    /** One batch's parts and what became of them. */
    private static final class Run<A, B> {
        private final List<A> items;
        private final Function<? super A, ? extends B> step;
        private final int parts;
        private final int partSize;
        private final @Nullable Object[] results;
        /** Each part's failure, if it had one; read after {@link #done} reached zero. */
        private final @Nullable Throwable[] failures;
        private final AtomicInteger next = new AtomicInteger();
        /** The earliest part that failed so far: a later part need not run, its failure would not be the one thrown. */
        private final AtomicInteger firstFailed = new AtomicInteger(Integer.MAX_VALUE);
        private final CountDownLatch done;

        Run(List<A> items, Function<? super A, ? extends B> step, int parts) {
            this.items = items;
            this.step = step;
            this.parts = parts;
            this.partSize = (items.size() + parts - 1) / parts;
            this.results = new Object[items.size()];
            this.failures = new Throwable[parts];
            this.done = new CountDownLatch(parts);
        }

        @SuppressWarnings("unchecked")
        List<B> run(int helpers) {
            for (int i = 0; i < helpers; i++) {
                try {
                    ForkJoinPool.commonPool().execute(this::claimParts);
                } catch (RejectedExecutionException e) {
                    break;                  // the caller claims what no helper took
                }
            }
            claimParts();
            boolean interrupted = false;
            while (true) {
                try {
                    done.await();           // a part another thread claimed is finishing: its items are ours
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            for (Throwable failure : failures) {
                if (failure instanceof RuntimeException r) {
                    throw r;
                }
                if (failure instanceof Error e) {
                    throw e;
                }
                if (failure != null) {
                    // a checked exception thrown past the compiler: not dropped, and not a result left null
                    throw new UndeclaredThrowableException(failure);
                }
            }
            return (List<B>) Arrays.asList(results);
        }

        private void claimParts() {
            for (int part = next.getAndIncrement(); part < parts; part = next.getAndIncrement()) {
                int from = part * partSize;
                int to = Math.min(items.size(), from + partSize);
                try {
                    for (int i = from; i < to && part < firstFailed.get(); i++) {
                        results[i] = step.apply(items.get(i));
                    }
                } catch (Throwable e) {
                    failures[part] = e;
                    firstFailed.accumulateAndGet(part, Math::min);
                } finally {
                    done.countDown();
                }
            }
        }
    }
}
