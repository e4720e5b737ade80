package org.backprop4j.display;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Locale;

import org.backprop4j.tensor.Tensor;

/**
 * A matrix drawn as coloured cells with a colour bar: a picture of a weight matrix, an attention map or a
 * gradient. Values outside the range clamp to its ends; NaN shows magenta. A matrix larger than
 * {@value #MAX_CELLS} cells along a side is shown averaged over square blocks.
 *
 * {@snippet file="DataDisplaySnippets.java" region="heatmap"}
 *
 * Shape: {@code [rows, columns]}, or {@code [n]} shown as one row.
 */
public final class Heatmap implements Displayable {
    static final int MAX_CELLS = 512;
    private static final int TARGET_SIZE = 360;
    private static final int SCALE = 2;

    private final double[] values;
    private final int rows;
    private final int cols;
    private final int sourceRows;
    private final int sourceCols;
    private final String description;
    private final String title;
    private final Colormap colormap;
    private final double min;
    private final double max;

    private Heatmap(double[] values, int rows, int cols, int sourceRows, int sourceCols, String description,
            String title, Colormap colormap, double min, double max) {
        this.values = values;
        this.rows = rows;
        this.cols = cols;
        this.sourceRows = sourceRows;
        this.sourceCols = sourceCols;
        this.description = description;
        this.title = title;
        this.colormap = colormap;
        this.min = min;
        this.max = max;
    }

    /**
     * A heatmap of {@code matrix}: {@link Colormap#COOLWARM} centred on zero when it holds both signs, else
     * {@link Colormap#VIRIDIS} from its minimum to its maximum.
     *
     * @throws IllegalArgumentException if {@code matrix} is not 1-D or 2-D, or is empty
     */
    public static Heatmap of(Tensor matrix) {
        if (matrix.dim() < 1 || matrix.dim() > 2 || matrix.numel() == 0) {
            throw new IllegalArgumentException("Heatmap.of: expected a non-empty 1-D or 2-D tensor, got shape "
                    + matrix.shape() + (matrix.dim() > 2 ? "; pick a matrix first, e.g. t.select(0, 0)" : ""));
        }
        int r = matrix.dim() == 2 ? matrix.size(0) : 1;
        int c = matrix.size(-1);
        int k = Math.max(1, (Math.max(r, c) + MAX_CELLS - 1) / MAX_CELLS);
        double[] v = pool(matrix.toDoubleArray(), r, c, k);
        int pr = (r + k - 1) / k;
        int pc = (c + k - 1) / k;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            if (Double.isFinite(x)) {
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
        }
        if (lo > hi) {
            lo = 0;
            hi = 1;
        }
        Colormap cm = lo < 0 && hi > 0 ? Colormap.COOLWARM : Colormap.VIRIDIS;
        if (cm == Colormap.COOLWARM) {
            hi = Math.max(-lo, hi);
            lo = -hi;
        }
        String what = "Heatmap of Tensor " + matrix.shape() + " " + matrix.dtype()
                + (k > 1 ? ", averaged over " + k + "x" + k + " blocks" : "");
        return new Heatmap(v, pr, pc, r, c, what, null, cm, lo, hi);
    }

    /** Averages {@code k x k} blocks (the last ones may be smaller); {@code k == 1} returns the values as they are. */
    private static double[] pool(double[] v, int r, int c, int k) {
        if (k == 1) {
            return v;
        }
        int pr = (r + k - 1) / k;
        int pc = (c + k - 1) / k;
        double[] out = new double[pr * pc];
        int[] count = new int[pr * pc];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                int o = (i / k) * pc + j / k;
                out[o] += v[i * c + j];
                count[o]++;
            }
        }
        for (int o = 0; o < out.length; o++) {
            out[o] /= count[o];
        }
        return out;
    }

    public Heatmap withTitle(String newTitle) {
        return new Heatmap(values, rows, cols, sourceRows, sourceCols, description, newTitle, colormap, min, max);
    }

    public Heatmap withColormap(Colormap newColormap) {
        return new Heatmap(values, rows, cols, sourceRows, sourceCols, description, title, newColormap, min, max);
    }

    /**
     * Maps {@code low} to the colormap's first colour and {@code high} to its last.
     *
     * @throws IllegalArgumentException unless {@code low < high}, both finite
     */
    public Heatmap withRange(double low, double high) {
        if (!(low < high) || !Double.isFinite(low) || !Double.isFinite(high)) {
            throw new IllegalArgumentException("Heatmap.withRange: need finite low < high, got [" + low + ", "
                    + high + "]");
        }
        return new Heatmap(values, rows, cols, sourceRows, sourceCols, description, title, colormap, low, high);
    }

    @Override
    public MimeBundle toMimeBundle() {
        int cell = Math.clamp(TARGET_SIZE / Math.max(rows, cols), 1, 40);
        int plotW = cols * cell;
        int plotH = rows * cell;
        int left = 44;
        int top = title == null ? 10 : 30;
        int barX = left + plotW + 14;
        int width = barX + 14 + 70;
        int height = top + Math.max(plotH, 60) + 24;

        BufferedImage image = new BufferedImage(width * SCALE, height * SCALE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.scale(SCALE, SCALE);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            g.drawImage(cells(), left, top, plotW, plotH, null);
            g.setColor(Color.GRAY);
            g.drawRect(left, top, plotW, plotH);

            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            FontMetrics fm = g.getFontMetrics();
            g.setColor(Color.DARK_GRAY);
            if (title != null) {
                g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
                g.drawString(title, left, 18);
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            }
            String lastRow = Integer.toString(sourceRows - 1);
            g.drawString("0", left - 6 - fm.stringWidth("0"), top + fm.getAscent());
            g.drawString(lastRow, left - 6 - fm.stringWidth(lastRow), top + plotH);
            g.drawString("0", left, top + plotH + 14);
            String lastCol = Integer.toString(sourceCols - 1);
            g.drawString(lastCol, left + plotW - fm.stringWidth(lastCol), top + plotH + 14);

            int barH = Math.max(plotH, 60);
            for (int y = 0; y < barH; y++) {
                g.setColor(new Color(colormap.rgb(1 - (double) y / (barH - 1))));
                g.fillRect(barX, top + y, 12, 1);
            }
            g.setColor(Color.GRAY);
            g.drawRect(barX, top, 12, barH);
            g.setColor(Color.DARK_GRAY);
            g.drawString(number(max), barX + 16, top + fm.getAscent());
            g.drawString(number((min + max) / 2), barX + 16, top + barH / 2 + fm.getAscent() / 2);
            g.drawString(number(min), barX + 16, top + barH);
        } finally {
            g.dispose();
        }
        String text = description + ", colour range [" + number(min) + ", " + number(max) + "] "
                + colormap.name().toLowerCase(Locale.ROOT) + (title == null ? "" : ": " + title);
        return MimeBundle.ofText(text).withPng(Images.png(image), width, height);
    }

    private BufferedImage cells() {
        BufferedImage img = new BufferedImage(cols, rows, BufferedImage.TYPE_INT_RGB);
        double span = max - min;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                img.setRGB(j, i, colormap.rgb((values[i * cols + j] - min) / span));
            }
        }
        return img;
    }

    static String number(double x) {
        double a = Math.abs(x);
        return a != 0 && (a < 1e-3 || a >= 1e5) ? String.format(Locale.ROOT, "%.2e", x)
                : String.format(Locale.ROOT, "%.3g", x);
    }
}
