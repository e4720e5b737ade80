package org.backprop4j.ops;

import java.util.Arrays;

import org.backprop4j.array.DType;
import org.backprop4j.array.Scope;
import org.backprop4j.array.internal.Check;
import org.backprop4j.autograd.GradMode;
import org.backprop4j.autograd.Graph;
import org.backprop4j.tensor.Tensor;

/**
 * Lookup tables, as PyTorch's {@code F.embedding}, {@code F.embedding_bag} and {@code embedding_renorm_}: rows of
 * a weight {@code [num, dim]} picked by int64 indices, alone or reduced over bags. Written from {@code indexSelect},
 * {@code indexAdd} and {@code gather}, so gradients (sparse in effect: only the rows used get any) and gradients of
 * gradients follow.
 */
public final class Embeddings {
    private Embeddings() {
    }

    /**
     * The rows of {@code weight [num, dim]} at {@code indices [*]}: {@code [*, dim]}. The row at {@code paddingIdx}
     * (null for none) gets no gradient; with {@code scaleGradByFreq} each row's gradient is divided by the number of
     * times its index occurs in {@code indices}.
     *
     * @throws IllegalArgumentException if the weight is not a floating matrix or the indices are not int64
     * @throws IndexOutOfBoundsException if an index is outside {@code [0, num)}
     */
    public static Tensor embedding(Tensor weight, Tensor indices, Integer paddingIdx, boolean scaleGradByFreq) {
        long[] idx = checkIndices("embedding", weight, indices, paddingIdx);
        int[] shape = Arrays.copyOf(indices.shape().toArray(), indices.dim() + 1);
        shape[indices.dim()] = weight.size(1);
        Tensor flat = indices.reshape(-1);
        Tensor rows = weight.indexSelect(0, flat);
        if (scaleGradByFreq) {
            rows = scaledByFrequency(rows, idx, idx, weight.size(0));
        }
        if (paddingIdx != null) {
            // the padding row is a constant: no gradient flows to it
            rows = Tensor.where(flat.reshape(-1, 1).eq(paddingIdx), rows.detach(), rows);
        }
        return rows.reshape(shape);
    }

    /**
     * Renormalizes in place, without recording, each row of {@code weight} that {@code indices} refers to and whose
     * {@code normType}-norm exceeds {@code maxNorm}: the row is multiplied by {@code maxNorm / (norm + 1e-7)}
     * (PyTorch's {@code embedding_renorm_}, which {@code Embedding(maxNorm=...)} runs before each lookup). Bumps the
     * weight's version, so a graph that saved the old rows fails instead of computing a wrong gradient.
     *
     * @throws IllegalArgumentException if {@code maxNorm} or {@code normType} is not positive
     */
    public static void renorm(Tensor weight, Tensor indices, double maxNorm, double normType) {
        Check.positive("embeddingRenorm", "maxNorm", maxNorm);
        Check.require(normType > 0, "embeddingRenorm", () -> "normType must be > 0, got " + normType);
        long[] idx = checkIndices("embeddingRenorm", weight, indices, null);
        long[] unique = Arrays.stream(idx).distinct().sorted().toArray();
        try (Scope _ = GradMode.noGrad()) {
            for (long i : unique) {
                Tensor row = weight.select(0, (int) i);
                double norm = rowNorm(row.toDoubleArray(), normType);
                if (norm > maxNorm) {
                    row.mulInPlace(maxNorm / (norm + 1e-7));
                }
            }
        }
    }

    private static double rowNorm(double[] v, double p) {
        double acc = 0;
        for (double x : v) {
            acc = p == Double.POSITIVE_INFINITY ? Math.max(acc, Math.abs(x))
                    : p == 2 ? acc + x * x : p == 1 ? acc + Math.abs(x) : acc + Math.pow(Math.abs(x), p);
        }
        return p == Double.POSITIVE_INFINITY || p == 1 ? acc : p == 2 ? Math.sqrt(acc) : Math.pow(acc, 1 / p);
    }

