package io.larder.tck;

import io.larder.Larder;
import io.larder.spi.Backend;
import io.larder.testkit.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * The rate limiter's contract: every behaviour of {@link io.larder.limiter.RateLimiter} once,
 * for every backend. An adapter's test extends it and says how to make its backend; the
 * behaviours live in the interfaces mixed in here, one file per concern.
 *
 * <p>On memory the limiter follows the Larder's clock, which the kit moves: boundaries are
 * checked to the millisecond (59.999 s and 60.000 s). A Redis server keeps its own time, which
 * no test can move; there the kit checks the same boundaries as the server's clock places them:
 * it lets real time pass, reads each decision's time and windows, and places a calendar day's end
 * a second ahead by choosing the zone. The script's arithmetic at exact instants is checked in
 * {@code storage-redis} with the script's clock frozen ({@code LimitScriptIT}).
 */
public abstract class LimiterContract implements LimitWindowContract, LimitAllOrNoneContract, LimitRefundContract,
        LimitSmoothContract, LimitSlidingContract, LimitIdleContract, LimitConcurrencyContract, LimitInputContract,
        LimitClockContract {
    private static final AtomicInteger NAMES = new AtomicInteger();
    private Backend backend;
    private Larder larder;
    private TestClock clock;
    private SimpleMeterRegistry registry;
    private String testName;
    private final List<Larder> others = new ArrayList<>();

    /** A new backend of the adapter under test; the contract closes it after each test. */
    protected abstract Backend createBackend();

    /**
     * Another client of {@code first}'s servers: a new backend connected to them, or {@code first}
     * itself for an adapter whose data lives in the backend object (memory).
     */
    protected abstract Backend anotherClientOf(Backend first);

    /** Whether the adapter decides by the Larder's clock (memory), so the kit can move time. */
    protected boolean followsLarderClock() {
        return false;
    }

    @BeforeEach
    void openLarder(TestInfo info) {
        testName = info.getTestMethod().map(m -> m.getName()).orElse("t");
        clock = TestClock.of(followsLarderClock());
        registry = new SimpleMeterRegistry();
        backend = createBackend();
        larder = Larder.builder().backend(backend).clock(clock).meterRegistry(registry).sweepEvery(Duration.ZERO).build();
    }

    @AfterEach
    void closeLarders() {
        others.forEach(Larder::close);
        larder.close();
    }

    @Override
    public Larder larder() {
        return larder;
    }

    @Override
    public TestClock clock() {
        return clock;
    }

    @Override
    public SimpleMeterRegistry registry() {
        return registry;
    }

    @Override
    public boolean keepsTimeWithTheLarder() {
        return followsLarderClock();
    }

    @Override
    public String target() {
        return getClass().getSimpleName();
    }

    @Override
    public String freshName() {
        String base = testName.length() > 30 ? testName.substring(0, 30) : testName;
        return base + "-" + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet();
    }

    @Override
    public Larder secondClient(Clock other) {
        Larder second = Larder.builder().backend(anotherClientOf(backend)).clock(other).meterRegistry(new SimpleMeterRegistry())
                .sweepEvery(Duration.ZERO).build();
        others.add(second);
        return second;
    }
}
