package org.backprop4j.snippets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.backprop4j.testing.TensorAssert.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.backprop4j.array.Rng;
import org.backprop4j.array.Shape;
import org.backprop4j.backend.Backend;
import org.backprop4j.backend.Threads;
import org.backprop4j.nn.AttentionOptions;
import org.backprop4j.nn.CTCLoss;
import org.backprop4j.nn.CosineSimilarity;
import org.backprop4j.nn.CrossEntropyLoss;
import org.backprop4j.nn.Embedding;
import org.backprop4j.nn.EmbeddingBag;
import org.backprop4j.nn.EmbeddingOptions;
import org.backprop4j.nn.GRU;
import org.backprop4j.nn.GaussianNLLLoss;
import org.backprop4j.nn.LSTM;
import org.backprop4j.nn.LSTMCell;
import org.backprop4j.nn.LayerNorm;
import org.backprop4j.nn.Linear;
import org.backprop4j.nn.ModuleSummary;
import org.backprop4j.nn.MultiheadAttention;
import org.backprop4j.nn.PReLU;
import org.backprop4j.nn.PackedSequence;
import org.backprop4j.nn.PairwiseDistance;
import org.backprop4j.nn.Parameter;
import org.backprop4j.nn.RNN;
import org.backprop4j.nn.RNNCell;
import org.backprop4j.nn.RNNOptions;
import org.backprop4j.nn.RReLU;
import org.backprop4j.nn.ReLU;
import org.backprop4j.nn.Sequential;
import org.backprop4j.nn.Transformer;
import org.backprop4j.nn.TransformerDecoder;
import org.backprop4j.nn.TransformerDecoderLayer;
import org.backprop4j.nn.TransformerEncoder;
import org.backprop4j.nn.TransformerEncoderLayer;
import org.backprop4j.nn.TransformerOptions;
import org.backprop4j.nn.TripletMarginWithDistanceLoss;
import org.backprop4j.ops.BagMode;
import org.backprop4j.ops.Reduction;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The examples of the nn layers and losses, and of the backend's thread control. */
class NnSnippets {
    private final Rng rng = Rng.seeded(11);

    @Test
    void options() {
        // @start region="attentionOptions"
        new MultiheadAttention(64, 8, AttentionOptions.DEFAULT.withBatchFirst(true).withDropout(0.1));
        // @end
        // @start region="embeddingOptions"
        new Embedding(1000, 64, EmbeddingOptions.DEFAULT.withPaddingIdx(0).withMaxNorm(1.0));
        // @end
        // @start region="rnnOptions"
        new LSTM(32, 128, RNNOptions.DEFAULT.withNumLayers(2).withBatchFirst(true).withDropout(0.2));
        // @end
        // @start region="transformerOptions"
        new TransformerEncoderLayer(64, 4, TransformerOptions.DEFAULT.withDimFeedforward(256).withNormFirst(true));
        // @end
        int out = 3;
        int in = 4;
        // @start region="parameter"
        final Parameter weight = new Parameter(Tensor.zeros(out, in));
        // @end
        assertThat(weight.requiresGrad()).isTrue();
        // @start region="prelu"
        var act = new PReLU(16, 0.25);   // one slope per channel of a [N, 16, H, W] input
        // @end
        // @start region="rrelu"
        var random = new RReLU(0.1, 0.3, Rng.seeded(7));
        // @end
        assertThat(act.call(Tensor.randn(rng, 2, 16, 3, 3))).hasShape(2, 16, 3, 3);
        assertThat(random.call(Tensor.randn(rng, 5))).hasShape(5);
    }

    @Test
    void losses() {
        Tensor logits = Tensor.randn(rng, 4, 5);
        Tensor labels = Tensor.of(0L, 3, 1, 4);
        // @start region="crossEntropy"
        Tensor loss = new CrossEntropyLoss().withLabelSmoothing(0.1).forward(logits, labels);
        // @end
        assertThat(loss.dim()).isZero();
        Tensor sequenceLogits = Tensor.randn(rng, 12, 2, 6);                // [T, N, C]
        Tensor targets = Tensor.of(new long[][] {{1, 2, 2}, {3, 5, 0}});
        Tensor inputLengths = Tensor.of(12L, 10);
        Tensor targetLengths = Tensor.of(3L, 2);
        // @start region="ctc" @replace substring="sequenceLogits" replacement="logits"
        Tensor ctc = new CTCLoss().forward(sequenceLogits.logSoftmax(2), targets, inputLengths, targetLengths);
        // @end
        assertThat(ctc.item()).isPositive();
        Tensor mean = Tensor.randn(rng, 6);
        Tensor target = Tensor.randn(rng, 6);
        Tensor variance = Tensor.rand(rng, 6).add(0.1);
        // @start region="gaussianNll"
        Tensor nll = new GaussianNLLLoss().forward(mean, target, variance);
        // @end
        assertThat(Double.isFinite(nll.item())).isTrue();
        // @start region="tripletDistance"
        var cosineDistance = new CosineSimilarity();
        var triplet = new TripletMarginWithDistanceLoss((x, y) -> cosineDistance.forward(x, y).neg().add(1), 0.5,
                false, Reduction.MEAN);
        // @end
        Tensor a = Tensor.randn(rng, 3, 4);
        assertThat(triplet.forward(a, a, a.neg()).item()).isZero();
    }

