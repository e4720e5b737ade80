package org.backprop4j.tensor;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;
import org.backprop4j.array.DType;

/**
 * Prints tensors the way PyTorch does: one number format for the whole tensor (fixed with 4 decimals, scientific
 * when magnitudes span more than 1000x or leave [1e-4, 1e8], integers as {@code 1.}), right-aligned columns, rows
 * wrapped at 80 characters, and more than 1000 elements summarized by their first and last 3 along every dimension.
 * Unlike PyTorch, a summary prints at most {@value #MAX_SHOWN} elements whatever the rank: past four dimensions the
 * outer ones show their first and last index, then only their first, so the text stays a few pages long (PyTorch
 * prints 46,656 elements of a 10^6 tensor of rank 6, and every element of a tensor whose dimensions are all 2).
 */
final class TensorFormatter {
    static final int THRESHOLD = 1000;
    static final int EDGE_ITEMS = 3;
    static final int LINE_WIDTH = 80;
    /** PyTorch's summary of four summarized dimensions (6^4 elements); beyond that, outer dimensions give way. */
    static final int MAX_SHOWN = 1296;
    private static final String PREFIX = "tensor(";

    private TensorFormatter() {
    }

    static String format(Tensor t) {
        StringBuilder sb = new StringBuilder(PREFIX);
        boolean summarize = t.numel() > THRESHOLD;
        if (t.numel() == 0 && t.dim() > 0) {
            sb.append("[]");
        } else {
            double[] values = t.toDoubleArray();
            Plan plan = Plan.of(t.shape().toArray(), summarize);
            NumberFormat f = NumberFormat.of(t.dtype(), sampleValues(t, values, plan));
            appendBlock(sb, t, values, f, 0, 0, PREFIX.length(), plan);
        }
        if (t.numel() == 0 && t.dim() > 0 && !(t.dim() == 1)) {
            sb.append(", size=").append(t.shape());
        }
        if (t.dtype() == DType.FLOAT64 || (t.numel() == 0 && t.dtype() != DType.FLOAT32)) {
            sb.append(", dtype=").append(t.dtype());
        }
        if (t.gradFn() != null) {
            sb.append(", gradFn=<").append(t.gradFn().op()).append('>');
        } else if (t.requiresGrad()) {
            sb.append(", requiresGrad=true");
        }
        return sb.append(')').toString();
    }

