package io.larder.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last line of defence against leaked servers: every started process is registered here,
 * a JVM shutdown hook kills whatever is still running, and a pid file per process lets the
 * next JVM kill servers whose JVM died without running its hooks.
 */
final class LiveProcesses {

    private static final Logger LOG = LoggerFactory.getLogger(LiveProcesses.class);
    private static final String PID_FILE = "testkit.pid";
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Thread hook = new Thread(() -> LIVE.forEach(Process::destroyForcibly), "larder-testkit-reaper");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private LiveProcesses() {
    }

    /** Kills {@code process} when this JVM exits, if it still runs then. */
    static void track(Process process) {
        LIVE.add(process);
    }

    static void untrack(Process process) {
        LIVE.remove(process);
    }

    static void register(Process process, Path dir) {
        LIVE.add(process);
        String line = process.pid() + " " + ProcessHandle.current().pid() + "\n";
        try {
            Files.writeString(dir.resolve(PID_FILE), line, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            LOG.warn("cannot write pid file in {}: {}", dir, e.toString());
        }
    }

    static void unregister(Process process, Path dir) {
        LIVE.remove(process);
        try {
            Files.deleteIfExists(dir.resolve(PID_FILE));
        } catch (IOException e) {
            LOG.debug("cannot delete pid file in {}: {}", dir, e.toString());
        }
    }

    /** Kills servers started under {@code base} by a JVM that is no longer alive. */
    static void reapOrphans(Path base) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(base)) {
            for (Path dir : dirs) {
                Path pidFile = dir.resolve(PID_FILE);
                if (Files.isRegularFile(pidFile)) {
                    reap(pidFile);
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot scan {} for orphaned servers: {}", base, e.toString());
        }
    }

    private static void reap(Path pidFile) throws IOException {
        String[] pids = Files.readString(pidFile, StandardCharsets.US_ASCII).trim().split(" ");
        if (pids.length != 2) {
            return;
        }
        long serverPid = Long.parseLong(pids[0]);
        long ownerPid = Long.parseLong(pids[1]);
        if (ProcessHandle.of(ownerPid).map(ProcessHandle::isAlive).orElse(false)) {
            return;
        }
        Optional<ProcessHandle> server = ProcessHandle.of(serverPid);
        // The pid may have been reused since: only kill a process that is a redis-server.
        boolean isRedis = server.flatMap(h -> h.info().command()).map(c -> c.contains("redis-server")).orElse(false);
        if (isRedis) {
            LOG.warn("killing orphaned redis-server pid {} left by dead JVM {}", serverPid, ownerPid);
            server.get().destroyForcibly();
        }
        Files.deleteIfExists(pidFile);
    }
}
