package org.backprop4j.nn;

/** {@link InstanceNorm} for {@code [N, C, L] or [C, L]} inputs. */
public class InstanceNorm1d extends InstanceNorm {
    /** PyTorch's defaults: eps 1e-5, momentum 0.1, no affine parameters, no running statistics. */
    public InstanceNorm1d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1, false, false);
    }

    /** PyTorch's {@code InstanceNorm1d(num_features, eps, momentum, affine, track_running_stats)}. */
    public InstanceNorm1d(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        super("InstanceNorm1d", "[N, C, L] or [C, L]", numFeatures, eps, momentum, affine,
                trackRunningStats);
    }

    @Override
    int spatialDims() {
        return 1;
    }
}
