package org.backprop4j.optim;

import java.util.ArrayList;
import java.util.List;

import org.backprop4j.array.internal.Check;
import org.backprop4j.autograd.GradMode;
import org.backprop4j.array.Scope;
import org.backprop4j.tensor.Tensor;

/**
 * Limited-memory BFGS (Liu and Nocedal, "On the limited memory BFGS method for large scale optimization",
 * Mathematical Programming 1989; Nocedal and Wright, "Numerical Optimization", Algorithm 7.4), as PyTorch's
 * {@code torch.optim.LBFGS}: each {@link #step(LossClosure)} runs up to {@code maxIter} iterations of the
 * two-loop recursion over the last {@code historySize} curvature pairs, with a fixed step or PyTorch's
 * strong-Wolfe line search, and keeps its history across steps. The closure is evaluated several times per step.
 *
 * <p>All parameters form one group (there is no {@code addParamGroup}) and are treated as one flat vector, kept in
 * float64 (so the history takes {@code 16 * historySize} bytes per parameter element). There is no {@code step()}
 * without a closure: every iteration evaluates the loss again. A thread interrupt ends the step after the iteration in
 * progress is undone: the parameters and state are those after the last whole iteration, and the next step goes
 * on exactly as if there had been no interruption. The interrupt flag stays set for the caller to see.
 *
 * {@snippet file="OptimSnippets.java" region="lbfgs"}
 */
public final class LBFGS extends Optimizer<LBFGS.Options, LbfgsState> {

    /** How a step length is chosen along the search direction. */
    public enum LineSearch {
        /** A fixed step {@code lr} (after the first iteration). */
        NONE,
        /** PyTorch's {@code line_search_fn='strong_wolfe'}. */
        STRONG_WOLFE
    }

    /**
     * L-BFGS's settings, with PyTorch's defaults: lr 1, 20 iterations and 25 evaluations per step, tolerances
     * 1e-7 on the largest gradient element and 1e-9 on changes, a history of 100, no line search.
     *
     * @param maxIter iterations per step at most
     * @param maxEval closure evaluations per step at most (then the step ends after the iteration)
     * @param toleranceGrad a step ends when no gradient element exceeds this in magnitude
     * @param toleranceChange a step ends when the loss or the parameters change less than this
     * @param historySize curvature pairs kept
     */
    public record Options(double lr, int maxIter, int maxEval, double toleranceGrad, double toleranceChange,
            int historySize, LineSearch lineSearch) implements Hyperparameters<Options> {

        public static final Options DEFAULT = new Options(1, 20, 25, 1e-7, 1e-9, 100, LineSearch.NONE);

        /**
         * @throws IllegalArgumentException if lr or a tolerance is negative or not finite, or a count is below 1
         */
        public Options {
            Check.nonNegative("LBFGS", "lr", lr);
            Check.positive("LBFGS", "maxIter", maxIter);
            Check.positive("LBFGS", "maxEval", maxEval);
            Check.nonNegative("LBFGS", "toleranceGrad", toleranceGrad);
            Check.nonNegative("LBFGS", "toleranceChange", toleranceChange);
            Check.positive("LBFGS", "historySize", historySize);
            if (lineSearch == null) {
                throw new IllegalArgumentException("LBFGS: lineSearch must be NONE or STRONG_WOLFE, got null");
            }
        }

        @Override
        public Options withLr(double value) {
            return new Options(value, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, lineSearch);
        }

        /** Sets maxIter, and maxEval to {@code maxIter * 5 / 4} as PyTorch's default; set maxEval after it. */
        public Options withMaxIter(int value) {
            return new Options(lr, value, value * 5 / 4, toleranceGrad, toleranceChange, historySize, lineSearch);
        }

        public Options withMaxEval(int value) {
            return new Options(lr, maxIter, value, toleranceGrad, toleranceChange, historySize, lineSearch);
        }

        public Options withToleranceGrad(double value) {
            return new Options(lr, maxIter, maxEval, value, toleranceChange, historySize, lineSearch);
        }

        public Options withToleranceChange(double value) {
            return new Options(lr, maxIter, maxEval, toleranceGrad, value, historySize, lineSearch);
        }

        public Options withHistorySize(int value) {
            return new Options(lr, maxIter, maxEval, toleranceGrad, toleranceChange, value, lineSearch);
        }

        public Options withLineSearch(LineSearch value) {
            return new Options(lr, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, value);
        }
    }

    private final List<Tensor> params;
    private final int numel;
    private final LbfgsCodec codec;
    /** Closure evaluations of the line search in progress, for the count kept when an interrupt aborts it. */
    private int countedEvals;

