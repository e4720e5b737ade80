package org.backprop4j.data;

import java.util.Arrays;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.array.Shape;
import org.backprop4j.array.Storage;
import org.backprop4j.tensor.Tensor;

/**
 * The standard transforms, as in torchvision: {@link #toFloat()}, {@link #normalize}, {@link #oneHot},
 * {@link #randomCrop} and {@link #randomHorizontalFlip}. Compose them with {@link Transform#andThen} or
 * {@link #compose}. Image transforms take {@code [C, H, W]} (or {@code [H, W]}) examples.
 */
public final class Transforms {
    private Transforms() {
    }

    /** Applies {@code transforms} in order; no transforms gives the identity. */
    public static Transform compose(Transform... transforms) {
        Transform result = identity();
        for (Transform t : transforms) {
            result = result.andThen(t);
        }
        return result;
    }

    /** Returns each example unchanged. */
    public static Transform identity() {
        return new Elementwise("identity") {
            @Override
            Tensor whole(Tensor x) {
                return x;
            }
        };
    }

    /**
     * Scales 8-bit pixel values {@code 0..255} to float32 in {@code [0, 1]} (torchvision's {@code ToTensor}
     * scaling): {@code y = x / 255}. Backprop4j has no uint8 dtype, so images read from uint8 Arrow or IDX columns
     * arrive as whole numbers in float32; this divides them.
     *
     * @throws DataException (when applied) if a value is not a whole number in {@code [0, 255]}, which is usually
     *     an image that was already scaled
     */
    public static Transform toFloat() {
        return new Elementwise("toFloat") {
            @Override
            Tensor whole(Tensor x) {
                Tensor c = x.contiguous();
                float[] out = new float[c.numel()];
                Storage s = c.storage();
                int off = c.offset();
                if (s.dtype() == DType.FLOAT32) {
                    // Two simple loops that C2 vectorizes; the slow loop below runs only to name a bad value.
                    float[] in = s.floats();
                    for (int i = 0; i < out.length; i++) {
                        out[i] = in[off + i] / 255f;
                    }
                    float min = 0;
                    float max = 0;
                    float fraction = 0;
                    for (int i = 0; i < out.length; i++) {
                        float v = in[off + i];
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                        fraction = Math.max(fraction, Math.abs(v - (float) (int) v));
                    }
                    if (min >= 0 && max <= 255 && fraction == 0) {
                        return Tensor.of(Storage.of(out), c.shape());
                    }
                }
                for (int i = 0; i < out.length; i++) {
                    double v = s.getDouble(off + i);
                    if (!(v >= 0 && v <= 255) || v != Math.rint(v)) {
                        throw new DataException("toFloat", "value", "element " + i + " of shape " + x.shape()
                                + " is " + v + "; expected whole numbers in [0, 255] (8-bit pixels). "
                                + "Was the image scaled already?");
                    }
                    out[i] = (float) (v / 255);
                }
                return Tensor.of(Storage.of(out), c.shape());
            }
        };
    }

