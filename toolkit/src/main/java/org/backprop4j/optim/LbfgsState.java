package org.backprop4j.optim;

import java.util.List;

/**
 * {@link LBFGS}'s state, over all parameters as one flat float64 vector (kept for the first parameter, as PyTorch
 * does). Before the first iteration only the counters are set.
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
}
