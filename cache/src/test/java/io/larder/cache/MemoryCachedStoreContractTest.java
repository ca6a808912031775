package io.larder.cache;

import io.larder.memory.MemoryBackend;
import io.larder.spi.Backend;
import io.larder.tck.CachedStoreContract;

/** The cache contract on the memory adapter. */
class MemoryCachedStoreContractTest extends CachedStoreContract {
    @Override
    protected Backend createBackend() {
        return MemoryBackend.create();
    }
}
