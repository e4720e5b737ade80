package org.backprop4j.spark;

import java.util.LinkedHashMap;
import java.util.Map;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.nn.Linear;
import org.backprop4j.nn.Module;
import org.backprop4j.nn.Parameter;
import org.backprop4j.tensor.Tensor;

/** Models of the tests, and how to compare two of them. */
final class Models {
    private Models() {
    }

    /** A one-hidden-layer perceptron over flattened inputs (float32). */
    static final class Mlp extends Module {
        final Linear hidden;
        final Linear out;

        Mlp(int in, int width, int classes) {
            hidden = new Linear(in, width);
            out = new Linear(width, classes);
        }

        @Override
        public Tensor forward(Tensor x) {
            return out.call(hidden.call(x.flatten(1)).tanh());
        }
    }

    /** The same perceptron in float64, to tell a summation-order difference from a real one. */
    static final class DoubleMlp extends Module {
        final Parameter w1;
        final Parameter b1;
        final Parameter w2;
        final Parameter b2;

        DoubleMlp(int in, int width, int classes) {
            Rng rng = Rng.seeded(11);
            w1 = new Parameter(Tensor.randn(rng, DType.FLOAT64, width, in).mul(1 / Math.sqrt(in)));
            b1 = new Parameter(Tensor.zeros(DType.FLOAT64, width));
            w2 = new Parameter(Tensor.randn(rng, DType.FLOAT64, classes, width).mul(1 / Math.sqrt(width)));
            b2 = new Parameter(Tensor.zeros(DType.FLOAT64, classes));
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor h = x.flatten(1).to(DType.FLOAT64).matmul(w1.t()).add(b1).tanh();
            return h.matmul(w2.t()).add(b2);
        }
    }

    /** {@code model} with weights drawn from {@code seed}. */
    static <M extends Module> M seeded(M model, long seed) {
        model.resetParameters(Rng.seeded(seed));
        return model;
    }

    /** The largest absolute difference between two models' parameters and buffers. */
    static double maxDifference(Module a, Module b) {
        return difference(a, b).values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    /** Per tensor name, the largest absolute difference. */
    static Map<String, Double> difference(Module a, Module b) {
        Map<String, Double> out = new LinkedHashMap<>();
        Map<String, Tensor> sb = b.stateDict();
        a.stateDict().forEach((name, t) -> {
            double[] x = t.toDoubleArray();
            double[] y = sb.get(name).toDoubleArray();
            double max = 0;
            for (int i = 0; i < x.length; i++) {
                max = Math.max(max, Math.abs(x[i] - y[i]));
            }
            out.put(name, max);
        });
        return out;
    }
}
