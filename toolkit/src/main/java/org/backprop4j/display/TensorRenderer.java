package org.backprop4j.display;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.backprop4j.array.DType;
import org.backprop4j.tensor.Tensor;

/**
 * A tensor as text (its {@code toString()}) and as HTML: a header with shape, dtype and gradient state, summary
 * statistics of floating tensors (min, max, mean, std, and counts of NaN and infinite values), and the values as a
 * table. A tensor of more than {@value #THRESHOLD} elements is summarized: the first and last {@value #EDGE} rows and
 * columns of each matrix, the first and last {@value #EDGE_LEADING} indices of the dimensions before them, and at
 * most {@value #MAX_TABLES} matrices whatever the rank (outer dimensions then show their first and last index, then
 * their first), so the HTML stays small: a rank-20 tensor of a million elements is a few tables, not 2^18.
 */
final class TensorRenderer implements Renderer<Tensor> {
    static final int THRESHOLD = 1000;
    static final int EDGE = 5;
    static final int EDGE_LEADING = 2;
    /** The most matrices one tensor shows: two leading dimensions of 2 + 2 indices. */
    static final int MAX_TABLES = 16;
    /** Statistics read every element; beyond this many they are left out rather than copy a huge tensor. */
    static final int STATS_LIMIT = 1 << 24;

    private static final String TABLE = "<table style=\"border-collapse:collapse;font-family:monospace;"
            + "font-size:12px;margin:2px 0\">";
    private static final String TH = "<th style=\"color:#888;font-weight:normal;padding:1px 6px;text-align:right\">";
    private static final String TD = "<td style=\"padding:1px 6px;text-align:right;border:1px solid #e4e4e4\">";
    private static final String GAP = "<td style=\"padding:1px 6px;text-align:center;color:#888\">&#8943;</td>";

    @Override
    public MimeBundle render(Tensor t) {
        return MimeBundle.ofText(t.toString()).withHtml(html(t));
    }

    static String html(Tensor t) {
        StringBuilder sb = new StringBuilder("<div class=\"backprop4j-tensor\">");
        sb.append("<div style=\"font-family:monospace;margin-bottom:2px\">").append(Html.escape(header(t)))
                .append("</div>");
        String stats = statistics(t);
        if (!stats.isEmpty()) {
            sb.append("<div style=\"font-family:monospace;color:#555;margin-bottom:4px\">").append(stats)
                    .append("</div>");
        }
        if (t.numel() > 0) {
            values(sb, t);
        }
        return sb.append("</div>").toString();
    }

    /** For example {@code Tensor [3, 4] float32 requiresGrad} or {@code Tensor [3] float64 gradFn=<add>}. */
    static String header(Tensor t) {
        StringBuilder sb = new StringBuilder("Tensor ").append(t.shape()).append(' ').append(t.dtype());
        if (t.gradFn() != null) {
            sb.append(" gradFn=<").append(t.gradFn().op()).append('>');
        } else if (t.requiresGrad()) {
            sb.append(" requiresGrad");
        }
        if (t.grad() != null) {
            sb.append(" (has grad)");
        }
        return sb.toString();
    }

    /** min, max, mean, std of the finite values of a floating tensor, with NaN and infinity counts flagged red. */
    static String statistics(Tensor t) {
        if (!t.dtype().isFloatingPoint() || t.numel() < 2) {
            return "";
        }
        if (t.numel() > STATS_LIMIT) {
            return "statistics left out for more than " + STATS_LIMIT + " elements";
        }
        double[] v = t.toDoubleArray();
        long nan = 0;
        long inf = 0;
        long n = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double mean = 0;
        double m2 = 0;
        for (double x : v) {
            if (Double.isNaN(x)) {
                nan++;
            } else if (Double.isInfinite(x)) {
                inf++;
            } else {
                n++;
                min = Math.min(min, x);
                max = Math.max(max, x);
                double d = x - mean;   // Welford's running mean and variance
                mean += d / n;
                m2 += d * (x - mean);
            }
        }
        List<String> parts = new ArrayList<>();
        if (n > 0) {
            parts.add("min " + compact(min));
            parts.add("max " + compact(max));
            parts.add("mean " + compact(mean));
            parts.add("std " + (n > 1 ? compact(Math.sqrt(m2 / (n - 1))) : "nan"));
        }
        if (nan > 0) {
            parts.add("<span style=\"color:#c00;font-weight:bold\">" + nan + " NaN</span>");
        }
        if (inf > 0) {
            parts.add("<span style=\"color:#c00;font-weight:bold\">" + inf + " inf</span>");
        }
        return String.join(" &middot; ", parts);
    }