    /**
     * Per-channel standardization {@code y[c] = (x[c] - mean[c]) / std[c]}, channel being the first dimension of
     * an example (the second of a batch). One mean and std apply to every channel. The result is float32, or float64
     * for float64 input.
     *
     * @throws IllegalArgumentException if the arrays are empty or of different lengths, or a std is not positive
     * @throws DataException (when applied) if the example's channel count differs from the arrays' length
     */
    public static Transform normalize(double[] mean, double[] std) {
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("normalize: mean " + Arrays.toString(mean) + " and std "
                    + Arrays.toString(std) + " need the same, non-zero length (one value per channel)");
        }
        for (double s : std) {
            if (!(s > 0) || Double.isInfinite(s)) {
                throw new IllegalArgumentException("normalize: std " + Arrays.toString(std)
                        + " must be positive and finite");
            }
        }
        double[] m = mean.clone();
        double[] sd = std.clone();
        return new Transform() {
            @Override
            public Tensor apply(Tensor example, Rng rng) {
                return normalize(example, 0, m, sd);
            }

            @Override
            public Tensor applyBatch(Tensor batch, Rng[] rngs) {
                return normalize(batch, 1, m, sd);
            }

            @Override
            public String toString() {
                return "normalize(mean=" + Arrays.toString(m) + ", std=" + Arrays.toString(sd) + ")";
            }
        };
    }

    private static Tensor normalize(Tensor x, int channelDim, double[] mean, double[] std) {
        int channels = x.dim() > channelDim ? x.size(channelDim) : 1;
        if (mean.length != 1 && mean.length != channels) {
            throw new DataException("normalize", "channels", "got shape " + x.shape() + " with " + channels
                    + " channels (dimension " + channelDim + ") but " + mean.length + " means and stds");
        }
        Tensor c = x.contiguous();
        int outer = channelDim == 0 ? 1 : (x.dim() == 0 ? 1 : x.size(0));
        int inner = x.numel() / Math.max(1, outer * channels);
        boolean f64 = x.dtype() == DType.FLOAT64;
        Storage out = Storage.allocate(f64 ? DType.FLOAT64 : DType.FLOAT32, x.numel());
        Storage in = c.storage();
        int base = c.offset();
        int k = 0;
        for (int o = 0; o < outer; o++) {
            for (int ch = 0; ch < channels; ch++) {
                double mu = mean[mean.length == 1 ? 0 : ch];
                double inv = 1 / std[std.length == 1 ? 0 : ch];
                if (!f64 && in.dtype() == DType.FLOAT32) {
                    float[] src = in.floats();
                    float[] dst = out.floats();
                    float fm = (float) mu;
                    float fi = (float) inv;
                    for (int i = 0; i < inner; i++, k++) {
                        dst[k] = (src[base + k] - fm) * fi;
                    }
                } else {
                    for (int i = 0; i < inner; i++, k++) {
                        out.setDouble(k, (in.getDouble(base + k) - mu) * inv);
                    }
                }
            }
        }
        return Tensor.of(out, x.shape());
    }

    /**
     * A class index (a scalar, or {@code [B]} for a batch) as a float32 one-hot vector {@code [numClasses]}
     * ({@code [B, numClasses]}).
     *
     * @throws IllegalArgumentException if {@code numClasses < 1}
     * @throws DataException (when applied) if a label is not a whole number in {@code [0, numClasses)}
     */
    public static Transform oneHot(int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("oneHot: numClasses must be at least 1, got " + numClasses);
        }
        return new Transform() {
            @Override
            public Tensor apply(Tensor label, Rng rng) {
                if (label.numel() != 1) {
                    throw new DataException("oneHot", "label", "expected one class index, got shape "
                            + label.shape());
                }
                return encode(label.reshape(1), numClasses).reshape(numClasses);
            }

            @Override
            public Tensor applyBatch(Tensor labels, Rng[] rngs) {
                if (labels.dim() != 1) {
                    throw new DataException("oneHot", "label", "expected a batch of class indices [B], got shape "
                            + labels.shape());
                }
                return encode(labels, numClasses);
            }

            @Override
            public String toString() {
                return "oneHot(" + numClasses + ")";
            }
        };
    }

    private static Tensor encode(Tensor labels, int numClasses) {
        int n = labels.size(0);
        float[] out = new float[Math.multiplyExact(n, numClasses)];
        for (int i = 0; i < n; i++) {
            double v = labels.get(i);
            if (!(v >= 0 && v < numClasses) || v != Math.rint(v)) {
                throw new DataException("oneHot", "label", "label " + v + " (example " + i + ") is not a class index "
                        + "in [0, " + numClasses + ")");
            }
            out[i * numClasses + (int) v] = 1;
        }
        return Tensor.of(Storage.of(out), Shape.of(n, numClasses));
    }

    /**
     * Pads the image with {@code padding} zeros on every side, then cuts a {@code size x size} window at a uniformly
     * drawn position (torchvision's {@code RandomCrop(size, padding)}).
     *
     * @throws IllegalArgumentException if {@code size < 1} or {@code padding < 0}
     * @throws DataException (when applied) if the example is not {@code [C, H, W]} or {@code [H, W]}, or the padded
     *     image is smaller than {@code size}
     */
    public static Transform randomCrop(int size, int padding) {
        if (size < 1 || padding < 0) {
            throw new IllegalArgumentException("randomCrop: size must be positive and padding non-negative, got size "
                    + size + ", padding " + padding);
        }
        return new PerImage("randomCrop(" + size + ", padding=" + padding + ")") {
            @Override
            Shape outputShape(Shape image) {
                int h = image.dim(-2) + 2 * padding;
                int w = image.dim(-1) + 2 * padding;
                if (h < size || w < size) {
                    throw new DataException(toString(), "image", "shape " + image + " padded by " + padding
                            + " is " + h + "x" + w + ", smaller than the " + size + "x" + size + " crop");
                }
                return image.with(-2, size).with(-1, size);
            }

            @Override
            void image(Object src, int srcOff, Shape in, Object dst, int dstOff, Rng rng) {
                int channels = in.rank() == 3 ? in.dim(0) : 1;
                int h = in.dim(-2);
                int w = in.dim(-1);
                int top = (int) rng.nextLong(h + 2 * padding - size + 1) - padding;
                int left = (int) rng.nextLong(w + 2 * padding - size + 1) - padding;
                // The destination starts zeroed, so rows and columns in the padding need no writes.
                for (int c = 0; c < channels; c++) {
                    for (int r = 0; r < size; r++) {
                        int y = top + r;
                        if (y < 0 || y >= h) {
                            continue;
                        }
                        int x0 = Math.max(0, left);
                        int x1 = Math.min(w, left + size);
                        if (x1 > x0) {
                            System.arraycopy(src, srcOff + (c * h + y) * w + x0, dst,
                                    dstOff + (c * size + r) * size + (x0 - left), x1 - x0);
                        }
                    }
                }
            }
        };
    }

    /**
     * Mirrors the image left to right with probability {@code p} (torchvision's {@code RandomHorizontalFlip}).
     *
     * @throws IllegalArgumentException if {@code p} is outside {@code [0, 1]}
     * @throws DataException (when applied) if the example is not {@code [C, H, W]} or {@code [H, W]}
     */
    public static Transform randomHorizontalFlip(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("randomHorizontalFlip: p must be in [0, 1], got " + p);
        }
        return new PerImage("randomHorizontalFlip(" + p + ")") {
            @Override
            Shape outputShape(Shape image) {
                return image;
            }

            @Override
            void image(Object src, int srcOff, Shape in, Object dst, int dstOff, Rng rng) {
                int n = in.numel();
                int w = in.dim(-1);
                boolean flip = rng.nextDouble() < p;
                if (!flip) {
                    System.arraycopy(src, srcOff, dst, dstOff, n);
                    return;
                }
                for (int row = 0; row < n; row += w) {
                    for (int x = 0; x < w; x++) {
                        copyElement(src, srcOff + row + x, dst, dstOff + row + w - 1 - x);
                    }
                }
            }
        };
    }

    private static void copyElement(Object src, int i, Object dst, int j) {
        switch (src) {
            case float[] f -> ((float[]) dst)[j] = f[i];
            case double[] d -> ((double[]) dst)[j] = d[i];
            case long[] l -> ((long[]) dst)[j] = l[i];
            case boolean[] b -> ((boolean[]) dst)[j] = b[i];
            default -> throw new IllegalStateException("unknown storage " + src.getClass());
        }
    }

    /** A transform without randomness that works on any shape, so a batch goes through in one call. */
    private abstract static class Elementwise implements Transform {
        private final String name;

        Elementwise(String name) {
            this.name = name;
        }

        abstract Tensor whole(Tensor x);

        @Override
        public Tensor apply(Tensor example, Rng rng) {
            return whole(example);
        }

        @Override
        public Tensor applyBatch(Tensor batch, Rng[] rngs) {
            return whole(batch);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** A transform applied image by image, straight from and into the batch's arrays. */
    private abstract static class PerImage implements Transform {
        private final String name;

        PerImage(String name) {
            this.name = name;
        }

        abstract Shape outputShape(Shape image);

        abstract void image(Object src, int srcOff, Shape in, Object dst, int dstOff, Rng rng);

        private Shape checked(Shape image) {
            if (image.rank() != 2 && image.rank() != 3) {
                throw new DataException(name, "image", "expected an image [C, H, W] or [H, W], got shape " + image);
            }
            return outputShape(image);
        }

        @Override
        public Tensor apply(Tensor example, Rng rng) {
            Shape out = checked(example.shape());
            Tensor c = example.contiguous();
            Storage dst = Storage.allocate(c.dtype(), out.numel());
            image(Collate.array(c.storage()), c.offset(), c.shape(), Collate.array(dst), 0, rng);
            return Tensor.of(dst, out);
        }

        @Override
        public Tensor applyBatch(Tensor batch, Rng[] rngs) {
            if (batch.dim() < 1) {
                throw new DataException(name, "batch", "expected a batch [B, ...], got a scalar");
            }
            int[] dims = batch.shape().toArray();
            Shape image = Shape.of(Arrays.copyOfRange(dims, 1, dims.length));
            Shape out = checked(image);
            Tensor c = batch.contiguous();
            int n = batch.size(0);
            int[] outDims = new int[dims.length];
            outDims[0] = n;
            System.arraycopy(out.toArray(), 0, outDims, 1, out.rank());
            Storage dst = Storage.allocate(c.dtype(), Math.multiplyExact(n, out.numel()));
            Object src = Collate.array(c.storage());
            Object to = Collate.array(dst);
            for (int i = 0; i < n; i++) {
                image(src, c.offset() + i * image.numel(), image, to, i * out.numel(), rngs[i]);
            }
            return Tensor.of(dst, Shape.of(outDims));
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
