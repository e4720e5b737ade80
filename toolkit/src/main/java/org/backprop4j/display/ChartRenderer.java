package org.backprop4j.display;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;


import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * An XChart chart as PNG, drawn at {@value #SCALE}x its size and shown at its size so it stays sharp on
 * high-density screens, and as SVG on request (not by default: a scatter of many points makes a large SVG, and
 * notebooks would carry both).
 */
final class ChartRenderer implements Renderer<Chart<?, ?>> {
    static final int SCALE = 2;

    @Override
    public MimeBundle render(Chart<?, ?> chart) {
        return MimeBundle.ofText(describe(chart)).withPng(png(chart, SCALE), chart.getWidth(), chart.getHeight());
    }

    @Override
    public MimeBundle render(Chart<?, ?> chart, String mimeType) {
        MimeBundle b = render(chart);
        return mimeType.equals(MimeBundle.SVG) ? b.withSvg(svg(chart)) : b;
    }

    static String describe(Chart<?, ?> chart) {
        String title = chart.getTitle() == null || chart.getTitle().isEmpty() ? "" : " '" + chart.getTitle() + "'";
        return chart.getClass().getSimpleName() + title + " (" + chart.getWidth() + "x" + chart.getHeight() + ")";
    }

    /** The chart drawn {@code scale} times its size, as PNG bytes. */
    static byte[] png(Chart<?, ?> chart, int scale) {
        BufferedImage image = new BufferedImage(chart.getWidth() * scale, chart.getHeight() * scale,
                BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.scale(scale, scale);
            RoundTicks.drawing(chart, () -> chart.paint(g, chart.getWidth(), chart.getHeight()));
        } finally {
            g.dispose();
        }
        return Images.png(image);
    }

    static String svg(Chart<?, ?> chart) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RoundTicks.drawing(chart, () -> {
            try {
                VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            } catch (IOException e) {
                throw new UncheckedIOException("chart SVG: " + describe(chart), e);
            }
        });
        return out.toString(StandardCharsets.UTF_8);
    }
}
