package org.backprop4j.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import java.util.stream.Stream;

import org.backprop4j.array.Rng;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * sgemm and dgemm of every backend against a naive triple loop in double precision, over random shapes (including
 * 0 and 1, non-square), both transposes, leading dimensions larger than the rows, offsets into larger arrays,
 * alpha/beta, and sizes on both sides of every threshold and block size: the Java backend's direct loop, its
 * packed kernels and its split over threads, OpenBLAS's hand-off of small products to Java. Every element of A, B
 * and C outside the matrices is NaN or a sentinel, so reading or writing outside them is caught.
 */
class GemmTest {
    private static final int[] SIZES = {0, 1, 2, 3, 5, 8, 17};
    private static final double SENTINEL = 12345.0;

    /** One GEMM problem: stored matrices inside padded arrays, described exactly as the Backend receives them. */
    record Problem(boolean transA, boolean transB, int m, int n, int k, double alpha, double beta,
            double[] a, int offA, int lda, double[] b, int offB, int ldb, double[] c, int offC, int ldc) {
        double opA(int i, int p) {
            return transA ? a[offA + p * lda + i] : a[offA + i * lda + p];
        }

        double opB(int p, int j) {
            return transB ? b[offB + j * ldb + p] : b[offB + p * ldb + j];
        }

        @Override
        public String toString() {
            return "transA=" + transA + " transB=" + transB + " m=" + m + " n=" + n + " k=" + k + " alpha=" + alpha
                    + " beta=" + beta + " offA=" + offA + " lda=" + lda + " offB=" + offB + " ldb=" + ldb + " offC="
                    + offC + " ldc=" + ldc;
        }
    }

    /** A {@code rows x cols} row-major matrix with row stride {@code ld} at {@code off}; NaN everywhere else. */
    private static double[] padded(Rng rng, int rows, int cols, int off, int ld, double outside) {
        int length = off + (rows == 0 || cols == 0 ? 0 : (rows - 1) * ld + cols) + 3;
        double[] x = new double[length];
        Arrays.fill(x, outside);
        for (int r = 0; r < rows; r++) {
            for (int col = 0; col < cols; col++) {
                x[off + r * ld + col] = Math.round(rng.nextGaussian() * 64) / 16.0; // exact in float
            }
        }
        return x;
    }

    private static Problem random(Rng rng, boolean transA, boolean transB, int m, int n, int k, double alpha,
            double beta) {
        int aRows = transA ? k : m;
        int aCols = transA ? m : k;
        int bRows = transB ? n : k;
        int bCols = transB ? k : n;
        int lda = Math.max(1, aCols) + (int) rng.nextLong(3);
        int ldb = Math.max(1, bCols) + (int) rng.nextLong(3);
        int ldc = Math.max(1, n) + (int) rng.nextLong(3);
        int offA = (int) rng.nextLong(4);
        int offB = (int) rng.nextLong(4);
        int offC = (int) rng.nextLong(4);
        return new Problem(transA, transB, m, n, k, alpha, beta, padded(rng, aRows, aCols, offA, lda, Double.NaN),
                offA, lda, padded(rng, bRows, bCols, offB, ldb, Double.NaN), offB, ldb,
                padded(rng, m, n, offC, ldc, SENTINEL), offC, ldc);
    }

    /** Every backend and kernel variant, OpenBLAS once as selected and once with no Java hand-off at all. */
    static Stream<Named<Backend>> backends() {
        OpenBlasLibrary.Loaded library = OpenBlasLibrary.load(OpenBlasLibrary.Search.fromEnvironment());
        return Stream.of(
                Named.of("java vector, 1 thread", new JavaBackend(JavaBackend.Kernels.VECTOR, 1)),
                Named.of("java vector, 3 threads", new JavaBackend(JavaBackend.Kernels.VECTOR, 3)),
                Named.of("java scalar, 2 threads", new JavaBackend(JavaBackend.Kernels.SCALAR, 2)),
                Named.of("openblas", Backend.openBlas()),
                Named.of("openblas without the small-size hand-off", new OpenBlasBackend(library, 0)));
    }

