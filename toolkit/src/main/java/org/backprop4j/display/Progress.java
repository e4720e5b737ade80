package org.backprop4j.display;

import java.util.Locale;

/**
 * A progress bar value: shown as a bar in HTML and as {@code [#####.....]} in text. Immutable; a loop displays it
 * once under an id and updates that display with each new value, so the bar grows in place.
 *
 * {@snippet file="DataDisplaySnippets.java" region="progress"}
 *
 * @param label what is counted
 * @param done steps done, in {@code [0, total]}
 * @param total steps in all, at least 1
 * @param detail free text after the count (a loss, a rate); empty for none
 */
public record Progress(String label, long done, long total, String detail) implements Displayable {
    private static final int TEXT_WIDTH = 30;

    /** @throws IllegalArgumentException unless {@code 0 <= done <= total} and {@code total >= 1} */
    public Progress {
        if (total < 1 || done < 0 || done > total) {
            throw new IllegalArgumentException("Progress '" + label + "': need 0 <= done <= total and total >= 1, "
                    + "got done " + done + ", total " + total);
        }
        label = label == null ? "" : label;
        detail = detail == null ? "" : detail;
    }

    /** Nothing done yet of {@code total} steps. */
    public static Progress of(String label, long total) {
        return new Progress(label, 0, total, "");
    }

    /** One more step done (staying at {@code total}). */
    public Progress step() {
        return withDone(Math.min(total, done + 1));
    }

    public Progress withDone(long newDone) {
        return new Progress(label, newDone, total, detail);
    }

    public Progress withDetail(String newDetail) {
        return new Progress(label, done, total, newDetail);
    }

    public double fraction() {
        return (double) done / total;
    }

    @Override
    public MimeBundle toMimeBundle() {
        int filled = (int) Math.round(fraction() * TEXT_WIDTH);
        String count = done + "/" + total;
        String text = (label.isEmpty() ? "" : label + " ") + "[" + "#".repeat(filled)
                + ".".repeat(TEXT_WIDTH - filled) + "] " + count + (detail.isEmpty() ? "" : "  " + detail);
        String pct = String.format(Locale.ROOT, "%.1f", 100 * fraction());
        String html = "<div class=\"backprop4j-progress\" style=\"font-family:monospace;display:flex;"
                + "align-items:center;gap:8px\">"
                + (label.isEmpty() ? "" : "<span>" + Html.escape(label) + "</span>")
                + "<div style=\"width:240px;height:12px;background:#e6e6e6;border-radius:3px;overflow:hidden\">"
                + "<div style=\"width:" + pct + "%;height:100%;background:#0072B2\"></div></div>"
                + "<span>" + count + "</span>"
                + (detail.isEmpty() ? "" : "<span style=\"color:#555\">" + Html.escape(detail) + "</span>")
                + "</div>";
        return MimeBundle.ofText(text).withHtml(html);
    }
}
