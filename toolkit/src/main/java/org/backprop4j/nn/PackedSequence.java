package org.backprop4j.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.backprop4j.array.DType;
import org.backprop4j.array.internal.Check;
import org.backprop4j.tensor.Tensor;

/**
 * A batch of sequences of different lengths, packed step by step, as PyTorch's
 * {@code torch.nn.utils.rnn.PackedSequence}: {@link RNN}, {@link LSTM} and {@link GRU} run each sequence for its own
 * length only, so their final states are those of each sequence's last step. Build one with {@link #packPadded} or
 * {@link #pack} and turn a layer's packed output back into a padded tensor with {@link #pad}. Packing and padding are
 * differentiable.
 *
 * {@snippet file="NnSnippets.java" region="packed"}
 *
 * @param data            {@code [sum of lengths, *]}: step 0 of every sequence (longest first), then step 1 of those
 *                        that have one, and so on
 * @param batchSizes      int64 {@code [T]}: how many sequences have a step {@code t} (never increasing)
 * @param sortedIndices   int64 {@code [N]}: the batch position of the longest sequence, then of the next; null when
 *                        the batch was given sorted
 * @param unsortedIndices int64 {@code [N]}: the inverse permutation (where each batch position went); null when
 *                        sorted
 */
public record PackedSequence(Tensor data, Tensor batchSizes, Tensor sortedIndices, Tensor unsortedIndices) {
    /** A padded batch and the length of each of its sequences (int64 {@code [N]}). */
    public record Padded(Tensor output, Tensor lengths) {
    }

    /**
     * @throws IllegalArgumentException if the batch sizes are not int64 {@code [T]} positive and never increasing,
     *                                  do not sum to the data's length, or the indices do not fit them
     */
    public PackedSequence {
        String where = "PackedSequence";
        Check.require(data != null && batchSizes != null && (sortedIndices == null) == (unsortedIndices == null),
                where, () -> "data and batchSizes must be given, and sortedIndices and unsortedIndices both or "
                        + "neither");
        Check.dtype(where, "batchSizes", batchSizes, DType.INT64);
        long[] sizes = batchSizes.toLongArray();
        long total = Arrays.stream(sizes).sum();
        boolean ok = batchSizes.dim() == 1 && sizes.length > 0 && data.dim() >= 1 && total == data.size(0);
        for (int t = 0; ok && t < sizes.length; t++) {
            ok = sizes[t] >= 1 && (t == 0 || sizes[t] <= sizes[t - 1]);
        }
        Check.require(ok, where, () -> "batchSizes " + Arrays.toString(sizes) + " must be 1-D, positive, never "
                + "increasing and sum to the data's first dimension, got data of shape " + data.shape());
        if (sortedIndices != null) {
            for (Tensor t : new Tensor[] {sortedIndices, unsortedIndices}) {
                Check.dtype(where, "sortedIndices and unsortedIndices", t, DType.INT64);
                Check.require(t.dim() == 1 && t.size(0) == sizes[0], where, () -> "sortedIndices and "
                        + "unsortedIndices must have one entry per sequence, " + sizes[0] + ", got " + t.shape());
            }
        }
    }

