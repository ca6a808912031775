package io.larder.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.Function;
import javax.imageio.ImageIO;

/**
 * Draws the report's chart with plain {@code java.awt} (headless): top, each Larder subject's
 * throughput over its raw driver's, with the targets; bottom, each Redis subject's throughput over
 * the server's ceiling measured by redis-benchmark.
 */
final class RatioChart {
    private static final int WIDTH = 1500;
    private static final int PANEL = 430;
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b)};

    private record Series(String name, Function<Step, OptionalDouble> value) {
    }

    private final Results results;

    RatioChart(Results results) {
        this.results = results;
    }

    void write(Path file) {
        BufferedImage image = new BufferedImage(WIDTH, 2 * PANEL + 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        List<Step> cells = results.cells().stream().filter(results::comparesToRaw).toList();
        panel(g, 20, "Throughput ÷ the raw driver it runs on (dashed: targets 0.9 single, 0.8 batch)", cells, List.of(
                new Series("larder-lettuce ÷ raw-lettuce", c -> results.ratio(c, Subject.LARDER_LETTUCE, Subject.RAW_LETTUCE)),
                new Series("larder-jedis ÷ raw-jedis", c -> results.ratio(c, Subject.LARDER_JEDIS, Subject.RAW_JEDIS)),
                new Series("spring-lettuce ÷ raw-lettuce", c -> results.ratio(c, Subject.SPRING_LETTUCE, Subject.RAW_LETTUCE))),
                new double[] {1.0, Report.SINGLE_TARGET, Report.BATCH_TARGET});
        List<Step> capped = cells.stream().filter(c -> results.ceiling(c).isPresent()).toList();
        List<Series> ceiling = new ArrayList<>();
        for (Subject s : List.of(Subject.LARDER_LETTUCE, Subject.LARDER_JEDIS, Subject.RAW_LETTUCE, Subject.RAW_JEDIS,
                Subject.SPRING_LETTUCE, Subject.REDISSON)) {
            ceiling.add(new Series(s.id(), c -> results.ofCeiling(c.with(s))));
        }
        panel(g, PANEL + 40, capped.isEmpty() ? "Throughput ÷ server ceiling: redis-benchmark not available"
                : "Throughput ÷ the server's ceiling (redis-benchmark -c t -P 1; batches -c 1 -P 1000)", capped, ceiling,
                new double[] {1.0});
        g.dispose();
        try {
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void panel(Graphics2D g, int top, String title, List<Step> cells, List<Series> series, double[] lines) {
        int left = 70;
        int right = WIDTH - 20;
        int plotTop = top + 50;
        int plotBottom = top + PANEL - 70;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, left, top + 18);
        double max = 1.2;
        for (Step c : cells) {
            for (Series s : series) {
                OptionalDouble v = s.value.apply(c);
                if (v.isPresent()) {
                    max = Math.max(max, v.getAsDouble() * 1.08);
                }
            }
        }
        max = Math.ceil(max * 5) / 5;
        double scale = (plotBottom - plotTop) / max;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (double y = 0; y <= max + 1e-9; y += max > 3 ? 1 : 0.2) {
            int py = plotBottom - (int) Math.round(y * scale);
            g.setColor(new Color(0xe8e8e8));
            g.drawLine(left, py, right, py);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%.1f", y), left - 35, py + 4);
        }
        int legendX = left;
        for (int i = 0; i < series.size(); i++) {
            g.setColor(COLORS[i % COLORS.length]);
            g.fillRect(legendX, top + 28, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(series.get(i).name, legendX + 16, top + 39);
            legendX += g.getFontMetrics().stringWidth(series.get(i).name) + 40;
        }
        if (cells.isEmpty()) {
            return;
        }
        double groupWidth = (double) (right - left) / cells.size();
        double barWidth = Math.max(2, (groupWidth - 14) / series.size());
        for (int c = 0; c < cells.size(); c++) {
            double x0 = left + c * groupWidth + 7;
            for (int i = 0; i < series.size(); i++) {
                OptionalDouble v = series.get(i).value.apply(cells.get(c));
                if (v.isEmpty()) {
                    continue;
                }
                int h = (int) Math.round(v.getAsDouble() * scale);
                g.setColor(COLORS[i % COLORS.length]);
                g.fillRect((int) (x0 + i * barWidth), plotBottom - h, (int) Math.max(1, barWidth - 2), h);
            }
            g.setColor(Color.BLACK);
            String[] label = cells.get(c).cell().replace(" of a big group", "").split(" ");
            int ly = plotBottom + 16;
            for (String part : label) {
                g.drawString(part, (int) (x0 + (groupWidth - 14 - g.getFontMetrics().stringWidth(part)) / 2), ly);
                ly += 14;
            }
        }
        g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
        for (double y : lines) {
            int py = plotBottom - (int) Math.round(y * scale);
            g.setColor(y == 1.0 ? Color.BLACK : new Color(0xcc0000));
            g.drawLine(left, py, right, py);
        }
        g.setStroke(new BasicStroke(1));
        g.setColor(Color.BLACK);
        g.drawLine(left, plotBottom, right, plotBottom);
    }
}
