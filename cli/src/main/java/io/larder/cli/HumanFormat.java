package io.larder.cli;

import java.time.Duration;
import java.util.Locale;

/** How counts, rates, durations and text widths read on a terminal. Stateless. */
final class HumanFormat {
    private HumanFormat() {
    }

    /** {@code 12,345}. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** Items per second, {@code 12,345/s}; {@code -} before any time has passed. */
    static String rate(long items, Duration elapsed) {
        long nanos = elapsed.toNanos();
        return nanos <= 0 ? "-/s" : count(Math.round(items * 1e9 / nanos)) + "/s";
    }

    /** {@code 0.4 s}, {@code 12 s}, {@code 3:07}, {@code 1:02:03}. */
    static String duration(Duration d) {
        long millis = d.toMillis();
        if (millis < 10_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long s = d.toSeconds();
        if (s < 60) {
            return s + " s";
        }
        return s < 3600 ? String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }

    /** {@code 1.2 MB}: binary units, as the configuration's sizes. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** How many terminal columns a code point takes: two for East Asian wide forms and most emoji, else one. */
    static int columns(int cp) {
        boolean wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF && cp != 0x303F)
                || (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F)
                || (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F)
                || (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD);
        return wide ? 2 : Character.getType(cp) == Character.NON_SPACING_MARK || cp == 0x200D || (cp >= 0xFE00 && cp <= 0xFE0F)
                ? 0 : 1;
    }

    /** {@code text} cut to at most {@code width} terminal columns, an ellipsis marking the cut. */
    static String clip(String text, int width) {
        if (text.codePoints().map(HumanFormat::columns).sum() <= width) {
            return text;
        }
        int used = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int w = columns(cp);
            if (used + w > width - 1) {
                return text.substring(0, i) + "…";
            }
            used += w;
            i += Character.charCount(cp);
        }
        return text;
    }
}