    @Test
    void distances() {
        Tensor a = Tensor.randn(rng, 5, 8);
        Tensor b = Tensor.randn(rng, 5, 8);
        // @start region="cosineSimilarity"
        Tensor sim = new CosineSimilarity().forward(a, b);   // a, b [N, D] -> [N]
        // @end
        // @start region="pairwiseDistance"
        Tensor d = new PairwiseDistance().forward(a, b);   // a, b [N, D] -> [N]
        // @end
        assertThat(sim).hasShape(5);
        assertThat(d).hasShape(5);
    }

    @Test
    void embeddings() {
        Tensor vectors = Tensor.randn(rng, 100, 16);
        // @start region="embedding"
        var tokens = new Embedding(1000, 64, EmbeddingOptions.DEFAULT.withPaddingIdx(0));
        Tensor x = tokens.call(Tensor.of(new long[][] {{4, 9, 0}}));      // [1, 3, 64]
        var frozen = Embedding.fromPretrained(vectors);                     // vectors [V, D], no gradient
        // @end
        assertThat(x).hasShape(1, 3, 64);
        assertThat(frozen.weight().requiresGrad()).isFalse();
        // @start region="embeddingBag"
        var bag = new EmbeddingBag(10, 3, BagMode.SUM);
        Tensor out = bag.forward(Tensor.of(1L, 2, 4, 5, 4, 3, 2, 9), Tensor.of(0L, 4));   // [2, 3]
        // @end
        assertThat(out).hasShape(2, 3);
    }

