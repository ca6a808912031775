package io.larder.tck;

import io.larder.Larder;
import io.larder.StoreDefaults;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The chat archive's contract on every target; each test works under a fresh key prefix. */
@ParameterizedClass(name = "{0}")
@EnumSource(Target.class)
@ExtendWith(Topologies.class)
@Execution(ExecutionMode.CONCURRENT)
class ChatArchiveContractIT extends ChatArchiveContract {
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    @Parameter
    Target target;

    @Override
    protected Larder.Builder newLarder() {
        StoreDefaults d = StoreDefaults.standard();
        return Larder.builder().backend(target.backend()).defaults(new StoreDefaults("chat" + PREFIXES.incrementAndGet()
                + "-" + ProcessHandle.current().pid() + ":", d.encoding(), d.expiry(), d.batchSize(), d.maxPipeline(),
                d.maxValueSize(), d.slowOperation()));
    }

    @Override
    protected boolean expiresByTheServersClock() {
        return !target.followsLarderClock();
    }
}
