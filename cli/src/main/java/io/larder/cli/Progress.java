package io.larder.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Shows how far long work is. On a terminal: one line redrawn in place with {@code \r} (a bar
 * when the total is known, the count, the rate and the time so far), wiped when the work ends so
 * the command's summary takes its place. Elsewhere (a pipe, a log file, CI): a plain line every
 * 5 seconds or every 100,000 items, whichever comes first. Each report is also where long work
 * stops when the process is told to ({@link Interruption#check()}). Not thread-safe: the working
 * thread reports.
 */
final class Progress implements AutoCloseable {
    static final long PLAIN_EVERY_ITEMS = 100_000;
    static final long PLAIN_EVERY_NANOS = 5_000_000_000L;
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final long FIRST_DRAW_NANOS = 300_000_000L;      // quick work never flickers a bar
    private static final int BAR_WIDTH = 24;

    private final PrintWriter err;
    private final boolean terminal;
    private final String label;
    private final String unit;
    private final LongSupplier nanoClock;
    private final long started;
    private long done;
    private double fraction = Double.NaN;
    private long lastDraw;
    private long lastPlainItems;
    private int drawnWidth;

    Progress(PrintWriter err, boolean terminal, String label, String unit, LongSupplier nanoClock) {
        this.err = err;
        this.terminal = terminal;
        this.label = label;
        this.unit = unit;
        this.nanoClock = nanoClock;
        this.started = nanoClock.getAsLong();
        this.lastDraw = started;
    }

    /** Progress on {@code err}, a bar when this process has a console. */
    static Progress start(PrintWriter err, String label, String unit) {
        return new Progress(err, System.console() != null, label, unit, System::nanoTime);
    }

    /** {@code n} more items done. */
    void advance(long n) {
        update(done + n, fraction);
    }

    /** {@code count} items done, and {@code fraction} (0..1) of the whole, or NaN when the whole is unknown. */
    void update(long count, double fraction) {
        Interruption.check();
        this.done = count;
        this.fraction = fraction;
        long now = nanoClock.getAsLong();
        if (terminal) {
            if (now - started >= FIRST_DRAW_NANOS && now - lastDraw >= REDRAW_NANOS) {
                draw(now);
            }
        } else if (now - lastDraw >= PLAIN_EVERY_NANOS || done - lastPlainItems >= PLAIN_EVERY_ITEMS) {
            err.println(label + ": " + status(now));
            err.flush();
            lastDraw = now;
            lastPlainItems = done - done % PLAIN_EVERY_ITEMS;
        }
    }

    /** Items done so far. */
    long done() {
        return done;
    }

    /** Time since the start. */
    Duration elapsed() {
        return Duration.ofNanos(nanoClock.getAsLong() - started);
    }

    /** Wipes the bar (a terminal); plain lines stay as a log. */
    @Override
    public void close() {
        if (terminal && drawnWidth > 0) {
            err.print("\r" + " ".repeat(drawnWidth) + "\r");
            err.flush();
            drawnWidth = 0;
        }
    }

    private void draw(long now) {
        StringBuilder line = new StringBuilder(label).append(' ');
        if (!Double.isNaN(fraction)) {
            double f = Math.max(0, Math.min(1, fraction));
            int full = (int) Math.round(f * BAR_WIDTH);
            line.append('[').append("█".repeat(full)).append("░".repeat(BAR_WIDTH - full)).append("] ");
        }
        line.append(status(now));
        int width = line.length();
        err.print("\r" + line + " ".repeat(Math.max(0, drawnWidth - width)));
        err.flush();
        drawnWidth = width;
        lastDraw = now;
    }

    private String status(long now) {
        Duration elapsed = Duration.ofNanos(now - started);
        String percent = Double.isNaN(fraction) ? "" : Math.round(Math.max(0, Math.min(1, fraction)) * 100) + "%  ";
        return percent + HumanFormat.count(done) + " " + unit + "  " + HumanFormat.rate(done, elapsed) + "  "
                + HumanFormat.duration(elapsed);
    }
}
