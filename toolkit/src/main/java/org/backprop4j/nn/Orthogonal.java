package org.backprop4j.nn;

import org.backprop4j.array.Rng;

/** Householder QR of a Gaussian matrix, for {@link Init#orthogonal}. */
final class Orthogonal {
    private Orthogonal() {
    }

    /** A {@code rows x cols} matrix with orthonormal rows (if rows <= cols) or columns (otherwise). */
    static double[][] sample(int rows, int cols, Rng rng) {
        boolean transpose = rows < cols;
        int m = transpose ? cols : rows;
        int n = transpose ? rows : cols;
        double[][] a = new double[m][n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] = rng.nextGaussian();
            }
        }
        double[][] q = thinQ(a, m, n);
        double[][] out = new double[rows][cols];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                if (transpose) {
                    out[j][i] = q[i][j];
                } else {
                    out[i][j] = q[i][j];
                }
            }
        }
        return out;
    }

    /** The m x n factor Q of A = QR (m >= n), with columns multiplied by sign(R_jj) to make R's diagonal positive. */
    private static double[][] thinQ(double[][] a, int m, int n) {
        double[][] r = new double[m][];
        for (int i = 0; i < m; i++) {
            r[i] = a[i].clone();
        }
        double[][] vs = new double[n][];
        double[] diag = new double[n];
        for (int k = 0; k < n; k++) {
            double norm = 0;
            for (int i = k; i < m; i++) {
                norm += r[i][k] * r[i][k];
            }
            norm = Math.sqrt(norm);
            double alpha = r[k][k] > 0 ? -norm : norm;
            double[] v = new double[m];
            for (int i = k; i < m; i++) {
                v[i] = r[i][k];
            }
            v[k] -= alpha;
            double vnorm = 0;
            for (int i = k; i < m; i++) {
                vnorm += v[i] * v[i];
            }
            if (vnorm > 0) {
                for (int j = k; j < n; j++) {
                    double dot = 0;
                    for (int i = k; i < m; i++) {
                        dot += v[i] * r[i][j];
                    }
                    double f = 2 * dot / vnorm;
                    for (int i = k; i < m; i++) {
                        r[i][j] -= f * v[i];
                    }
                }
            }
            vs[k] = vnorm > 0 ? v : null;
            diag[k] = r[k][k];
        }
        // Q = H_0 H_1 ... H_{n-1} applied to the first n columns of the identity.
        double[][] q = new double[m][n];
        for (int j = 0; j < n; j++) {
            q[j][j] = 1;
        }
        for (int k = n - 1; k >= 0; k--) {
            double[] v = vs[k];
            if (v == null) {
                continue;
            }
            double vnorm = 0;
            for (int i = k; i < m; i++) {
                vnorm += v[i] * v[i];
            }
            for (int j = 0; j < n; j++) {
                double dot = 0;
                for (int i = k; i < m; i++) {
                    dot += v[i] * q[i][j];
                }
                double f = 2 * dot / vnorm;
                for (int i = k; i < m; i++) {
                    q[i][j] -= f * v[i];
                }
            }
        }
        for (int j = 0; j < n; j++) {
            if (diag[j] < 0) {
                for (int i = 0; i < m; i++) {
                    q[i][j] = -q[i][j];
                }
            }
        }
        return q;
    }
}