    /**
     * Sums, means or maxima of bags of rows of {@code weight [num, dim]}, as PyTorch's {@code F.embedding_bag}:
     * {@code indices [B, L]} with {@code offsets} null are B bags of L indices; 1-D {@code indices [M]} are cut into
     * bags at {@code offsets [B]} (each bag's start; the first must be 0), or at {@code offsets [B + 1]} with
     * {@code includeLastOffset} (the last is the end of the last bag). Entries equal to {@code paddingIdx} (null for
     * none) are left out of their bag (and of its count for MEAN); an empty bag gives zeros. With SUM,
     * {@code perSampleWeights} (the shape of {@code indices}, null for none) scale each row first. MAX sends each
     * feature's gradient to the first row holding the bag's maximum. Output {@code [B, dim]}.
     *
     * @throws IllegalArgumentException if a shape, dtype or offset does not fit, per-sample weights come with a mode
     *                                  other than SUM, or {@code scaleGradByFreq} with MAX
     * @throws IndexOutOfBoundsException if an index is outside {@code [0, num)}
     */
    public static Tensor embeddingBag(Tensor weight, Tensor indices, Tensor offsets, BagMode mode,
            Tensor perSampleWeights, boolean includeLastOffset, Integer paddingIdx, boolean scaleGradByFreq) {
        String op = "embeddingBag";
        long[] idx = checkIndices(op, weight, indices, paddingIdx);
        int[] bounds = bagBounds(indices, offsets, includeLastOffset);
        Check.require(perSampleWeights == null || mode == BagMode.SUM, op, () -> "perSampleWeights are only "
                + "supported with mode SUM (PyTorch's rule), got mode " + mode);
        Check.require(!scaleGradByFreq || mode != BagMode.MAX, op,
                () -> "mode MAX does not support scaling the gradient by the frequency");
        if (perSampleWeights != null) {
            Check.sameType(op, weight, perSampleWeights);
            Check.require(perSampleWeights.shape().equals(indices.shape()), op, () -> "perSampleWeights of shape "
                    + perSampleWeights.shape() + " must have the shape of the indices " + indices.shape());
        }
        int bags = bounds.length - 1;
        int dim = weight.size(1);
        int[] kept = new int[idx.length];
        int[] bagOf = new int[idx.length];
        int[] counts = new int[bags];
        int n = 0;
        for (int b = 0; b < bags; b++) {
            for (int e = bounds[b]; e < bounds[b + 1]; e++) {
                if (paddingIdx == null || idx[e] != paddingIdx) {
                    kept[n] = e;
                    bagOf[n++] = b;
                    counts[b]++;
                }
            }
        }
        kept = Arrays.copyOf(kept, n);
        bagOf = Arrays.copyOf(bagOf, n);
        long[] keptIdx = new long[n];
        for (int k = 0; k < n; k++) {
            keptIdx[k] = idx[kept[k]];
        }
        Tensor rows = weight.indexSelect(0, Tensor.of(keptIdx));
        if (scaleGradByFreq) {
            rows = scaledByFrequency(rows, keptIdx, idx, weight.size(0));
        }
        if (mode == BagMode.MAX) {
            return bagMax(rows, bagOf, counts, dim);
        }
        if (perSampleWeights != null) {
            rows = rows.mul(perSampleWeights.reshape(-1).indexSelect(0, longs(kept)).unsqueeze(1));
        }
        Tensor sums = Tensor.zeros(weight.dtype(), bags, dim).indexAdd(0, longs(bagOf), rows);
        if (mode == BagMode.SUM) {
            return sums;
        }
        double[] divisors = new double[bags];
        for (int b = 0; b < bags; b++) {
            divisors[b] = Math.max(counts[b], 1);
        }
        return sums.div(Tensor.of(weight.dtype(), divisors).reshape(bags, 1));
    }

    /** Each bag's elementwise maximum, its gradient to the first row that attains it; zeros for an empty bag. */
    private static Tensor bagMax(Tensor rows, int[] bagOf, int[] counts, int dim) {
        int bags = counts.length;
        if (rows.size(0) == 0) {
            return Tensor.zeros(rows.dtype(), bags, dim);
        }
        double[] v = rows.detach().contiguous().toDoubleArray();
        long[] winner = new long[bags * dim];
        double[] best = new double[bags * dim];
        boolean[] seen = new boolean[bags * dim];
        for (int k = 0; k < bagOf.length; k++) {
            int at = bagOf[k] * dim;
            for (int d = 0; d < dim; d++) {
                double x = v[k * dim + d];
                if (!seen[at + d] || x > best[at + d]) {
                    seen[at + d] = true;
                    best[at + d] = x;
                    winner[at + d] = k;
                }
            }
        }
        boolean[] nonEmpty = new boolean[bags];
        for (int b = 0; b < bags; b++) {
            nonEmpty[b] = counts[b] > 0;
        }
        Tensor picked = rows.gather(0, Tensor.of(winner).reshape(bags, dim));
        return Tensor.where(Tensor.of(nonEmpty).reshape(bags, 1), picked, Tensor.scalar(0, rows.dtype()));
    }