    private static String compact(double x) {
        double a = Math.abs(x);
        return a != 0 && (a < 1e-3 || a >= 1e5) ? String.format(Locale.ROOT, "%.3e", x)
                : String.format(Locale.ROOT, "%.4g", x);
    }

    private static void values(StringBuilder sb, Tensor t) {
        boolean summarize = t.numel() > THRESHOLD;
        int rank = t.dim();
        if (rank == 0) {
            NumberFormat f = NumberFormat.of(t.dtype(), new double[] {t.item()});
            sb.append(TABLE).append("<tr>").append(TD).append(f.format(t.item())).append("</td></tr></table>");
            return;
        }
        int[] shape = t.shape().toArray();
        int rows = rank >= 2 ? shape[rank - 2] : 1;
        int cols = shape[rank - 1];
        int[] rowIdx = shown(rows, summarize, EDGE);
        int[] colIdx = shown(cols, summarize, EDGE);
        List<int[]> blocks = leadingIndices(shape, rank - 2, summarize);

        List<Double> sample = new ArrayList<>();
        for (int[] lead : blocks) {
            if (lead == null) {
                continue;
            }
            for (int r : rowIdx) {
                for (int c : colIdx) {
                    if (r >= 0 && c >= 0) {
                        sample.add(t.get(index(lead, rank, r, c)));
                    }
                }
            }
        }
        NumberFormat f = NumberFormat.of(t.dtype(), sample.stream().mapToDouble(Double::doubleValue).toArray());
        for (int[] lead : blocks) {
            if (lead == null) {
                sb.append("<div style=\"font-family:monospace;color:#888\">&#8942;</div>");
                continue;
            }
            if (rank > 2) {
                StringBuilder caption = new StringBuilder("[");
                for (int i : lead) {
                    caption.append(i).append(", ");
                }
                sb.append("<div style=\"font-family:monospace;color:#555;margin-top:4px\">")
                        .append(caption).append(":, :]</div>");
            }
            table(sb, t, lead, rank, rowIdx, colIdx, f);
        }
    }

    private static void table(StringBuilder sb, Tensor t, int[] lead, int rank, int[] rowIdx, int[] colIdx,
            NumberFormat f) {
        sb.append(TABLE).append("<tr>").append(TH).append("</th>");
        for (int c : colIdx) {
            sb.append(c < 0 ? GAP : TH + c + "</th>");
        }
        sb.append("</tr>");
        for (int r : rowIdx) {
            sb.append("<tr>");
            if (r < 0) {
                sb.append(TH).append("&#8942;</th>");
                for (int c : colIdx) {
                    sb.append(c < 0 ? GAP : "<td style=\"text-align:center;color:#888\">&#8942;</td>");
                }
            } else {
                sb.append(TH).append(rank >= 2 ? r : "").append("</th>");
                for (int c : colIdx) {
                    sb.append(c < 0 ? GAP : TD + f.format(t.get(index(lead, rank, r, c))) + "</td>");
                }
            }
            sb.append("</tr>");
        }
        sb.append("</table>");
    }

    private static int[] index(int[] lead, int rank, int r, int c) {
        int[] idx = new int[rank];
        System.arraycopy(lead, 0, idx, 0, lead.length);
        if (rank >= 2) {
            idx[rank - 2] = r;
        }
        idx[rank - 1] = c;
        return idx;
    }

