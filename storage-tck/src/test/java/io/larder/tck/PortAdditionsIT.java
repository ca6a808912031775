package io.larder.tck;

import io.larder.spi.Backend;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** Deleting a partition and signals, on memory until the Redis adapters implement them. */
@Execution(ExecutionMode.CONCURRENT)
class PortAdditionsIT extends ContractSuite implements PartitionDeleteContract, SignalsContract {

    @Override
    protected Backend createBackend() {
        return Target.MEMORY.backend();
    }

    @Override
    protected boolean followsLarderClock() {
        return true;
    }
}
