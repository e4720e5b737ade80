package org.backprop4j.nn;

/** {@link InstanceNorm} for {@code [N, C, D, H, W] or [C, D, H, W]} inputs. */
public class InstanceNorm3d extends InstanceNorm {
    /** PyTorch's defaults: eps 1e-5, momentum 0.1, no affine parameters, no running statistics. */
    public InstanceNorm3d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1, false, false);
    }

    /** PyTorch's {@code InstanceNorm3d(num_features, eps, momentum, affine, track_running_stats)}. */
    public InstanceNorm3d(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        super("InstanceNorm3d", "[N, C, D, H, W] or [C, D, H, W]", numFeatures, eps, momentum, affine,
                trackRunningStats);
    }

    @Override
    int spatialDims() {
        return 3;
    }
}
