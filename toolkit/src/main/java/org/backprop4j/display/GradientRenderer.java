package org.backprop4j.display;

import java.util.Base64;
import java.util.List;

import org.backprop4j.diagnostics.GradientMonitor;
import org.backprop4j.diagnostics.GradientSnapshot;
import org.backprop4j.diagnostics.GradientWarning;
import org.backprop4j.diagnostics.LayerStats;
import org.knowm.xchart.CategoryChart;

/**
 * A {@link GradientSnapshot} as its warnings, the gradient-flow chart and a table of the layers (PNG: the chart;
 * SVG on request); a {@link GradientMonitor} as the heatmap of its history above its latest snapshot.
 */
final class GradientRenderer implements Renderer<GradientSnapshot> {
    private static final String TH = "<th style=\"text-align:right;padding:2px 8px;border-bottom:1px solid #ccc\">";
    private static final String TD = "<td style=\"text-align:right;padding:2px 8px;font-family:monospace\">";

    @Override
    public MimeBundle render(GradientSnapshot s) {
        MimeBundle b = MimeBundle.ofText(s.toString());
        if (s.layers().isEmpty()) {
            return b.withHtml(html(s, null));
        }
        CategoryChart chart = GradientPlots.flow(s);
        byte[] png = ChartRenderer.png(chart, ChartRenderer.SCALE);
        return b.withHtml(html(s, img(png, chart.getWidth()))).withPng(png, chart.getWidth(), chart.getHeight());
    }

    @Override
    public MimeBundle render(GradientSnapshot s, String mimeType) {
        MimeBundle b = render(s);
        return mimeType.equals(MimeBundle.SVG) && !s.layers().isEmpty() ? b.withSvg(ChartRenderer.svg(
                GradientPlots.flow(s))) : b;
    }

    static MimeBundle monitor(GradientMonitor m) {
        String name = "GradientMonitor of " + m.model().getClass().getSimpleName();
        List<GradientSnapshot> history = m.history();
        if (history.isEmpty()) {
            return MimeBundle.ofText(name + ": nothing recorded yet");
        }
        GradientSnapshot latest = history.getLast();
        String text = name + ": " + history.size() + " snapshots, steps " + history.getFirst().step() + " to "
                + latest.step() + "\n" + latest;
        MimeBundle heatmap = GradientPlots.normHeatmap(history).toMimeBundle();
        byte[] png = heatmap.binary(MimeBundle.PNG);
        int width = (Integer) heatmap.metadata(MimeBundle.PNG).get("width");
        int height = (Integer) heatmap.metadata(MimeBundle.PNG).get("height");
        String html = "<div class=\"backprop4j-gradients\"><div style=\"font-family:monospace\"><b>"
                + Html.escape(name) + "</b> " + history.size() + " snapshots</div>" + img(png, width)
                + new GradientRenderer().render(latest).text(MimeBundle.HTML) + "</div>";
        return MimeBundle.ofText(text).withHtml(html).withPng(png, width, height);
    }

    private static String img(byte[] png, int width) {
        return "<img src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(png) + "\" width=\"" + width
                + "\" alt=\"gradient chart\">";
    }

    private static String html(GradientSnapshot s, String chart) {
        StringBuilder sb = new StringBuilder("<div class=\"backprop4j-gradients\"><div style=\"font-family:monospace;"
                + "margin-bottom:4px\"><b>Gradients, step " + s.step() + "</b> " + (s.healthy() ? "healthy"
                : s.warnings().size() + " warnings") + "</div>");
        for (GradientWarning w : s.warnings()) {
            sb.append("<div style=\"color:#b00000;font-family:monospace\">").append(w.kind()).append(": ")
                    .append(Html.escape(w.message())).append("</div>");
        }
        if (chart != null) {
            sb.append("<div>").append(chart).append("</div>");
        }
        sb.append("<table style=\"border-collapse:collapse;font-size:12px\"><tr>")
                .append(TH.replace("right", "left")).append("Layer</th>").append(TH.replace("right", "left"))
                .append("Type</th>").append(TH).append("Grad norm</th>").append(TH).append("Mean |g|</th>").append(TH)
                .append("Max |g|</th>").append(TH).append("Weight norm</th>").append(TH).append("Update/weight</th>")
                .append("</tr>");
        for (LayerStats l : s.layers()) {
            boolean flagged = s.warnings().stream().anyMatch(w -> w.layer().equals(l.path()));
            sb.append(flagged ? "<tr style=\"background:#fde8e8\">" : "<tr>")
                    .append(TD.replace("right", "left")).append(Html.escape(l.path().isEmpty() ? "(model)" : l.path()))
                    .append("</td>").append(TD.replace("right", "left")).append(Html.escape(l.type())).append("</td>")
                    .append(TD).append(Heatmap.number(l.gradNorm())).append("</td>")
                    .append(TD).append(Heatmap.number(l.gradMeanAbs())).append("</td>")
                    .append(TD).append(Heatmap.number(l.gradMaxAbs())).append("</td>")
                    .append(TD).append(Heatmap.number(l.weightNorm())).append("</td>")
                    .append(TD).append(Double.isNaN(l.updateRatio()) ? "&ndash;" : Heatmap.number(l.updateRatio()))
                    .append("</td></tr>");
        }
        return sb.append("</table></div>").toString();
    }
}
