package org.backprop4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.backprop4j.array.LowPrecision;
import org.backprop4j.examples.MixedPrecisionDemo.Mode;
import org.backprop4j.examples.MixedPrecisionDemo.Run;
import org.junit.jupiter.api.Test;

/**
 * Training under autocast reaches the float32 model's loss: the stated tolerance is 0.02 plus 20% of the float32
 * loss, for the same seed and steps, with accuracy within one point.
 */
class MixedPrecisionDemoTest {
    @Test
    void autocastTrainingReachesTheFloat32Loss() {
        AdversarialDemo.Data data = AdversarialDemo.moons(400, 3);
        Run full = MixedPrecisionDemo.train(Mode.FLOAT32, data, 150, 5);
        assertThat(full.finalLoss()).isLessThan(0.2);
        for (Mode mode : new Mode[] {Mode.BFLOAT16, Mode.FLOAT16_SCALED}) {
            Run low = MixedPrecisionDemo.train(mode, data, 150, 5);
            assertThat(low.finalLoss()).as(mode.toString())
                    .isCloseTo(full.finalLoss(), within(0.02 + 0.2 * full.finalLoss()));
            assertThat(low.accuracy()).as(mode.toString()).isGreaterThanOrEqualTo(full.accuracy() - 0.01);
            // the rounding really happened: the first loss already differs from float32's
            assertThat(low.losses()[0]).as(mode.toString()).isNotEqualTo(full.losses()[0]);
        }
    }

    @Test
    void theScaledRunRecordsItsScalesAndSixteenBitWeightsTakeHalfTheBytes() {
        AdversarialDemo.Data data = AdversarialDemo.moons(100, 4);
        Run r = MixedPrecisionDemo.train(Mode.FLOAT16_SCALED, data, 5, 6);
        assertThat(java.util.Arrays.stream(r.scales()).boxed().toList()).hasSize(5).allMatch(s -> s > 0 && s <= 65536);
        long[] bytes = MixedPrecisionDemo.weightBytes(AdversarialDemo.network(1), LowPrecision.BFLOAT16);
        assertThat(bytes[1] * 2).isEqualTo(bytes[0]);
    }
}
