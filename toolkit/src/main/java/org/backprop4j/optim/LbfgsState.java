package org.backprop4j.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.backprop4j.array.DType;
import org.backprop4j.array.Shape;
import org.backprop4j.tensor.Tensor;

/**
 * {@link LBFGS}'s state, over all parameters as one flat float64 vector (kept for the first parameter, as PyTorch
 * does). Before the first iteration only the counters are set. In a state dict it takes PyTorch's keys, with the
 * history as {@code [k, n]} tensors.
 *
 * @param funcEvals closure evaluations so far
 * @param nIter iterations so far
 * @param direction the last search direction {@code d}
 * @param t the last step length
 * @param oldDirs gradient differences {@code y}, oldest first
 * @param oldSteps parameter differences {@code s}, oldest first
 * @param ro {@code 1 / (y's)} for each pair
 * @param hDiag the scale of the initial inverse Hessian, {@code y's / y'y} of the newest pair
 * @param prevFlatGrad the gradient at the start of the last iteration
 * @param prevLoss the loss at the start of the last iteration
 */
public record LbfgsState(long funcEvals, long nIter, double[] direction, double t, List<double[]> oldDirs,
        List<double[]> oldSteps, List<Double> ro, double hDiag, double[] prevFlatGrad, double prevLoss) {

    public LbfgsState {
        oldDirs = List.copyOf(oldDirs);
        oldSteps = List.copyOf(oldSteps);
        ro = List.copyOf(ro);
    }

    Map<String, Object> encode() {
        Map<String, Object> out = StateEntries.of("func_evals", funcEvals, "n_iter", nIter);
        if (direction != null) {
            int n = direction.length;
            out.put("d", Tensor.of(direction.clone()));
            out.put("t", t);
            out.put("old_dirs", LbfgsVectors.matrix(oldDirs, n));
            out.put("old_stps", LbfgsVectors.matrix(oldSteps, n));
            out.put("ro", Tensor.of(ro.stream().mapToDouble(Double::doubleValue).toArray()));
            out.put("H_diag", hDiag);
            out.put("prev_flat_grad", Tensor.of(prevFlatGrad.clone()));
            out.put("prev_loss", prevLoss);
        }
        return out;
    }

    static LbfgsState decode(StateEntries e, int numel, int historySize) {
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
        if (k > historySize) {
            throw e.error("the history holds " + k + " pairs, more than historySize " + historySize);
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
