package io.larder.memory;

import io.larder.spi.Backend;
import io.larder.tck.StorageContract;

/** The memory adapter runs the whole contract, with expiry on the contract's virtual clock. */
class MemoryStorageContractTest extends StorageContract {

    @Override
    protected Backend createBackend() {
        return MemoryBackend.create();
    }

    @Override
    protected boolean followsLarderClock() {
        return true;
    }
}
