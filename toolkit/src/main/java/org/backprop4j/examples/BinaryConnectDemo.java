package org.backprop4j.examples;

import java.util.Locale;

import org.backprop4j.array.Rng;
import org.backprop4j.array.Scope;
import org.backprop4j.autograd.GradMode;
import org.backprop4j.nn.CrossEntropyLoss;
import org.backprop4j.nn.Init;
import org.backprop4j.nn.Linear;
import org.backprop4j.nn.Module;
import org.backprop4j.nn.Parameter;
import org.backprop4j.nn.ReLU;
import org.backprop4j.nn.Sequential;
import org.backprop4j.nn.StraightThrough;
import org.backprop4j.optim.Adam;
import org.backprop4j.tensor.Tensor;

/**
 * A network with weights of +-1 only, trained through a non-differentiable sign by the straight-through estimator
 * (Courbariaux, Bengio and David, "BinaryConnect", 2015): real-valued weights are kept and updated, clipped to
 * [-1, 1] after each step; the forward pass uses their signs, and the backward pass treats the sign as the identity
 * where |w| <= 1. Compared on two moons with the same network in full precision.
 */
public final class BinaryConnectDemo {
    private BinaryConnectDemo() {
    }

    /**
     * {@code y = (x sign(W)^T) / sqrt(in) + b}: a linear layer whose weights are binarized in the forward pass; the
     * fixed {@code 1 / sqrt(in)} keeps the outputs' scale that of a normally initialized layer.
     */
    public static final class BinaryLinear extends Module {
        final Parameter weight;
        final Parameter bias;
        private final double scale;

        public BinaryLinear(int in, int out) {
            weight = new Parameter(Tensor.zeros(out, in));
            bias = new Parameter(Tensor.zeros(out));
            scale = 1 / Math.sqrt(in);
            resetParameters(Rng.global());
        }

        @Override
        public void resetParameters(Rng rng) {
            Init.uniform(weight, -1, 1, rng);
            Init.zeros(bias);
        }

        /** The weights the forward pass uses: exactly +-1. */
        public Tensor binaryWeight() {
            return StraightThrough.binarize(weight);
        }

        /** Keeps the real-valued weights in [-1, 1], where the estimator passes gradients (BinaryConnect's clip). */
        public void clip() {
            try (Scope _ = GradMode.noGrad()) {
                weight.copyFrom(weight.clamp(-1, 1));
            }
        }

        @Override
        public Tensor forward(Tensor x) {
            return x.matmul(binaryWeight().t()).mul(scale).add(bias);
        }
    }

    /**
     * 2-64-64-2 with binary weights after the first layer, which stays in full precision as in XNOR-Net (Rastegari et
     * al., 2016): with two inputs, binary first-layer weights could only draw lines at 45 degrees.
     */
    public static Sequential binaryNetwork(long seed) {
        Rng.global().reseed(seed);
        return new Sequential(new Linear(2, 64), new ReLU(), new BinaryLinear(64, 64), new ReLU(),
                new BinaryLinear(64, 2));
    }

    /** Full-batch Adam on the cross-entropy, clipping binary layers' weights after each step. */
    public static Sequential train(Sequential model, AdversarialDemo.Data data, int steps, double lr) {
        Adam adam = new Adam(model.parameters(), lr);
        CrossEntropyLoss ce = new CrossEntropyLoss();
        for (int step = 0; step < steps; step++) {
            adam.zeroGrad();
            ce.forward(model.call(data.x()), data.y()).backward();
            adam.step();
            model.apply(m -> {
                if (m instanceof BinaryLinear b) {
                    b.clip();
                }
            });
        }
        return model;
    }

    public static void main(String[] args) {
        AdversarialDemo.Data train = AdversarialDemo.moons(1000, 1);
        AdversarialDemo.Data test = AdversarialDemo.moons(1000, 2);
        // Binary weights flip only when their real-valued shadow crosses zero, so they want a larger step.
        Sequential binary = train(binaryNetwork(3), train, 1000, 0.03);
        Sequential full = train(AdversarialDemo.network(3), train, 1000, 0.01);
        System.out.printf(Locale.ROOT, "two moons, 1000 full-batch Adam steps; test accuracy: binary weights %.1f%% "
                + "(lr 0.03), full precision %.1f%% (lr 0.01)%n",
                100 * AdversarialDemo.score(binary, test.x(), test.y()).accuracy(),
                100 * AdversarialDemo.score(full, test.x(), test.y()).accuracy());
        BinaryLinear hidden = (BinaryLinear) binary.get(2);
        System.out.println("the hidden layer's forward weights, row 0, first 8: "
                + hidden.binaryWeight().select(0, 0).slice(0, 0, 8));
    }
}
