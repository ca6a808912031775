package io.larder.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The machine a run measured, for the report: cores, memory, CPU model, the JVM and the Redis
 * server.
 *
 * @param cores available processors
 * @param memory total memory as {@code /proc/meminfo} gives it
 * @param cpu the CPU model
 * @param java the first lines of {@code java -version}
 * @param os the operating system
 */
record Machine(int cores, String memory, String cpu, String java, String os) {

    static Machine describe() {
        return new Machine(Runtime.getRuntime().availableProcessors(), gib(procField("/proc/meminfo", "MemTotal")),
                procField("/proc/cpuinfo", "model name"), javaVersion(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    }

    /** The load average over 1, 5 and 15 minutes, as {@code /proc/loadavg} gives it, or "unknown". */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).split(" ");
            return parts[0] + ", " + parts[1] + ", " + parts[2];
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            return "unknown";
        }
    }

    /** {@code 24684084 kB} as {@code 23.5 GiB}. */
    private static String gib(String meminfo) {
        String[] parts = meminfo.split("\\s+");
        if (parts.length == 2 && parts[1].equals("kB")) {
            return String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(parts[0]) / 1024.0 / 1024.0);
        }
        return meminfo;
    }

    private static String procField(String file, String name) {
        try {
            for (String line : Files.readAllLines(Path.of(file), StandardCharsets.UTF_8)) {
                if (line.startsWith(name)) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException e) {
            // not Linux: the report says so
        }
        return "unknown";
    }

    private static String javaVersion() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        try {
            Process p = new ProcessBuilder(java.toString(), "-version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            List<String> lines = out.lines().toList();
            return String.join("; ", lines);
        } catch (IOException e) {
            return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return System.getProperty("java.runtime.version");
        }
    }
}
