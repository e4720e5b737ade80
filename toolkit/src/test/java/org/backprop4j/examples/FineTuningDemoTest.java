package org.backprop4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** With 20 labelled examples, a pretrained body (frozen, or fine-tuned at a tenth of the head's rate) beats scratch. */
class FineTuningDemoTest {
    @Test
    void aPretrainedBodyBeatsTrainingFromScratchOnFewLabels() {
        double[] acc = FineTuningDemo.compare(20, 200, 1);
        assertThat(acc[1]).as("frozen body against scratch " + acc[0]).isGreaterThan(acc[0] + 0.05);
        assertThat(acc[2]).as("fine-tuned against scratch " + acc[0]).isGreaterThan(acc[0] + 0.05);
    }
}
