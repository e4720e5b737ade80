package org.backprop4j.nn;

import org.backprop4j.array.DType;
import org.backprop4j.array.Shape;
import org.backprop4j.tensor.Tensor;

/** The argument checks of {@link MultiheadAttention}: every message names the layer's path and the shapes. */
final class AttentionChecks {
    private AttentionChecks() {
    }

    static void check(MultiheadAttention m, Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask,
            Tensor attnMask) {
        boolean bf = m.options.batchFirst();
        int rank = query.dim();
        if (rank != 2 && rank != 3) {
            throw new IllegalArgumentException(m.describe() + ": expected query of rank 3, " + layout(bf, "L", "E")
                    + ", or 2, [L, E] (unbatched), got shape " + query.shape());
        }
        if (key.dim() != rank || value.dim() != rank) {
            throw new IllegalArgumentException(m.describe() + ": query, key and value must have the same rank, got "
                    + "query " + query.shape() + ", key " + key.shape() + ", value " + value.shape());
        }
        boolean batched = rank == 3;
        features(m, "query", query, m.embedDim, "embedDim", batched, "L");
        features(m, "key", key, m.kdim, "kdim", batched, "S");
        features(m, "value", value, m.vdim, "vdim", batched, "S");
        int seq = batched && bf ? 1 : 0;
        int batchDim = bf ? 0 : 1;
        if (key.size(seq) != value.size(seq) || (batched && key.size(batchDim) != value.size(batchDim))) {
            throw new IllegalArgumentException(m.describe() + ": key " + key.shape() + " and value " + value.shape()
                    + " must agree in source length" + (batched ? " and batch size" : ""));
        }
        if (batched && query.size(batchDim) != key.size(batchDim)) {
            String hint = query.size(seq) == key.size(seq) ? "; they agree in dimension " + seq + ", so they may be "
                    + "laid out " + (bf ? "[L, N, E]: build the layer without batchFirst"
                            : "[N, L, E]: build the layer with AttentionOptions.DEFAULT.withBatchFirst(true)") : "";
            throw new IllegalArgumentException(m.describe() + ": query " + query.shape() + " and key " + key.shape()
                    + " have different batch sizes in dimension " + batchDim + " (batchFirst=" + bf + ")" + hint);
        }
        int targetLen = query.size(seq);
        int sourceLen = key.size(seq);
        int batch = batched ? query.size(batchDim) : 1;
        for (Tensor t : new Tensor[] {query, key, value}) {
            Sequences.dtype(m, t == query ? "query" : t == key ? "key" : "value", t, m.outProj.weight().dtype());
        }
        if (keyPaddingMask != null) {
            Shape expected = batched ? Shape.of(batch, sourceLen) : Shape.of(sourceLen);
            maskType(m, "keyPaddingMask", keyPaddingMask);
            if (!keyPaddingMask.shape().equals(expected)) {
                String hint = batched && keyPaddingMask.shape().equals(Shape.of(sourceLen, batch))
                        ? "; it is the transpose of the expected shape, so the inputs may be laid out " + (bf
                                ? "[S, N, E]: build the layer without batchFirst"
                                : "[N, S, E]: build the layer with AttentionOptions.DEFAULT.withBatchFirst(true)")
                        : "";
                throw new IllegalArgumentException(m.describe() + ": expected keyPaddingMask of shape " + expected
                        + (batched ? " [N, S]" : " [S]") + " for key " + key.shape() + " (" + (batched
                                ? "batchFirst=" + bf : "unbatched") + "), got " + keyPaddingMask.shape() + hint);
            }
        }
        if (attnMask != null) {
            maskType(m, "attnMask", attnMask);
            Shape flat = Shape.of(targetLen, sourceLen);
            Shape perHead = Shape.of(batch * m.numHeads, targetLen, sourceLen);
            if (!attnMask.shape().equals(flat) && !attnMask.shape().equals(perHead)) {
                throw new IllegalArgumentException(m.describe() + ": expected attnMask of shape " + flat + " [L, S] or "
                        + perHead + " [N * numHeads, L, S] for query " + query.shape() + " and key " + key.shape()
                        + ", got " + attnMask.shape());
            }
        }
    }

    private static String layout(boolean batchFirst, String len, String features) {
        return (batchFirst ? "[N, " + len + ", " : "[" + len + ", N, ") + features + "] (batchFirst=" + batchFirst
                + ")";
    }

    private static void features(MultiheadAttention m, String what, Tensor t, int size, String name, boolean batched,
            String len) {
        if (t.size(-1) != size) {
            throw new IllegalArgumentException(m.describe() + ": expected " + what + " of shape " + (batched
                    ? layout(m.options.batchFirst(), len, Integer.toString(size))
                    : "[" + len + ", " + size + "] (unbatched)") + ", last dimension = " + name + ", got "
                    + t.shape());
        }
    }

    private static void maskType(MultiheadAttention m, String what, Tensor mask) {
        if (mask.dtype() != DType.BOOL && !mask.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(m.describe() + ": " + what + " must be bool (true = masked) or "
                    + "floating (added to the scores), got " + mask.dtype() + " of shape " + mask.shape());
        }
    }
}
