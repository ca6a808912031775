package io.larder.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.jspecify.annotations.Nullable;

/**
 * Where servers keep their config, data and logs: {@code target/redis-testkit} of the module
 * under test (Maven runs tests there), else the temp dir; the system property
 * {@code larder.testkit.dir} overrides both.
 */
final class WorkDirs {

    private static volatile @Nullable Path base;

    private WorkDirs() {
    }

    static Path base() {
        Path dir = base;
        if (dir == null) {
            synchronized (WorkDirs.class) {
                dir = base;
                if (dir == null) {
                    dir = choose();
                    try {
                        Files.createDirectories(dir);
                    } catch (IOException e) {
                        throw new TestkitException("cannot create " + dir + ": " + e, e);
                    }
                    // Servers of an earlier JVM that died without its shutdown hook (kill -9,
                    // a forked test JVM timed out) would otherwise hold ports and CPU forever.
                    LiveProcesses.reapOrphans(dir);
                    base = dir;
                }
            }
        }
        return dir;
    }

    /** A new, empty directory named after its purpose, e.g. {@code cluster-1-30001-123}. */
    static Path create(String prefix) {
        try {
            return Files.createTempDirectory(base(), prefix + "-");
        } catch (IOException e) {
            throw new TestkitException("cannot create a directory under " + base() + ": " + e, e);
        }
    }

    /**
     * A directory that outlives builds, for things worth making once per machine: {@code
     * ~/.cache/larder/<name>} (honouring {@code XDG_CACHE_HOME}), else under the temp dir.
     */
    static Path cache(String name) {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path home = xdg != null && !xdg.isBlank() ? Paths.get(xdg) : Paths.get(System.getProperty("user.home"), ".cache");
        Path dir = home.resolve("larder").resolve(name);
        try {
            Files.createDirectories(dir);
            if (Files.isWritable(dir)) {
                return dir;
            }
        } catch (IOException ignored) {
            // A read-only home (some CI sandboxes): fall back to the temp dir below.
        }
        Path fallback = Paths.get(System.getProperty("java.io.tmpdir"), "larder-" + System.getProperty("user.name"), name);
        try {
            Files.createDirectories(fallback);
        } catch (IOException e) {
            throw new TestkitException("cannot create " + dir + " nor " + fallback + ": " + e, e);
        }
        return fallback;
    }

    private static Path choose() {
        String configured = System.getProperty("larder.testkit.dir");
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured).toAbsolutePath();
        }
        Path target = Paths.get(System.getProperty("user.dir"), "target");
        if (Files.isDirectory(target) && Files.isWritable(target)) {
            return target.resolve("redis-testkit");
        }
        return Paths.get(System.getProperty("java.io.tmpdir"), "larder-testkit-" + System.getProperty("user.name"));
    }
}
