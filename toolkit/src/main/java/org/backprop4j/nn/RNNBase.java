package org.backprop4j.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.backprop4j.array.internal.RecurrentKernels.Cell;
import org.backprop4j.array.internal.Check;
import org.backprop4j.ops.LinAlg;
import org.backprop4j.ops.Recurrent;
import org.backprop4j.array.Rng;
import org.backprop4j.array.Shape;
import org.backprop4j.tensor.Tensor;

/**
 * What {@link RNN}, {@link LSTM} and {@link GRU} share: stacked (and optionally bidirectional) layers, each of which
 * projects its whole input sequence in one matmul per direction, {@code x W_ih^T + b_ih}, and then steps through time
 * with {@link Recurrent}. Parameters carry PyTorch's names and shapes, so state dicts exchange with it:
 * {@code weight_ih_l{k}[_reverse] [G*H, in]} (in = inputSize for layer 0, else numDirections * H),
 * {@code weight_hh_l{k}[_reverse] [G*H, H]}, {@code bias_ih_l{k}[_reverse]} and {@code bias_hh_l{k}[_reverse] [G*H]},
 * with G = 1 (RNN), 4 (LSTM, gates i, f, g, o) or 3 (GRU, gates r, z, n). All start uniform on
 * {@code +-1/sqrt(H)}, as in PyTorch.
 * <p>
 * With LSTM's {@code projSize} P each layer also has {@code weight_hr_l{k}[_reverse] [P, H]} (after its biases),
 * {@code weight_hh} is {@code [4H, P]}, and the projected state {@code h W_hr^T} is the output and the recurrent
 * state (Sak et al., 2014).
 * <p>
 * Shapes: input {@code [L, N, inputSize]} ({@code [N, L, inputSize]} with batchFirst) or unbatched
 * {@code [L, inputSize]}; states {@code [numLayers * numDirections, N, R]} (R = P with a projection, else H; LSTM's
 * cell state {@code [.., N, H]}; unbatched without N), never batch-first; output {@code [L, N, numDirections * R]}
 * (batch-first: {@code [N, L, ..]}). A {@link PackedSequence} input runs each sequence for its own length and gives a
 * packed output; its states are in the batch's original order.
 */
public abstract class RNNBase extends Module {
    /** The output sequence {@code [L, N, D*H]} and the final hidden state {@code [numLayers*D, N, H]}. */
    public record Output(Tensor output, Tensor h) {
    }

    /** The packed output sequence (data {@code [sum of lengths, D*H]}) and each sequence's final hidden state. */
    public record PackedOutput(PackedSequence output, Tensor h) {
    }

    /**
     * The output sequence and final states of any recurrent layer, so code can treat RNN, GRU and LSTM alike;
     * {@code c} is LSTM's cell state and null for RNN and GRU.
     */
    public record Result(Tensor output, Tensor h, Tensor c) {
    }

    final Cell mode;
    final int inputSize;
    final int hiddenSize;
    final RNNOptions options;
    private final Map<String, Parameter> weights = new LinkedHashMap<>();

    RNNBase(String type, Cell mode, int inputSize, int hiddenSize, RNNOptions options) {
        Check.positive(type, "inputSize", inputSize);
        Check.positive(type, "hiddenSize", hiddenSize);
        if (options == null) {
            throw new IllegalArgumentException(type + ": options must not be null; use RNNOptions.DEFAULT");
        }
        int proj = options.projSize();
        Check.require(proj == 0 || mode == Cell.LSTM, type, () -> "projSize is only supported for LSTM, not RNN or "
                + "GRU, got projSize " + proj);
        Check.require(proj < hiddenSize, type, () -> "projSize " + proj + " must be smaller than hiddenSize "
                + hiddenSize);
        this.mode = mode;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.options = options;
        int rows = mode.gates() * hiddenSize;
        int state = stateSize();
        for (int layer = 0; layer < options.numLayers(); layer++) {
            int in = layer == 0 ? inputSize : options.directions() * state;
            for (int d = 0; d < options.directions(); d++) {
                String suffix = "_l" + layer + (d == 1 ? "_reverse" : "");
                weights.put("weight_ih" + suffix, new Parameter(Tensor.zeros(rows, in)));
                weights.put("weight_hh" + suffix, new Parameter(Tensor.zeros(rows, state)));
                if (options.bias()) {
                    weights.put("bias_ih" + suffix, new Parameter(Tensor.zeros(rows)));
                    weights.put("bias_hh" + suffix, new Parameter(Tensor.zeros(rows)));
                }
                if (proj > 0) {
                    weights.put("weight_hr" + suffix, new Parameter(Tensor.zeros(proj, hiddenSize)));
                }
            }
        }
        resetParameters(Rng.global());
    }

