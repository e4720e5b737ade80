package org.backprop4j.display;

import org.backprop4j.train.History;

/**
 * A {@link History} as its curves (loss, and the first metric when there is one, each beside its validation twin)
 * over its table of epochs; a history with no finished epoch shows its steps' loss.
 */
final class HistoryRenderer implements Renderer<History> {
    @Override
    public MimeBundle render(History h) {
        if (h.epochs().isEmpty()) {
            if (h.steps().isEmpty()) {
                return MimeBundle.ofText(h.toString());
            }
            var chart = Plots.styled(h.plotSteps());
            return MimeBundle.ofText(h.toString()).withPng(ChartRenderer.png(chart, ChartRenderer.SCALE),
                    chart.getWidth(), chart.getHeight());
        }
        String metric = h.keys().stream().filter(k -> !k.equals("loss") && !k.equals("lr") && !k.startsWith("val_"))
                .findFirst().orElse(null);
        var loss = Plots.styled(h.plot("loss"));
        StringBuilder html = new StringBuilder("<div class=\"backprop4j-history\"><div>");
        byte[] lossPng = ChartRenderer.png(loss, ChartRenderer.SCALE);
        html.append(img(lossPng, loss.getWidth()));
        if (metric != null) {
            var m = Plots.styled(h.plot(metric));
            html.append(img(ChartRenderer.png(m, ChartRenderer.SCALE), m.getWidth()));
        }
        html.append("</div>").append(TableRenderer.html(h.toTable()));
        if (h.stopReason() != null) {
            html.append("<div style=\"font-family:monospace\">stopped: ").append(Html.escape(h.stopReason()))
                    .append("</div>");
        }
        return MimeBundle.ofText(h.toString()).withHtml(html.append("</div>").toString())
                .withPng(lossPng, loss.getWidth(), loss.getHeight());
    }

    private static String img(byte[] png, int width) {
        return "<img src=\"data:image/png;base64," + java.util.Base64.getEncoder().encodeToString(png) + "\" width=\""
                + width / 2 * 2 * 3 / 4 + "\" style=\"display:inline-block\">";
    }
}
