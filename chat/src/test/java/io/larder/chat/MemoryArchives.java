package io.larder.chat;

import io.larder.Larder;
import io.larder.memory.MemoryBackend;
import io.larder.testkit.TestClock;
import java.time.Duration;

/** A memory Larder and an archive in it, for unit tests of the parts built on the archive. */
final class MemoryArchives implements AutoCloseable {
    final TestClock clock = TestClock.virtual();
    final Larder larder = Larder.builder().backend(MemoryBackend.create()).clock(clock).sweepEvery(Duration.ZERO).build();
    final ChatArchive archive = ChatArchive.builder(larder).clock(clock).build();

    @Override
    public void close() {
        larder.close();
    }
}