    /** The size of the recurrent state and the output per direction: projSize with a projection, else hiddenSize. */
    final int stateSize() {
        return options.projSize() > 0 ? options.projSize() : hiddenSize;
    }

    @Override
    public void resetParameters(Rng rng) {
        double bound = 1 / Math.sqrt(hiddenSize);
        for (Parameter p : weights.values()) {
            Init.uniform(p, -bound, bound, rng);
        }
    }

    @Override
    protected Map<String, Parameter> ownParameters() {
        return new LinkedHashMap<>(weights);
    }

    public int inputSize() {
        return inputSize;
    }

    public int hiddenSize() {
        return hiddenSize;
    }

    public RNNOptions options() {
        return options;
    }

    /** {@code weight_ih_l{layer}}, or {@code .._reverse} for the backward direction. */
    public Parameter weightIh(int layer, boolean reverse) {
        return weight("weight_ih", layer, reverse);
    }

    public Parameter weightHh(int layer, boolean reverse) {
        return weight("weight_hh", layer, reverse);
    }

    /** {@code bias_ih_l{layer}}, or null when the layer has no biases. */
    public Parameter biasIh(int layer, boolean reverse) {
        return options.bias() ? weight("bias_ih", layer, reverse) : null;
    }

    public Parameter biasHh(int layer, boolean reverse) {
        return options.bias() ? weight("bias_hh", layer, reverse) : null;
    }

    /** {@code weight_hr_l{layer}} (LSTM's projection), or null without one. */
    public Parameter weightHr(int layer, boolean reverse) {
        return options.projSize() > 0 ? weight("weight_hr", layer, reverse) : null;
    }

    private Parameter weight(String kind, int layer, boolean reverse) {
        Parameter p = weights.get(kind + "_l" + layer + (reverse ? "_reverse" : ""));
        if (p == null) {
            throw new IllegalArgumentException(describe() + ": no layer " + layer + (reverse ? " in reverse" : "")
                    + " (numLayers=" + options.numLayers() + ", bidirectional=" + options.bidirectional() + ")");
        }
        return p;
    }

    /**
     * Runs the layer from {@code h0} (and, for LSTM, {@code c0}; null for zeros) with the forward hooks, as
     * {@link #call(Tensor)} does, and returns the output and the final states in one record whatever the kind:
     * PyTorch's {@code output, h = rnn(x, h0)} and {@code output, (h, c) = lstm(x, (h0, c0))}.
     *
     * @throws IllegalArgumentException if the input or a state does not fit (as {@code forward}), {@code c0} is given
     *                                  to an RNN or GRU, or only one of LSTM's states is given
     */
    public final Result call(Tensor input, Tensor h0, Tensor c0) {
        if (mode != Cell.LSTM && c0 != null) {
            throw new IllegalArgumentException(describe() + ": only LSTM has a cell state; pass c0 = null");
        }
        if (mode == Cell.LSTM) {
            requireBothOrNeither(h0, c0);
        }
        return invoke(input, () -> {
            Tensor[] r = run(input, h0, c0);
            return new Result(r[0], r[1], mode == Cell.LSTM ? r[2] : null);
        }, Result::output);
    }

    /** LSTM's states come as a pair: both given, or neither (zeros). */
    final void requireBothOrNeither(Tensor h0, Tensor c0) {
        if ((h0 == null) != (c0 == null)) {
            throw new IllegalArgumentException(describe() + ": expected both h0 and c0, or neither, got only "
                    + (h0 == null ? "c0" : "h0"));
        }
    }

    /** Checks the input and states and runs the layer; {@code c0} only for LSTM. Returns {output, h_n, c_n}. */
    final Tensor[] run(Tensor input, Tensor h0, Tensor c0) {
        checkInput(input);
        boolean batched = input.dim() == 3;
        int batch = batched ? input.size(options.batchFirst() ? 0 : 1) : 0;
        checkState("h0", h0, stateShape(batched, batch, stateSize()), input);
        checkState("c0", c0, stateShape(batched, batch, hiddenSize), input);
        return compute(mode, hiddenSize, options, isTraining(), List.copyOf(weights.values()), input, h0, c0, null);
    }

    private Shape stateShape(boolean batched, int batch, int size) {
        int layers = options.numLayers() * options.directions();
        return batched ? Shape.of(layers, batch, size) : Shape.of(layers, size);
    }

