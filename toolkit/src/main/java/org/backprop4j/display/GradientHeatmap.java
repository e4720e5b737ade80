package org.backprop4j.display;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.backprop4j.diagnostics.GradientSnapshot;
import org.backprop4j.diagnostics.LayerStats;

/**
 * Per-layer gradient norms over recorded steps as coloured cells (viridis on a log scale): one row per
 * layer, input side at the top, labelled with its path; one column per snapshot, or per group of consecutive
 * snapshots (their mean log10 norm) when there are more than {@value #MAX_COLUMNS}. NaN or infinite norms show
 * magenta, layers without a gradient light gray. Made by {@link GradientPlots#normHeatmap}.
 */
public final class GradientHeatmap implements Displayable {
    static final int MAX_COLUMNS = 400;
    private static final int SCALE = 2;

    private final List<String> rows;
    /** log10 norms, [row][column]; NaN where a norm was NaN or infinite (magenta) or absent ({@code missing}). */
    private final double[][] values;
    private final boolean[][] missing;
    private final long firstStep;
    private final long lastStep;
    private final int snapshots;
    private final double low;
    private final double high;

    private GradientHeatmap(List<String> rows, double[][] values, boolean[][] missing, long firstStep, long lastStep,
            int snapshots, double low, double high) {
        this.rows = rows;
        this.values = values;
        this.missing = missing;
        this.firstStep = firstStep;
        this.lastStep = lastStep;
        this.snapshots = snapshots;
        this.low = low;
        this.high = high;
    }

    static GradientHeatmap of(List<GradientSnapshot> history) {
        if (history.isEmpty()) {
            throw new IllegalArgumentException("GradientPlots.normHeatmap: no snapshots; record(step) after each "
                    + "backward pass first");
        }
        Map<String, Integer> index = new LinkedHashMap<>();
        for (LayerStats l : history.getLast().layers()) {
            index.put(l.path(), index.size());
        }
        for (GradientSnapshot s : history) {
            for (LayerStats l : s.layers()) {
                index.putIfAbsent(l.path(), index.size());
            }
        }
        int group = (history.size() + MAX_COLUMNS - 1) / MAX_COLUMNS;
        int cols = (history.size() + group - 1) / group;
        double[][] sum = new double[index.size()][cols];
        int[][] count = new int[index.size()][cols];
        boolean[][] bad = new boolean[index.size()][cols];
        for (int k = 0; k < history.size(); k++) {
            for (LayerStats l : history.get(k).layers()) {
                int r = index.get(l.path());
                if (!l.hasGradient()) {
                    continue;
                }
                if (!Double.isFinite(l.gradNorm())) {
                    bad[r][k / group] = true;
                } else {
                    sum[r][k / group] += Math.log10(Math.max(l.gradNorm(), Double.MIN_NORMAL));
                    count[r][k / group]++;
                }
            }
        }
        double[][] values = new double[index.size()][cols];
        boolean[][] missing = new boolean[index.size()][cols];
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < values.length; r++) {
            for (int c = 0; c < cols; c++) {
                missing[r][c] = count[r][c] == 0 && !bad[r][c];
                values[r][c] = bad[r][c] || count[r][c] == 0 ? Double.NaN : sum[r][c] / count[r][c];
                if (!Double.isNaN(values[r][c])) {
                    lo = Math.min(lo, values[r][c]);
                    hi = Math.max(hi, values[r][c]);
                }
            }
        }
        if (lo > hi) {
            lo = -1;
            hi = 0;
        } else if (lo == hi) {
            lo -= 0.5;
            hi += 0.5;
        }
        List<String> names = new ArrayList<>();
        index.keySet().forEach(p -> names.add(p.isEmpty() ? "(model)" : p));
        return new GradientHeatmap(names, values, missing, history.getFirst().step(), history.getLast().step(),
                history.size(), lo, hi);
    }

    /** The layer labels, top to bottom. */
    public List<String> rows() {
        return List.copyOf(rows);
    }

    /** Columns drawn: one per snapshot, or per group of snapshots beyond {@value #MAX_COLUMNS}. */
    public int columns() {
        return values.length == 0 ? 0 : values[0].length;
    }

    @Override
    public MimeBundle toMimeBundle() {
        Font small = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        FontMetrics fm = pg.getFontMetrics(small);
        int labelWidth = rows.stream().mapToInt(fm::stringWidth).max().orElse(0);
        pg.dispose();
        int cols = columns();
        int cellW = Math.clamp(480 / Math.max(cols, 1), 1, 24);
        int cellH = Math.clamp(300 / Math.max(rows.size(), 1), 6, 22);
        int left = labelWidth + 12;
        int top = 30;
        int plotW = cols * cellW;
        int plotH = rows.size() * cellH;
        int barX = left + plotW + 14;
        int width = barX + 14 + 60;
        int height = top + Math.max(plotH, 60) + 36;

        BufferedImage image = new BufferedImage(width * SCALE, height * SCALE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.scale(SCALE, SCALE);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            for (int r = 0; r < rows.size(); r++) {
                for (int c = 0; c < cols; c++) {
                    g.setColor(missing[r][c] ? new Color(0xDDDDDD)
                            : new Color(Colormap.VIRIDIS.rgb((values[r][c] - low) / (high - low))));
                    g.fillRect(left + c * cellW, top + r * cellH, cellW, cellH);
                }
            }
            g.setColor(Color.GRAY);
            g.drawRect(left, top, plotW, plotH);
            g.setColor(new Color(0x222222));
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            g.drawString("Gradient norm by layer (log colour scale)", 8, 18);
            g.setFont(small);
            for (int r = 0; r < rows.size(); r++) {
                g.drawString(rows.get(r), left - 6 - fm.stringWidth(rows.get(r)),
                        top + r * cellH + cellH / 2 + fm.getAscent() / 2 - 1);
            }
            String first = "step " + firstStep;
            String last = Long.toString(lastStep);
            g.drawString(first, left, top + plotH + 14);
            g.drawString(last, left + plotW - fm.stringWidth(last), top + plotH + 14);
            if (cols < snapshots) {
                g.drawString("(" + snapshots + " snapshots, " + (snapshots + cols - 1) / cols + " per column)", left,
                        top + plotH + 28);
            }
            int barH = Math.max(plotH, 60);
            for (int y = 0; y < barH; y++) {
                g.setColor(new Color(Colormap.VIRIDIS.rgb(1 - (double) y / (barH - 1))));
                g.fillRect(barX, top + y, 12, 1);
            }
            g.setColor(Color.GRAY);
            g.drawRect(barX, top, 12, barH);
            g.setColor(new Color(0x222222));
            g.drawString(power(high), barX + 16, top + fm.getAscent());
            g.drawString(power(low), barX + 16, top + barH);
        } finally {
            g.dispose();
        }
        return MimeBundle.ofText(describe()).withPng(Images.png(image), width, height);
    }

    private static String power(double log10) {
        return Heatmap.number(Math.pow(10, log10));
    }

    private String describe() {
        return "Gradient norm heatmap: " + rows.size() + " layers x " + snapshots + " snapshots (steps " + firstStep
                + " to " + lastStep + (columns() < snapshots ? ", " + columns() + " columns" : "") + "), norms from "
                + power(low) + " to " + power(high);
    }

    @Override
    public String toString() {
        return describe();
    }
}
