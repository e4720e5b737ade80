package org.backprop4j.array.internal;

/**
 * Loops that move whole planes through one index table: a contiguous array seen as {@code planes} rows of
 * {@code planeSize} elements is read ({@link #gather}) or accumulated into ({@link #scatterAdd}) at the positions the
 * table names, the same table for every plane. Windows of a convolution or pooling ({@link Window3d#table}), the
 * border of a reflect, replicate or circular padding and nearest-neighbour resampling are such tables; -1 marks an
 * entry with no source (it reads {@code fill}, and scatters nowhere).
 */
public final class TableKernels {
    private TableKernels() {
    }

    /**
     * Writes at {@code out[at ...]} the row-major offsets, within an array of {@code inSize}, of the cartesian
     * product of per-axis indices {@code axes} (-1 in any axis gives -1). Both have 1 to 3 axes, right-aligned.
     */
    public static void outer(int[] inSize, int[][] axes, int[] out, int at) {
        int n = axes.length;
        int[] a = n == 3 ? axes[0] : new int[] {0};
        int[] b = n >= 2 ? axes[n - 2] : new int[] {0};
        int[] c = axes[n - 1];
        int h = n >= 2 ? inSize[inSize.length - 2] : 1;
        int w = inSize[inSize.length - 1];
        int p = at;
        for (int i : a) {
            for (int j : b) {
                int row = i < 0 || j < 0 ? -1 : (i * h + j) * w;
                for (int k : c) {
                    out[p++] = row < 0 || k < 0 ? -1 : row + k;
                }
            }
        }
    }

    /** The offsets within an array of {@code inSize} of the cartesian product of per-axis indices {@code axes}. */
    public static int[] outer(int[] inSize, int[][] axes) {
        int n = 1;
        for (int[] axis : axes) {
            n *= axis.length;
        }
        int[] table = new int[n];
        outer(inSize, axes, table, 0);
        return table;
    }

    /** {@code out[p T + i] = x[xOff + p planeSize + table[i]]} (or {@code fill} where the entry is -1). */
    public static void gather(float[] x, int xOff, int planes, int planeSize, int[] table, float fill, float[] out) {
        int t = table.length;
        for (int p = 0, o = 0; p < planes; p++) {
            int base = xOff + p * planeSize;
            for (int i = 0; i < t; i++, o++) {
                int s = table[i];
                out[o] = s < 0 ? fill : x[base + s];
            }
        }
    }

    public static void gather(double[] x, int xOff, int planes, int planeSize, int[] table, double fill,
            double[] out) {
        int t = table.length;
        for (int p = 0, o = 0; p < planes; p++) {
            int base = xOff + p * planeSize;
            for (int i = 0; i < t; i++, o++) {
                int s = table[i];
                out[o] = s < 0 ? fill : x[base + s];
            }
        }
    }

    /** The adjoint of {@link #gather}: {@code out[p planeSize + table[i]] += g[gOff + p T + i]}. */
    public static void scatterAdd(float[] g, int gOff, int planes, int planeSize, int[] table, float[] out) {
        int t = table.length;
        for (int p = 0, o = gOff; p < planes; p++) {
            int base = p * planeSize;
            for (int i = 0; i < t; i++, o++) {
                int s = table[i];
                if (s >= 0) {
                    out[base + s] += g[o];
                }
            }
        }
    }

    public static void scatterAdd(double[] g, int gOff, int planes, int planeSize, int[] table, double[] out) {
        int t = table.length;
        for (int p = 0, o = gOff; p < planes; p++) {
            int base = p * planeSize;
            for (int i = 0; i < t; i++, o++) {
                int s = table[i];
                if (s >= 0) {
                    out[base + s] += g[o];
                }
            }
        }
    }

    /**
     * Max unpooling: {@code out[p outSize + index[p L + i]] = x[xOff + p L + i]} for every plane {@code p}, each plane
     * with its own {@code L} indices into a zeroed plane of {@code outSize}.
     *
     * @return the first index outside {@code [0, outSize)}, or -1 when all fit (nothing is written past a bad one)
     */
    public static long unpool(float[] x, int xOff, long[] index, int planes, int l, int outSize, float[] out) {
        for (int p = 0, o = 0; p < planes; p++) {
            int base = p * outSize;
            for (int i = 0; i < l; i++, o++) {
                long s = index[o];
                if (s < 0 || s >= outSize) {
                    return s;
                }
                out[base + (int) s] = x[xOff + o];
            }
        }
        return -1;
    }

    public static long unpool(double[] x, int xOff, long[] index, int planes, int l, int outSize, double[] out) {
        for (int p = 0, o = 0; p < planes; p++) {
            int base = p * outSize;
            for (int i = 0; i < l; i++, o++) {
                long s = index[o];
                if (s < 0 || s >= outSize) {
                    return s;
                }
                out[base + (int) s] = x[xOff + o];
            }
        }
        return -1;
    }

