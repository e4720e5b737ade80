package org.backprop4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.backprop4j.testing.TensorAssert.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.backprop4j.array.Scope;
import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * What the recurrent layers, cells, MultiheadAttention and TransformerEncoderLayer promise beyond matching PyTorch's
 * numbers: PyTorch's parameter names and initialization, shapes in every layout, states carried across chunks, the
 * reverse direction reading the sequence backwards, cells agreeing with layers, dropout only in training, masks.
 */
class SequenceLayersTest {
    private static final double TIGHT = 1e-12;

    private static Tensor randn(long seed, int... dims) {
        return Tensor.randn(Rng.seeded(seed), DType.FLOAT64, dims);
    }

    @Test
    void recurrentParametersHavePyTorchNamesShapesAndOrder() {
        LSTM lstm = new LSTM(3, 4, RNNOptions.DEFAULT.withNumLayers(2).withBidirectional(true));
        Map<String, Parameter> p = lstm.namedParameters();
        assertThat(p.keySet()).containsExactly("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
                "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse",
                "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1", "weight_ih_l1_reverse",
                "weight_hh_l1_reverse", "bias_ih_l1_reverse", "bias_hh_l1_reverse");
        assertThat(p.get("weight_ih_l0").shape().toArray()).containsExactly(16, 3);
        assertThat(p.get("weight_ih_l1_reverse").shape().toArray()).containsExactly(16, 8);
        assertThat(p.get("weight_hh_l1").shape().toArray()).containsExactly(16, 4);
        assertThat(lstm.weightIh(1, true)).isSameAs(p.get("weight_ih_l1_reverse"));
        assertThat(new GRU(3, 4, RNNOptions.DEFAULT.withBias(false)).namedParameters().keySet())
                .containsExactly("weight_ih_l0", "weight_hh_l0");
        assertThat(new GRU(3, 4).weightHh(0, false).shape().toArray()).containsExactly(12, 4);
        assertThat(new RNN(3, 4).weightHh(0, false).shape().toArray()).containsExactly(4, 4);
        assertThat(new LSTMCell(3, 4).namedParameters().keySet())
                .containsExactly("weight_ih", "weight_hh", "bias_ih", "bias_hh");
        assertThat(new GRUCell(3, 4, false).namedParameters().keySet()).containsExactly("weight_ih", "weight_hh");
        assertThat(lstm.numParameters()).isEqualTo(2 * (16 * 3 + 16 * 4 + 32) + 2 * (16 * 8 + 16 * 4 + 32));
    }

    @Test
    void attentionAndEncoderParametersHavePyTorchNames() {
        assertThat(new MultiheadAttention(8, 2).namedParameters().keySet())
                .containsExactly("in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias");
        assertThat(new MultiheadAttention(8, 2, AttentionOptions.DEFAULT.withKeyValueDims(5, 3).withBias(false))
                .namedParameters().keySet()).containsExactly("q_proj_weight", "k_proj_weight", "v_proj_weight",
                        "out_proj.weight");
        var encoder = new TransformerEncoderLayer(8, 2, TransformerOptions.DEFAULT.withDimFeedforward(16));
        assertThat(encoder.namedChildren().keySet()).containsExactly("self_attn", "linear1", "dropout", "linear2",
                "norm1", "norm2", "dropout1", "dropout2");
        assertThat(encoder.namedParameters().keySet()).containsExactly("self_attn.in_proj_weight",
                "self_attn.in_proj_bias", "self_attn.out_proj.weight", "self_attn.out_proj.bias", "linear1.weight",
                "linear1.bias", "linear2.weight", "linear2.bias", "norm1.weight", "norm1.bias", "norm2.weight",
                "norm2.bias");
        assertThat(encoder.namedParameters().get("linear1.weight").shape().toArray()).containsExactly(16, 8);
    }

    @Test
    void recurrentInitializationIsUniformOnPlusMinusOneOverSqrtHidden() {
        LSTM lstm = new LSTM(30, 25, RNNOptions.DEFAULT.withNumLayers(2));
        lstm.resetParameters(Rng.seeded(1));
        for (Parameter p : lstm.parameters()) {
            double[] v = p.toDoubleArray();
            double max = 0;
            for (double d : v) {
                max = Math.max(max, Math.abs(d));
            }
            assertThat(max).isLessThanOrEqualTo(0.2).isGreaterThan(0.19); // 1/sqrt(25)
        }
        RNNCell cell = new RNNCell(30, 100);
        assertThat(cell.weightHh().abs().max().item()).isLessThanOrEqualTo(0.1).isGreaterThan(0.099);
    }

