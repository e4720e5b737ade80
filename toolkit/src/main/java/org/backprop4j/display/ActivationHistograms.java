package org.backprop4j.display;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

import org.backprop4j.diagnostics.ActivationStats;
import org.backprop4j.diagnostics.GradientSnapshot;

/**
 * Small histograms of the latest output of each hooked module, in call order, {@value #COLUMNS} to a row: each
 * titled with the module's path and type, its range under the bars, its fraction of zeros and (ReLU) of dead units.
 * At most {@value #MAX_PANELS} panels; the text form lists them all. Made by {@link GradientPlots#activations}.
 */
public final class ActivationHistograms implements Displayable {
    static final int COLUMNS = 4;
    static final int MAX_PANELS = 48;
    private static final int PANEL_W = 170;
    private static final int PANEL_H = 120;
    private static final int SCALE = 2;

    private final long step;
    private final List<ActivationStats> stats;

    private ActivationHistograms(long step, List<ActivationStats> stats) {
        this.step = step;
        this.stats = stats;
    }

    static ActivationHistograms of(GradientSnapshot snapshot) {
        if (snapshot.activations().isEmpty()) {
            throw new IllegalArgumentException("GradientPlots.activations: the snapshot of step " + snapshot.step()
                    + " holds no activations; attach the GradientMonitor before the forward pass, with "
                    + "MonitorOptions.activations on");
        }
        return new ActivationHistograms(snapshot.step(), snapshot.activations());
    }

    /** The modules drawn, in call order. */
    public List<ActivationStats> panels() {
        return stats.subList(0, Math.min(stats.size(), MAX_PANELS));
    }

    @Override
    public MimeBundle toMimeBundle() {
        List<ActivationStats> shown = panels();
        int cols = Math.min(COLUMNS, shown.size());
        int gridRows = (shown.size() + COLUMNS - 1) / COLUMNS;
        int width = cols * PANEL_W + 10;
        int height = 28 + gridRows * PANEL_H;
        BufferedImage image = new BufferedImage(width * SCALE, height * SCALE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.scale(SCALE, SCALE);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(new Color(0x222222));
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            g.drawString("Activations, step " + step + (stats.size() > shown.size() ? " (first " + shown.size()
                    + " of " + stats.size() + ")" : ""), 8, 18);
            for (int i = 0; i < shown.size(); i++) {
                panel(g, shown.get(i), 5 + (i % COLUMNS) * PANEL_W, 28 + (i / COLUMNS) * PANEL_H);
            }
        } finally {
            g.dispose();
        }
        return MimeBundle.ofText(describe()).withPng(Images.png(image), width, height);
    }

    private static void panel(Graphics2D g, ActivationStats a, int x, int y) {
        Font small = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
        FontMetrics bold = g.getFontMetrics();
        String title = (a.path().isEmpty() ? "(model)" : a.path()) + " " + a.type();
        while (bold.stringWidth(title) > PANEL_W - 12 && title.length() > 4) {
            title = title.substring(0, title.length() - 2) + "\u2026";
        }
        g.setColor(new Color(0x222222));
        g.drawString(title, x + 4, y + 12);
        long[] counts = a.histogram().counts();
        long most = 1;
        for (long c : counts) {
            most = Math.max(most, c);
        }
        int plotX = x + 4;
        int plotY = y + 18;
        int plotW = PANEL_W - 14;
        int plotH = PANEL_H - 54;
        g.setColor(new Color(0xF4F4F4));
        g.fillRect(plotX, plotY, plotW, plotH);
        g.setColor(Plots.PALETTE[0]);
        for (int b = 0; b < counts.length; b++) {
            int x0 = plotX + b * plotW / counts.length;
            int x1 = plotX + (b + 1) * plotW / counts.length;
            int h = (int) Math.round((double) counts[b] / most * plotH);
            g.fillRect(x0, plotY + plotH - h, Math.max(x1 - x0 - 1, 1), h);
        }
        g.setFont(small);
        FontMetrics fm = g.getFontMetrics();
        g.setColor(Color.DARK_GRAY);
        String lo = number(a.histogram().low());
        String hi = number(a.histogram().high());
        g.drawString(lo, plotX, plotY + plotH + 11);
        g.drawString(hi, plotX + plotW - fm.stringWidth(hi), plotY + plotH + 11);
        String line = "mean " + number(a.mean()) + "  std " + number(a.std());
        g.drawString(line, plotX, plotY + plotH + 23);
        String zeros = "zeros " + percent(a.zeroFraction()) + (Double.isNaN(a.deadFraction()) ? ""
                : "  dead " + percent(a.deadFraction())) + (a.nonFinite() > 0 ? "  NaN/inf " + a.nonFinite() : "");
        if (a.nonFinite() > 0 || a.deadFraction() > 0.5) {
            g.setColor(new Color(0xD55E00));
        }
        g.drawString(zeros, plotX, plotY + plotH + 35);
    }

    private static String number(double x) {
        return x == 0 ? "0" : Heatmap.number(x);
    }

    private static String percent(double f) {
        return Math.round(100 * f) + "%";
    }

    private String describe() {
        StringBuilder sb = new StringBuilder("Activation histograms, step " + step + ":");
        for (ActivationStats a : stats) {
            sb.append("\n  ").append(a.describe()).append(' ').append(a.shape()).append(": range [")
                    .append(number(a.min())).append(", ").append(number(a.max())).append("], zeros ")
                    .append(percent(a.zeroFraction()));
            if (!Double.isNaN(a.deadFraction())) {
                sb.append(", dead units ").append(percent(a.deadFraction()));
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
