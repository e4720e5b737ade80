package org.backprop4j.backend;

import java.util.Arrays;

/** Checks and the split over threads shared by the backends' batched GEMMs. */
final class Batch {
    private Batch() {
    }

    /**
     * Checks that the three offset arrays are equally long and every product fits its arrays.
     *
     * @throws IllegalArgumentException naming {@code op}, the product's index and the sizes involved
     */
    static void check(String op, boolean transA, boolean transB, int m, int n, int k, int aLength, int[] offA,
            int lda, int bLength, int[] offB, int ldb, int cLength, int[] offC, int ldc) {
        if (offA.length != offB.length || offA.length != offC.length) {
            throw new IllegalArgumentException(op + ": the offset arrays differ in length: A has " + offA.length
                    + ", B " + offB.length + ", C " + offC.length);
        }
        for (int t = 0; t < offA.length; t++) {
            Gemm.check(op + "[" + t + "]", transA, transB, m, n, k, aLength, offA[t], lda, bLength, offB[t], ldb,
                    cLength, offC[t], ldc);
        }
    }

    /**
     * Into how many parts to split the products over threads: 1 unless there are several threads and products,
     * each product is too small to use the threads by itself ({@code m n k < alone}), all of them together are
     * large enough to pay for waking the threads ({@code >= together}; tens of microseconds on the VMs measured),
     * and no two C matrices overlap (so that the order does not matter).
     */
    static int parts(int threads, int m, int n, int k, int[] offC, int ldc, long alone, long together) {
        long each = (long) m * n * k;
        int count = offC.length;
        if (threads <= 1 || count <= 1 || each >= alone || each * count < together || !disjoint(offC, m, n, ldc)) {
            return 1;
        }
        return Math.min(threads, count);
    }

    /** The first product of {@code part} when {@code count} products are split into {@code parts}. */
    static int from(int part, int parts, int count) {
        return (int) ((long) count * part / parts);
    }

    /** Whether the {@code m x n} matrices at {@code offC} lie apart (each one's span ends before the next starts). */
    static boolean disjoint(int[] offC, int m, int n, int ldc) {
        if (m == 0 || n == 0) {
            return true;
        }
        int[] sorted = offC.clone();
        Arrays.sort(sorted);
        long span = (long) (m - 1) * ldc + n;
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] - (long) sorted[i - 1] < span) {
                return false;
            }
        }
        return true;
    }
}
