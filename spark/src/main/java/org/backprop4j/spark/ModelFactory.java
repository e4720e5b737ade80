package org.backprop4j.spark;

import java.io.Serializable;

import org.backprop4j.nn.Module;

/**
 * Builds a replica of the model on an executor (serializable, so Spark can ship it): the same architecture as the
 * driver's model; the weights are then overwritten with the driver's, so how it initializes does not matter.
 *
 * <pre>{@code
 * ModelFactory factory = Mlp::new;
 * }</pre>
 */
@FunctionalInterface
public interface ModelFactory extends Serializable {
    /** A new model. */
    Module create();
}