    /** Products past the direct-loop, thread-split and cache-block sizes, with ragged edges. */
    private static List<Problem> largeProblems() {
        Rng rng = Rng.seeded(7);
        int[][] shapes = {{17, 16, 16}, {15, 33, 9}, {32, 32, 32}, {33, 40, 25}, {97, 101, 95}, {130, 70, 300},
                {70, 260, 129}, {300, 9, 40}, {9, 2100, 5}, {1, 1, 5000}, {64, 64, 64}};
        List<Problem> list = new ArrayList<>();
        for (int[] s : shapes) {
            for (boolean transA : new boolean[] {false, true}) {
                for (boolean transB : new boolean[] {false, true}) {
                    list.add(random(rng, transA, transB, s[0], s[1], s[2], 1.5, transA ? 0 : -0.5));
                }
            }
        }
        // Past the Java backend's thread-split size, split by rows and by columns.
        list.add(random(rng, false, true, 260, 140, 240, 1, 0));
        list.add(random(rng, true, false, 150, 260, 230, -1, 2));
        return list;
    }

    private static List<Problem> problems() {
        Rng rng = Rng.seeded(2024);
        double[][] scales = {{1, 0}, {1, 1}, {-0.5, 0.75}, {2.5, 0}, {0.25, -2}};
        List<Problem> list = new ArrayList<>();
        for (boolean transA : new boolean[] {false, true}) {
            for (boolean transB : new boolean[] {false, true}) {
                for (int m : SIZES) {
                    for (int n : SIZES) {
                        for (int k : SIZES) {
                            double[] s = scales[(int) rng.nextLong(scales.length)];
                            list.add(random(rng, transA, transB, m, n, k, s[0], s[1]));
                        }
                    }
                }
                // Longer than the kernel's block of the shared dimension.
                list.add(random(rng, transA, transB, 3, 4, 600, 1, 0.5));
            }
        }
        list.addAll(largeProblems());
        return list;
    }

    private static void check(Problem p, double[] c, double tolerance) {
        double[] before = p.c();
        for (int idx = 0; idx < c.length; idx++) {
            int rel = idx - p.offC();
            int i = rel < 0 ? -1 : rel / p.ldc();
            int j = rel < 0 ? -1 : rel % p.ldc();
            boolean inside = rel >= 0 && i < p.m() && j < p.n();
            if (!inside) {
                if (c[idx] != before[idx]) {
                    fail("%s: wrote element %d outside C (%s -> %s)", p, idx, before[idx], c[idx]);
                }
                continue;
            }
            double sum = 0;
            double magnitude = 0;
            for (int q = 0; q < p.k(); q++) {
                sum += p.opA(i, q) * p.opB(q, j);
                magnitude += Math.abs(p.opA(i, q) * p.opB(q, j));
            }
            double expected = p.alpha() * sum + (p.beta() == 0 ? 0 : p.beta() * before[idx]);
            double bound = tolerance * (Math.abs(p.alpha()) * magnitude + Math.abs(p.beta() * before[idx]) + 1);
            if (!(Math.abs(c[idx] - expected) <= bound)) {
                fail("%s: C[%d][%d] is %s, expected %s", p, i, j, c[idx], expected);
            }
        }
    }

    private static float[] toFloats(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }

    private static double[] toDoubles(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }

