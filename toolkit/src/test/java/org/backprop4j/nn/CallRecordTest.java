package org.backprop4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.backprop4j.testing.TensorAssert.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.backprop4j.array.Rng;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Losses called like layers, and the one output-and-state record of RNN, GRU and LSTM. */
class CallRecordTest {
    private final Rng rng = Rng.seeded(3);

    @Test
    void aLossCalledLikeALayerGivesItsForwardAndRunsItsHooks() {
        MSELoss loss = new MSELoss();
        List<Tensor> seen = new ArrayList<>();
        loss.registerForwardHook((module, input, output) -> seen.add(output));
        Tensor x = Tensor.randn(rng, 4, 3);
        Tensor y = Tensor.randn(rng, 4, 3);
        Tensor l = loss.call(x, y);
        assertThat(l).isCloseTo(loss.forward(x, y), 0, 0);
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0)).isSameAs(l);
    }

    @Test
    void everyRecurrentKindReturnsOutputAndStatesInOneRecord() {
        Tensor x = Tensor.randn(rng, 5, 2, 3);
        for (RNNBase layer : List.of(new RNN(3, 4), new GRU(3, 4), new LSTM(3, 4))) {
            layer.resetParameters(Rng.seeded(1));
            List<Tensor> hooked = new ArrayList<>();
            layer.registerForwardHook((module, input, output) -> hooked.add(output));
            RNNBase.Result r = layer.call(x, null, null);
            assertThat(r.output()).isCloseTo(layer.forward(x), 0, 0);
            assertThat(r.h().shape().toArray()).containsExactly(1, 2, 4);
            assertThat(hooked).containsExactly(r.output());
            if (layer instanceof LSTM lstm) {
                LSTM.Output o = lstm.forward(x, null);
                assertThat(r.h()).isCloseTo(o.h(), 0, 0);
                assertThat(r.c()).isCloseTo(o.c(), 0, 0);
                RNNBase.Result next = layer.call(x, r.h(), r.c());
                assertThat(next.output()).isCloseTo(lstm.forward(x, o.state()).output(), 0, 0);
            } else {
                assertThat(r.c()).isNull();
                Tensor h = layer instanceof RNN rnn ? rnn.forward(x, null).h() : ((GRU) layer).forward(x, null).h();
                assertThat(r.h()).isCloseTo(h, 0, 0);
            }
        }
    }

    @Test
    void aCellStateForAnRnnOrOnlyHalfAnLstmStateIsRefusedByName() {
        Tensor x = Tensor.randn(rng, 5, 2, 3);
        Tensor h = Tensor.zeros(1, 2, 4);
        assertThatThrownBy(() -> new GRU(3, 4).call(x, h, h)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GRU").hasMessageContaining("only LSTM has a cell state");
        assertThatThrownBy(() -> new LSTM(3, 4).call(x, h, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LSTM").hasMessageContaining("got only h0");
    }
}
