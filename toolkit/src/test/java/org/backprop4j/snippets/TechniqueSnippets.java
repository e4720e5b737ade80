package org.backprop4j.snippets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.backprop4j.testing.TensorAssert.assertThat;

import java.util.List;
import java.util.Map;

import org.backprop4j.array.LowPrecision;
import org.backprop4j.array.Rng;
import org.backprop4j.array.Scope;
import org.backprop4j.autograd.Autograd;
import org.backprop4j.autograd.BackwardOptions;
import org.backprop4j.autograd.GradientCheckpoint;
import org.backprop4j.nn.Adversarial;
import org.backprop4j.nn.CheckpointedSequential;
import org.backprop4j.nn.CrossEntropyLoss;
import org.backprop4j.nn.FineTuning;
import org.backprop4j.nn.GumbelSoftmax;
import org.backprop4j.nn.Linear;
import org.backprop4j.nn.MSELoss;
import org.backprop4j.nn.Maml;
import org.backprop4j.nn.Module;
import org.backprop4j.nn.Parameter;
import org.backprop4j.nn.ReLU;
import org.backprop4j.nn.Sequential;
import org.backprop4j.nn.StraightThrough;
import org.backprop4j.ops.Autocast;
import org.backprop4j.optim.GradScaler;
import org.backprop4j.optim.SGD;
import org.backprop4j.tensor.LowPrecisionTensor;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The examples of the training techniques: checkpointing, functional calls and MAML, fine-tuning, attacks, relaxations,
 * mixed precision.
 */
