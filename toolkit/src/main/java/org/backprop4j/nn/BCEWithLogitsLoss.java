package org.backprop4j.nn;

import java.util.LinkedHashMap;
import java.util.Map;

import org.backprop4j.ops.Losses;
import org.backprop4j.ops.Reduction;
import org.backprop4j.tensor.Tensor;

/**
 * Binary cross-entropy on logits through the log-sum-exp form, finite for any logit; {@code posWeight} (per class,
 * broadcast over the last dimension) weighs positive examples, {@code weight} each element.
 */
public class BCEWithLogitsLoss extends Loss {
    final Buffer weight;
    final Buffer posWeight;

    public BCEWithLogitsLoss() {
        this(null, null, Reduction.MEAN);
    }

    public BCEWithLogitsLoss(Tensor weight, Tensor posWeight, Reduction reduction) {
        super(reduction);
        this.weight = weight == null ? null : new Buffer(weight);
        this.posWeight = posWeight == null ? null : new Buffer(posWeight);
    }

    @Override
    protected Map<String, Buffer> ownBuffers() {
        Map<String, Buffer> out = new LinkedHashMap<>();
        if (weight != null) {
            out.put("weight", weight);
        }
        if (posWeight != null) {
            out.put("pos_weight", posWeight);
        }
        return out;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Losses.bceWithLogits(input, target, weight, posWeight, reduction);
    }
}