    @Test
    void attentionInitializationIsXavierForInputProjectionsAndZeroBiases() {
        MultiheadAttention mha = new MultiheadAttention(32, 4);
        mha.resetParameters(Rng.seeded(2));
        double xavier = Math.sqrt(6.0 / (32 + 96));
        assertThat(mha.namedParameters().get("in_proj_weight").abs().max().item()).isLessThanOrEqualTo(xavier)
                .isGreaterThan(0.98 * xavier);
        assertThat(mha.namedParameters().get("in_proj_bias").abs().max().item()).isZero();
        assertThat(mha.outProj().bias().abs().max().item()).isZero();
        double linear = 1 / Math.sqrt(32);
        assertThat(mha.outProj().weight().abs().max().item()).isLessThanOrEqualTo(linear).isGreaterThan(0.98 * linear);
        var separate = new MultiheadAttention(32, 4, AttentionOptions.DEFAULT.withKeyValueDims(16, 8));
        separate.resetParameters(Rng.seeded(3));
        double kBound = Math.sqrt(6.0 / (32 + 16));
        assertThat(separate.namedParameters().get("k_proj_weight").abs().max().item()).isLessThanOrEqualTo(kBound)
                .isGreaterThan(0.95 * kBound);
    }

    @Test
    void shapesInEveryLayout() {
        Tensor x = Tensor.randn(Rng.seeded(4), 7, 3, 4);
        var lstm = new LSTM(4, 5, RNNOptions.DEFAULT.withNumLayers(3).withBidirectional(true));
        LSTM.Output o = lstm.forward(x, null);
        assertThat(o.output().shape().toArray()).containsExactly(7, 3, 10);
        assertThat(o.h().shape().toArray()).containsExactly(6, 3, 5);
        assertThat(o.c().shape().toArray()).containsExactly(6, 3, 5);
        var gru = new GRU(4, 5, RNNOptions.DEFAULT.withBatchFirst(true));
        RNNBase.Output g = gru.forward(x, null);
        assertThat(g.output().shape().toArray()).containsExactly(7, 3, 5);
        assertThat(g.h().shape().toArray()).containsExactly(1, 7, 5);
        RNNBase.Output u = new RNN(4, 5, RNNOptions.DEFAULT.withNumLayers(2)).forward(x.select(1, 0), null);
        assertThat(u.output().shape().toArray()).containsExactly(7, 5);
        assertThat(u.h().shape().toArray()).containsExactly(2, 5);
        var mha = new MultiheadAttention(4, 2, AttentionOptions.DEFAULT.withBatchFirst(true));
        MultiheadAttention.Output a = mha.forward(x, x, x, null, null, true, false);
        assertThat(a.output().shape().toArray()).containsExactly(7, 3, 4);
        assertThat(a.weights().shape().toArray()).containsExactly(7, 2, 3, 3);
        assertThat(mha.forward(x, x, x, null, null, false, true).weights()).isNull();
    }

    @Test
    void carryingTheStateAcrossChunksEqualsOneLongSequence() {
        try (Scope _ = DType.useDefaultFloat(DType.FLOAT64)) {
            var lstm = new LSTM(3, 4, RNNOptions.DEFAULT.withNumLayers(2).withBatchFirst(true));
            Tensor x = randn(5, 2, 9, 3);
            LSTM.Output whole = lstm.forward(x, null);
            LSTM.Output first = lstm.forward(x.slice(1, 0, 4), null);
            LSTM.Output second = lstm.forward(x.slice(1, 4, 9), first.state());
            assertThat(Tensor.cat(List.of(first.output(), second.output()), 1)).isCloseTo(whole.output(), 0, TIGHT);
            assertThat(second.h()).isCloseTo(whole.h(), 0, TIGHT);
            assertThat(second.c()).isCloseTo(whole.c(), 0, TIGHT);
        }
    }

    @Test
    void theReverseDirectionReadsTheSequenceBackwards() {
        try (Scope _ = DType.useDefaultFloat(DType.FLOAT64)) {
            var both = new GRU(3, 4, RNNOptions.DEFAULT.withBidirectional(true));
            var forwardOnly = new GRU(3, 4);
            var backwardOnly = new GRU(3, 4);
            Map<String, Tensor> state = both.stateDict();
            forwardOnly.loadStateDict(Map.of("weight_ih_l0", state.get("weight_ih_l0"), "weight_hh_l0",
                    state.get("weight_hh_l0"), "bias_ih_l0", state.get("bias_ih_l0"), "bias_hh_l0",
                    state.get("bias_hh_l0")), true);
            backwardOnly.loadStateDict(Map.of("weight_ih_l0", state.get("weight_ih_l0_reverse"), "weight_hh_l0",
                    state.get("weight_hh_l0_reverse"), "bias_ih_l0", state.get("bias_ih_l0_reverse"), "bias_hh_l0",
                    state.get("bias_hh_l0_reverse")), true);
            Tensor x = randn(6, 5, 2, 3);
            RNNBase.Output o = both.forward(x, null);
            Tensor reversedInput = Tensor.stack(reversed(x), 0);
            Tensor backward = Tensor.stack(reversed(backwardOnly.forward(reversedInput)), 0);
            assertThat(o.output().slice(2, 0, 4)).isCloseTo(forwardOnly.forward(x), 0, TIGHT);
            assertThat(o.output().slice(2, 4, 8)).isCloseTo(backward, 0, TIGHT);
            // the reverse direction's final state is the one after reading step 0
            assertThat(o.h().select(0, 1)).isCloseTo(backward.select(0, 0), 0, TIGHT);
        }
    }