class TechniqueSnippets {
    private static Sequential mlp() {
        Rng.global().reseed(1);
        return new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 3));
    }

    @Test
    void gradientCheckpoint() {
        Sequential block = mlp();
        Tensor x = Tensor.randn(Rng.seeded(2), 5, 4);
        // @start region="gradientCheckpoint"
        Tensor h = GradientCheckpoint.apply(in -> block.call(in[0]), x);   // block's activations are not kept
        h.square().mean().backward();                                      // block runs again here
        // @end
        assertThat(block.parameters().getFirst().grad()).isNotNull();
    }

    @Test
    void checkpointedSequential() {
        Rng.global().reseed(3);
        Module[] layers = new Module[50];
        for (int i = 0; i < layers.length; i++) {
            layers[i] = i % 2 == 0 ? new Linear(8, 8) : new ReLU();
        }
        Tensor x = Tensor.randn(Rng.seeded(4), 2, 8);
        // @start region="checkpointedSequential"
        var net = new CheckpointedSequential(7, layers);   // 50 layers in 7 segments
        net.call(x).square().mean().backward();
        // @end
        assertThat(net.parameters().getFirst().grad()).isNotNull();
    }

    @Test
    void functionalCall() {
        Sequential model = mlp();
        Tensor x = Tensor.randn(Rng.seeded(5), 5, 4);
        Tensor y = Tensor.randn(Rng.seeded(6), 5, 3);
        MSELoss mse = new MSELoss();
        // @start region="functionalCall"
        Map<String, Tensor> fast = new java.util.LinkedHashMap<>(model.namedParameters());
        Tensor loss = mse.forward(model.functionalCall(fast, x), y);
        Tensor[] g = Autograd.grad(loss, BackwardOptions.DEFAULT.withCreateGraph(true),
                fast.values().toArray(Tensor[]::new));
        // then fast.put(name, fast.get(name).sub(g[i].mul(lr))) for each name: the model itself never changes
        // @end
        assertThat(g).hasSize(4);
    }

    @Test
    void maml() {
        Sequential model = mlp();
        MSELoss mse = new MSELoss();
        Tensor xSupport = Tensor.randn(Rng.seeded(7), 5, 4);
        Tensor ySupport = Tensor.randn(Rng.seeded(8), 5, 3);
        Tensor xQuery = Tensor.randn(Rng.seeded(9), 5, 4);
        Tensor yQuery = Tensor.randn(Rng.seeded(10), 5, 3);
        // @start region="maml"
        Map<String, Tensor> fast = Maml.adapt(model.namedParameters(),
                p -> mse.forward(model.functionalCall(p, xSupport), ySupport), 1, 0.01, Maml.Order.SECOND);
        mse.forward(model.functionalCall(fast, xQuery), yQuery).backward();   // meta-gradient into the parameters
        // @end
        assertThat(model.parameters().getFirst().grad()).isNotNull();
    }

    /** A body and a replaceable head. */
    static final class Net extends Module {
        final Sequential features = new Sequential(new Linear(4, 8), new ReLU());
        Module classifier = new Linear(8, 10);

        @Override
        public Tensor forward(Tensor x) {
            return classifier.call(features.call(x));
        }
    }

    @Test
    void fineTuning() {
        Rng.global().reseed(11);
        Net model = new Net();
        Map<String, Tensor> pretrained = new Net().stateDict();
        // @start region="fineTuning"
        model.loadStateDictPartial(pretrained);                        // what no longer fits is skipped and reported
        FineTuning.replace(model, "classifier", new Linear(8, 3));    // a new head (or sequential.set(i, layer))
        var groups = FineTuning.parameterGroups(model, "features", "classifier");
        SGD sgd = new SGD(groups.get("features"), SGD.Options.of(1e-4));
        sgd.addParamGroup(groups.get("classifier"), o -> o.withLr(1e-2));
        // or freeze the body: model.features.requiresGrad(false), and optimize model.trainableParameters()
        // @end
        assertThat(sgd.lrs()).containsExactly(1e-4, 1e-2);
    }

    @Test
    void adversarial() {
        Sequential model = mlp();
        Tensor images = Tensor.rand(Rng.seeded(12), 6, 4);
        Tensor labels = Tensor.of(0L, 1, 2, 0, 1, 2);
        // @start region="adversarial"
        var loss = Adversarial.lossOf(model, new CrossEntropyLoss(), labels);
        Tensor fgsm = Adversarial.fgsm(loss, images, 0.1, 0, 1);
        Tensor pgd = Adversarial.pgd(loss, images, Adversarial.PgdOptions.of(0.1), Rng.seeded(0));
        // @end
        assertThat(loss.apply(fgsm).item()).isGreaterThan(loss.apply(images).item());
        assertThat(pgd).hasShape(6, 4);
    }

    @Test
    void straightThrough() {
        Parameter weight = new Parameter(Tensor.randn(Rng.seeded(13), 3, 4));
        Tensor x = Tensor.randn(Rng.seeded(14), 2, 4);
        // @start region="straightThrough"
        Tensor wb = StraightThrough.binarize(weight);   // +-1 weights, gradient passed where |w| <= 1 (BinaryConnect)
        Tensor y = x.matmul(wb.t());
        // @end
        y.sum().backward();
        assertThat(weight.grad()).isNotNull();
    }

    @Test
    void gumbelSoftmax() {
        Tensor logits = Tensor.randn(Rng.seeded(15), 4, 5).requiresGrad(true);
        // @start region="gumbelSoftmax"
        Tensor z = GumbelSoftmax.sample(logits, 0.5, true, -1, Rng.seeded(0));   // one-hot rows, differentiable
        // @end
        assertThat(z.sum(1)).hasValues(1, 1, 1, 1);
        assertThat(List.of(z.requiresGrad())).containsExactly(true);
    }

    @Test
    void autocast() {
        Sequential model = mlp();
        Tensor x = Tensor.randn(Rng.seeded(7), 5, 4);
        Tensor y = Tensor.randn(Rng.seeded(8), 5, 3);
        // @start region="autocast"
        Tensor loss;
        try (Scope _ = Autocast.enable(LowPrecision.BFLOAT16)) {   // matmuls from bfloat16 operands
            loss = new MSELoss().forward(model.call(x), y);        // the loss stays float32
        }
        loss.backward();                                          // float32 gradients of float32 weights
        // @end
        assertThat(model.parameters().getFirst().grad()).isNotNull();
    }

    @Test
    void gradScaler() {
        Sequential model = mlp();
        Tensor x = Tensor.randn(Rng.seeded(9), 5, 4);
        Tensor y = Tensor.randn(Rng.seeded(10), 5, 3);
        var optimizer = new SGD(model.parameters(), SGD.Options.of(0.1));
        // @start region="gradScaler"
        var scaler = new GradScaler();                       // scale 65536, x2 every 2000 clean steps, /2 on Inf
        optimizer.zeroGrad();
        try (Scope _ = Autocast.enable(LowPrecision.FLOAT16)) {
            scaler.scale(new MSELoss().forward(model.call(x), y)).backward();
        }
        boolean stepped = scaler.step(optimizer);            // unscales; skips the step if a gradient is Inf/NaN
        scaler.update();
        // @end
        assertThat(stepped).isTrue();
        assertThat(scaler.getScale()).isEqualTo(65536.0);
    }

    @Test
    void lowPrecisionTensor() {
        Tensor weights = Tensor.randn(Rng.seeded(11), 256, 256);
        // @start region="lowPrecisionTensor"
        LowPrecisionTensor compact = LowPrecisionTensor.of(weights, LowPrecision.BFLOAT16);   // 131072 bytes
        Tensor back = compact.toTensor();                                                     // float32 again
        // @end
        assertThat(compact.nbytes()).isEqualTo(131072);
        assertThat(back.sub(weights).abs().max().item()).isLessThanOrEqualTo(weights.abs().max().item() / 256);
    }
}