    /**
     * The maximum of every window, for max pooling: for plane {@code p} and output position {@code i},
     * {@code out[p L + i]} is the largest {@code x[xOff + p planeSize + table[t L + i]]} over the taps {@code t} inside
     * the input (the first in tap order among ties; a NaN wins, the first one), and {@code arg[p L + i]} its offset in
     * the plane, or -1 (with -infinity) when no tap falls inside. {@code table} is {@link Window3d#table}'s.
     */
    public static void maxWindows(float[] x, int xOff, int planes, int planeSize, int[] table, int l, float[] out,
            int[] arg) {
        int taps = table.length / l;
        Split.byItems(planes, (long) planes * table.length, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int base = xOff + p * planeSize;
                int o = p * l;
                for (int i = Loops.VECTOR ? VectorLoops.maxWindows(x, base, table, l, taps, out, arg, o) : 0;
                        i < l; i++) {
                    maxWindow(x, base, table, l, taps, i, out, arg, o + i);
                }
            }
        });
    }

    /** One output position {@code i} of {@link #maxWindows}, written at index {@code to}. */
    static void maxWindow(float[] x, int base, int[] table, int l, int taps, int i, float[] out, int[] arg, int to) {
        float best = Float.NEGATIVE_INFINITY;
        int at = -1;
        for (int t = 0, e = i; t < taps; t++, e += l) {
            int s = table[e];
            if (s >= 0) {
                float v = x[base + s];
                if (at < 0 || v > best || (v != v && best == best)) {
                    best = v;
                    at = s;
                }
            }
        }
        out[to] = best;
        arg[to] = at;
    }

    public static void maxWindows(double[] x, int xOff, int planes, int planeSize, int[] table, int l, double[] out,
            int[] arg) {
        int taps = table.length / l;
        Split.byItems(planes, (long) planes * table.length, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int base = xOff + p * planeSize;
                int o = p * l;
                for (int i = Loops.VECTOR ? VectorLoops.maxWindows(x, base, table, l, taps, out, arg, o) : 0;
                        i < l; i++) {
                    maxWindow(x, base, table, l, taps, i, out, arg, o + i);
                }
            }
        });
    }

    /** One output position {@code i} of {@link #maxWindows}, written at index {@code to}. */
    static void maxWindow(double[] x, int base, int[] table, int l, int taps, int i, double[] out, int[] arg, int to) {
        double best = Double.NEGATIVE_INFINITY;
        int at = -1;
        for (int t = 0, e = i; t < taps; t++, e += l) {
            int s = table[e];
            if (s >= 0) {
                double v = x[base + s];
                if (at < 0 || v > best || (v != v && best == best)) {
                    best = v;
                    at = s;
                }
            }
        }
        out[to] = best;
        arg[to] = at;
    }

    /**
     * The adjoint of {@link #maxWindows}: {@code out[p planeSize + arg[p L + i]] += g[gOff + p L + i]}, skipping -1,
     * into a zeroed {@code out} of {@code planes} planes.
     */
    public static void scatterArg(float[] g, int gOff, int planes, int planeSize, int[] arg, int l, float[] out) {
        Split.byItems(planes, (long) planes * l, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int base = p * planeSize;
                for (int i = 0, o = p * l; i < l; i++, o++) {
                    int s = arg[o];
                    if (s >= 0) {
                        out[base + s] += g[gOff + o];
                    }
                }
            }
        });
    }

    public static void scatterArg(double[] g, int gOff, int planes, int planeSize, int[] arg, int l, double[] out) {
        Split.byItems(planes, (long) planes * l, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int base = p * planeSize;
                for (int i = 0, o = p * l; i < l; i++, o++) {
                    int s = arg[o];
                    if (s >= 0) {
                        out[base + s] += g[gOff + o];
                    }
                }
            }
        });
    }

    /**
     * The positions {@link #maxWindows} reported as int64, the way PyTorch returns them: a window whose taps all fall
     * outside the input ({@code arg} -1) reports its first tap's position clamped into range, never -1.
     */
    public static long[] positions(int[] arg, int l, int[] table) {
        long[] out = new long[arg.length];
        for (int o = 0; o < arg.length; o++) {
            int s = arg[o];
            out[o] = s >= 0 ? s : firstInside(table, l, o % l);
        }
        return out;
    }

    private static int firstInside(int[] table, int l, int i) {
        for (int t = i; t < table.length; t += l) {
            if (table[t] >= 0) {
                return table[t];
            }
        }
        return 0;
    }
}