    /** L-BFGS with PyTorch's defaults (no line search). */
    public LBFGS(List<? extends Tensor> params) {
        this(params, Options.DEFAULT);
    }

    public LBFGS(List<? extends Tensor> params, Options options) {
        super(params, options);
        this.params = paramGroups().get(0).params();
        long total = paramGroups().get(0).numel();
        Check.require(total <= Integer.MAX_VALUE, "LBFGS", () -> total + " parameter elements do not fit one flat "
                + "vector");
        this.numel = (int) total;
        this.codec = new LbfgsCodec(this.params.getFirst(), numel, () -> options(0).historySize());
    }

    @Override
    StateCodec<Options, LbfgsState> codec() {
        return codec;
    }

    /** Signals an interrupt seen inside the line search. */
    private static final class Interrupted extends RuntimeException {
        Interrupted() {
            super("interrupted", null, false, false);
        }
    }

    /**
     * Runs up to {@code maxIter} iterations (see {@link Options}), evaluating {@code closure} with grad mode on.
     *
     * @return the loss of the first evaluation, at the parameters the step started from
     * @throws IllegalArgumentException if {@code closure} is null or returns something other than a one-element
     *         tensor
     */
    @Override
    public Tensor step(LossClosure closure) {
        Check.require(closure != null, "LBFGS", () -> "step needs a closure that clears the gradients, computes the "
                + "loss, calls backward() and returns the loss: step(() -> { ... })");
        Options o = options(0);
        LbfgsState s = state(params.get(0));
        long funcEvals = s == null ? 0 : s.funcEvals();
        long nIterTotal = s == null ? 0 : s.nIter();
        double[] d = s == null ? null : s.direction();
        double t = s == null ? 0 : s.t();
        List<double[]> oldDirs = new ArrayList<>(s == null ? List.of() : s.oldDirs());
        List<double[]> oldSteps = new ArrayList<>(s == null ? List.of() : s.oldSteps());
        List<Double> ro = new ArrayList<>(s == null ? List.of() : s.ro());
        double hDiag = s == null ? 1 : s.hDiag();
        double[] prevFlatGrad = s == null ? null : s.prevFlatGrad();
        double prevLoss = s == null ? 0 : s.prevLoss();

        Tensor origLoss = checkedLoss(closure);
        double loss = origLoss.item();
        int currentEvals = 1;
        funcEvals++;
        double[] flatGrad;
        try (Scope _ = GradMode.noGrad()) {
            flatGrad = LbfgsVectors.gatherGrad(params, numel);
        }
        if (LbfgsVectors.absMax(flatGrad) <= o.toleranceGrad()) {
            setState(params.get(0), new LbfgsState(funcEvals, nIterTotal, d, t, oldDirs, oldSteps, ro, hDiag,
                    prevFlatGrad, prevLoss));
            return origLoss;
        }
        try (Scope _ = GradMode.noGrad()) {
            int nIter = 0;
            while (nIter < o.maxIter() && !Thread.currentThread().isInterrupted()) {
                // what an interrupt in the line search goes back to
                LbfgsState before = new LbfgsState(funcEvals, nIterTotal, d, t, oldDirs, oldSteps, ro, hDiag,
                        prevFlatGrad, prevLoss);
                nIter++;
                nIterTotal++;
                if (nIterTotal == 1) {
                    d = LbfgsVectors.scaled(flatGrad, -1);
                    oldDirs.clear();
                    oldSteps.clear();
                    ro.clear();
                    hDiag = 1;
                } else {
                    double[] y = LbfgsVectors.minus(flatGrad, prevFlatGrad);
                    double[] step = LbfgsVectors.scaled(d, t);
                    double ys = LbfgsVectors.dot(y, step);
                    if (ys > 1e-10) {
                        while (oldDirs.size() >= o.historySize()) {
                            oldDirs.removeFirst();
                            oldSteps.removeFirst();
                            ro.removeFirst();
                        }
                        oldDirs.add(y);
                        oldSteps.add(step);
                        ro.add(1.0 / ys);
                        hDiag = ys / LbfgsVectors.dot(y, y);
                    }
                    d = twoLoop(flatGrad, oldDirs, oldSteps, ro, hDiag);
                }
                prevFlatGrad = flatGrad.clone();
                prevLoss = loss;
                t = nIterTotal == 1 ? Math.min(1.0, 1.0 / LbfgsVectors.absSum(flatGrad)) * o.lr() : o.lr();
                double gtd = LbfgsVectors.dot(flatGrad, d);
                if (gtd > -o.toleranceChange()) {
                    break;
                }
                int lsEvals = 0;
                boolean optimal = false;
                if (o.lineSearch() == LineSearch.STRONG_WOLFE) {
                    List<Tensor> start = new ArrayList<>();
                    for (Tensor p : params) {
                        start.add(StateEntries.snapshot(p));
                    }
                    double[] direction = d;
                    StrongWolfe.Result r;
                    try {
                        r = StrongWolfe.search(trial -> directionalEvaluate(closure, start, trial, direction), t, d,
                                loss, flatGrad, gtd, o.toleranceChange());
                    } catch (Interrupted e) {
                        funcEvals += countedEvals;
                        s = before;
                        d = s.direction();
                        t = s.t();
                        oldDirs = new ArrayList<>(s.oldDirs());
                        oldSteps = new ArrayList<>(s.oldSteps());
                        ro = new ArrayList<>(s.ro());
                        hDiag = s.hDiag();
                        prevFlatGrad = s.prevFlatGrad();
                        prevLoss = s.prevLoss();
                        nIterTotal = s.nIter();
                        break;
                    } finally {
                        countedEvals = 0;
                    }
                    loss = r.f();
                    flatGrad = r.g();
                    t = r.t();
                    lsEvals = r.evals();
                    LbfgsVectors.addToParams(params, t, d);
                    optimal = LbfgsVectors.absMax(flatGrad) <= o.toleranceGrad();
                } else {
                    LbfgsVectors.addToParams(params, t, d);
                    if (nIter != o.maxIter()) {
                        loss = checkedLoss(closure).item();
                        flatGrad = LbfgsVectors.gatherGrad(params, numel);
                        optimal = LbfgsVectors.absMax(flatGrad) <= o.toleranceGrad();
                        lsEvals = 1;
                    }
                }
                currentEvals += lsEvals;
                funcEvals += lsEvals;
                if (nIter == o.maxIter() || currentEvals >= o.maxEval() || optimal) {
                    break;
                }
                if (LbfgsVectors.absMax(d) * Math.abs(t) <= o.toleranceChange()
                        || Math.abs(loss - prevLoss) < o.toleranceChange()) {
                    break;
                }
            }
        }
        setState(params.get(0), new LbfgsState(funcEvals, nIterTotal, d, t, oldDirs, oldSteps, ro, hDiag, prevFlatGrad,
                prevLoss));
        return origLoss;
    }

