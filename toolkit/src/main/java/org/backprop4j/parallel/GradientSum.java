package org.backprop4j.parallel;

import java.util.ArrayList;
import java.util.List;

import org.backprop4j.array.Scope;
import org.backprop4j.autograd.GradMode;
import org.backprop4j.nn.Parameter;
import org.backprop4j.tensor.Tensor;

/**
 * The all-reduce of one machine: every parameter's gradient becomes the sum of the shards' gradients, added left to
 * right in shard order. Each element's sum is the same chain of additions whatever the number of replicas and
 * threads, so the result is too, bit for bit.
 */
final class GradientSum {
    private GradientSum() {
    }

    /**
     * Sets each parameter's gradient to {@code earlier[p] + shards[0][p] + shards[1][p] + ...} in that order, a new
     * contiguous tensor; missing gradients (null) are left out, and a parameter that has none keeps none.
     */
    static void into(List<Parameter> parameters, Tensor[] earlier, Tensor[][] shards) {
        for (int p = 0; p < parameters.size(); p++) {
            List<Tensor> terms = new ArrayList<>(shards.length + 1);
            if (earlier[p] != null) {
                terms.add(earlier[p]);
            }
            for (Tensor[] shard : shards) {
                if (shard[p] != null) {
                    terms.add(shard[p]);
                }
            }
            Parameter target = parameters.get(p);
            target.setGrad(terms.isEmpty() ? null : sum(terms));
        }
    }

    private static Tensor sum(List<Tensor> terms) {
        try (Scope _ = GradMode.noGrad()) {
            Tensor out = terms.get(0).detach().clone();
            for (int i = 1; i < terms.size(); i++) {
                out.addInPlace(terms.get(i));   // elementwise: each element's chain of additions is the same
            }
            return out;
        }
    }
}