    /** 0..n-1, or the first and last {@code edge} with -1 marking the gap between them. */
    static int[] shown(int n, boolean summarize, int edge) {
        if (!summarize || n <= 2 * edge) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] idx = new int[2 * edge + 1];
        for (int i = 0; i < edge; i++) {
            idx[i] = i;
            idx[edge + 1 + i] = n - edge + i;
        }
        idx[edge] = -1;
        return idx;
    }

    /**
     * Every index tuple of the first {@code count} dimensions (summarized), null marking a gap; at most
     * {@value #MAX_TABLES} tuples when summarized.
     */
    private static List<int[]> leadingIndices(int[] shape, int count, boolean summarize) {
        int[][] perDim = new int[Math.max(0, count)][];
        long tables = 1;
        for (int d = 0; d < count; d++) {
            perDim[d] = shown(shape[d], summarize, EDGE_LEADING);
            tables *= shownCount(perDim[d]);
        }
        // Outer dimensions give way first: to their first and last index, then to their first alone.
        for (int keep = 2; keep >= 1 && summarize; keep--) {
            for (int d = 0; d < count && tables > MAX_TABLES; d++) {
                int now = shownCount(perDim[d]);
                if (now > keep) {
                    tables = tables / now * keep;
                    perDim[d] = keep == 2 ? new int[] {0, -1, shape[d] - 1} : new int[] {0, -1};
                }
            }
        }
        List<int[]> out = new ArrayList<>();
        out.add(new int[0]);
        for (int d = 0; d < count; d++) {
            List<int[]> next = new ArrayList<>();
            for (int[] prefix : out) {
                if (prefix == null) {
                    if (next.isEmpty() || next.getLast() != null) {
                        next.add(null);
                    }
                    continue;
                }
                for (int i : perDim[d]) {
                    if (i < 0) {
                        if (next.isEmpty() || next.getLast() != null) {
                            next.add(null);
                        }
                        continue;
                    }
                    int[] p = new int[d + 1];
                    System.arraycopy(prefix, 0, p, 0, d);
                    p[d] = i;
                    next.add(p);
                }
            }
            out = next;
        }
        return out;
    }

    private static int shownCount(int[] indices) {
        int n = 0;
        for (int i : indices) {
            n += i >= 0 ? 1 : 0;
        }
        return n;
    }

    /** One number format for all shown elements, as PyTorch's printing chooses it. */
    record NumberFormat(DType dtype, boolean scientific, boolean integral) {
        static NumberFormat of(DType dtype, double[] values) {
            double maxAbs = 0;
            double minAbs = Double.POSITIVE_INFINITY;
            boolean integral = true;
            for (double v : values) {
                if (Double.isFinite(v)) {
                    integral &= v == Math.rint(v);
                    double a = Math.abs(v);
                    if (a != 0) {
                        maxAbs = Math.max(maxAbs, a);
                        minAbs = Math.min(minAbs, a);
                    }
                }
            }
            boolean any = maxAbs > 0;
            boolean scientific = any && (maxAbs / minAbs > 1000 || maxAbs >= 1e8 || (!integral && minAbs < 1e-4));
            return new NumberFormat(dtype, scientific, integral);
        }

        String format(double v) {
            if (dtype == DType.BOOL) {
                return v != 0 ? "True" : "False";
            }
            if (dtype == DType.INT64) {
                return Long.toString((long) v);
            }
            if (Double.isNaN(v)) {
                return "<span style=\"color:#c00\">nan</span>";
            }
            if (Double.isInfinite(v)) {
                return "<span style=\"color:#c00\">" + (v > 0 ? "inf" : "-inf") + "</span>";
            }
            if (scientific) {
                return String.format(Locale.ROOT, "%.4e", v);
            }
            return integral ? String.format(Locale.ROOT, "%.0f.", v) : String.format(Locale.ROOT, "%.4f", v);
        }
    }
}
