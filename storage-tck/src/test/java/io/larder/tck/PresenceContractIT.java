package io.larder.tck;

import io.larder.spi.Backend;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The Presence contract on every target. */
@ParameterizedClass(name = "{0}")
@EnumSource(Target.class)
@ExtendWith(Topologies.class)
@Execution(ExecutionMode.CONCURRENT)
class PresenceContractIT extends PresenceContract {
    @Parameter
    Target target;

    @Override
    protected Backend createBackend() {
        return target.backend();
    }

    @Override
    protected boolean followsLarderClock() {
        return target.followsLarderClock();
    }
}
