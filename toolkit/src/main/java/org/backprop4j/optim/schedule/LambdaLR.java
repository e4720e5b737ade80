package org.backprop4j.optim.schedule;

import java.util.Arrays;
import java.util.function.IntToDoubleFunction;

import org.backprop4j.optim.Optimizer;

/**
 * Sets the learning rates to the initial ones times {@code factor(epoch)}, as PyTorch's {@code LambdaLR}: for
 * schedules written as a formula, such as the inverse-square-root warmup of "Attention Is All You Need".
 *
 * {@snippet file="OptimSnippets.java" region="lambda"}
 */
public final class LambdaLR extends EpochSchedule {
    private final IntToDoubleFunction factor;

    public LambdaLR(Optimizer<?, ?> optimizer, IntToDoubleFunction factor) {
        super(optimizer);
        if (factor == null) {
            throw new IllegalArgumentException("LambdaLR: the factor function is null");
        }
        this.factor = factor;
        start();
    }

    @Override
    protected double[] nextLrs() {
        double f = factor.applyAsDouble(lastEpoch);
        return Arrays.stream(baseLrs).map(base -> base * f).toArray();
    }

    @Override
    protected double[] closedFormLrs() {
        return nextLrs();
    }
}
