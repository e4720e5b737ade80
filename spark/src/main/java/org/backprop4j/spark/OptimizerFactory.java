package org.backprop4j.spark;

import java.io.Serializable;
import java.util.List;

import org.backprop4j.nn.Parameter;
import org.backprop4j.optim.PerParameterOptimizer;

/**
 * Builds the optimizer over a model's parameters (serializable: parameter averaging builds one per replica on the
 * executors, and synchronous SGD one on the driver).
 *
 * <pre>{@code
 * OptimizerFactory sgd = params -> new SGD(params, SGD.Options.of(0.1).withMomentum(0.9));
 * }</pre>
 */
@FunctionalInterface
public interface OptimizerFactory extends Serializable {
    /** An optimizer over {@code parameters}. */
    PerParameterOptimizer<?, ?> create(List<Parameter> parameters);
}
