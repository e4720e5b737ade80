package org.backprop4j.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

import org.backprop4j.array.DType;
import org.backprop4j.array.Shape;
import org.backprop4j.tensor.Tensor;

/**
 * {@link LBFGS}'s settings and state in a state dict, under PyTorch's keys; the history is a pair of {@code [k, n]}
 * float64 tensors ({@code old_dirs}, {@code old_stps}) and the vectors are {@code [n]} ones, {@code n} counting all
 * parameter elements.
 */
final class LbfgsCodec implements StateCodec<LBFGS.Options, LbfgsState> {
    private final Tensor first;
    private final int numel;
    private final IntSupplier historySize;

    /**
     * @param first the parameter the state is kept for
     * @param numel the elements of all parameters
     * @param historySize the most curvature pairs a loaded history may hold
     */
    LbfgsCodec(Tensor first, int numel, IntSupplier historySize) {
        this.first = first;
        this.numel = numel;
        this.historySize = historySize;
    }

    @Override
    public Map<String, Object> encodeOptions(LBFGS.Options o) {
        return StateEntries.of("lr", o.lr(), "max_iter", (long) o.maxIter(), "max_eval", (long) o.maxEval(),
                "tolerance_grad", o.toleranceGrad(), "tolerance_change", o.toleranceChange(),
                "history_size", (long) o.historySize(),
                "line_search_fn", o.lineSearch() == LBFGS.LineSearch.STRONG_WOLFE ? "strong_wolfe" : "none");
    }

    @Override
    public LBFGS.Options decodeOptions(StateEntries e) {
        e.rejectUnknown(List.of("lr", "max_iter", "max_eval", "tolerance_grad", "tolerance_change", "history_size",
                "line_search_fn"));
        String fn = e.getString("line_search_fn");
        if (!fn.equals("strong_wolfe") && !fn.equals("none")) {
            throw e.invalid("line_search_fn", "is '" + fn + "', expected 'strong_wolfe' or 'none'");
        }
        return new LBFGS.Options(e.getDouble("lr"), count(e, "max_iter"), count(e, "max_eval"),
                e.getDouble("tolerance_grad"), e.getDouble("tolerance_change"), count(e, "history_size"),
                fn.equals("strong_wolfe") ? LBFGS.LineSearch.STRONG_WOLFE : LBFGS.LineSearch.NONE);
    }

    private static int count(StateEntries e, String key) {
        long v = e.getLong(key);
        if (v < 1 || v > Integer.MAX_VALUE) {
            throw e.invalid(key, "is " + v + ", expected a count >= 1");
        }
        return (int) v;
    }

    @Override
    public Map<String, Object> encodeState(LbfgsState s) {
        Map<String, Object> out = StateEntries.of("func_evals", s.funcEvals(), "n_iter", s.nIter());
        if (s.direction() != null) {
            out.put("d", Tensor.of(s.direction().clone()));
            out.put("t", s.t());
            out.put("old_dirs", matrix(s.oldDirs()));
            out.put("old_stps", matrix(s.oldSteps()));
            out.put("ro", Tensor.of(s.ro().stream().mapToDouble(Double::doubleValue).toArray()));
            out.put("H_diag", s.hDiag());
            out.put("prev_flat_grad", Tensor.of(s.prevFlatGrad().clone()));
            out.put("prev_loss", s.prevLoss());
        }
        return out;
    }

    /** Rows of a {@code [k, numel]} float64 tensor. */
    private Tensor matrix(List<double[]> rows) {
        double[] flat = new double[rows.size() * numel];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, flat, i * numel, numel);
        }
        return Tensor.of(flat).reshape(rows.size(), numel);
    }

    @Override
    public LbfgsState decodeState(Tensor param, StateEntries e) {
        if (param != first) {
            throw e.error("L-BFGS keeps its state for the first parameter only");
        }
        e.rejectUnknown(List.of("func_evals", "n_iter", "d", "t", "old_dirs", "old_stps", "ro", "H_diag",
                "prev_flat_grad", "prev_loss"));
        long funcEvals = e.getLong("func_evals");
        long nIter = e.getLong("n_iter");
        if (!e.has("d")) {
            return new LbfgsState(funcEvals, nIter, null, 0, List.of(), List.of(), List.of(), 1, null, 0);
        }
        Shape vector = Shape.of(numel);
        double[] ro = e.getVector("ro").toDoubleArray();
        int k = ro.length;
        if (k > historySize.getAsInt()) {
            throw e.error("the history holds " + k + " pairs, more than historySize " + historySize.getAsInt());
        }
        double[] dirs = e.getTensor("old_dirs", Shape.of(k, numel), DType.FLOAT64).toDoubleArray();
        double[] steps = e.getTensor("old_stps", Shape.of(k, numel), DType.FLOAT64).toDoubleArray();
        List<double[]> oldDirs = new ArrayList<>();
        List<double[]> oldSteps = new ArrayList<>();
        List<Double> roList = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            oldDirs.add(Arrays.copyOfRange(dirs, i * numel, (i + 1) * numel));
            oldSteps.add(Arrays.copyOfRange(steps, i * numel, (i + 1) * numel));
            roList.add(ro[i]);
        }
        return new LbfgsState(funcEvals, nIter, e.getTensor("d", vector, DType.FLOAT64).toDoubleArray(),
                e.getDouble("t"), oldDirs, oldSteps, roList, e.getDouble("H_diag"),
                e.getTensor("prev_flat_grad", vector, DType.FLOAT64).toDoubleArray(), e.getDouble("prev_loss"));
    }
}