    private static List<Tensor> reversed(Tensor x) {
        List<Tensor> steps = new ArrayList<>();
        for (int t = x.size(0) - 1; t >= 0; t--) {
            steps.add(x.select(0, t));
        }
        return steps;
    }

    @Test
    void cellsStepLikeTheLayers() {
        try (Scope _ = DType.useDefaultFloat(DType.FLOAT64)) {
            var layer = new LSTM(3, 4);
            var cell = new LSTMCell(3, 4);
            Map<String, Tensor> s = layer.stateDict();
            cell.loadStateDict(Map.of("weight_ih", s.get("weight_ih_l0"), "weight_hh", s.get("weight_hh_l0"),
                    "bias_ih", s.get("bias_ih_l0"), "bias_hh", s.get("bias_hh_l0")), true);
            Tensor x = randn(7, 5, 2, 3);
            LSTM.Output o = layer.forward(x, null);
            LSTM.State state = null;
            for (int t = 0; t < 5; t++) {
                state = cell.forward(x.select(0, t), state);
                assertThat(state.h()).isCloseTo(o.output().select(0, t), 0, TIGHT);
            }
            assertThat(state.c()).isCloseTo(o.c().select(0, 0), 0, TIGHT);

            var rnn = new RNN(3, 4, RNN.Nonlinearity.RELU, RNNOptions.DEFAULT);
            var rnnCell = new RNNCell(3, 4, true, RNN.Nonlinearity.RELU);
            Map<String, Tensor> r = rnn.stateDict();
            rnnCell.loadStateDict(Map.of("weight_ih", r.get("weight_ih_l0"), "weight_hh", r.get("weight_hh_l0"),
                    "bias_ih", r.get("bias_ih_l0"), "bias_hh", r.get("bias_hh_l0")), true);
            Tensor h = rnnCell.forward(x.select(0, 0));
            h = rnnCell.forward(x.select(0, 1), h);
            assertThat(h).isCloseTo(rnn.forward(x.slice(0, 0, 2)).select(0, 1), 0, TIGHT);
        }
    }

    @Test
    void dropoutBetweenLayersActsInTrainingOnlyAndReproducesWithASeededGenerator() {
        Rng rng = Rng.seeded(8);
        var lstm = new LSTM(3, 4, RNNOptions.DEFAULT.withNumLayers(2).withDropout(0.5, rng));
        Tensor x = Tensor.randn(Rng.seeded(9), 6, 2, 3);
        lstm.eval();
        Tensor evaluation = lstm.call(x);
        assertThat(lstm.call(x)).isCloseTo(evaluation, 0, 0);
        lstm.train();
        rng.reseed(1);
        Tensor first = lstm.call(x);
        rng.reseed(1);
        Tensor again = lstm.call(x);
        assertThat(first).isNotCloseTo(evaluation, 1e-3, 1e-3);
        assertThat(again).isCloseTo(first, 0, 0);
        // with a single layer there is no layer after which to drop: training changes nothing
        var single = new LSTM(3, 4, RNNOptions.DEFAULT.withDropout(0.5, rng));
        assertThat(single.call(x)).isCloseTo(single.eval().call(x), 0, 0);
    }

    @Test
    void recurrentLayersWorkInSequentialAndSummary() {
        Rng.global().reseed(10);
        var model = new Sequential(new GRU(3, 4, RNNOptions.DEFAULT.withBatchFirst(true)), new Linear(4, 2));
        assertThat(model.call(Tensor.randn(2, 5, 3)).shape().toArray()).containsExactly(2, 5, 2);
        assertThat(model.summary(2, 5, 3).toString()).contains("0 (GRU)", "[2, 5, 4]", "108"); // 12*3 + 12*4 + 2*12
        assertThat(model.toString()).contains("(0): GRU(3, 4, batchFirst=true)");
        assertThat(new RNN(2, 3, RNN.Nonlinearity.RELU, RNNOptions.DEFAULT.withNumLayers(2)).toString())
                .isEqualTo("RNN(2, 3, numLayers=2, nonlinearity=relu)");
    }

