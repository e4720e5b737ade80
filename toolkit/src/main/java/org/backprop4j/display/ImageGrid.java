package org.backprop4j.display;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

import org.backprop4j.array.DType;
import org.backprop4j.tensor.Tensor;

/**
 * A batch of images laid out as a grid in one PNG, like torchvision's {@code make_grid}: grayscale or RGB, each
 * tile optionally captioned (a label, a prediction).
 *
 * {@snippet file="DataDisplaySnippets.java" region="imageGrid"}
 *
 * Shape: {@code [N, C, H, W]} with C = 1 (gray) or 3 (RGB), {@code [N, H, W]} (gray), or {@code [H, W]} (one image).
 * Values map to intensity through a range: [0, 1] when all values lie in it, [0, 255] when they lie in that and
 * some exceed 1, else the batch's minimum to maximum; {@link #withRange} fixes it.
 */
public final class ImageGrid implements Displayable {
    private static final int MIN_TILE = 64;
    private static final int MAX_SCALE = 8;

    private final float[] values;
    private final int n;
    private final int channels;
    private final int height;
    private final int width;
    private final String shape;
    private final int columns;
    private final int padding;
    private final int scale;
    private final double low;
    private final double high;
    private final List<String> labels;

    private ImageGrid(float[] values, int n, int channels, int height, int width, String shape, int columns,
            int padding, int scale, double low, double high, List<String> labels) {
        this.values = values;
        this.n = n;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.shape = shape;
        this.columns = columns;
        this.padding = padding;
        this.scale = scale;
        this.low = low;
        this.high = high;
        this.labels = labels;
    }