    /**
     * Checks a packed input and states (in the batch's original order) and runs the layer on each sequence's own
     * steps. Returns {output data [sum of lengths, D*R], h_n, c_n}, the states in the original order.
     */
    final Tensor[] run(PackedSequence input, Tensor h0, Tensor c0) {
        Tensor data = input.data();
        if (data.dim() != 2 || data.size(1) != inputSize) {
            throw new IllegalArgumentException(describe() + ": expected packed data of shape [sum of lengths, "
                    + inputSize + "] (last dimension = inputSize), got " + data.shape());
        }
        Sequences.dtype(this, "packed data", data, weights.values().iterator().next().dtype());
        int steps = input.steps();
        int batch = input.batch();
        Tensor padded = Tensor.zeros(data.dtype(), steps * batch, inputSize).indexAdd(0,
                PackedSequence.positions(input.batchSizes().toLongArray(), batch), data).reshape(steps, batch,
                inputSize);
        Tensor sorted = input.sortedIndices();
        for (Tensor state : new Tensor[] {h0, c0}) {
            String what = state == h0 ? "h0" : "c0";
            Shape expected = stateShape(true, batch, state == h0 ? stateSize() : hiddenSize);
            if (state != null && !state.shape().equals(expected)) {
                throw new IllegalArgumentException(describe() + ": expected " + what + " of shape " + expected
                        + " ([numLayers * numDirections, N, " + (state == h0 && options.projSize() > 0 ? "projSize"
                        : "hiddenSize") + "] for a packed batch of " + batch + " sequences), got " + state.shape());
            }
            if (state != null) {
                Sequences.dtype(this, what, state, data.dtype());
            }
        }
        Tensor h = h0 == null || sorted == null ? h0 : h0.indexSelect(1, sorted);
        Tensor c = c0 == null || sorted == null ? c0 : c0.indexSelect(1, sorted);
        Tensor[] r = compute(mode, hiddenSize, options.withBatchFirst(false), isTraining(),
                List.copyOf(weights.values()), padded, h, c, input.sizes());
        Tensor out = r[0].reshape(steps * batch, r[0].size(2)).indexSelect(0,
                PackedSequence.positions(input.batchSizes().toLongArray(), batch));
        Tensor unsorted = input.unsortedIndices();
        if (unsorted != null) {
            r[1] = r[1].indexSelect(1, unsorted);
            r[2] = r[2] == null ? null : r[2].indexSelect(1, unsorted);
        }
        return new Tensor[] {out, r[1], r[2]};
    }

    private String layout(int rank) {
        return rank == 2 ? "[L, " + inputSize + "] (unbatched)"
                : options.batchFirst() ? "[N, L, " + inputSize + "] (batchFirst=true)"
                        : "[L, N, " + inputSize + "] (batchFirst=false)";
    }

    private void checkInput(Tensor input) {
        if (input.dim() != 2 && input.dim() != 3) {
            throw new IllegalArgumentException(describe() + ": expected input of rank 3, " + layout(3) + ", or 2, "
                    + layout(2) + ", got shape " + input.shape());
        }
        if (input.size(-1) != inputSize) {
            throw new IllegalArgumentException(describe() + ": expected input of shape " + layout(input.dim())
                    + " (last dimension = inputSize), got " + input.shape());
        }
        int steps = input.size(input.dim() == 3 && options.batchFirst() ? 1 : 0);
        if (steps == 0) {
            throw new IllegalArgumentException(describe() + ": expected a sequence of at least one step, got input "
                    + "of shape " + input.shape() + " " + layout(input.dim()));
        }
        Sequences.dtype(this, "input", input, weights.values().iterator().next().dtype());
    }

    private void checkState(String what, Tensor state, Shape expected, Tensor input) {
        if (state == null) {
            return;
        }
        String size = what.equals("h0") && options.projSize() > 0 ? "projSize" : "hiddenSize";
        String layout = expected.rank() == 3 ? "[numLayers * numDirections, N, " + size + "]"
                : "[numLayers * numDirections, " + size + "]";
        String hint = "";
        if (expected.rank() == 3 && state.dim() == 3 && state.size(0) == expected.dim(0)
                && state.size(2) == expected.dim(2)) {
            int other = options.batchFirst() ? 1 : 0;
            if (state.size(1) == input.size(other)) {
                hint = "; its batch size is dimension " + other + " of the input: if the input is laid out "
                        + (options.batchFirst() ? "[L, N, Hin], build the layer without batchFirst"
                                : "[N, L, Hin], build the layer with RNNOptions.DEFAULT.withBatchFirst(true)");
            }
        } else if (expected.rank() == 2 && state.dim() == 3) {
            hint = "; unbatched (2-D) input takes 2-D states";
        }
        Sequences.state(this, what, state, expected, layout, input, hint);
        Sequences.dtype(this, what, state, input.dtype());
    }

