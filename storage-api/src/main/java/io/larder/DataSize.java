package io.larder;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An amount of bytes, as configuration states it: {@code 512B}, {@code 4KB}, {@code 1MB}
 * (binary multiples: 1KB = 1024 B).
 *
 * @param bytes the amount in bytes, never negative
 */
public record DataSize(long bytes) {
    private static final Pattern FORM = Pattern.compile("(\\d+)\\s*(B|KB|K|MB|M|GB|G)?", Pattern.CASE_INSENSITIVE);

    /** Refuses a negative size. */
    public DataSize {
        if (bytes < 0) {
            throw new IllegalArgumentException("a size cannot be negative: " + bytes);
        }
    }

    /** A size in bytes. */
    public static DataSize ofBytes(long bytes) {
        return new DataSize(bytes);
    }

    /** Parses {@code 512B}, {@code 4KB}, {@code 1MB}, {@code 2GB} or a bare number of bytes. */
    public static DataSize parse(String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size: '" + text + "' (expected e.g. 512B, 4KB, 1MB)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        return switch (unit) {
            case "B" -> new DataSize(n);
            case "KB", "K" -> new DataSize(Math.multiplyExact(n, 1024L));
            case "MB", "M" -> new DataSize(Math.multiplyExact(n, 1024L * 1024));
            default -> new DataSize(Math.multiplyExact(n, 1024L * 1024 * 1024));
        };
    }

    @Override
    public String toString() {
        return bytes + "B";
    }
}
