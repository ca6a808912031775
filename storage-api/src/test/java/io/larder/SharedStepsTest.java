package io.larder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SharedStepsTest {

    private static List<Integer> upTo(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    @Test
    void aBigBatchComesBackInItsOrder() {
        List<Integer> items = upTo(20_000);
        assertThat(SharedSteps.map(items, i -> i * 2L)).containsExactlyElementsOf(items.stream().map(i -> i * 2L).toList());
    }

    @Test
    void aSmallBatchRunsOnTheCallerAlone() {
        Thread caller = Thread.currentThread();
        Set<Thread> ran = ConcurrentHashMap.newKeySet();
        SharedSteps.map(upTo(SharedSteps.SHARED_FROM - 1), i -> ran.add(Thread.currentThread()));
        assertThat(ran).containsExactly(caller);
    }

    @Test
    void theEarliestItemsFailureIsThrownWhateverPartFailedFirst() {
        // the late item fails at once; the early one only after the rest of its part has run
        List<Integer> items = upTo(5000);
        assertThatThrownBy(() -> SharedSteps.map(items, i -> {
            if (i == 4999) {
                throw new IllegalArgumentException("item 4999");
            }
            if (i == 300) {
                throw new IllegalArgumentException("item 300");
            }
            return i;
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("item 300");
    }

    @Test
    void nothingRunsOnceTheFailureIsThrown() throws InterruptedException {
        AtomicInteger steps = new AtomicInteger();
        assertThatThrownBy(() -> SharedSteps.map(upTo(5000), i -> {
            steps.incrementAndGet();
            if (i % 1000 == 999) {
                throw new IllegalStateException("item " + i);
            }
            return i;
        })).hasMessage("item 999");
        int counted = steps.get();
        Thread.sleep(50);
        // each part stops at its failure, and every part has stopped before the call returns
        assertThat(steps.get()).isEqualTo(counted);
    }

    @Test
    void partsAfterAFailedOneAreLeftUndone() {
        AtomicInteger steps = new AtomicInteger();
        assertThatThrownBy(() -> SharedSteps.map(upTo(100_000), i -> {
            steps.incrementAndGet();
            if (i == 0) {
                throw new IllegalArgumentException("item 0");
            }
            return i;
        })).hasMessage("item 0");
        // the first part failed at once: at most the parts already started by then ran on
        assertThat(steps.get()).isLessThan(100_000 / 2);
    }

    @Test
    void anErrorComesThroughAsItself() {
        assertThatThrownBy(() -> SharedSteps.map(upTo(5000), i -> {
            if (i == 4000) {
                throw new AssertionError("item 4000");
            }
            return i;
        })).isInstanceOf(AssertionError.class).hasMessage("item 4000");
    }

    @Test
    void aCheckedExceptionThrownPastTheCompilerIsNotLost() {
        Exception checked = new java.io.IOException("item 2000");
        assertThatThrownBy(() -> SharedSteps.map(upTo(5000), i -> {
            if (i == 2000) {
                SharedStepsTest.<RuntimeException>throwUnchecked(checked);
            }
            return i;
        })).isInstanceOfAny(java.io.IOException.class, java.lang.reflect.UndeclaredThrowableException.class)
                .satisfies(e -> assertThat(e == checked || e.getCause() == checked).isTrue());
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> void throwUnchecked(Throwable t) throws E {
        throw (E) t;
    }

    @Test
    void aCommonPoolWithNoThreadFreeLeavesEveryPartToTheCaller() throws InterruptedException {
        int workers = ForkJoinPool.getCommonPoolParallelism();
        CountDownLatch busy = new CountDownLatch(workers);
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < workers; i++) {
            ForkJoinPool.commonPool().execute(() -> {
                busy.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        try {
            assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
            Thread caller = Thread.currentThread();
            Set<Thread> ran = ConcurrentHashMap.newKeySet();
            List<Integer> items = upTo(5000);
            assertThat(SharedSteps.map(items, i -> {
                ran.add(Thread.currentThread());
                return i;
            })).containsExactlyElementsOf(items);
            assertThat(ran).containsExactly(caller);
        } finally {
            release.countDown();
        }
    }

    @Test
    void anInterruptedCallerStillGetsEveryResultAndKeepsItsInterrupt() {
        List<Integer> items = upTo(5000);
        Thread.currentThread().interrupt();
        try {
            assertThat(SharedSteps.map(items, i -> i)).containsExactlyElementsOf(items);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
