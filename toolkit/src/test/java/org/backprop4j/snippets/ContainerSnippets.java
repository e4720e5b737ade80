package org.backprop4j.snippets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.backprop4j.testing.TensorAssert.assertThat;

import org.backprop4j.array.Rng;
import org.backprop4j.nn.AlphaDropout;
import org.backprop4j.nn.ChannelShuffle;
import org.backprop4j.nn.Conv2d;
import org.backprop4j.nn.ConvOptions;
import org.backprop4j.nn.Dropout1d;
import org.backprop4j.nn.Dropout3d;
import org.backprop4j.nn.FeatureAlphaDropout;
import org.backprop4j.nn.Linear;
import org.backprop4j.nn.Module;
import org.backprop4j.nn.ModuleDict;
import org.backprop4j.nn.ModuleList;
import org.backprop4j.nn.ParameterDict;
import org.backprop4j.nn.ParameterList;
import org.backprop4j.nn.SELU;
import org.backprop4j.nn.Sequential;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The examples of the container modules, the channel and alpha dropouts, and ChannelShuffle. */
class ContainerSnippets {
    private final Rng rng = Rng.seeded(17);

    // @start region="moduleList"
    static class Tower extends Module {
        final ModuleList<Linear> layers = new ModuleList<>();   // state dict: layers.0.weight, layers.0.bias, ...

        Tower(int width, int depth) {
            for (int i = 0; i < depth; i++) {
                layers.append(new Linear(width, width));
            }
        }

        @Override
        public Tensor forward(Tensor x) {
            for (Linear layer : layers) {
                x = layer.call(x).relu();
            }
            return x;
        }
    }
    // @end

    @Test
    void moduleList() {
        Tower tower = new Tower(4, 3);
        assertThat(tower.stateDict()).containsKeys("layers.0.weight", "layers.2.bias").hasSize(6);
        assertThat(tower.call(Tensor.randn(rng, 2, 4))).hasShape(2, 4);
        assertThat(tower.layers.get(-1)).isSameAs(tower.layers.get(2));
    }

    @Test
    void moduleDict() {
        Tensor features = Tensor.randn(rng, 5, 64);
        // @start region="moduleDict"
        var heads = new ModuleDict<Linear>();
        heads.put("label", new Linear(64, 10));
        heads.put("box", new Linear(64, 4));                  // keys: label.weight, label.bias, box.weight, box.bias
        Tensor boxes = heads.get("box").call(features);       // [5, 4]
        // @end
        assertThat(boxes).hasShape(5, 4);
        assertThat(heads.stateDict().keySet()).containsExactly("label.weight", "label.bias", "box.weight",
                "box.bias");
    }

    @Test
    void parameters() {
        Tensor x = Tensor.randn(rng, 3, 8);
        // @start region="parameterList"
        var scales = new ParameterList(Tensor.ones(8), Tensor.ones(8));   // parameters "0" and "1"
        Tensor y = x.mul(scales.get(-1));
        // @end
        assertThat(y).isCloseTo(x, 0, 0);
        assertThat(scales.namedParameters()).containsOnlyKeys("0", "1");
        // @start region="parameterDict"
        var offsets = new ParameterDict();
        offsets.put("mean", Tensor.zeros(4));                 // becomes a Parameter that requires grad
        offsets.put("logScale", Tensor.zeros(4));
        // @end
        assertThat(offsets.get("logScale").requiresGrad()).isTrue();
        assertThat(offsets.namedParameters()).containsOnlyKeys("mean", "logScale");
    }

    @Test
    void dropoutAndShuffle() {
        // @start region="channelDropout"
        var drop = new Dropout1d(0.2);                        // one decision per (sample, channel)
        Tensor y = drop.call(Tensor.randn(8, 16, 100));       // zeroed rows are whole: all 100 steps
        // @end
        assertThat(y).hasShape(8, 16, 100);
        // @start region="dropout3d"
        Tensor volume = new Dropout3d(0.1).call(Tensor.randn(2, 4, 3, 8, 8));   // drops whole [3, 8, 8] channels
        // @end
        assertThat(volume).hasShape(2, 4, 3, 8, 8);
        // @start region="featureAlphaDropout"
        Tensor maps = new FeatureAlphaDropout(0.1).call(Tensor.randn(2, 4, 8, 8));   // SELU-safe, per channel
        // @end
        assertThat(maps).hasShape(2, 4, 8, 8);
        // @start region="alphaDropout"
        var selfNormalizing = new Sequential(new Linear(32, 32), new SELU(), new AlphaDropout(0.1),
                new Linear(32, 10));
        // @end
        assertThat(selfNormalizing.call(Tensor.randn(rng, 4, 32))).hasShape(4, 10);
        // @start region="channelShuffle"
        var block = new Sequential(new Conv2d(8, 8, 1, ConvOptions.DEFAULT.withGroups(4)), new ChannelShuffle(4));
        Tensor mixed = block.call(Tensor.randn(2, 8, 5, 5));  // each group now holds a channel of every group
        // @end
        assertThat(mixed).hasShape(2, 8, 5, 5);
    }
}