    /** The values that will be printed (the corners when summarizing), which decide the number format. */
    private static double[] sampleValues(Tensor t, double[] values, Plan plan) {
        if (!plan.summarizes()) {
            return values;
        }
        int[] dims = t.shape().toArray();
        java.util.List<Double> kept = new java.util.ArrayList<>();
        int[] at = new int[dims.length];
        for (int k = 0; k < values.length; k++) {
            boolean shown = true;
            for (int d = 0; d < dims.length && shown; d++) {
                shown = at[d] < plan.head[d] || at[d] >= dims[d] - plan.tail[d];
            }
            if (shown) {
                kept.add(values[k]);
            }
            for (int d = dims.length - 1; d >= 0; d--) {
                if (++at[d] < dims[d]) {
                    break;
                }
                at[d] = 0;
            }
        }
        return kept.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void appendBlock(StringBuilder sb, Tensor t, double[] values, NumberFormat f, int depth,
            int base, int indent, Plan plan) {
        int rank = t.dim();
        if (rank == 0) {
            sb.append(f.format(values[0]).strip());
            return;
        }
        int n = t.size(depth);
        int stride = 1;
        for (int d = depth + 1; d < rank; d++) {
            stride *= t.size(d);
        }
        int head = plan.head[depth];
        int tail = plan.tail[depth];
        boolean cut = head + tail < n;
        sb.append('[');
        if (depth == rank - 1) {
            // As PyTorch: the " ..." of a summary counts as an element, and lines end at the comma.
            int perLine = Math.max(1, (LINE_WIDTH - indent) / (f.width + 2));
            int printed = 0;
            for (int i = 0; i < n; i++) {
                if (printed > 0) {
                    sb.append(printed % perLine == 0 ? ",\n" + " ".repeat(indent + 1) : ", ");
                }
                if (cut && i == head) {
                    sb.append(" ...");
                    i = n - tail - 1;
                } else {
                    sb.append(f.format(values[base + i]));
                }
                printed++;
            }
        } else {
            String separator = "," + "\n".repeat(rank - depth - 1) + " ".repeat(indent + 1);
            for (int i = 0; i < n; i++) {
                if (cut && i == head) {
                    sb.append("...");
                    if (tail == 0) {
                        break;
                    }
                    sb.append(separator);
                    i = n - tail - 1;
                    continue;
                }
                appendBlock(sb, t, values, f, depth + 1, base + i * stride, indent + 1, plan);
                if (i < n - 1) {
                    sb.append(separator);
                }
            }
        }
        sb.append(']');
    }

    /** Per dimension, how many leading ({@code head}) and trailing ({@code tail}) indices are printed. */
    private record Plan(int[] head, int[] tail, boolean summarizes) {
        static Plan of(int[] dims, boolean summarize) {
            int rank = dims.length;
            int[] head = new int[rank];
            int[] tail = new int[rank];
            long shown = 1;
            for (int d = 0; d < rank; d++) {
                boolean cut = summarize && dims[d] > 2 * EDGE_ITEMS;
                head[d] = cut ? EDGE_ITEMS : dims[d];
                tail[d] = cut ? EDGE_ITEMS : 0;
                shown *= head[d] + tail[d];
            }
            // Outer dimensions give way first, so the rows a reader scans stay as PyTorch prints them: first to
            // their first and last index, then to their first alone.
            for (int keep = 2; keep >= 1; keep--) {
                for (int d = 0; d < rank - 1 && shown > MAX_SHOWN; d++) {
                    int now = head[d] + tail[d];
                    if (now > keep) {
                        shown = shown / now * keep;
                        head[d] = 1;
                        tail[d] = keep - 1;
                    }
                }
            }
            return new Plan(head, tail, summarize);
        }
    }

    /** One format for all elements of a tensor, and the width they are padded to. */
    private record NumberFormat(DType dtype, Mode mode, int width) {
        enum Mode { BOOL, INTEGER, INTEGRAL_FLOAT, FIXED, SCIENTIFIC }

        static NumberFormat of(DType dtype, double[] values) {
            Mode mode;
            if (dtype == DType.BOOL) {
                mode = Mode.BOOL;
            } else if (dtype == DType.INT64) {
                mode = Mode.INTEGER;
            } else {
                double maxAbs = 0;
                double minAbs = Double.POSITIVE_INFINITY;
                boolean integral = true;
                boolean anyFinite = false;
                for (double v : values) {
                    if (!Double.isFinite(v)) {
                        continue;
                    }
                    anyFinite = true;
                    integral &= v == Math.rint(v);
                    double a = Math.abs(v);
                    if (a != 0) {
                        maxAbs = Math.max(maxAbs, a);
                        minAbs = Math.min(minAbs, a);
                    }
                }
                if (!anyFinite || maxAbs == 0) {
                    mode = integral ? Mode.INTEGRAL_FLOAT : Mode.FIXED;
                } else if (integral) {
                    mode = maxAbs / minAbs > 1000 || maxAbs > 1e8 ? Mode.SCIENTIFIC : Mode.INTEGRAL_FLOAT;
                } else {
                    mode = maxAbs / minAbs > 1000 || maxAbs > 1e8 || minAbs < 1e-4 ? Mode.SCIENTIFIC : Mode.FIXED;
                }
            }
            int width = 1;
            NumberFormat probe = new NumberFormat(dtype, mode, 0);
            for (double v : values) {
                // PyTorch sizes floating columns by the non-zero finite values only.
                if (dtype == DType.BOOL || dtype == DType.INT64 || (v != 0 && Double.isFinite(v))) {
                    width = Math.max(width, probe.format(v).length());
                }
            }
            return new NumberFormat(dtype, mode, width);
        }

        String format(double v) {
            String s;
            if (mode == Mode.BOOL) {
                s = v != 0 ? "True" : "False";
            } else if (mode == Mode.INTEGER) {
                s = Long.toString((long) v);
            } else if (Double.isNaN(v)) {
                s = "nan";
            } else if (Double.isInfinite(v)) {
                s = v > 0 ? "inf" : "-inf";
            } else {
                s = switch (mode) {
                    case INTEGRAL_FLOAT -> String.format(Locale.ROOT, "%.0f.", v);
                    // Rounded half-even from the exact binary value, as Python does (Formatter rounds half-up).
                    case FIXED -> String.format(Locale.ROOT, "%.4f",
                            v == 0 ? v : new BigDecimal(v).setScale(4, RoundingMode.HALF_EVEN));
                    default -> String.format(Locale.ROOT, "%.4e",
                            v == 0 ? v : new BigDecimal(v).round(new MathContext(5, RoundingMode.HALF_EVEN)));
                };
            }
            return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
        }
    }
}
