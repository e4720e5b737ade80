package org.backprop4j.nn;

import org.backprop4j.array.internal.Check;
import org.backprop4j.tensor.Tensor;

/** {@link BatchNorm} for {@code [N, C, D, H, W]} inputs. */
public class BatchNorm3d extends BatchNorm {
    public BatchNorm3d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1, true, true);
    }

    /**
     * PyTorch's {@code BatchNorm3d(num_features, eps, momentum, affine, track_running_stats)}; a null momentum
     * makes the running statistics a cumulative average.
     */
    public BatchNorm3d(int numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        super("BatchNorm3d", numFeatures, eps, momentum, affine, trackRunningStats);
    }

    @Override
    void checkInput(Tensor input) {
        Check.layout(describe(), input, "[N, C, D, H, W]", 1, numFeatures, 5);
    }
}
