package org.backprop4j.optim;

/**
 * The strong-Wolfe line search of PyTorch's L-BFGS ({@code _strong_wolfe}, ported from Schmidt's minFunc through
 * torch/optim's lswolfe.lua): bracketing with cubic extrapolation, then zooming with safeguarded cubic
 * interpolation (Nocedal and Wright, "Numerical Optimization", 2nd ed., Algorithms 3.5 and 3.6). Finds a step
 * {@code t} along {@code d} with {@code f(x + t d) <= f + c1 t g'd} and {@code |g(x + t d)'d| <= -c2 g'd}.
 */
final class StrongWolfe {
    static final double C1 = 1e-4;
    static final double C2 = 0.9;
    static final int MAX_LS = 25;

    private StrongWolfe() {
    }

    /** The loss and flat gradient at {@code x + t d}; the parameters are back at {@code x} afterwards. */
    interface Objective {
        Point evaluate(double t);
    }

    /** A loss and its flat gradient. */
    record Point(double f, double[] g) {
    }

    /** The accepted step, its loss and gradient, and how many evaluations the search made. */
    record Result(double f, double[] g, double t, int evals) {
    }

    static Result search(Objective obj, double t, double[] d, double f, double[] g, double gtd,
            double toleranceChange) {
        double dNorm = LbfgsVectors.absMax(d);
        g = g.clone();
        Point next = obj.evaluate(t);
        double fNew = next.f();
        double[] gNew = next.g();
        int evals = 1;
        double gtdNew = LbfgsVectors.dot(gNew, d);

        double tPrev = 0;
        double fPrev = f;
        double[] gPrev = g;
        double gtdPrev = gtd;
        boolean done = false;
        int lsIter = 0;
        double[] bracket = null;
        double[] bracketF = null;
        double[][] bracketG = null;
        double[] bracketGtd = null;
        while (lsIter < MAX_LS) {
            boolean armijoFails = fNew > f + C1 * t * gtd || (lsIter > 1 && fNew >= fPrev);
            if (!armijoFails && Math.abs(gtdNew) <= -C2 * gtd) {
                bracket = new double[] {t};
                bracketF = new double[] {fNew};
                bracketG = new double[][] {gNew};
                done = true;
                break;
            }
            if (armijoFails || gtdNew >= 0) {
                bracket = new double[] {tPrev, t};
                bracketF = new double[] {fPrev, fNew};
                bracketG = new double[][] {gPrev, gNew.clone()};
                bracketGtd = new double[] {gtdPrev, gtdNew};
                break;
            }
            double minStep = t + 0.01 * (t - tPrev);
            double maxStep = t * 10;
            double tmp = t;
            t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, minStep, maxStep);
            tPrev = tmp;
            fPrev = fNew;
            gPrev = gNew.clone();
            gtdPrev = gtdNew;
            next = obj.evaluate(t);
            fNew = next.f();
            gNew = next.g();
            evals++;
            gtdNew = LbfgsVectors.dot(gNew, d);
            lsIter++;
        }
        if (lsIter == MAX_LS) {
            bracket = new double[] {0, t};
            bracketF = new double[] {f, fNew};
            bracketG = new double[][] {g, gNew};
        }

        // Zoom: refine the bracket until a point satisfies the conditions.
        boolean insufficientProgress = false;
        int low = bracketF[0] <= bracketF[bracketF.length - 1] ? 0 : 1;
        int high = 1 - low;
        while (!done && lsIter < MAX_LS) {
            if (Math.abs(bracket[1] - bracket[0]) * dNorm < toleranceChange) {
                break;
            }
            t = cubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1],
                    Math.min(bracket[0], bracket[1]), Math.max(bracket[0], bracket[1]));
            // Too close to an end of the bracket: move a tenth of its length inside.
            double hi = Math.max(bracket[0], bracket[1]);
            double lo = Math.min(bracket[0], bracket[1]);
            double eps = 0.1 * (hi - lo);
            if (pyMin(hi - t, t - lo) < eps) {
                if (insufficientProgress || t >= hi || t <= lo) {
                    t = Math.abs(t - hi) < Math.abs(t - lo) ? hi - eps : lo + eps;
                    insufficientProgress = false;
                } else {
                    insufficientProgress = true;
                }
            } else {
                insufficientProgress = false;
            }
            next = obj.evaluate(t);
            fNew = next.f();
            gNew = next.g();
            evals++;
            gtdNew = LbfgsVectors.dot(gNew, d);
            lsIter++;
            if (fNew > f + C1 * t * gtd || fNew >= bracketF[low]) {
                bracket[high] = t;
                bracketF[high] = fNew;
                bracketG[high] = gNew.clone();
                bracketGtd[high] = gtdNew;
                low = bracketF[0] <= bracketF[1] ? 0 : 1;
                high = 1 - low;
            } else {
                if (Math.abs(gtdNew) <= -C2 * gtd) {
                    done = true;
                } else if (gtdNew * (bracket[high] - bracket[low]) >= 0) {
                    bracket[high] = bracket[low];
                    bracketF[high] = bracketF[low];
                    bracketG[high] = bracketG[low];
                    bracketGtd[high] = bracketGtd[low];
                }
                bracket[low] = t;
                bracketF[low] = fNew;
                bracketG[low] = gNew.clone();
                bracketGtd[low] = gtdNew;
            }
        }
        return new Result(bracketF[low], bracketG[low], bracket[low], evals);
    }

    /**
     * The minimizer of the cubic through {@code (x1, f1)} and {@code (x2, f2)} with slopes {@code g1}, {@code g2},
     * clamped to {@code [lower, upper]}; the middle of the bounds when the cubic has no minimum.
     */
    static double cubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2, double lower,
            double upper) {
        double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
        double d2Square = d1 * d1 - g1 * g2;
        if (d2Square >= 0) {
            double d2 = Math.sqrt(d2Square);
            double minPos = x1 <= x2
                    ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
                    : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
            return pyMin(pyMax(minPos, lower), upper);
        }
        return (lower + upper) / 2;
    }

    // Python's max(a, b) and min(a, b), which return the first argument unless the second compares larger (or
    // smaller): a NaN first argument passes through, a NaN second one is ignored.
    private static double pyMax(double a, double b) {
        return b > a ? b : a;
    }

    private static double pyMin(double a, double b) {
        return b < a ? b : a;
    }
}