    /**
     * A grid of the images in {@code images}: up to 8 per row, 2 pixels apart, each scaled up by a whole factor
     * to at least 64 pixels (at most 8x).
     *
     * @throws IllegalArgumentException if the shape is none of those above, or the batch is empty
     */
    public static ImageGrid of(Tensor images) {
        int[] s = images.shape().toArray();
        int n;
        int c;
        int h;
        int w;
        switch (s.length) {
            case 2 -> { n = 1; c = 1; h = s[0]; w = s[1]; }
            case 3 -> { n = s[0]; c = 1; h = s[1]; w = s[2]; }
            case 4 -> { n = s[0]; c = s[1]; h = s[2]; w = s[3]; }
            default -> throw shapeError(images);
        }
        if ((c != 1 && c != 3) || n == 0 || h == 0 || w == 0) {
            throw shapeError(images);
        }
        float[] v = images.toFloatArray();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (float x : v) {
            if (Float.isFinite(x)) {
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
        }
        double rangeLow;
        double rangeHigh;
        if (images.dtype() == DType.BOOL || (lo >= 0 && hi <= 1)) {
            rangeLow = 0;
            rangeHigh = 1;
        } else if (lo >= 0 && hi <= 255) {
            rangeLow = 0;
            rangeHigh = 255;
        } else if (lo < hi) {
            rangeLow = lo;
            rangeHigh = hi;
        } else {
            rangeLow = lo - 0.5;
            rangeHigh = lo + 0.5;
        }
        int scale = Math.clamp(MIN_TILE / Math.max(1, Math.max(h, w)), 1, MAX_SCALE);
        return new ImageGrid(v, n, c, h, w, images.shape().toString(), Math.min(n, 8), 2, scale, rangeLow, rangeHigh,
                List.of());
    }

    private static IllegalArgumentException shapeError(Tensor images) {
        return new IllegalArgumentException("ImageGrid.of: expected images as [N, C, H, W] with C 1 or 3, [N, H, W] "
                + "or [H, W], none of them empty; got " + images.shape());
    }

    /** @throws IllegalArgumentException unless {@code columns >= 1} */
    public ImageGrid withColumns(int newColumns) {
        if (newColumns < 1) {
            throw new IllegalArgumentException("ImageGrid.withColumns: need at least 1 column, got " + newColumns);
        }
        return new ImageGrid(values, n, channels, height, width, shape, Math.min(newColumns, n), padding, scale, low,
                high, labels);
    }

    /** Pixels (before scaling) between tiles. @throws IllegalArgumentException if negative */
    public ImageGrid withPadding(int newPadding) {
        if (newPadding < 0) {
            throw new IllegalArgumentException("ImageGrid.withPadding: padding must be >= 0, got " + newPadding);
        }
        return new ImageGrid(values, n, channels, height, width, shape, columns, newPadding, scale, low, high, labels);
    }

    /** Each image pixel drawn as {@code s x s} pixels. @throws IllegalArgumentException unless 1 &lt;= s &lt;= 32 */
    public ImageGrid withScale(int s) {
        if (s < 1 || s > 32) {
            throw new IllegalArgumentException("ImageGrid.withScale: scale must be in [1, 32], got " + s);
        }
        return new ImageGrid(values, n, channels, height, width, shape, columns, padding, s, low, high, labels);
    }

    /** Maps {@code lowValue} to black and {@code highValue} to full intensity. @throws IllegalArgumentException unless low &lt; high */
    public ImageGrid withRange(double lowValue, double highValue) {
        if (!(lowValue < highValue)) {
            throw new IllegalArgumentException("ImageGrid.withRange: need low < high, got [" + lowValue + ", "
                    + highValue + "]");
        }
        return new ImageGrid(values, n, channels, height, width, shape, columns, padding, scale, lowValue, highValue,
                labels);
    }

    /** A caption under each image. @throws IllegalArgumentException unless there is one label per image */
    public ImageGrid withLabels(List<String> newLabels) {
        if (newLabels.size() != n) {
            throw new IllegalArgumentException("ImageGrid.withLabels: " + newLabels.size() + " labels for " + n
                    + " images");
        }
        return new ImageGrid(values, n, channels, height, width, shape, columns, padding, scale, low, high,
                List.copyOf(newLabels));
    }

    @Override
    public MimeBundle toMimeBundle() {
        int rowsOfTiles = (n + columns - 1) / columns;
        int tileW = width * scale;
        int tileH = height * scale;
        int gap = padding * scale;
        int captionH = labels.isEmpty() ? 0 : 14;
        int gridW = columns * tileW + (columns + 1) * gap;
        int gridH = rowsOfTiles * (tileH + captionH) + (rowsOfTiles + 1) * gap;

        BufferedImage image = new BufferedImage(gridW, gridH, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(labels.isEmpty() ? Color.BLACK : Color.WHITE);
            g.fillRect(0, 0, gridW, gridH);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            FontMetrics fm = g.getFontMetrics();
            for (int k = 0; k < n; k++) {
                int x0 = gap + (k % columns) * (tileW + gap);
                int y0 = gap + (k / columns) * (tileH + captionH + gap);
                g.drawImage(tile(k), x0, y0, tileW, tileH, null);
                if (!labels.isEmpty()) {
                    String label = labels.get(k);
                    while (label.length() > 1 && fm.stringWidth(label) > tileW) {
                        label = label.substring(0, label.length() - 1);
                    }
                    g.setColor(Color.DARK_GRAY);
                    g.drawString(label, x0 + (tileW - fm.stringWidth(label)) / 2, y0 + tileH + 11);
                }
            }
        } finally {
            g.dispose();
        }
        String text = "ImageGrid of " + n + " image" + (n == 1 ? "" : "s") + " " + height + "x" + width
                + (channels == 3 ? " RGB" : " gray") + " from Tensor " + shape + ", range ["
                + String.format(Locale.ROOT, "%g, %g", low, high) + "]";
        return MimeBundle.ofText(text).withPng(Images.png(image), gridW, gridH);
    }

    private BufferedImage tile(int k) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int plane = height * width;
        int base = k * channels * plane;
        double span = high - low;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = y * width + x;
                int r = intensity(values[base + p], span);
                int rgb;
                if (channels == 3) {
                    rgb = r << 16 | intensity(values[base + plane + p], span) << 8
                            | intensity(values[base + 2 * plane + p], span);
                } else {
                    rgb = r << 16 | r << 8 | r;
                }
                img.setRGB(x, y, rgb);
            }
        }
        return img;
    }

    private int intensity(float v, double span) {
        if (Float.isNaN(v)) {
            return 0;
        }
        return (int) Math.round(255 * Math.clamp((v - low) / span, 0.0, 1.0));
    }
}
