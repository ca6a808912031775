package io.larder.chat;

import io.larder.Larder;
import io.larder.memory.MemoryBackend;

/** The archive contract over the embedded adapter. */
class ChatArchiveMemoryTest extends ChatArchiveContract {
    @Override
    protected Larder.Builder newLarder() {
        return Larder.builder().backend(MemoryBackend.create());
    }
}
