package org.backprop4j.display;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleBinaryOperator;

/**
 * Contour lines of a function sampled on a grid, by marching squares (Lorensen and Cline's marching cubes in two
 * dimensions): each grid cell whose corners lie on both sides of a level gets one or two segments, their ends placed
 * on the cell's edges by linear interpolation, and the segments are joined into polylines. A cell whose two
 * diagonals disagree (a saddle) is resolved by the mean of its corners. Cells with a non-finite corner get none.
 *
 * <p>Grid layout: {@code z[j][i]} is the value at {@code (xs[i], ys[j])}; both axes increase.
 *
 * {@snippet file="AnalysisSnippets.java" region="contours"}
 */
public final class Contours {
    /**
     * One contour line: the points, in order; a closed line ends where it starts.
     *
     * @param level the value along the line
     * @param x the points' x
     * @param y the points' y
     */
    public record Line(double level, double[] x, double[] y) {
        /** True when the line closes on itself (it does not run into the grid's border). */
        public boolean closed() {
            int n = x.length;
            return n > 2 && x[0] == x[n - 1] && y[0] == y[n - 1];
        }
    }

    private Contours() {
    }

    /**
     * {@code f} sampled on {@code nx x ny} evenly spaced points of {@code [xMin, xMax] x [yMin, yMax]}, as
     * {@code z[j][i] = f(x_i, y_j)}.
     *
     * @throws IllegalArgumentException unless {@code xMin < xMax}, {@code yMin < yMax} and both counts are at
     *     least 2
     */
    public static double[][] sample(DoubleBinaryOperator f, double xMin, double xMax, double yMin, double yMax,
            int nx, int ny) {
        double[] xs = grid("x", xMin, xMax, nx);
        double[] ys = grid("y", yMin, yMax, ny);
        double[][] z = new double[ny][nx];
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                z[j][i] = f.applyAsDouble(xs[i], ys[j]);
            }
        }
        return z;
    }

    /**
     * {@code n} evenly spaced values from {@code min} to {@code max}.
     *
     * @throws IllegalArgumentException unless {@code min < max} (both finite) and {@code n >= 2}
     */
    public static double[] grid(String axis, double min, double max, int n) {
        if (!(min < max) || !Double.isFinite(min) || !Double.isFinite(max) || n < 2) {
            throw new IllegalArgumentException("Contours: the " + axis + " grid needs finite min < max and at least "
                    + "2 points, got [" + min + ", " + max + "] with " + n);
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = i == n - 1 ? max : min + (max - min) * i / (n - 1);
        }
        return v;
    }

    /**
     * {@code n} levels for a function whose values span orders of magnitude (Rosenbrock's valley, say): the finite
     * minimum {@code lo} of {@code z} plus {@code (hi - lo) * 10^(-decades * (1 - k / (n - 1)))}, k = 0 .. n-1, so
     * they crowd near the minimum, where an optimizer spends its end.
     *
     * @throws IllegalArgumentException if {@code n < 1}, {@code decades} is not positive, or {@code z} has fewer
     *     than two distinct finite values
     */
    public static double[] logLevels(double[][] z, int n, double decades) {
        if (n < 1 || !(decades > 0)) {
            throw new IllegalArgumentException("Contours.logLevels: need n >= 1 and decades > 0, got n " + n
                    + ", decades " + decades);
        }
        double[] range = range(z);
        double[] levels = new double[n];
        for (int k = 0; k < n; k++) {
            double exponent = n == 1 ? 0 : -decades * (1 - (double) k / (n - 1));
            levels[k] = range[0] + (range[1] - range[0]) * Math.pow(10, exponent);
        }
        return levels;
    }

    /**
     * {@code n} levels evenly spaced strictly inside the finite range of {@code z}.
     *
     * @throws IllegalArgumentException if {@code n < 1} or {@code z} has fewer than two distinct finite values
     */
    public static double[] linearLevels(double[][] z, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("Contours.linearLevels: need n >= 1, got " + n);
        }
        double[] range = range(z);
        double[] levels = new double[n];
        for (int k = 0; k < n; k++) {
            levels[k] = range[0] + (range[1] - range[0]) * (k + 1) / (n + 1);
        }
        return levels;
    }

    private static double[] range(double[][] z) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] row : z) {
            for (double v : row) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (!(lo < hi)) {
            throw new IllegalArgumentException("Contours: the grid needs at least two distinct finite values to "
                    + "choose levels, got " + (lo > hi ? "none" : "only " + lo));
        }
        return new double[] {lo, hi};
    }

    /**
     * The contour lines of {@code z} at {@code level}, open lines (ending on the border) first.
     *
     * @throws IllegalArgumentException if {@code z} is not {@code ys.length} rows of {@code xs.length} values, an
     *     axis has fewer than 2 points or does not increase, or {@code level} is not finite
     */
    public static List<Line> lines(double[] xs, double[] ys, double[][] z, double level) {
        checkGrid(xs, ys, z);
        if (!Double.isFinite(level)) {
            throw new IllegalArgumentException("Contours.lines: the level must be finite, got " + level);
        }
        int nx = xs.length;
        int ny = ys.length;
        // Crossing points sit on grid edges: edge 2 * (j * nx + i) runs from (i, j) to (i + 1, j), edge
        // 2 * (j * nx + i) + 1 from (i, j) to (i, j + 1). Each segment joins two edges.
        Map<Integer, double[]> points = new HashMap<>();
        Map<Integer, List<int[]>> byEdge = new HashMap<>();
        List<int[]> segments = new ArrayList<>();
        for (int j = 0; j + 1 < ny; j++) {
            for (int i = 0; i + 1 < nx; i++) {
                double a = z[j][i];
                double b = z[j][i + 1];
                double c = z[j + 1][i + 1];
                double d = z[j + 1][i];
                if (!Double.isFinite(a) || !Double.isFinite(b) || !Double.isFinite(c) || !Double.isFinite(d)) {
                    continue;
                }
                int bottom = 2 * (j * nx + i);
                int top = 2 * ((j + 1) * nx + i);
                int left = 2 * (j * nx + i) + 1;
                int right = 2 * (j * nx + i + 1) + 1;
                int code = (a > level ? 1 : 0) | (b > level ? 2 : 0) | (c > level ? 4 : 0) | (d > level ? 8 : 0);
                int[][] cell = switch (code) {
                    case 0, 15 -> new int[0][];
                    case 1, 14 -> new int[][] {{left, bottom}};
                    case 2, 13 -> new int[][] {{bottom, right}};
                    case 3, 12 -> new int[][] {{left, right}};
                    case 4, 11 -> new int[][] {{right, top}};
                    case 6, 9 -> new int[][] {{bottom, top}};
                    case 7, 8 -> new int[][] {{left, top}};
                    case 5, 10 -> {
                        // a and c on one side, b and d on the other: the centre decides which pair is connected
                        boolean centreAbove = (a + b + c + d) / 4 > level;
                        boolean aAbove = a > level;
                        yield centreAbove == aAbove
                                ? new int[][] {{left, top}, {bottom, right}}
                                : new int[][] {{left, bottom}, {right, top}};
                    }
                    default -> throw new IllegalStateException("marching squares: case " + code);
                };
                for (int[] s : cell) {
                    for (int edge : s) {
                        points.computeIfAbsent(edge, e -> crossing(e, xs, ys, z, level));
                        byEdge.computeIfAbsent(edge, e -> new ArrayList<>(2)).add(s);
                    }
                    segments.add(s);
                }
            }
        }
        return join(segments, byEdge, points, level);
    }

    /** Where the level crosses grid edge {@code edge}, by linear interpolation between its two corners. */
    private static double[] crossing(int edge, double[] xs, double[] ys, double[][] z, double level) {
        int node = edge / 2;
        int nx = xs.length;
        int i = node % nx;
        int j = node / nx;
        boolean horizontal = edge % 2 == 0;
        int i2 = horizontal ? i + 1 : i;
        int j2 = horizontal ? j : j + 1;
        double z1 = z[j][i];
        double z2 = z[j2][i2];
        double t = z1 == z2 ? 0.5 : Math.clamp((level - z1) / (z2 - z1), 0.0, 1.0);
        return new double[] {xs[i] + t * (xs[i2] - xs[i]), ys[j] + t * (ys[j2] - ys[j])};
    }

    private static List<Line> join(List<int[]> segments, Map<Integer, List<int[]>> byEdge,
            Map<Integer, double[]> points, double level) {
        List<Line> open = new ArrayList<>();
        List<Line> closed = new ArrayList<>();
        Set<int[]> used = Collections.newSetFromMap(new IdentityHashMap<>());
        // Open lines start at an edge used once (the grid's border, or next to a cell without values).
        for (Map.Entry<Integer, List<int[]>> e : byEdge.entrySet()) {
            if (e.getValue().size() == 1 && !used.contains(e.getValue().getFirst())) {
                open.add(walk(e.getKey(), byEdge, points, used, level));
            }
        }
        for (int[] s : segments) {
            if (!used.contains(s)) {
                closed.add(walk(s[0], byEdge, points, used, level));
            }
        }
        open.addAll(closed);
        return open;
    }

    private static Line walk(int start, Map<Integer, List<int[]>> byEdge, Map<Integer, double[]> points,
            Set<int[]> used, double level) {
        List<double[]> path = new ArrayList<>();
        path.add(points.get(start));
        int edge = start;
        while (true) {
            int[] next = null;
            for (int[] s : byEdge.get(edge)) {
                if (!used.contains(s)) {
                    next = s;
                    break;
                }
            }
            if (next == null) {
                break;
            }
            used.add(next);
            edge = next[0] == edge ? next[1] : next[0];
            path.add(points.get(edge));
        }
        double[] x = new double[path.size()];
        double[] y = new double[path.size()];
        for (int k = 0; k < x.length; k++) {
            x[k] = path.get(k)[0];
            y[k] = path.get(k)[1];
        }
        return new Line(level, x, y);
    }

    private static void checkGrid(double[] xs, double[] ys, double[][] z) {
        increasing("x", xs);
        increasing("y", ys);
        boolean fits = z.length == ys.length;
        for (int j = 0; fits && j < z.length; j++) {
            fits = z[j] != null && z[j].length == xs.length;
        }
        if (!fits) {
            throw new IllegalArgumentException("Contours.lines: z must be " + ys.length + " rows (one per y) of "
                    + xs.length + " values (one per x), got " + z.length + " rows"
                    + (z.length > 0 && z[0] != null ? " of " + z[0].length : ""));
        }
    }

    private static void increasing(String axis, double[] v) {
        if (v.length < 2) {
            throw new IllegalArgumentException("Contours.lines: the " + axis + " axis needs at least 2 points, got "
                    + v.length);
        }
        for (int i = 1; i < v.length; i++) {
            if (!(v[i] > v[i - 1])) {
                throw new IllegalArgumentException("Contours.lines: the " + axis + " axis must increase, but "
                        + axis + "[" + i + "] = " + v[i] + " follows " + v[i - 1]);
            }
        }
    }
}