    @Test
    void recurrent() {
        // @start region="rnn"
        RNN rnn = new RNN(10, 20, RNN.Nonlinearity.TANH, RNNOptions.DEFAULT.withNumLayers(2));
        RNN.Output out = rnn.forward(Tensor.randn(5, 3, 10), null);   // output [5, 3, 20], h [2, 3, 20]
        // @end
        assertThat(out.output()).hasShape(5, 3, 20);
        assertThat(out.h()).hasShape(2, 3, 20);
        // @start region="gru"
        GRU gru = new GRU(10, 20, RNNOptions.DEFAULT.withBatchFirst(true));
        GRU.Output g = gru.forward(Tensor.randn(3, 5, 10), null);   // output [3, 5, 20], h [1, 3, 20]
        // @end
        assertThat(g.output()).hasShape(3, 5, 20);
        Tensor nextChunk = Tensor.randn(rng, 10, 32, 32);
        // @start region="lstm"
        LSTM lstm = new LSTM(32, 128);
        LSTM.Output first = lstm.forward(Tensor.randn(50, 32, 32), null);   // output [50, 32, 128], h and c [1, 32, 128]
        LSTM.Output next = lstm.forward(nextChunk, first.state());          // carry the state on
        // @end
        assertThat(next.output()).hasShape(10, 32, 128);
        List<Tensor> steps = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            steps.add(Tensor.randn(rng, 2, 10));
        }
        // @start region="lstmCell"
        LSTMCell cell = new LSTMCell(10, 20);
        LSTM.State s = null;
        for (Tensor x : steps) {
            s = cell.forward(x, s);   // s.h() and s.c(): [N, 20]
        }
        // @end
        assertThat(s.c()).hasShape(2, 20);
        // @start region="rnnCell"
        RNNCell rnnCell = new RNNCell(10, 20);
        Tensor h = null;
        for (Tensor x : steps) {
            h = rnnCell.forward(x, h);   // [N, 20]
        }
        // @end
        assertThat(h).hasShape(2, 20);
    }

    @Test
    void packed() {
        Tensor padded = Tensor.randn(rng, 5, 3, 8);
        LSTM lstm = new LSTM(8, 6);
        // @start region="packed"
        Tensor lengths = Tensor.of(5L, 2, 4);
        PackedSequence packed = PackedSequence.packPadded(padded, lengths, false, false);   // padded [5, 3, 8]
        LSTM.PackedOutput out = lstm.forward(packed, null);                                // out.h() [1, 3, H]
        PackedSequence.Padded result = out.output().pad(false, 0, null);                   // [5, 3, H], zeros after
        // @end
        assertThat(result.output()).hasShape(5, 3, 6);
        assertThat(result.output().select(1, 1).slice(0, 2, 5).abs().max().item()).isZero();
    }

    @Test
    void attention() {
        Tensor x = Tensor.randn(rng, 7, 2, 16);
        // @start region="attention"
        var attention = new MultiheadAttention(16, 4);
        var out = attention.forward(x, x, x, null, MultiheadAttention.causalMask(x.size(0)), true, true);
        out.output();   // [L, N, 16]
        out.weights();  // [N, L, L], averaged over the heads
        // @end
        assertThat(out.output()).hasShape(7, 2, 16);
        assertThat(out.weights()).hasShape(2, 7, 7);
    }

    @Test
    void transformers() {
        Tensor src = Tensor.randn(rng, 6, 2, 64);
        Tensor tgt = Tensor.randn(rng, 4, 2, 64);
        Tensor paddingMask = Tensor.zeros(org.backprop4j.array.DType.BOOL, 2, 6);
        // @start region="transformerEncoder"
        var layer = new TransformerEncoderLayer(64, 4, TransformerOptions.DEFAULT.withDimFeedforward(128));
        var encoder = new TransformerEncoder(layer, 3, new LayerNorm(64));
        Tensor memory = encoder.forward(src, MultiheadAttention.causalMask(src.size(0)), paddingMask);
        // @end
        // @start region="transformerDecoder"
        var decoder = new TransformerDecoder(new TransformerDecoderLayer(64, 4), 3, new LayerNorm(64));
        Tensor out = decoder.forward(tgt, memory, MultiheadAttention.causalMask(tgt.size(0)), null, null, null);
        // @end
        assertThat(out).hasShape(4, 2, 64);
        Tensor small = Tensor.randn(rng, 5, 2, 16);
        Tensor smallTgt = Tensor.randn(rng, 3, 2, 16);
        // @start region="transformerEncoderLayer" @replace substring="small," replacement="src,"
        var encoderLayer = new TransformerEncoderLayer(16, 4, TransformerOptions.DEFAULT.withDimFeedforward(32));
        Tensor y = encoderLayer.forward(small, MultiheadAttention.causalMask(small.size(0)), null);   // [L, N, 16]
        // @end
        assertThat(y).hasShape(5, 2, 16);
        // @start region="transformerDecoderLayer" @replace regex="smallTgt|small" replacement="tgt"
        var decoderLayer = new TransformerDecoderLayer(16, 4, TransformerOptions.DEFAULT.withDimFeedforward(32));
        Tensor z = decoderLayer.forward(smallTgt, small, MultiheadAttention.causalMask(smallTgt.size(0)), null, null,
                null);
        // @end
        assertThat(z).hasShape(3, 2, 16);
        Tensor s32 = Tensor.randn(rng, 5, 2, 32);
        Tensor t32 = Tensor.randn(rng, 3, 2, 32);
        // @start region="transformer" @replace substring="s32" replacement="src" @replace substring="t32" replacement="tgt"
        var model = new Transformer(32, 4, 2, 2, TransformerOptions.DEFAULT.withDimFeedforward(64));
        Tensor result = model.forward(s32, t32, null, Transformer.generateSquareSubsequentMask(t32.size(0)), null,
                null, null, null);
        // @end
        assertThat(result).hasShape(3, 2, 32);
    }

    @Test
    void summary() {
        var model = new Sequential(new org.backprop4j.nn.Flatten(), new Linear(784, 10), new ReLU());
        String printed;
        // @start region="summary" @replace regex="printed = (.*);" replacement="System.out.println($1);"
        printed = String.valueOf(ModuleSummary.of(model, 64, 1, 28, 28));   // or model.summary(64, 1, 28, 28)
        // @end
        assertThat(printed).contains("[64, 10]");
    }

    @Test
    void threads() {
        int before = Threads.get();
        // @start region="threads"
        Threads.set(1);              // e.g. one replica per core, or a quiet benchmark
        System.out.println(Threads.get());
        // @end
        // @start region="backend"
        Threads.set(1);
        System.out.println(Backend.current().info());
        // @end
        assertThat(Backend.current().info().threads()).isEqualTo(1);
        Threads.set(before);
        assertThat(Shape.of(Threads.get()).numel()).isEqualTo(before);
    }
}
