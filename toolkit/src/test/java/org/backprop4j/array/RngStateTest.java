package org.backprop4j.array;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A saved generator state brings back the same numbers, the Gaussian kept in hand included. */
class RngStateTest {
    @Test
    void restoringAStateReplaysTheSequence() {
        Rng rng = Rng.seeded(9);
        rng.nextGaussian(); // leaves the second Gaussian of the pair in hand
        Rng.State saved = rng.state();
        double[] first = {rng.nextGaussian(), rng.nextDouble(), rng.nextLong(), rng.nextGaussian()};
        rng.restore(saved);
        double[] again = {rng.nextGaussian(), rng.nextDouble(), rng.nextLong(), rng.nextGaussian()};
        assertThat(again).containsExactly(first);
        assertThat(saved.words()[5]).as("a Gaussian in hand").isEqualTo(1);
    }

    @Test
    void aStateMovesBetweenGenerators() {
        Rng a = Rng.seeded(1);
        Rng b = Rng.seeded(2).restore(a.state());
        assertThat(b.nextLong()).isEqualTo(a.nextLong());
        assertThat(b.state()).isEqualTo(a.state());
    }
}