    /** Start of each bag and the end of the last, as positions in the flattened indices; checked. */
    private static int[] bagBounds(Tensor indices, Tensor offsets, boolean includeLastOffset) {
        String op = "embeddingBag";
        int m = indices.numel();
        if (indices.dim() == 2) {
            Check.require(offsets == null, op, () -> "indices of shape " + indices.shape() + " are bags of fixed "
                    + "length [B, L], so offsets must be null, got offsets of shape " + offsets.shape());
            int[] bounds = new int[indices.size(0) + 1];
            for (int b = 0; b < bounds.length; b++) {
                bounds[b] = b * indices.size(1);
            }
            return bounds;
        }
        Check.require(indices.dim() == 1, op, () -> "expected indices of rank 1 (with offsets) or 2 ([B, L], bags "
                + "of fixed length), got shape " + indices.shape());
        Check.require(offsets != null, op, () -> "1-D indices of shape " + indices.shape() + " need offsets (the "
                + "start of each bag); pass indices of shape [B, L] for bags of fixed length");
        Check.dtype(op, "offsets", offsets, DType.INT64);
        Check.require(offsets.dim() == 1 && (!includeLastOffset || offsets.numel() >= 1), op, () -> "expected "
                + "1-D offsets" + (includeLastOffset ? " of at least one element (includeLastOffset)" : "")
                + ", got shape " + offsets.shape());
        long[] o = offsets.toLongArray();
        int bags = includeLastOffset ? o.length - 1 : o.length;
        int[] bounds = new int[bags + 1];
        for (int b = 0; b < o.length; b++) {
            long at = o[b];
            long previous = b == 0 ? 0 : o[b - 1];
            if ((b == 0 && at != 0) || at < previous || at > m) {
                throw Check.error(op, "offsets " + Arrays.toString(o) + " must start at 0 and not decrease nor "
                        + "exceed the " + m + " indices of shape " + indices.shape() + "; offsets[" + b + "] is " + at);
            }
            if (b < bounds.length) {
                bounds[b] = (int) at;
            }
        }
        if (!includeLastOffset) {
            bounds[bags] = m;
        }
        return bounds;
    }

    /** Checks weight and indices; returns the indices flattened. */
    private static long[] checkIndices(String op, Tensor weight, Tensor indices, Integer paddingIdx) {
        Check.floating(op, weight);
        Check.require(weight.dim() == 2, op, () -> "expected a weight of shape [num, dim], got " + weight.shape());
        Check.require(indices.dtype() == DType.INT64, op, () -> "expected int64 indices, got " + indices.dtype()
                + " of shape " + indices.shape());
        int num = weight.size(0);
        Check.require(paddingIdx == null || (paddingIdx >= 0 && paddingIdx < num), op,
                () -> "paddingIdx " + paddingIdx + " is out of range for " + num + " embeddings");
        long[] idx = indices.toLongArray();
        for (long v : idx) {
            if (v < 0 || v >= num) {
                throw new IndexOutOfBoundsException(op + ": index " + v + " is out of range for " + num
                        + " embeddings (weight of shape " + weight.shape() + ")");
            }
        }
        return idx;
    }

    /**
     * {@code rows} (looked up at {@code used}) with a gradient divided, row by row, by how often its index occurs in
     * {@code all}: a hook on the lookup's gradient, so the values stay exactly the rows.
     */
    private static Tensor scaledByFrequency(Tensor rows, long[] used, long[] all, int num) {
        if (!rows.requiresGrad()) {
            return rows;
        }
        int[] counts = new int[num];
        for (long v : all) {
            counts[(int) v]++;
        }
        double[] scale = new double[used.length];
        for (int k = 0; k < used.length; k++) {
            scale[k] = 1.0 / counts[(int) used[k]];
        }
        Tensor factor = Tensor.of(rows.dtype(), scale).reshape(used.length, 1);
        Graph.registerHook(rows, g -> g.mul(factor));
        return rows;
    }

    private static Tensor longs(int[] values) {
        return Tensor.of(Arrays.stream(values).asLongStream().toArray());
    }
}
