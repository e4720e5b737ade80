package org.backprop4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.array.Shape;

class FactoriesTest {
    @Test
    void zerosOnesAndFullFillEveryElement() {
        Tensor z = Tensor.zeros(2, 3);
        assertThat(z.shape()).isEqualTo(Shape.of(2, 3));
        assertThat(z.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(z.toFloatArray()).containsOnly(0f).hasSize(6);
        assertThat(Tensor.ones(4).toFloatArray()).containsExactly(1f, 1f, 1f, 1f);
        assertThat(Tensor.full(7.5, 2, 2).toFloatArray()).containsExactly(7.5f, 7.5f, 7.5f, 7.5f);
        assertThat(Tensor.zeros().shape()).isEqualTo(Shape.scalar());
        assertThat(Tensor.zeros(0, 3).numel()).isZero();
    }

    @Test
    void factoriesTakeADType() {
        assertThat(Tensor.zeros(DType.INT64, 2).toLongArray()).containsExactly(0, 0);
        assertThat(Tensor.ones(DType.FLOAT64, 2).dtype()).isEqualTo(DType.FLOAT64);
        assertThat(Tensor.ones(DType.BOOL, 2).toBooleanArray()).containsExactly(true, true);
        assertThat(Tensor.full(DType.INT64, -3, 2).toLongArray()).containsExactly(-3, -3);
        assertThat(Tensor.full(DType.BOOL, 0, 2).toBooleanArray()).containsExactly(false, false);
        assertThat(Tensor.scalar(2.5, DType.FLOAT64).dtype()).isEqualTo(DType.FLOAT64);
    }

    @Test
    void likeFactoriesCopyShapeAndDTypeButNotValues() {
        Tensor t = Tensor.of(DType.FLOAT64, 1, 2, 3, 4, 5, 6).reshape(2, 3);
        for (Tensor like : new Tensor[] {Tensor.zerosLike(t), Tensor.onesLike(t), Tensor.fullLike(t, 4)}) {
            assertThat(like.shape()).isEqualTo(t.shape());
            assertThat(like.dtype()).isEqualTo(DType.FLOAT64);
            assertThat(like.storage()).isNotSameAs(t.storage());
        }
        assertThat(Tensor.fullLike(t, 4).toDoubleArray()).containsOnly(4.0);
        assertThat(Tensor.onesLike(Tensor.of(1L, 2L)).toLongArray()).containsExactly(1, 1);
    }

    @Test
    void integerArangeIsInt64AndExcludesTheEnd() {
        Tensor a = Tensor.arange(5);
        assertThat(a.dtype()).isEqualTo(DType.INT64);
        assertThat(a.toLongArray()).containsExactly(0, 1, 2, 3, 4);
        assertThat(Tensor.arange(0).numel()).isZero();
    }

    @Test
    void floatingArangeStepsFromStartBelowTheEnd() {
        Tensor a = Tensor.arange(0, 1, 0.25);
        assertThat(a.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(a.toFloatArray()).containsExactly(0f, 0.25f, 0.5f, 0.75f);
        assertThat(Tensor.arange(DType.FLOAT64, 1, 2, 0.1).numel()).as("as torch.arange(1, 2, 0.1)").isEqualTo(10);
        assertThat(Tensor.arange(DType.INT64, 5, 0, -2).toLongArray()).containsExactly(5, 3, 1);
        assertThat(Tensor.arange(3, 1, 1).numel()).as("empty when the step points away from the end").isZero();
    }

    @Test
    void arangeRejectsAZeroOrNonFiniteStep() {
        assertThatThrownBy(() -> Tensor.arange(0, 1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("arange").hasMessageContaining("step 0.0");
        assertThatThrownBy(() -> Tensor.arange(0, Double.POSITIVE_INFINITY, 1))
                .hasMessageContaining("arange").hasMessageContaining("finite");
    }

    @Test
    void linspaceHitsBothEndpointsExactly() {
        Tensor l = Tensor.linspace(0, 1, 5);
        assertThat(l.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(l.toFloatArray()).containsExactly(0f, 0.25f, 0.5f, 0.75f, 1f);
        // 0.1 + 6 * (0.6 / 6) is 0.6999999999999998 in double arithmetic; the last value must be the end itself.
        double[] d = Tensor.linspace(DType.FLOAT64, 0.1, 0.7, 7).toDoubleArray();
        assertThat(d[0]).isEqualTo(0.1);
        assertThat(d[6]).isEqualTo(0.7);
        for (int i = 0; i < 7; i++) {
            assertThat(d[i]).isCloseTo(0.1 + 0.1 * i, within(1e-15));
        }
        assertThat(Tensor.linspace(DType.FLOAT64, 3, -3, 4).toDoubleArray()).containsExactly(3, 1, -1, -3);
    }

    @Test
    void linspaceWithOneStepIsTheStartAndWithZeroStepsIsEmpty() {
        assertThat(Tensor.linspace(2, 5, 1).toFloatArray()).as("as torch.linspace(2, 5, 1)").containsExactly(2f);
        assertThat(Tensor.linspace(2, 5, 0).numel()).isZero();
        assertThatThrownBy(() -> Tensor.linspace(0, 1, -1)).hasMessageContaining("linspace")
                .hasMessageContaining("-1");
    }

    @Test
    void eyeHasOnesOnTheDiagonal() {
        assertThat(Tensor.eye(3).toFloatArray()).containsExactly(1, 0, 0, 0, 1, 0, 0, 0, 1);
        Tensor rect = Tensor.eye(DType.INT64, 2, 3);
        assertThat(rect.shape()).isEqualTo(Shape.of(2, 3));
        assertThat(rect.toLongArray()).containsExactly(1, 0, 0, 0, 1, 0);
        assertThat(Tensor.eye(DType.FLOAT64, 3, 2).toDoubleArray()).containsExactly(1, 0, 0, 1, 0, 0);
    }

    @Test
    void randIsUniformOnZeroToOne() {
        Tensor r = Tensor.rand(Rng.seeded(1), 10_000);
        assertThat(r.dtype()).isEqualTo(DType.FLOAT32);
        float[] v = r.toFloatArray();
        double mean = 0;
        for (float x : v) {
            assertThat(x).isGreaterThanOrEqualTo(0f).isLessThan(1f);
            mean += x / v.length;
        }
        assertThat(mean).isCloseTo(0.5, within(0.02));
        assertThat(Tensor.rand(Rng.seeded(1), DType.FLOAT64, 3).dtype()).isEqualTo(DType.FLOAT64);
    }

    @Test
    void randnIsStandardNormal() {
        double[] v = Tensor.randn(Rng.seeded(2), DType.FLOAT64, 20_000).toDoubleArray();
        double mean = Arrays.stream(v).average().orElseThrow();
        double var = Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / (v.length - 1);
        assertThat(mean).isCloseTo(0, within(0.03));
        assertThat(var).isCloseTo(1, within(0.05));
        assertThat(Arrays.stream(v).filter(x -> Math.abs(x) > 3).count()).as("3-sigma tail").isBetween(20L, 100L);
    }

    @Test
    void randomFactoriesRefuseNonFloatingDTypes() {
        assertThatThrownBy(() -> Tensor.rand(Rng.seeded(0), DType.INT64, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rand").hasMessageContaining("int64").hasMessageContaining("randint");
        assertThatThrownBy(() -> Tensor.randn(Rng.seeded(0), DType.BOOL, 2)).hasMessageContaining("randn: dtype");
    }

    @Test
    void randintStaysInItsHalfOpenRangeAndReachesEveryValue() {
        long[] v = Tensor.randint(Rng.seeded(3), -2, 3, 1000).toLongArray();
        assertThat(Tensor.randint(Rng.seeded(3), -2, 3, 4).dtype()).isEqualTo(DType.INT64);
        assertThat(Arrays.stream(v).boxed().toList()).allSatisfy(x -> assertThat(x).isBetween(-2L, 2L));
        assertThat(Arrays.stream(v).distinct().sorted().toArray()).containsExactly(-2, -1, 0, 1, 2);
        assertThat(Tensor.randint(Rng.seeded(3), 5, 6, 10).toLongArray()).containsOnly(5L);
        long big = Long.MAX_VALUE / 2;
        assertThat(Arrays.stream(Tensor.randint(Rng.seeded(3), big, big + 3, 50).toLongArray()).boxed().toList())
                .allSatisfy(x -> assertThat(x).isBetween(big, big + 2));
    }

    @Test
    void randintRefusesAnEmptyRange() {
        assertThatThrownBy(() -> Tensor.randint(Rng.seeded(0), 3, 3, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("randint: high 3 must be greater than low 3");
    }

    @Test
    void aSeededRngReproducesEveryFactory() {
        assertThat(Tensor.rand(Rng.seeded(42), 3, 4).toFloatArray())
                .containsExactly(Tensor.rand(Rng.seeded(42), 3, 4).toFloatArray());
        assertThat(Tensor.randn(Rng.seeded(42), 7).toFloatArray())
                .containsExactly(Tensor.randn(Rng.seeded(42), 7).toFloatArray());
        assertThat(Tensor.randint(Rng.seeded(42), 0, 100, 9).toLongArray())
                .containsExactly(Tensor.randint(Rng.seeded(42), 0, 100, 9).toLongArray());
        assertThat(Tensor.randn(Rng.seeded(42), 7).toFloatArray())
                .isNotEqualTo(Tensor.randn(Rng.seeded(43), 7).toFloatArray());
    }

    @Test
    void aSeededRngFollowsTheReferenceXoshiro256StarStar() {
        // First outputs of xoshiro256** seeded by four SplitMix64 steps, printed by xoshiro_reference.py (in the
        // test resources), a transcription of the reference C code by Blackman and Vigna.
        Rng zero = Rng.seeded(0);
        assertThat(new long[] {zero.nextLong(), zero.nextLong(), zero.nextLong()})
                .containsExactly(-7355399402456485196L, -4652746763540216534L, 1900383378846508768L);
        Rng answer = Rng.seeded(42);
        assertThat(new long[] {answer.nextLong(), answer.nextLong(), answer.nextLong()})
                .containsExactly(1546998764402558742L, 6990951692964543102L, -5902157311460992607L);
        Rng a = Rng.seeded(0);
        a.nextLong();
        assertThat(a.nextDouble()).isEqualTo((-4652746763540216534L >>> 11) * 0x1.0p-53);
        assertThat(a.nextFloat()).isEqualTo((1900383378846508768L >>> 40) * 0x1.0p-24f);
    }

    @Test
    void reseedingTheGlobalGeneratorReproducesDefaultFactories() {
        Rng.global().reseed(7);
        float[] first = Tensor.randn(50).toFloatArray();
        float[] firstUniform = Tensor.rand(5).toFloatArray();
        long[] firstInts = Tensor.randint(0, 10, 5).toLongArray();
        Rng.global().reseed(7);
        assertThat(Tensor.randn(50).toFloatArray()).containsExactly(first);
        assertThat(Tensor.rand(5).toFloatArray()).containsExactly(firstUniform);
        assertThat(Tensor.randint(0, 10, 5).toLongArray()).containsExactly(firstInts);
        assertThat(Tensor.randn(Rng.global(), 3).toFloatArray()).isNotEqualTo(Arrays.copyOf(first, 3));
    }

    @Test
    void reseedDiscardsACachedGaussian() {
        Rng fresh = Rng.seeded(5);
        double expected = fresh.nextGaussian();
        Rng used = Rng.seeded(5);
        used.nextGaussian(); // leaves the polar method's second value cached
        used.reseed(5);
        assertThat(used.nextGaussian()).isEqualTo(expected);
    }

    @Test
    void splitGivesAnIndependentReproducibleStream() {
        Rng parent = Rng.seeded(9);
        Rng child = parent.split();
        Rng parentAgain = Rng.seeded(9);
        Rng childAgain = parentAgain.split();
        assertThat(child.nextLong()).isEqualTo(childAgain.nextLong());
        assertThat(parent.nextLong()).isEqualTo(parentAgain.nextLong()).isNotEqualTo(Rng.seeded(9).nextLong());
    }

    @Test
    void nextLongRefusesANonPositiveBound() {
        assertThatThrownBy(() -> Rng.seeded(0).nextLong(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("nextLong: bound must be positive, got 0");
    }
}
