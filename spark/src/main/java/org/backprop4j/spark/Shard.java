package org.backprop4j.spark;

import java.io.Serializable;

import org.backprop4j.array.Shape;
import org.backprop4j.array.Storage;
import org.backprop4j.data.Batch;
import org.backprop4j.tensor.Tensor;

/**
 * The examples of one partition, held by the executor that caches them: features as float32 rows, and class
 * indices or float targets (or no labels).
 *
 * @param featureDims one example's feature shape
 * @param features    {@code rows * prod(featureDims)} values, row after row
 * @param classes     class indices, one per row; null unless the labels are classes
 * @param targetDims  one example's target shape; null unless the labels are float targets
 * @param targets     {@code rows * prod(targetDims)} values; null unless the labels are float targets
 * @param rows        the number of examples
 */
record Shard(int[] featureDims, float[] features, long[] classes, int[] targetDims, float[] targets, int rows)
        implements Serializable {

    /**
     * The examples at {@code indices} (positions in this shard), stacked: features {@code [n, ...featureDims]}
     * float32, labels {@code [n]} int64 or {@code [n, ...targetDims]} float32, or null.
     */
    Batch batch(int[] indices) {
        int n = indices.length;
        int width = Shape.of(featureDims).numel();
        float[] f = new float[n * width];
        for (int i = 0; i < n; i++) {
            System.arraycopy(features, indices[i] * width, f, i * width, width);
        }
        Tensor labels = null;
        if (classes != null) {
            long[] l = new long[n];
            for (int i = 0; i < n; i++) {
                l[i] = classes[indices[i]];
            }
            labels = Tensor.of(Storage.of(l), Shape.of(n));
        } else if (targets != null) {
            int tw = Shape.of(targetDims).numel();
            float[] t = new float[n * tw];
            for (int i = 0; i < n; i++) {
                System.arraycopy(targets, indices[i] * tw, t, i * tw, tw);
            }
            labels = Tensor.of(Storage.of(t), Shape.of(prepend(n, targetDims)));
        }
        return new Batch(Tensor.of(Storage.of(f), Shape.of(prepend(n, featureDims))), labels);
    }

    private static int[] prepend(int n, int[] dims) {
        int[] out = new int[dims.length + 1];
        out[0] = n;
        System.arraycopy(dims, 0, out, 1, dims.length);
        return out;
    }
}
