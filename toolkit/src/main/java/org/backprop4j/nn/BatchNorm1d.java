package org.backprop4j.nn;

import org.backprop4j.array.internal.Check;
import org.backprop4j.tensor.Tensor;

/** {@link BatchNorm} for {@code [N, C]} or {@code [N, C, L]} inputs. */
public class BatchNorm1d extends BatchNorm {
    public BatchNorm1d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1, true, true);
    }

    /**
     * PyTorch's {@code BatchNorm1d(num_features, eps, momentum, affine, track_running_stats)}; a null momentum
     * makes the running statistics a cumulative average.
     */
    public BatchNorm1d(int numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        super("BatchNorm1d", numFeatures, eps, momentum, affine, trackRunningStats);
    }

    @Override
    void checkInput(Tensor input) {
        Check.layout(describe(), input, "[N, C] or [N, C, L]", 1, numFeatures, 2, 3);
    }
}
