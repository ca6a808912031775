package io.larder.cli;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ServeKillIT}'s scenario stopped by {@code SIGTERM} instead: the server exits 0 with its
 * summary, having acknowledged only what it stored; what it did not acknowledge, sent again to the
 * next one, is archived exactly once.
 */
class ServeStopIT {
    @TempDir
    Path data;
    @TempDir
    Path logs;

    @Test
    void aStopBySigtermMidStreamAcknowledgesOnlyWhatItStoredAndExitsZero() {
        new ServeScenario(data, logs).stopMidStreamThenResend(List.of(), false);
    }
}
