package org.backprop4j.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import org.backprop4j.autograd.Autograd;
import org.backprop4j.autograd.BackwardOptions;
import org.backprop4j.tensor.Tensor;

/**
 * The inner loop of model-agnostic meta-learning (Finn, Abbeel and Levine, "Model-agnostic meta-learning for fast
 * adaptation of deep networks", ICML 2017): {@code steps} plain gradient steps on a task's support loss,
 * {@code theta_(i+1) = theta_i - alpha grad L_support(theta_i)}, computed on tensors rather than on the model's
 * parameters (run the model on them with {@link Module#functionalCall}), so the model is never modified and the
 * query loss at the adapted tensors can be differentiated back to the initial ones, the meta-gradient.
 *
 * {@snippet file="TechniqueSnippets.java" region="maml"}
 */
public final class Maml {
    private Maml() {
    }

    /** How the meta-gradient treats the inner gradients. */
    public enum Order {
        /**
         * Differentiate through them ({@code createGraph}): the exact meta-gradient, with the Hessian-vector products
         * of {@code d theta_k / d theta_0}.
         */
        SECOND,
        /**
         * Treat them as constants (first-order MAML): {@code d theta_k / d theta_0 = I}, so the meta-gradient is the
         * query gradient at the adapted tensors; cheaper, and what evaluation-time adaptation needs.
         */
        FIRST
    }

    /**
     * Adapts {@code start} to one task.
     *
     * @param start tensors by parameter name, e.g. {@code model.namedParameters()}; ones that do not require grad
     *              are adapted from a copy that does
     * @param loss  the support loss as a function of tensors by name (a scalar)
     * @param steps number of gradient steps (0 returns {@code start})
     * @param lr    inner learning rate {@code alpha}
     * @return the adapted tensors under the same names, in graph with {@code start} as {@code order} says
     * @throws IllegalArgumentException if steps is negative, lr negative or not finite, or the loss is not a scalar
     */
    public static Map<String, Tensor> adapt(Map<String, ? extends Tensor> start,
            Function<Map<String, Tensor>, Tensor> loss, int steps, double lr, Order order) {
        Objects.requireNonNull(start, "Maml.adapt: start");
        Objects.requireNonNull(loss, "Maml.adapt: loss");
        Objects.requireNonNull(order, "Maml.adapt: order");
        if (steps < 0) {
            throw new IllegalArgumentException("Maml.adapt: steps must be non-negative, got " + steps);
        }
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("Maml.adapt: lr must be non-negative and finite, got " + lr);
        }
        Map<String, Tensor> params = new LinkedHashMap<>();
        start.forEach((k, v) -> params.put(k, v.requiresGrad() ? v : v.detach().requiresGrad(true)));
        BackwardOptions options = BackwardOptions.DEFAULT.withCreateGraph(order == Order.SECOND);
        List<String> names = new ArrayList<>(params.keySet());
        for (int step = 0; step < steps; step++) {
            Tensor l = loss.apply(params);
            if (l == null || l.numel() != 1) {
                throw new IllegalArgumentException("Maml.adapt: the support loss must be a scalar, got "
                        + (l == null ? "null" : "shape " + l.shape()) + " at step " + step);
            }
            Tensor[] current = names.stream().map(params::get).toArray(Tensor[]::new);
            Tensor[] grads = Autograd.grad(List.of(l), java.util.Arrays.asList(new Tensor[1]), List.of(current),
                    options.withAllowUnused(true));
            for (int i = 0; i < current.length; i++) {
                if (grads[i] != null) {
                    Tensor g = order == Order.SECOND ? grads[i] : grads[i].detach();
                    params.put(names.get(i), current[i].sub(g.mul(lr)));
                }
            }
        }
        return params;
    }
}