    /** PyTorch's two-loop recursion: {@code -H g} for the inverse-Hessian approximation of the history. */
    private static double[] twoLoop(double[] flatGrad, List<double[]> oldDirs, List<double[]> oldSteps,
            List<Double> ro, double hDiag) {
        int k = oldDirs.size();
        double[] al = new double[k];
        double[] q = LbfgsVectors.scaled(flatGrad, -1);
        for (int i = k - 1; i >= 0; i--) {
            al[i] = LbfgsVectors.dot(oldSteps.get(i), q) * ro.get(i);
            LbfgsVectors.add(q, oldDirs.get(i), -al[i]);
        }
        double[] r = LbfgsVectors.scaled(q, hDiag);
        for (int i = 0; i < k; i++) {
            double be = LbfgsVectors.dot(oldDirs.get(i), r) * ro.get(i);
            LbfgsVectors.add(r, oldSteps.get(i), al[i] - be);
        }
        return r;
    }

    private static Tensor checkedLoss(LossClosure closure) {
        Tensor loss = evaluate(closure);
        Check.require(loss != null && loss.numel() == 1, "LBFGS", () -> "the closure must return the loss as a "
                + "one-element tensor, got " + (loss == null ? "null" : "a tensor of shape " + loss.shape()));
        return loss;
    }

    /** The loss and gradient at {@code start + t d}; the parameters are {@code start} again afterwards. */
    private StrongWolfe.Point directionalEvaluate(LossClosure closure, List<Tensor> start, double t, double[] d) {
        if (Thread.currentThread().isInterrupted()) {
            throw new Interrupted();
        }
        LbfgsVectors.addToParams(params, t, d);
        double loss;
        double[] grad;
        try {
            loss = checkedLoss(closure).item();
            countedEvals++;
            grad = LbfgsVectors.gatherGrad(params, numel);
        } finally {
            for (int i = 0; i < params.size(); i++) {
                params.get(i).copyFrom(start.get(i));
            }
        }
        return new StrongWolfe.Point(loss, grad);
    }
}
