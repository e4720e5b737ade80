package org.backprop4j.backend;

import org.backprop4j.backend.internal.Workers;

/** The argument checks every GEMM implementation shares, and the Java GEMM's split of C over threads. */
final class Gemm {
    private Gemm() {
    }

    /**
     * Checks sizes, leading dimensions and that each matrix fits its array, so that no kernel (least of all a
     * native one, which would read or write past the array) sees a bad argument.
     *
     * @throws IllegalArgumentException naming {@code op}, the operand and the sizes involved
     */
    static void check(String op, boolean transA, boolean transB, int m, int n, int k, int aLength, int offA, int lda,
            int bLength, int offB, int ldb, int cLength, int offC, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException(op + ": sizes must not be negative, got m=" + m + ", n=" + n + ", k="
                    + k);
        }
        operand(op, "A", transA ? k : m, transA ? m : k, aLength, offA, lda, transA ? "k x m" : "m x k");
        operand(op, "B", transB ? n : k, transB ? k : n, bLength, offB, ldb, transB ? "n x k" : "k x n");
        operand(op, "C", m, n, cLength, offC, ldc, "m x n");
    }

    private static void operand(String op, String name, int rows, int cols, int length, int offset, int ld,
            String dims) {
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException(op + ": ld" + name.toLowerCase() + "=" + ld + " is less than the "
                    + cols + " columns of " + name + " (stored " + dims + " = " + rows + " x " + cols + ")");
        }
        if (offset < 0) {
            throw new IllegalArgumentException(op + ": offset of " + name + " is negative (" + offset + ")");
        }
        if (rows == 0 || cols == 0) {
            return;
        }
        long needed = offset + (long) (rows - 1) * ld + cols;
        if (needed > length) {
            throw new IllegalArgumentException(op + ": " + name + " (stored " + dims + " = " + rows + " x " + cols
                    + ", ld " + ld + ", offset " + offset + ") needs " + needed + " elements, its array has " + length);
        }
    }

    /** A stripe of C for one thread: rows {@code i0..i1}, columns {@code j0..j1}. */
    @FunctionalInterface
    interface Stripe {
        void run(int i0, int i1, int j0, int j1);
    }

    /**
     * Runs {@code stripe} over the {@code m x n} matrix C split into up to {@code parts} column stripes (row
     * stripes when C is taller than wide) of whole {@code mr x nr} tiles, each on its own thread; in one piece on
     * this thread when {@code parts} or the tiles allow only one.
     */
    static void split(int parts, int m, int n, int mr, int nr, Stripe stripe) {
        boolean byColumns = n >= m;
        int tiles = byColumns ? (n + nr - 1) / nr : (m + mr - 1) / mr;
        int count = Math.min(parts, tiles);
        if (count <= 1) {
            stripe.run(0, m, 0, n);
            return;
        }
        int unit = byColumns ? nr : mr;
        int extent = byColumns ? n : m;
        Workers.run(count, part -> {
            int from = Math.min(extent, (int) ((long) tiles * part / count) * unit);
            int to = Math.min(extent, (int) ((long) tiles * (part + 1) / count) * unit);
            if (byColumns) {
                stripe.run(0, m, from, to);
            } else {
                stripe.run(from, to, 0, n);
            }
        });
    }
}