    /**
     * Packs a padded batch {@code input [T, N, *]} ({@code [N, T, *]} with {@code batchFirst}) whose sequence
     * {@code n} has {@code lengths[n]} steps (int64 {@code [N]}, each in {@code [1, T]}). With {@code enforceSorted}
     * the lengths must not increase; otherwise the sequences are sorted here (ties keep their order) and the layers'
     * final states come back in the original order.
     *
     * @throws IllegalArgumentException if the lengths do not fit the input, or are unsorted with
     *                                  {@code enforceSorted}
     */
    public static PackedSequence packPadded(Tensor input, Tensor lengths, boolean batchFirst, boolean enforceSorted) {
        String where = "packPadded";
        Check.require(input.dim() >= 2, where, () -> "expected input of shape " + (batchFirst ? "[N, T, *]"
                : "[T, N, *]") + ", got " + input.shape());
        Check.dtype(where, "lengths", lengths, DType.INT64);
        int steps = input.size(batchFirst ? 1 : 0);
        int batch = input.size(batchFirst ? 0 : 1);
        long[] len = lengths.toLongArray();
        Check.require(lengths.dim() == 1 && len.length == batch, where, () -> "expected lengths of shape [" + batch
                + "] (one per sequence of the input of shape " + input.shape() + ", batchFirst=" + batchFirst
                + "), got " + lengths.shape());
        for (long l : len) {
            Check.require(l >= 1 && l <= steps, where, () -> "lengths " + Arrays.toString(len) + " must lie in [1, "
                    + steps + "] for input of shape " + input.shape() + " (batchFirst=" + batchFirst + ")");
        }
        Integer[] order = new Integer[batch];
        for (int n = 0; n < batch; n++) {
            order[n] = n;
        }
        Arrays.sort(order, (a, b) -> Long.compare(len[b], len[a]));
        boolean sorted = true;
        for (int n = 1; n < batch; n++) {
            sorted &= len[n] <= len[n - 1];
        }
        Check.require(sorted || !enforceSorted, where, () -> "lengths " + Arrays.toString(len) + " must be sorted "
                + "in decreasing order when enforceSorted is true; pass enforceSorted=false to have them sorted");
        Tensor x = batchFirst ? input.transpose(0, 1) : input;
        Tensor sortedIndices = null;
        Tensor unsortedIndices = null;
        if (!sorted) {
            long[] perm = new long[batch];
            long[] inverse = new long[batch];
            for (int k = 0; k < batch; k++) {
                perm[k] = order[k];
                inverse[order[k]] = k;
            }
            sortedIndices = Tensor.of(perm);
            unsortedIndices = Tensor.of(inverse);
            x = x.indexSelect(1, sortedIndices);
        }
        int longest = (int) len[order[0]];
        long[] sizes = new long[longest];
        for (long l : len) {
            for (int t = 0; t < l; t++) {
                sizes[t]++;
            }
        }
        int[] features = Arrays.copyOfRange(x.shape().toArray(), 2, x.dim());
        int[] flat = new int[features.length + 1];
        flat[0] = -1;
        System.arraycopy(features, 0, flat, 1, features.length);
        Tensor rows = x.slice(0, 0, longest).reshape(flat);
        Tensor data = rows.indexSelect(0, positions(sizes, batch));
        return new PackedSequence(data, Tensor.of(sizes), sortedIndices, unsortedIndices);
    }

    /**
     * Packs a list of sequences {@code [L_i, *]} (equal trailing shapes), as PyTorch's {@code pack_sequence}.
     *
     * @throws IllegalArgumentException if the list is empty, the trailing shapes differ, or the lengths are
     *                                  unsorted with {@code enforceSorted}
     */
    public static PackedSequence pack(List<Tensor> sequences, boolean enforceSorted) {
        long[] lengths = sequences.stream().mapToLong(s -> s.dim() == 0 ? 0 : s.size(0)).toArray();
        return packPadded(padSequence(sequences, false, 0), Tensor.of(lengths), false, enforceSorted);
    }

    /**
     * Stacks sequences {@code [L_i, *]} into {@code [max L, N, *]} ({@code [N, max L, *]} with {@code batchFirst}),
     * filling past each sequence's end with {@code paddingValue}, as PyTorch's {@code pad_sequence}.
     *
     * @throws IllegalArgumentException if the list is empty or the trailing shapes differ
     */
    public static Tensor padSequence(List<Tensor> sequences, boolean batchFirst, double paddingValue) {
        String where = "padSequence";
        Check.require(!sequences.isEmpty(), where, () -> "expected at least one sequence");
        Tensor first = sequences.getFirst();
        int longest = 0;
        for (Tensor s : sequences) {
            Check.require(s.dim() >= 1 && s.dim() == first.dim() && s.shape().with(0, 1).equals(
                    first.shape().with(0, 1)), where, () -> "sequences must be [L, *] with one trailing shape, got "
                    + sequences.stream().map(t -> t.shape().toString()).toList());
            longest = Math.max(longest, s.size(0));
        }
        List<Tensor> padded = new ArrayList<>();
        for (Tensor s : sequences) {
            int[] pads = new int[2 * s.dim()];
            pads[pads.length - 1] = longest - s.size(0);
            padded.add(s.size(0) == longest ? s : s.pad(pads, paddingValue));
        }
        return Tensor.stack(padded, batchFirst ? 0 : 1);
    }

