package io.larder.cli;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19's "done when" on the embedded memory default, whose log survives a kill: a
 * {@code larder serve} killed mid-stream by {@code SIGKILL} acknowledged only what it stored, and
 * with what was not acknowledged sent again every message is archived exactly once and every
 * recall applied (see {@link ServeScenario}; {@code ServeRedisKillIT} on Redis, {@code ServeStopIT}
 * for {@code SIGTERM}).
 */
class ServeKillIT {
    @TempDir
    Path data;
    @TempDir
    Path logs;

    @Test
    void everyAcknowledgedEventSurvivesAKill() {
        new ServeScenario(data, logs).stopMidStreamThenResend(List.of(), true);
    }
}