    @ParameterizedTest
    @MethodSource("backends")
    void dgemmMatchesTheNaiveProduct(Backend backend) {
        List<Problem> all = problems();
        assertThat(all).hasSizeGreaterThan(1000);
        for (Problem p : all) {
            double[] a = p.a().clone();
            double[] b = p.b().clone();
            double[] c = p.c().clone();
            backend.dgemm(p.transA(), p.transB(), p.m(), p.n(), p.k(), p.alpha(), a, p.offA(), p.lda(), b, p.offB(),
                    p.ldb(), p.beta(), c, p.offC(), p.ldc());
            check(p, c, 1e-13);
            assertThat(Arrays.equals(a, p.a()) && Arrays.equals(b, p.b())).as("A and B unchanged: %s", p).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void sgemmMatchesTheNaiveProduct(Backend backend) {
        for (Problem p : problems()) {
            float[] a = toFloats(p.a());
            float[] b = toFloats(p.b());
            float[] c = toFloats(p.c());
            float[] a0 = a.clone();
            float[] b0 = b.clone();
            backend.sgemm(p.transA(), p.transB(), p.m(), p.n(), p.k(), (float) p.alpha(), a, p.offA(), p.lda(), b,
                    p.offB(), p.ldb(), (float) p.beta(), c, p.offC(), p.ldc());
            check(p, toDoubles(c), 1e-6);
            assertThat(Arrays.equals(a, a0) && Arrays.equals(b, b0)).as("A and B unchanged: %s", p).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aSmallProductByHand(Backend backend) {
        // [[1, 2, 3], [4, 5, 6]] @ [[1, 0], [0, 1], [1, 1]] = [[4, 5], [10, 11]]
        float[] a = {1, 2, 3, 4, 5, 6};
        float[] b = {1, 0, 0, 1, 1, 1};
        float[] c = new float[4];
        backend.sgemm(false, false, 2, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 2);
        assertThat(c).containsExactly(4, 5, 10, 11);
        // The same with both operands stored transposed.
        float[] at = {1, 4, 2, 5, 3, 6};
        float[] bt = {1, 0, 1, 0, 1, 1};
        double[] cd = new double[4];
        backend.dgemm(true, true, 2, 2, 3, 1.0, toDoubles(at), 0, 2, toDoubles(bt), 0, 3, 0.0, cd, 0, 2);
        assertThat(cd).containsExactly(4, 5, 10, 11);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void betaZeroOverwritesNaNInC(Backend backend) {
        double[] c = {Double.NaN, Double.NaN};
        backend.dgemm(false, false, 1, 2, 1, 1.0, new double[] {2}, 0, 1, new double[] {3, 4}, 0, 2, 0.0, c, 0, 2);
        assertThat(c).containsExactly(6, 8);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void anEmptySharedDimensionOnlyScalesC(Backend backend) {
        float[] c = {1, 2, 3, 4};
        backend.sgemm(false, false, 2, 2, 0, 1f, new float[0], 0, 1, new float[0], 0, 2, 3f, c, 0, 2);
        assertThat(c).containsExactly(3, 6, 9, 12);
        backend.sgemm(false, true, 2, 2, 0, 1f, new float[0], 0, 1, new float[0], 0, 1, 0f, c, 0, 2);
        assertThat(c).containsExactly(0, 0, 0, 0);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void alphaZeroDoesNotReadAOrB(Backend backend) {
        // As BLAS: with alpha = 0, A and B need not be set, so NaN or Inf in them must not reach C.
        double[] c = {1, 2};
        backend.dgemm(false, false, 1, 2, 1, 0.0, new double[] {Double.NaN}, 0, 1,
                new double[] {Double.POSITIVE_INFINITY, 1}, 0, 2, 2.0, c, 0, 2);
        assertThat(c).containsExactly(2, 4);
        float[] cf = {1, 2};
        backend.sgemm(false, false, 1, 2, 1, 0f, new float[] {Float.NaN}, 0, 1, new float[] {1, 1}, 0, 2, 1f, cf, 0, 2);
        assertThat(cf).containsExactly(1, 2);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void badArgumentsAreRefusedBeforeAnyKernelRunsWithAMessageNamingThem(Backend backend) {
        float[] a = new float[6];
        float[] b = new float[6];
        float[] c = {1, 2, 3, 4};
        assertThatThrownBy(() -> backend.sgemm(false, false, -1, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sgemm: sizes must not be negative, got m=-1, n=2, k=3");
        assertThatThrownBy(() -> backend.sgemm(false, false, 2, 2, 3, 1f, a, 0, 2, b, 0, 2, 0f, c, 0, 2))
                .hasMessage("sgemm: lda=2 is less than the 3 columns of A (stored m x k = 2 x 3)");
        assertThatThrownBy(() -> backend.sgemm(false, true, 2, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 2))
                .hasMessage("sgemm: ldb=2 is less than the 3 columns of B (stored n x k = 2 x 3)");
        assertThatThrownBy(() -> backend.sgemm(true, false, 2, 2, 3, 1f, a, 1, 2, b, 0, 2, 0f, c, 0, 2))
                .hasMessage("sgemm: A (stored k x m = 3 x 2, ld 2, offset 1) needs 7 elements, its array has 6");
        assertThatThrownBy(() -> backend.sgemm(false, false, 2, 2, 3, 1f, a, 0, 3, b, -1, 2, 0f, c, 0, 2))
                .hasMessage("sgemm: offset of B is negative (-1)");
        assertThatThrownBy(() -> backend.dgemm(false, false, 2, 2, 3, 1, new double[6], 0, 3, new double[6], 0, 2,
                0, new double[4], 1, 2)).hasMessage("dgemm: C (stored m x n = 2 x 2, ld 2, offset 1) needs 5 "
                        + "elements, its array has 4");
        // Large enough for OpenBLAS to take it were it valid: the check comes first, and C is untouched.
        float[] big = new float[100 * 100];
        assertThatThrownBy(() -> backend.sgemm(false, false, 100, 100, 100, 1f, big, 0, 100, new float[99 * 100],
                0, 100, 0f, big.clone(), 0, 100)).hasMessage("sgemm: B (stored k x n = 100 x 100, ld 100, offset 0) "
                        + "needs 10000 elements, its array has 9900");
        assertThat(c).containsExactly(1, 2, 3, 4);
    }

    @Test
    void oneThreadCountIsSetForEveryBackendAndRefusedBelowOne() {
        int before = Threads.get();
        try {
            for (Backend backend : List.of(Backend.java(), Backend.openBlas())) {
                Threads.set(1);
                assertThat(backend.threads()).as(backend.name()).isEqualTo(1);
                assertThat(backend.info().threads()).as(backend.name()).isEqualTo(1);
                Threads.set(2);
                assertThat(backend.threads()).as(backend.name()).isEqualTo(2);
            }
            assertThatThrownBy(() -> Threads.set(0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Threads.set: the thread count must be >= 1, got 0");
            assertThat(Threads.get()).isEqualTo(2);
        } finally {
            Threads.set(before);
        }
    }

    /** {@code count} products {@code m x k} by {@code k x n} (A broadcast: one matrix for all), C apart or shared. */
    private static void checkBatch(Backend backend, int count, int m, int n, int k, boolean transB,
            boolean sharedC) {
        Rng rng = Rng.seeded(count * 31 + m);
        int ldb = transB ? k + 1 : n + 2;
        int bSize = (transB ? n : k) * ldb;
        double[] a = padded(rng, m, k, 0, k, Double.NaN);
        double[] b = new double[count * bSize + 5];
        for (int i = 0; i < b.length; i++) {
            b[i] = Math.round(rng.nextGaussian() * 64) / 16.0;
        }
        int[] offA = new int[count];
        int[] offB = new int[count];
        int[] offC = new int[count];
        for (int t = 0; t < count; t++) {
            offB[t] = 5 + (count - 1 - t) * bSize; // products in reverse storage order
            offC[t] = sharedC ? 0 : t * m * n;
        }
        double[] c = new double[sharedC ? m * n : count * m * n];
        Arrays.fill(c, 1);
        float[] cf = toFloats(c);
        double beta = sharedC ? 1 : 0.5;
        backend.dgemmBatch(false, transB, m, n, k, 2, a, offA, k, b, offB, ldb, beta, c, offC, n);
        backend.sgemmBatch(false, transB, m, n, k, 2f, toFloats(a), offA, k, toFloats(b), offB, ldb, (float) beta,
                cf, offC, n);
        for (int t = 0; t < count; t++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double expected = sharedC ? 1 : 0.5;
                    for (int u = sharedC ? 0 : t; u <= (sharedC ? count - 1 : t); u++) {
                        for (int p = 0; p < k; p++) {
                            expected += 2 * a[i * k + p] * (transB ? b[offB[u] + j * ldb + p]
                                    : b[offB[u] + p * ldb + j]);
                        }
                    }
                    int at = offC[t] + i * n + j;
                    if (!(Math.abs(c[at] - expected) <= 1e-9)) {
                        fail("dgemmBatch product %d C[%d][%d] is %s, expected %s", t, i, j, c[at], expected);
                    }
                    if (!(Math.abs(cf[at] - expected) <= 1e-3 * (1 + Math.abs(expected)))) {
                        fail("sgemmBatch product %d C[%d][%d] is %s, expected %s", t, i, j, cf[at], expected);
                    }
                }
            }
            if (sharedC) {
                break;
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void batchesMatchTheirProductsInParallelOrInOrder(Backend backend) {
        checkBatch(backend, 80, 48, 48, 48, false, false); // small products, many: split over threads
        checkBatch(backend, 75, 48, 50, 46, true, false);
        checkBatch(backend, 2, 210, 200, 200, false, false); // each large enough to use the threads itself
        checkBatch(backend, 1, 5, 6, 7, false, false);
        checkBatch(backend, 0, 5, 6, 7, false, false);
        checkBatch(backend, 80, 48, 48, 48, false, true); // one C for all: must run in order, accumulating
    }

    @ParameterizedTest
    @MethodSource("backends")
    void badBatchArgumentsNameTheProduct(Backend backend) {
        float[] x = new float[12];
        assertThatThrownBy(() -> backend.sgemmBatch(false, false, 2, 2, 3, 1f, x, new int[] {0, 0}, 3, x,
                new int[] {0}, 2, 0f, x, new int[] {0, 4}, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sgemmBatch: the offset arrays differ in length: A has 2, B 1, C 2");
        assertThatThrownBy(() -> backend.dgemmBatch(false, false, 2, 2, 3, 1, new double[12], new int[] {0, 7}, 3,
                new double[6], new int[] {0, 0}, 2, 0, new double[8], new int[] {0, 4}, 2))
                .hasMessage("dgemmBatch[1]: A (stored m x k = 2 x 3, ld 3, offset 7) needs 13 elements, its array "
                        + "has 12");
    }
}
