package io.larder.testkit;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The {@code redis-server} executable the testkit runs, found once per JVM:
 * <ol>
 *   <li>the environment variable {@code LARDER_REDIS_SERVER}, else the system property
 *       {@code larder.redis.server}: a path to the executable, or {@code embedded} to skip the
 *       PATH;</li>
 *   <li>{@code redis-server} on the {@code PATH};</li>
 *   <li>the binary shipped in the {@code com.github.codemonstur:embedded-redis} jar (Redis 6.2),
 *       extracted once into {@code ~/.cache/larder/redis} (or the temp dir) and made executable.</li>
 * </ol>
 * Immutable and thread-safe.
 */
public final class RedisBinary {

    private static final String OVERRIDE_ENV = "LARDER_REDIS_SERVER";
    private static final String OVERRIDE_PROPERTY = "larder.redis.server";
    private static final Pattern VERSION = Pattern.compile("v=(\\d+)\\.(\\d+)\\.(\\d+)");

    private static volatile @Nullable RedisBinary located;

    private final Path path;
    private final String origin;
    private final String version;
    private final int major;
    private final int minor;

    private RedisBinary(Path path, String origin, String version, int major, int minor) {
        this.path = path;
        this.origin = origin;
        this.version = version;
        this.major = major;
        this.minor = minor;
    }

    /**
     * Finds (and on first use extracts and checks) the executable.
     *
     * @throws TestkitException if none is found or it does not run on this machine
     */
    public static RedisBinary locate() {
        RedisBinary binary = located;
        if (binary == null) {
            synchronized (RedisBinary.class) {
                binary = located;
                if (binary == null) {
                    binary = find();
                    located = binary;
                }
            }
        }
        return binary;
    }

    /** The executable. */
    public Path path() {
        return path;
    }

    /** Where it came from: {@code LARDER_REDIS_SERVER}, {@code PATH} or {@code embedded-redis jar}. */
    public String origin() {
        return origin;
    }

    /** The version it reports with {@code --version}, e.g. {@code 6.2.11}. */
    public String version() {
        return version;
    }

    /** Whether the version is at least {@code major.minor}, e.g. {@code atLeast(7, 0)} for ADDSLOTSRANGE. */
    public boolean atLeast(int major, int minor) {
        return this.major > major || (this.major == major && this.minor >= minor);
    }

    @Override
    public String toString() {
        return "redis-server " + version + " at " + path + " (" + origin + ")";
    }

    private static RedisBinary find() {
        String override = System.getenv(OVERRIDE_ENV);
        String overrideName = OVERRIDE_ENV;
        if (override == null || override.isBlank()) {
            override = System.getProperty(OVERRIDE_PROPERTY);
            overrideName = OVERRIDE_PROPERTY;
        }
        boolean embeddedOnly = "embedded".equalsIgnoreCase(override);
        if (override != null && !override.isBlank() && !embeddedOnly) {
            Path path = Paths.get(override);
            if (!Files.isExecutable(path)) {
                throw new TestkitException(overrideName + " names " + path + ", which is not an executable file");
            }
            return check(path, overrideName);
        }
        if (!embeddedOnly) {
            Path onPath = searchPath();
            if (onPath != null) {
                return check(onPath, "PATH");
            }
        }
        return check(extractEmbedded(), "embedded-redis jar");
    }

    private static @Nullable Path searchPath() {
        String pathVariable = System.getenv("PATH");
        if (pathVariable == null) {
            return null;
        }
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Paths.get(dir, "redis-server");
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** The resource name of the binary embedded-redis ships for this OS and CPU. */
    static String embeddedResource() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        boolean arm = arch.equals("aarch64") || arch.equals("arm64");
        boolean amd64 = arch.equals("amd64") || arch.equals("x86_64");
        if (os.contains("linux") && amd64) {
            return "redis-server-6.2.6-v5-linux-amd64";
        }
        if (os.contains("linux") && arm) {
            return "redis-server-6.2.7-linux-arm64";
        }
        if (os.contains("linux") && (arch.equals("x86") || arch.equals("i386"))) {
            return "redis-server-6.2.7-linux-386";
        }
        if (os.contains("mac") && amd64) {
            return "redis-server-6.2.6-v5-darwin-amd64";
        }
        if (os.contains("mac") && arm) {
            return "redis-server-6.2.6-v5-darwin-arm64";
        }
        throw new TestkitException("no redis-server on the PATH and embedded-redis ships none for "
                + os + "/" + arch + "; install Redis 6.2+ or set " + OVERRIDE_ENV);
    }

    private static Path extractEmbedded() {
        String resource = embeddedResource();
        URL url = RedisBinary.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new TestkitException("no redis-server on the PATH and resource " + resource
                    + " is not on the classpath (is com.github.codemonstur:embedded-redis a dependency?)");
        }
        try {
            URLConnection connection = url.openConnection();
            long size = connection.getContentLengthLong();
            // The size in the name tells versions apart without hashing 10 MB on every run.
            Path target = WorkDirs.cache("redis").resolve(resource + "-" + size);
            if (Files.isExecutable(target) && Files.size(target) == size) {
                return target;
            }
            Path partial = Files.createTempFile(target.getParent(), resource, ".part");
            try (InputStream in = connection.getInputStream()) {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rwxr-xr-x"));
            // Several test JVMs may extract at once; a rename makes the file appear complete.
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException e) {
            throw new TestkitException("cannot extract " + resource + ": " + e, e);
        }
    }

    private static RedisBinary check(Path path, String origin) {
        String output;
        try {
            Process process = new ProcessBuilder(path.toString(), "--version").redirectErrorStream(true).start();
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new TestkitException(path + " --version failed: " + output);
            }
        } catch (IOException e) {
            throw new TestkitException("cannot run " + path + " (from " + origin + "): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestkitException("interrupted while checking " + path, e);
        }
        Matcher matcher = VERSION.matcher(output);
        if (!matcher.find()) {
            throw new TestkitException(path + " --version printed no version: " + output);
        }
        int major = Integer.parseInt(matcher.group(1));
        int minor = Integer.parseInt(matcher.group(2));
        if (major < 6) {
            throw new TestkitException(path + " is Redis " + matcher.group().substring(2)
                    + "; the testkit needs 6.0+ (ACL users, TLS)");
        }
        return new RedisBinary(path, origin, matcher.group().substring(2), major, minor);
    }
}