    /**
     * Unpacks into a padded batch {@code [T, N, *]} ({@code [N, T, *]} with {@code batchFirst}) in the original batch
     * order, {@code paddingValue} past each sequence's end, as PyTorch's {@code pad_packed_sequence}; {@code T} is the
     * longest length, or {@code totalLength} when given (not null).
     *
     * @throws IllegalArgumentException if {@code totalLength} is shorter than the longest sequence
     */
    public Padded pad(boolean batchFirst, double paddingValue, Integer totalLength) {
        long[] sizes = batchSizes.toLongArray();
        int longest = sizes.length;
        int batch = (int) sizes[0];
        Check.require(totalLength == null || totalLength >= longest, "PackedSequence.pad", () -> "totalLength "
                + totalLength + " is shorter than the longest sequence, " + longest + " steps");
        int steps = totalLength == null ? longest : totalLength;
        int[] features = Arrays.copyOfRange(data.shape().toArray(), 1, data.dim());
        int[] flatShape = new int[features.length + 1];
        flatShape[0] = steps * batch;
        System.arraycopy(features, 0, flatShape, 1, features.length);
        // padding where no step is, 0 where one is: adding the steps there leaves them exact
        boolean[] filled = new boolean[steps * batch];
        for (int t = 0; t < longest; t++) {
            Arrays.fill(filled, t * batch, t * batch + (int) sizes[t], true);
        }
        int[] maskShape = flatShape.clone();
        Arrays.fill(maskShape, 1, maskShape.length, 1);
        Tensor base = Tensor.where(Tensor.of(filled).reshape(maskShape), Tensor.scalar(0, data.dtype()),
                Tensor.scalar(paddingValue, data.dtype())).expand(flatShape).contiguous();
        Tensor flat = base.indexAdd(0, positions(sizes, batch), data);
        int[] shape = new int[flatShape.length + 1];
        shape[0] = steps;
        shape[1] = batch;
        System.arraycopy(features, 0, shape, 2, features.length);
        Tensor out = flat.reshape(shape);
        long[] lengths = new long[batch];
        for (long s : sizes) {
            for (int n = 0; n < s; n++) {
                lengths[n]++;
            }
        }
        Tensor lengthTensor = Tensor.of(lengths);
        if (unsortedIndices != null) {
            out = out.indexSelect(1, unsortedIndices);
            lengthTensor = lengthTensor.indexSelect(0, unsortedIndices);
        }
        return new Padded(batchFirst ? out.transpose(0, 1) : out, lengthTensor);
    }

    /** The number of steps of the longest sequence. */
    int steps() {
        return batchSizes.size(0);
    }

    /** The number of sequences. */
    int batch() {
        return (int) batchSizes.toLongArray()[0];
    }

    /** The batch sizes as ints, for the recurrent op. */
    int[] sizes() {
        return Arrays.stream(batchSizes.toLongArray()).mapToInt(v -> (int) v).toArray();
    }

    /** Where each packed step sits in a time-major padded batch flattened to {@code [T * N, *]}. */
    static Tensor positions(long[] sizes, int batch) {
        long[] at = new long[(int) Arrays.stream(sizes).sum()];
        int k = 0;
        for (int t = 0; t < sizes.length; t++) {
            for (int n = 0; n < sizes[t]; n++) {
                at[k++] = (long) t * batch + n;
            }
        }
        return Tensor.of(at);
    }

    /** This sequence's layout with other data (a layer's output), keeping the batch sizes and orders. */
    PackedSequence withData(Tensor newData) {
        return new PackedSequence(newData, batchSizes, sortedIndices, unsortedIndices);
    }
}
