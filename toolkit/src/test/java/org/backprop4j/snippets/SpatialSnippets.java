package org.backprop4j.snippets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.backprop4j.testing.TensorAssert.assertThat;

import java.util.List;

import org.backprop4j.array.Rng;
import org.backprop4j.nn.AvgPool2d;
import org.backprop4j.nn.Conv2d;
import org.backprop4j.nn.Conv3d;
import org.backprop4j.nn.ConvOptions;
import org.backprop4j.nn.Linear;
import org.backprop4j.nn.MaxPool1d;
import org.backprop4j.nn.MaxPool2d;
import org.backprop4j.nn.MaxPool3d;
import org.backprop4j.nn.MaxUnpool1d;
import org.backprop4j.nn.MaxUnpool2d;
import org.backprop4j.nn.MaxUnpool3d;
import org.backprop4j.nn.Parametrization;
import org.backprop4j.nn.Parametrizations;
import org.backprop4j.nn.PoolOptions;
import org.backprop4j.nn.Upsample;
import org.backprop4j.ops.Padding;
import org.backprop4j.ops.Resampling.Mode;
import org.backprop4j.tensor.Tensor;
import org.backprop4j.tensor.ValuesAndIndices;
import org.junit.jupiter.api.Test;

/** The examples of the convolution, pooling, resampling and parametrization layers. */
class SpatialSnippets {
    private final Rng rng = Rng.seeded(5);

    @Test
    void convolution() {
        // @start region="conv3d"
        var conv = new Conv3d(1, 8, 3, 3, 3, ConvOptions.DEFAULT.withStride(1, 2, 2).withPadding(1));
        Tensor y = conv.call(Tensor.randn(2, 1, 8, 32, 32));   // [2, 8, 8, 16, 16]
        // @end
        assertThat(y).hasShape(2, 8, 8, 16, 16);
        // @start region="convOptions"
        new Conv2d(3, 16, 3, ConvOptions.DEFAULT.withStride(2).withPadding(1).withPaddingMode(Padding.Mode.REFLECT));
        new Conv3d(1, 8, 3, ConvOptions.DEFAULT.withStride(1, 2, 2));
        // @end
        // @start region="poolOptions"
        new MaxPool2d(3, PoolOptions.DEFAULT.withStride(2).withPadding(1).withCeilMode(true));
        new AvgPool2d(3, 2, PoolOptions.DEFAULT.withStride(2, 1).withCountIncludePad(false));
        // @end
    }

    @Test
    void unpooling() {
        Tensor x = Tensor.randn(rng, 1, 2, 8);
        // @start region="unpool1d"
        var pool = new MaxPool1d(2);
        var unpool = new MaxUnpool1d(2);
        ValuesAndIndices p = pool.forwardWithIndices(x);
        Tensor back = unpool.forward(p.values(), p.indices());
        // @end
        assertThat(back).hasShape(1, 2, 8);
        assertThat(back.sum().item()).as("each maximum written back once")
                .isEqualTo(p.values().sum().item(), org.assertj.core.data.Offset.offset(1e-5));
        Tensor x2 = Tensor.randn(rng, 1, 2, 4, 4);
        // @start region="unpool2d" @replace substring="x2" replacement="x"
        var pool2 = new MaxPool2d(2);
        var unpool2 = new MaxUnpool2d(2);
        ValuesAndIndices p2 = pool2.forwardWithIndices(x2);
        Tensor back2 = unpool2.forward(p2.values(), p2.indices());
        // @end
        assertThat(back2).hasShape(1, 2, 4, 4);
        Tensor x3 = Tensor.randn(rng, 1, 1, 4, 4, 4);
        // @start region="unpool3d" @replace substring="x3" replacement="x"
        var pool3 = new MaxPool3d(2);
        var unpool3 = new MaxUnpool3d(2);
        ValuesAndIndices p3 = pool3.forwardWithIndices(x3);
        Tensor back3 = unpool3.forward(p3.values(), p3.indices());
        // @end
        assertThat(back3.sum().item()).isEqualTo(p3.values().sum().item(), org.assertj.core.data.Offset.offset(1e-5));
    }

    @Test
    void upsample() {
        // @start region="upsample"
        Upsample up = Upsample.scale(2).withMode(Mode.BILINEAR).withAlignCorners(true);
        Tensor y = up.call(Tensor.randn(1, 3, 8, 8));   // [1, 3, 16, 16]
        // @end
        assertThat(y).hasShape(1, 3, 16, 16);
    }

    // @start region="parametrization"
    static class Symmetric extends Parametrization {
        public Tensor forward(List<Tensor> originals) {
            Tensor x = originals.getFirst();
            return x.add(x.t()).div(2);
        }
    }
    // @end

    @Test
    void parametrizations() {
        Linear symmetric = new Linear(3, 3);
        // @start region="register" @replace regex="symmetric" replacement="new Linear(3, 3)"
        Parametrizations.register(symmetric, "weight", new Symmetric());
        // @end
        Tensor w = symmetric.call(Tensor.eye(3)).sub(symmetric.bias()).t();
        assertThat(w).isCloseTo(w.t(), 0, 1e-6);
        // @start region="normalizations"
        Conv2d conv = Parametrizations.spectralNorm(new Conv2d(3, 16, 3));
        conv.stateDict().keySet();   // bias, parametrizations.weight.original, parametrizations.weight.0._u, ..._v
        Linear fc = Parametrizations.weightNorm(new Linear(8, 4));
        fc.stateDict().keySet();     // bias, parametrizations.weight.original0 (g), parametrizations.weight.original1 (v)
        // @end
        assertThat(conv.stateDict()).containsKeys("bias", "parametrizations.weight.original",
                "parametrizations.weight.0._u");
        assertThat(fc.stateDict()).containsKeys("parametrizations.weight.original0",
                "parametrizations.weight.original1");
    }
}