    /**
     * The computation of the layer with explicit {@code weights} (in state-dict order), without argument checks: so
     * that the gradient checks can differentiate it with respect to tensors they own. {@code batchSizes} (null for
     * none) are those of a packed batch, laid out padded and time-major in {@code input}.
     */
    static Tensor[] compute(Cell mode, int hidden, RNNOptions o, boolean training, List<Tensor> weights,
            Tensor input, Tensor h0, Tensor c0, int[] batchSizes) {
        boolean batched = input.dim() == 3;
        boolean batchFirst = batched && o.batchFirst();
        Tensor x = batched ? input : input.unsqueeze(1);
        int steps = x.size(batchFirst ? 1 : 0);
        int batch = x.size(batchFirst ? 0 : 1);
        int directions = o.directions();
        int stacked = o.numLayers() * directions;
        int state = o.projSize() > 0 ? o.projSize() : hidden;
        Tensor h = h0 == null ? Tensor.zeros(input.dtype(), stacked, batch, state) : batched ? h0 : h0.unsqueeze(1);
        Tensor c = mode != Cell.LSTM ? null
                : c0 == null ? Tensor.zeros(input.dtype(), stacked, batch, hidden) : batched ? c0 : c0.unsqueeze(1);
        int perDirection = (o.bias() ? 4 : 2) + (o.projSize() > 0 ? 1 : 0);
        List<Tensor> hn = new ArrayList<>();
        List<Tensor> cn = new ArrayList<>();
        Tensor layerInput = x;
        boolean layerBatchFirst = batchFirst;
        for (int layer = 0; layer < o.numLayers(); layer++) {
            List<Tensor> outputs = new ArrayList<>();
            for (int d = 0; d < directions; d++) {
                int k = layer * directions + d;
                List<Tensor> w = weights.subList(k * perDirection, (k + 1) * perDirection);
                Tensor bIh = o.bias() ? w.get(2) : null;
                Tensor bHh = o.bias() ? w.get(3) : null;
                Tensor wHr = o.projSize() > 0 ? w.getLast() : null;
                Tensor xw = project(layerInput, layerBatchFirst, w.get(0), bIh);
                boolean reverse = d == 1;
                // the last step processed holds every sequence's final state (packed rows carry theirs on)
                int last = reverse ? 0 : steps - 1;
                Tensor states = Recurrent.sequence(mode, xw, h.select(0, k), c == null ? null : c.select(0, k),
                        w.get(1), bHh, wHr, batchSizes, reverse);
                Tensor hs = states;
                if (mode == Cell.LSTM) {
                    hs = states.slice(2, 0, state);
                    cn.add(states.slice(2, state, state + hidden).select(0, last));
                }
                hn.add(hs.select(0, last));
                outputs.add(hs);
            }
            Tensor out = directions == 2 ? Tensor.cat(outputs, 2) : outputs.getFirst();
            if (training && o.dropout() > 0 && layer < o.numLayers() - 1) {
                out = Sequences.dropout(out, o.dropout(), o.dropoutRng());
            }
            layerInput = out;
            layerBatchFirst = false;
        }
        Tensor output = batchFirst ? layerInput.transpose(0, 1) : layerInput;
        Tensor hOut = Tensor.stack(hn, 0);
        Tensor cOut = mode == Cell.LSTM ? Tensor.stack(cn, 0) : null;
        if (!batched) {
            output = output.squeeze(1);
            hOut = hOut.squeeze(1);
            cOut = cOut == null ? null : cOut.squeeze(1);
        }
        return new Tensor[] {output, hOut, cOut};
    }

    /** {@code x W_ih^T + b_ih} for every step in one fused linear, as a contiguous {@code [L, N, G*H]}. */
    private static Tensor project(Tensor x, boolean batchFirst, Tensor wIh, Tensor bIh) {
        // time-major before the product, not after: the input is narrower than its projections (G*H wide), so the
        // rearranging copy is smaller, and the projections come out contiguous in the order the time loop reads them;
        // one fused linear adds the bias (the LSTM's step had allocated the [L, N, 4H] projections four times)
        Tensor steps = batchFirst ? x.transpose(0, 1) : x;
        int a = steps.size(0);
        int b = steps.size(1);
        return LinAlg.linear(steps.reshape(a * b, steps.size(2)), wIh, bIh).reshape(a, b, wIh.size(0));
    }

    @Override
    protected String extraRepr() {
        return inputSize + ", " + hiddenSize + options.describe();
    }
}
