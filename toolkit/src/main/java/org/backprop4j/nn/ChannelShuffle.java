package org.backprop4j.nn;

import org.backprop4j.array.internal.Check;
import org.backprop4j.ops.Resampling;
import org.backprop4j.tensor.Tensor;

/**
 * Interleaves the channels of {@code groups} groups (Zhang et al., 2018, ShuffleNet): input {@code [N, C, *]} with
 * {@code C} divisible by {@code groups}, output of the same shape, whose channel {@code i * groups + j} is input
 * channel {@code j * (C / groups) + i}. After a grouped convolution it lets the next one see every group.
 *
 * {@snippet file="ContainerSnippets.java" region="channelShuffle"}
 */
public class ChannelShuffle extends Module {
    final int groups;

    /**
     * @throws IllegalArgumentException if {@code groups} is not positive
     */
    public ChannelShuffle(int groups) {
        this.groups = Check.positive("ChannelShuffle", "groups", groups);
    }

    /**
     * @throws IllegalArgumentException if the input has fewer than 3 dimensions or its channels are not divisible
     *                                  by {@code groups}
     */
    @Override
    public Tensor forward(Tensor input) {
        return Resampling.channelShuffle(describe(), input, groups);
    }

    @Override
    protected String extraRepr() {
        return "groups=" + groups;
    }
}
