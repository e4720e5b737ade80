package org.backprop4j.optim;

import java.util.IdentityHashMap;
import java.util.Map;

import org.backprop4j.array.DType;
import org.backprop4j.array.Scope;
import org.backprop4j.autograd.GradMode;
import org.backprop4j.tensor.Tensor;

/**
 * Dynamic loss scaling for mixed-precision training, with the semantics and defaults of PyTorch's
 * {@code torch.cuda.amp.GradScaler}: multiply the loss by the scale before {@code backward()} so that small
 * float16 gradients do not flush to zero; {@link #unscale} divides the gradients by the scale again and looks for
 * Inf or NaN; {@link #step} skips the optimizer step when it found any; {@link #update} halves the scale after a
 * step with Inf/NaN ({@code backoffFactor}) and doubles it after {@code growthInterval} clean steps in a row
 * ({@code growthFactor}), never growing it to infinity. The scale is a float32 number, as PyTorch's.
 *
 * <p>One iteration: {@code scaler.scale(loss).backward(); scaler.step(optimizer); scaler.update();} with
 * {@code scaler.unscale(optimizer)} before {@code step} when gradients are to be clipped or inspected at their true
 * size. Gradients are unscaled in place. Optimizers that need a closure (L-BFGS) are refused, as in PyTorch.
 *
 * {@snippet file="TechniqueSnippets.java" region="gradScaler"}
 */
public final class GradScaler {
    private enum Stage { READY, UNSCALED, STEPPED }

    private final float growthFactor;
    private final float backoffFactor;
    private final int growthInterval;
    private final Map<Optimizer<?, ?>, Stage> stages = new IdentityHashMap<>();
    private final Map<Optimizer<?, ?>, Boolean> foundInf = new IdentityHashMap<>();
    private float scale;
    private int growthTracker;
    private int skippedSteps;

    /** PyTorch's defaults: scale 65536 (2^16), growth 2, backoff 0.5, growth interval 2000. */
    public GradScaler() {
        this(65536.0, 2.0, 0.5, 2000);
    }

    /**
     * @throws IllegalArgumentException unless {@code initScale > 0} and finite, {@code growthFactor > 1},
     *         {@code 0 < backoffFactor < 1} and {@code growthInterval >= 1}
     */
    public GradScaler(double initScale, double growthFactor, double backoffFactor, int growthInterval) {
        if (!(initScale > 0) || !Float.isFinite((float) initScale)) {
            throw new IllegalArgumentException("GradScaler: initScale must be positive and finite in float32, got "
                    + initScale);
        }
        if (!(growthFactor > 1)) {
            throw new IllegalArgumentException("GradScaler: growthFactor must be > 1, got " + growthFactor);
        }
        if (!(backoffFactor > 0 && backoffFactor < 1)) {
            throw new IllegalArgumentException("GradScaler: backoffFactor must be in (0, 1), got " + backoffFactor);
        }
        if (growthInterval < 1) {
            throw new IllegalArgumentException("GradScaler: growthInterval must be >= 1, got " + growthInterval);
        }
        this.scale = (float) initScale;
        this.growthFactor = (float) growthFactor;
        this.backoffFactor = (float) backoffFactor;
        this.growthInterval = growthInterval;
    }

    /** {@code loss} times the current scale (differentiable: backward then yields scaled gradients). */
    public Tensor scale(Tensor loss) {
        return loss.mul(scale);
    }

    /**
     * Divides the gradients of {@code optimizer}'s parameters by the scale, in place, and records whether any
     * element is Inf or NaN (after unscaling, as PyTorch checks). Parameters without a gradient are skipped.
     *
     * @throws IllegalStateException if called twice for this optimizer before {@link #update}, or after its step
     */
    public void unscale(Optimizer<?, ?> optimizer) {
        Stage stage = stages.getOrDefault(optimizer, Stage.READY);
        if (stage == Stage.UNSCALED) {
            throw new IllegalStateException("GradScaler.unscale: unscale was already called on this "
                    + optimizer.name() + " since the last update()");
        }
        if (stage == Stage.STEPPED) {
            throw new IllegalStateException("GradScaler.unscale: called after step() for this " + optimizer.name()
                    + "; call update() first");
        }
        float inv = (float) (1.0 / (double) scale); // PyTorch: scale.double().reciprocal().float()
        boolean inf = false;
        try (Scope _ = GradMode.noGrad()) {
            for (ParamGroup<?> group : optimizer.paramGroups()) {
                for (Tensor p : group.params()) {
                    Tensor g = p.gradForUpdate();
                    if (g != null) {
                        inf |= unscaleInPlace(g, inv);
                    }
                }
            }
        }
        foundInf.put(optimizer, inf);
        stages.put(optimizer, Stage.UNSCALED);
    }