    @Test
    void stateDictsRoundTrip() {
        var a = new LSTM(3, 4, RNNOptions.DEFAULT.withBidirectional(true));
        var b = new LSTM(3, 4, RNNOptions.DEFAULT.withBidirectional(true));
        b.loadStateDict(a.stateDict(), true);
        Tensor x = Tensor.randn(Rng.seeded(11), 4, 2, 3);
        assertThat(b.call(x)).isCloseTo(a.call(x), 0, 0);
    }

    @Test
    void causalMaskHidesLaterPositions() {
        assertThat(MultiheadAttention.causalMask(3).toBooleanArray())
                .containsExactly(false, true, true, false, false, true, false, false, false);
        var mha = new MultiheadAttention(4, 2);
        Tensor x = Tensor.randn(Rng.seeded(12), 3, 2, 4);
        MultiheadAttention.Output o = mha.forward(x, x, x, null, MultiheadAttention.causalMask(3), true, false);
        Tensor w = o.weights(); // [N, heads, L, S]
        assertThat(w.get(1, 1, 0, 1)).isZero();
        assertThat(w.get(0, 0, 1, 2)).isZero();
        assertThat(w.get(0, 1, 0, 0)).isEqualTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(w.sum(-1)).isCloseTo(Tensor.ones(2, 2, 3), 0, 1e-6);
        // the first position's output depends on the first position only
        Tensor y = x.clone();
        y.select(0, 2).fill(5);
        Tensor masked = mha.forward(y, y, y, null, MultiheadAttention.causalMask(3), false, true).output();
        assertThat(masked.select(0, 0)).isCloseTo(o.output().select(0, 0), 0, 1e-6);
    }

    @Test
    void keyPaddingIgnoresPaddedKeysAndAllMaskedQueriesGiveNaNAsInPyTorch() {
        var mha = new MultiheadAttention(4, 1);
        Tensor x = Tensor.randn(Rng.seeded(13), 3, 2, 4);
        Tensor padding = Tensor.of(false, false, true, true, true, true).reshape(2, 3);
        MultiheadAttention.Output o = mha.forward(x, x, x, padding, null, true, true);
        assertThat(o.weights().get(0, 1, 2)).isZero();
        assertThat(o.weights().get(0, 2, 0) + o.weights().get(0, 2, 1)).isEqualTo(1.0,
                org.assertj.core.data.Offset.offset(1e-6));
        assertThat(o.output().select(1, 1).isNan().toBooleanArray()).containsOnly(true);
        assertThat(o.output().select(1, 0).isFinite().toBooleanArray()).containsOnly(true);
    }

    @Test
    void attentionDropoutActsOnTheWeightsInTrainingOnly() {
        Rng rng = Rng.seeded(16);
        var mha = new MultiheadAttention(4, 2, AttentionOptions.DEFAULT.withDropout(0.5, rng));
        Tensor x = Tensor.randn(Rng.seeded(17), 3, 2, 4);
        MultiheadAttention.Output training = mha.forward(x, x, x, null, null, true, false);
        // dropped weights are zero, kept ones scaled by 2: rows no longer sum to one
        double[] w = training.weights().toDoubleArray();
        assertThat(w).contains(0.0);
        assertThat(training.weights().sum(-1)).isNotCloseTo(Tensor.ones(2, 2, 3), 1e-3, 1e-3);
        rng.reseed(3);
        Tensor first = mha.forward(x, x, x, null, null, false, true).output();
        rng.reseed(3);
        assertThat(mha.forward(x, x, x, null, null, false, true).output()).isCloseTo(first, 0, 0);
        mha.eval();
        assertThat(mha.forward(x, x, x, null, null, true, false).weights().sum(-1))
                .isCloseTo(Tensor.ones(2, 2, 3), 0, 1e-6);
    }

    @Test
    void encoderDropoutActsInTrainingOnly() {
        var layer = new TransformerEncoderLayer(8, 2, TransformerOptions.DEFAULT.withDimFeedforward(16)
                .withDropout(0.3, Rng.seeded(14)));
        Tensor x = Tensor.randn(Rng.seeded(15), 5, 2, 8);
        Tensor training = layer.call(x);
        layer.eval();
        Tensor evaluation = layer.call(x);
        assertThat(layer.call(x)).isCloseTo(evaluation, 0, 0);
        assertThat(training).isNotCloseTo(evaluation, 1e-3, 1e-3);
        assertThat(layer.toString()).startsWith("TransformerEncoderLayer(dModel=8, dimFeedforward=16, activation=relu,")
                .contains("(self_attn): MultiheadAttention(embedDim=8, numHeads=2, dropout=0.3,");
    }
}
