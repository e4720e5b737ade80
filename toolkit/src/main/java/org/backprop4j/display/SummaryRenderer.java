package org.backprop4j.display;

import java.util.Locale;

import org.backprop4j.nn.ModuleSummary;

/** A {@link ModuleSummary} as an HTML table, each module indented under its parent; a module shows this way too. */
final class SummaryRenderer implements Renderer<ModuleSummary> {
    private static final String TH = "<th style=\"text-align:left;padding:2px 10px;border-bottom:1px solid #ccc\">";
    private static final String TD = "<td style=\"text-align:left;padding:2px 10px;font-family:monospace\">";
    private static final String TD_NUM = "<td style=\"text-align:right;padding:2px 10px;font-family:monospace\">";

    @Override
    public MimeBundle render(ModuleSummary summary) {
        return MimeBundle.ofText(summary.toString()).withHtml(html(summary));
    }

    private static String html(ModuleSummary s) {
        boolean ran = s.input() != null;
        StringBuilder sb = new StringBuilder("<div class=\"backprop4j-model\"><div style=\"font-family:monospace;"
                + "margin-bottom:4px\"><b>" + Html.escape(s.model().getClass().getSimpleName()) + "</b> "
                + Html.escape(s.totals()) + "</div>");
        sb.append("<table style=\"border-collapse:collapse;font-size:12px\"><tr>").append(TH).append("Layer</th>")
                .append(TH).append("Type</th>").append(TH).append("Settings</th>");
        if (ran) {
            sb.append(TH).append("Output shape</th>");
        }
        sb.append(TH.replace("left", "right")).append("Parameters</th></tr>");
        for (ModuleSummary.Row r : s.rows()) {
            String name = r.path().isEmpty() ? "(model)" : r.path().substring(r.path().lastIndexOf('.') + 1);
            sb.append("<tr>").append(TD.replace("padding:2px 10px", "padding:2px 10px 2px " + (10 + 16 * r.depth())
                    + "px")).append(Html.escape(name)).append("</td>")
                    .append(TD).append(Html.escape(r.type())).append("</td>")
                    .append(TD).append(Html.escape(r.settings())).append("</td>");
            if (ran) {
                sb.append(TD).append(r.output() == null ? "&ndash;" : Html.escape(r.output().toString()))
                        .append("</td>");
            }
            sb.append(TD_NUM).append(r.parameters() == 0 ? "" : String.format(Locale.ROOT, "%,d", r.parameters()))
                    .append("</td></tr>");
        }
        return sb.append("</table></div>").toString();
    }
}