    private static boolean unscaleInPlace(Tensor g, float inv) {
        WritableElements data = WritableElements.of(g);
        int n = g.numel();
        boolean inf = false;
        if (g.dtype() == DType.FLOAT32) {
            float[] a = data.floats();
            for (int i = 0; i < n; i++) {
                a[i] *= inv;
                inf |= !Float.isFinite(a[i]);
            }
        } else {
            double[] a = data.doubles();
            for (int i = 0; i < n; i++) {
                a[i] *= inv;
                inf |= !Double.isFinite(a[i]);
            }
        }
        data.writeBack();
        return inf;
    }

    /**
     * Unscales the gradients unless {@link #unscale} already did, then runs {@code optimizer.step()} unless a
     * gradient held Inf or NaN, in which case the parameters and the optimizer's state stay as they were.
     *
     * @return true if the optimizer stepped, false if the step was skipped
     * @throws IllegalStateException if called twice for this optimizer before {@link #update}
     * @throws IllegalArgumentException for an optimizer that needs a closure (L-BFGS)
     */
    public boolean step(Optimizer<?, ?> optimizer) {
        if (!(optimizer instanceof PerParameterOptimizer<?, ?> stepper)) {
            throw new IllegalArgumentException("GradScaler.step: " + optimizer.name()
                    + " needs a closure that evaluates the loss several times per step, which loss scaling "
                    + "does not support (as in PyTorch)");
        }
        Stage stage = stages.getOrDefault(optimizer, Stage.READY);
        if (stage == Stage.STEPPED) {
            throw new IllegalStateException("GradScaler.step: step() was already called on this "
                    + optimizer.name() + " since the last update()");
        }
        if (stage == Stage.READY) {
            unscale(optimizer);
        }
        stages.put(optimizer, Stage.STEPPED);
        if (foundInf.get(optimizer)) {
            skippedSteps++;
            return false;
        }
        stepper.step();
        return true;
    }

    /**
     * Adjusts the scale from the Inf/NaN checks since the last update (of every optimizer this scaler unscaled):
     * any Inf/NaN multiplies it by {@code backoffFactor} and restarts the count of clean steps; otherwise the count
     * grows and, on reaching {@code growthInterval}, the scale is multiplied by {@code growthFactor} (unless that
     * overflows float32) and the count restarts.
     *
     * @throws IllegalStateException if no optimizer was unscaled or stepped since the last update
     */
    public void update() {
        if (foundInf.isEmpty()) {
            throw new IllegalStateException("GradScaler.update: no Inf/NaN checks were recorded before update(); "
                    + "call step(optimizer) or unscale(optimizer) first");
        }
        boolean inf = foundInf.containsValue(Boolean.TRUE);
        if (inf) {
            scale *= backoffFactor;
            growthTracker = 0;
        } else if (growthTracker + 1 == growthInterval) {
            float grown = scale * growthFactor;
            if (Float.isFinite(grown)) {
                scale = grown;
            }
            growthTracker = 0;
        } else {
            growthTracker++;
        }
        foundInf.clear();
        stages.clear();
    }

    /** The current scale. */
    public double getScale() {
        return scale;
    }

    /** Clean steps in a row since the scale last changed or a step found Inf/NaN. */
    public int growthTracker() {
        return growthTracker;
    }

    /** Steps skipped because a gradient held Inf or NaN, since this scaler was made. */
    public int skippedSteps() {
        return skippedSteps;
    }

    @Override
    public String toString() {
        return "GradScaler(scale=" + scale + ", growthFactor=" + growthFactor + ", backoffFactor=" + backoffFactor
                + ", growthInterval=" + growthInterval + ", growthTracker=" + growthTracker + ")";
    }
}
