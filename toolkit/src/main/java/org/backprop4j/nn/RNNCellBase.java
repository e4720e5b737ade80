package org.backprop4j.nn;

import java.util.LinkedHashMap;
import java.util.Map;

import org.backprop4j.array.internal.RecurrentKernels.Cell;
import org.backprop4j.array.internal.Check;
import org.backprop4j.ops.Recurrent;
import org.backprop4j.array.Rng;
import org.backprop4j.array.Shape;
import org.backprop4j.tensor.Tensor;

/**
 * What {@link RNNCell}, {@link LSTMCell} and {@link GRUCell} share: one time step of the matching layer, for loops
 * written by hand. Parameters, with PyTorch's names: {@code weight_ih [G*H, inputSize]}, {@code weight_hh [G*H, H]},
 * {@code bias_ih} and {@code bias_hh [G*H]}, all uniform on {@code +-1/sqrt(H)} at first. Shapes: input
 * {@code [N, inputSize]} or unbatched {@code [inputSize]}; states {@code [N, H]} or {@code [H]}.
 */
public abstract class RNNCellBase extends Module {
    final Cell mode;
    final int inputSize;
    final int hiddenSize;
    final Parameter weightIh;
    final Parameter weightHh;
    final Parameter biasIh;
    final Parameter biasHh;

    RNNCellBase(String type, Cell mode, int inputSize, int hiddenSize, boolean bias) {
        Check.positive(type, "inputSize", inputSize);
        Check.positive(type, "hiddenSize", hiddenSize);
        this.mode = mode;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        int rows = mode.gates() * hiddenSize;
        this.weightIh = new Parameter(Tensor.zeros(rows, inputSize));
        this.weightHh = new Parameter(Tensor.zeros(rows, hiddenSize));
        this.biasIh = bias ? new Parameter(Tensor.zeros(rows)) : null;
        this.biasHh = bias ? new Parameter(Tensor.zeros(rows)) : null;
        resetParameters(Rng.global());
    }

    @Override
    public void resetParameters(Rng rng) {
        double bound = 1 / Math.sqrt(hiddenSize);
        for (Parameter p : ownParameters().values()) {
            Init.uniform(p, -bound, bound, rng);
        }
    }

    @Override
    protected Map<String, Parameter> ownParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        out.put("weight_ih", weightIh);
        out.put("weight_hh", weightHh);
        if (biasIh != null) {
            out.put("bias_ih", biasIh);
            out.put("bias_hh", biasHh);
        }
        return out;
    }

    public int inputSize() {
        return inputSize;
    }

    public int hiddenSize() {
        return hiddenSize;
    }

    public Parameter weightIh() {
        return weightIh;
    }

    public Parameter weightHh() {
        return weightHh;
    }

    /** The input bias, or null when the cell has none. */
    public Parameter biasIh() {
        return biasIh;
    }

    public Parameter biasHh() {
        return biasHh;
    }

    /** Checks the input and states, then runs one step; returns {h'} or, for LSTM, {h', c'}. */
    final Tensor[] step(Tensor input, Tensor h, Tensor c) {
        if (input.dim() != 1 && input.dim() != 2) {
            throw new IllegalArgumentException(describe() + ": expected input of rank 2, [N, " + inputSize
                    + "], or 1, [" + inputSize + "] (unbatched), got shape " + input.shape());
        }
        if (input.size(-1) != inputSize) {
            throw new IllegalArgumentException(describe() + ": expected input of shape " + (input.dim() == 2 ? "[N, "
                    : "[") + inputSize + "] (last dimension = inputSize), got " + input.shape());
        }
        Sequences.dtype(this, "input", input, weightIh.dtype());
        boolean batched = input.dim() == 2;
        Shape expected = batched ? Shape.of(input.size(0), hiddenSize) : Shape.of(hiddenSize);
        String layout = batched ? "[N, hiddenSize]" : "[hiddenSize]";
        for (Tensor state : new Tensor[] {h, c}) {
            if (state != null) {
                String what = state == h ? "hx" : "cx";
                Sequences.state(this, what, state, expected, layout, input, batched || state.dim() != 2 ? ""
                        : "; unbatched (1-D) input takes 1-D states");
                Sequences.dtype(this, what, state, input.dtype());
            }
        }
        Tensor x = batched ? input : input.unsqueeze(0);
        int batch = x.size(0);
        Tensor h0 = h == null ? Tensor.zeros(x.dtype(), batch, hiddenSize) : batched ? h : h.unsqueeze(0);
        Tensor xw = x.matmul(weightIh.t());
        if (biasIh != null) {
            xw = xw.add(biasIh);
        }
        xw = xw.unsqueeze(0);
        Tensor[] out;
        switch (mode) {
            case TANH -> out = new Tensor[] {Recurrent.rnnTanh(xw, h0, weightHh, biasHh, false).select(0, 0)};
            case RELU -> out = new Tensor[] {Recurrent.rnnRelu(xw, h0, weightHh, biasHh, false).select(0, 0)};
            case GRU -> out = new Tensor[] {Recurrent.gru(xw, h0, weightHh, biasHh, false).select(0, 0)};
            case LSTM -> {
                Tensor c0 = c == null ? Tensor.zeros(x.dtype(), batch, hiddenSize) : batched ? c : c.unsqueeze(0);
                Tensor states = Recurrent.lstm(xw, h0, c0, weightHh, biasHh, false).select(1, 0);
                out = new Tensor[] {states.select(0, 0), states.select(0, 1)};
            }
            default -> throw new IllegalStateException("unknown cell " + mode);
        }
        if (!batched) {
            for (int i = 0; i < out.length; i++) {
                out[i] = out[i].squeeze(0);
            }
        }
        return out;
    }

    @Override
    protected String extraRepr() {
        return inputSize + ", " + hiddenSize + (biasIh == null ? ", bias=false" : "");
    }
}
