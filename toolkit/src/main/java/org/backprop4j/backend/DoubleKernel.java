package org.backprop4j.backend;

/**
 * The innermost GEMM step on packed operands: {@code C[0:mr, 0:nr] += A * B} where A is an {@code mr x kc} panel
 * stored column by column ({@code mr} values per step of the shared dimension) and B a {@code kc x nr} panel
 * stored row by row. C is row-major with row stride {@code ldc}.
 */
interface DoubleKernel {
    int mr();

    int nr();

    /** What the kernel is, for {@link BackendInfo}. */
    String describe();

    void tile(int kc, double[] a, int ai, double[] b, int bi, double[] c, int ci, int ldc);
}
