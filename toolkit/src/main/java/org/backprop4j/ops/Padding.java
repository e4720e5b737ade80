package org.backprop4j.ops;

import java.util.Arrays;

import org.backprop4j.array.internal.Check;
import org.backprop4j.array.internal.TableKernels;
import org.backprop4j.tensor.Tensor;

/**
 * Padding in PyTorch's four modes ({@code F.pad}): a constant, the reflection of the input about its edge elements
 * (the edge itself not repeated), the edge element replicated, or the input repeated circularly. The non-constant
 * modes are one {@link TableGather} of the padded dimensions (so gradients of every order follow: the adjoint adds
 * the border's gradient back into the elements it copied).
 */
public final class Padding {
    private Padding() {
    }

    /** How the border is filled; {@code CONSTANT} with a value (zeros for convolutions). */
    public enum Mode {
        CONSTANT, REFLECT, REPLICATE, CIRCULAR;

        /** PyTorch's spelling: {@code constant}, {@code reflect}, {@code replicate}, {@code circular}. */
        public String torchName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Pads {@code x} as {@code F.pad(x, pads, mode, value)}: {@code pads} holds (before, after) pairs starting from
     * the last dimension. A constant pad takes any rank and negative amounts (which crop); the other modes pad the
     * last 1 to 3 dimensions of a tensor with one or two more dimensions (unbatched or batched), and need
     * {@code pad < size} (reflect), {@code pad <= size} (circular) or a non-empty dimension (replicate).
     *
     * @throws IllegalArgumentException naming the shape, the pads and the rule broken
     */
    public static Tensor pad(Tensor x, int[] pads, Mode mode, double value) {
        if (mode == Mode.CONSTANT) {
            return x.pad(pads, value);
        }
        String op = "pad (" + mode.torchName() + ")";
        Check.floating(op, x);
        int k = pads.length / 2;
        if (pads.length % 2 != 0 || k < 1 || k > 3 || x.dim() < k + 1 || x.dim() > k + 2) {
            throw new IllegalArgumentException(op + ": expected (before, after) pairs for the last 1 to 3 dimensions "
                    + "of a tensor with 1 or 2 more dimensions, got pads " + Arrays.toString(pads) + " for shape "
                    + x.shape());
        }
        int[] in = new int[k];
        int[][] axes = new int[k][];
        int[] outShape = x.shape().toArray();
        for (int a = 0; a < k; a++) {
            int d = x.dim() - k + a;
            int before = pads[2 * (k - 1 - a)];
            int after = pads[2 * (k - 1 - a) + 1];
            in[a] = x.size(d);
            checkAmounts(op, x, pads, d, before, after, mode);
            axes[a] = sources(in[a], before, after, mode);
            outShape[d] = axes[a].length;
        }
        int[] table = TableKernels.outer(in, axes);
        int lead = x.dim() - k;
        int[] planes = Arrays.copyOf(outShape, lead + 1);
        planes[lead] = -1;
        Tensor flat = x.reshape(planes);
        return TableGather.gather(flat, table, 0).reshape(outShape);
    }

    private static void checkAmounts(String op, Tensor x, int[] pads, int d, int before, int after, Mode mode) {
        int size = x.size(d);
        boolean ok = switch (mode) {
            case REFLECT -> before < size && after < size;
            case CIRCULAR -> before <= size && after <= size;
            default -> size > 0;
        };
        String rule = switch (mode) {
            case REFLECT -> "must be less than its size " + size;
            case CIRCULAR -> "must be at most its size " + size + " (more would wrap around more than once)";
            default -> "needs a non-empty dimension, got size " + size;
        };
        if (!ok) {
            throw new IllegalArgumentException(op + ": padding (" + before + ", " + after + ") of dimension " + d
                    + " " + rule + ", for pads " + Arrays.toString(pads) + " and input shape " + x.shape());
        }
        if (size + before + after <= 0) {
            throw new IllegalArgumentException(op + ": padding (" + before + ", " + after + ") leaves dimension " + d
                    + " of shape " + x.shape() + " empty");
        }
    }

    /** The source index of every element of one padded dimension. */
    static int[] sources(int size, int before, int after, Mode mode) {
        int[] src = new int[size + before + after];
        for (int o = 0; o < src.length; o++) {
            int i = o - before;
            src[o] = switch (mode) {
                case REFLECT -> {
                    int period = 2 * (size - 1);
                    int m = period == 0 ? 0 : Math.floorMod(i, period);
                    yield m < size ? m : period - m;
                }
                case REPLICATE -> Math.min(Math.max(i, 0), size - 1);
                case CIRCULAR -> Math.floorMod(i, size);
                case CONSTANT -> i >= 0 && i < size ? i : -1;
            };
        }
        return src;
    }
}
