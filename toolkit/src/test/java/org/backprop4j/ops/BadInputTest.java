package org.backprop4j.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.backprop4j.autograd.AutogradException;
import org.backprop4j.autograd.GradMode;
import org.backprop4j.array.Scope;
import org.backprop4j.array.DType;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every bad input fails with a message that names the op and the shapes, dimensions or dtypes involved. */
class BadInputTest {
    private static Tensor floats(int... dims) {
        return Tensor.ones(dims);
    }

    private static Tensor index(long... values) {
        return Tensor.of(values);
    }

    @Nested
    class MatmulAndBroadcasting {
        @Test
        void innerDimensionMismatch() {
            assertThatThrownBy(() -> floats(2, 3).matmul(floats(4, 5))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("matmul: [2, 3] @ [4, 5]: inner dimensions 3 and 4 differ");
            assertThatThrownBy(() -> floats(3).matmul(floats(4))).hasMessage(
                    "matmul: [3] @ [4]: inner dimensions 3 and 4 differ");
            assertThatThrownBy(() -> floats(2, 3).matmul(floats(2))).hasMessage(
                    "matmul: [2, 3] @ [2]: inner dimensions 3 and 2 differ");
            assertThatThrownBy(() -> floats(5, 2, 3).matmul(floats(5, 4, 2))).hasMessage(
                    "matmul: [5, 2, 3] @ [5, 4, 2]: inner dimensions 3 and 4 differ");
        }

        @Test
        void batchDimensionsThatDoNotBroadcast() {
            assertThatThrownBy(() -> floats(2, 2, 3).matmul(floats(3, 3, 4)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("matmul: batch dimensions of [2, 2, 3] @ [3, 3, 4]:")
                    .hasMessageContaining("sizes 2 and 3");
        }

        @Test
        void scalarOperands() {
            assertThatThrownBy(() -> Tensor.scalar(2).matmul(floats(2))).hasMessage(
                    "matmul: [] @ [2]: both operands need at least one dimension; use mul for scalars");
        }

        @Test
        void outerAndDotNeedVectors() {
            assertThatThrownBy(() -> floats(2, 2).outer(floats(2))).hasMessage(
                    "outer: expects two 1-D tensors, got [2, 2] and [2]");
            assertThatThrownBy(() -> floats(2).dot(floats(3))).hasMessage(
                    "dot: expects two 1-D tensors of equal length, got [2] and [3]");
        }

        @Test
        void shapesThatDoNotBroadcast() {
            assertThatThrownBy(() -> floats(2, 3).sub(floats(2))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("sub: shapes [2, 3] and [2] cannot be broadcast together: dimension -1 has sizes 3 and 2 "
                            + "(sizes must match or one of them must be 1)");
            assertThatThrownBy(() -> floats(4).eq(floats(3))).hasMessageStartingWith("eq: shapes [4] and [3]");
            assertThatThrownBy(() -> Tensor.where(Tensor.of(true, false), floats(3), floats(1)))
                    .hasMessageStartingWith("where: shapes [2] and [3]");
        }

        @Test
        void maskedFillMustNotEnlargeTheTensor() {
            assertThatThrownBy(() -> floats(3).maskedFill(Tensor.ones(DType.BOOL, 2, 3), 0)).hasMessage(
                    "maskedFill: mask of shape [2, 3] must broadcast to the tensor's shape [3], not enlarge it to [2, 3]");
        }
    }

    @Nested
    class Dimensions {
        @Test
        void dimensionOutOfRange() {
            assertThatThrownBy(() -> floats(2, 3).sum(2)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("sum: dimension 2 is out of range for a tensor of rank 2 (expected a value in [-2, 1])");
            assertThatThrownBy(() -> floats(2, 3).mean(-3)).hasMessageStartingWith("mean: dimension -3 is out of range");
            assertThatThrownBy(() -> floats(2, 3).transpose(0, 2)).hasMessageStartingWith(
                    "transpose: dimension 2 is out of range for a tensor of rank 2");
            assertThatThrownBy(() -> floats(2, 3).unsqueeze(3)).hasMessage(
                    "unsqueeze: dimension 3 is out of range for a tensor of rank 3 (expected a value in [-3, 2])");
            assertThatThrownBy(() -> floats(2, 3).squeeze(2)).hasMessageStartingWith("squeeze: dimension 2");
            assertThatThrownBy(() -> floats(2, 3).max(5)).hasMessageStartingWith("max: dimension 5");
            assertThatThrownBy(() -> floats(2, 3).argmax(2, false)).hasMessageStartingWith("argmax: dimension 2");
            assertThatThrownBy(() -> floats(2, 3).flatten(0, 4)).hasMessageStartingWith("flatten: dimension 4");
            assertThatThrownBy(() -> floats(2).select(1, 0)).hasMessageStartingWith("select: dimension 1");
            assertThatThrownBy(() -> floats(2).slice(-2, 0, 1)).hasMessageStartingWith("slice: dimension -2");
        }

        @Test
        void softmaxNamesItselfForABadDimension() {
            assertThatThrownBy(() -> floats(2, 3).softmax(2)).hasMessageStartingWith(
                    "softmax: dimension 2 is out of range for a tensor of rank 2");
            assertThatThrownBy(() -> floats(2, 3).logSoftmax(-3)).hasMessageStartingWith(
                    "logSoftmax: dimension -3 is out of range for a tensor of rank 2");
        }

        @Test
        void repeatedDimensionInAReduction() {
            assertThatThrownBy(() -> floats(2, 3).sum(new int[] {1, -1}, false))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("sum: dimension 1 appears more than once in [1, -1]");
            assertThatThrownBy(() -> floats(2, 3, 4).mean(new int[] {0, 2, 0}, true))
                    .hasMessage("mean: dimension 0 appears more than once in [0, 2, 0]");
            assertThatThrownBy(() -> floats(2, 3).amax(new int[] {0, 0}, false)).hasMessageStartingWith("amax:");
        }

        @Test
        void flattenWithStartAfterEnd() {
            assertThatThrownBy(() -> floats(2, 3, 4).flatten(2, 1)).hasMessage(
                    "flatten: start dimension 2 comes after end dimension 1 for shape [2, 3, 4]");
        }

        @Test
        void transposeOfMoreThanAMatrix() {
            assertThatThrownBy(() -> floats(2, 3, 4).t()).hasMessage(
                    "t: expects a tensor of rank at most 2, got shape [2, 3, 4]; use transpose(dim0, dim1) or permute");
        }
    }

    @Nested
    class DTypes {
        @Test
        void float32MixedWithFloat64() {
            assertThatThrownBy(() -> floats(2).add(Tensor.of(1.0, 2.0))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("add: dtypes differ: float32 [2] and float64 [2]; convert one with .to(DType.FLOAT32)");
            assertThatThrownBy(() -> Tensor.of(1.0, 2.0).matmul(floats(2))).hasMessage(
                    "matmul: dtypes differ: float64 [2] and float32 [2]; convert one with .to(DType.FLOAT64)");
            assertThatThrownBy(() -> Tensor.cat(List.of(floats(2), Tensor.of(1.0)), 0))
                    .hasMessageStartingWith("cat: dtypes differ: float32 [2] and float64 [1]");
            assertThatThrownBy(() -> Tensor.where(Tensor.of(true), floats(1), Tensor.of(1.0)))
                    .hasMessageStartingWith("where: dtypes differ");
        }

        @Test
        void arithmeticOnInt64() {
            Tensor ints = Tensor.arange(3);
            assertThatThrownBy(() -> ints.add(ints)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("add: expected a floating tensor (float32 or float64), got int64 of shape [3]; convert "
                            + "with .to(DType.FLOAT32)");
            assertThatThrownBy(() -> ints.mul(2)).hasMessageStartingWith("mul: expected a floating tensor")
                    .hasMessageContaining("int64 of shape [3]");
            assertThatThrownBy(ints::exp).hasMessageStartingWith("exp: expected a floating tensor");
            assertThatThrownBy(ints::sum).hasMessageStartingWith("sum: expected a floating tensor");
            assertThatThrownBy(() -> ints.matmul(ints)).hasMessageStartingWith("matmul: expected a floating tensor");
            assertThatThrownBy(() -> Tensor.of(true, false).relu()).hasMessageStartingWith(
                    "relu: expected a floating tensor (float32 or float64), got bool of shape [2]");
        }

        @Test
        void wrongIndexDType() {
            Tensor x = floats(2, 3);
            assertThatThrownBy(() -> x.gather(1, Tensor.zeros(2, 3))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("gather: index must be int64, got float32 of shape [2, 3]");
            assertThatThrownBy(() -> x.indexSelect(0, Tensor.of(0f))).hasMessage(
                    "indexSelect: index must be int64, got float32 of shape [1]");
            assertThatThrownBy(() -> x.scatterAdd(1, Tensor.of(true).reshape(1, 1), floats(1, 1))).hasMessage(
                    "scatterAdd: index must be int64, got bool of shape [1, 1]");
            assertThatThrownBy(() -> x.indexAdd(0, Tensor.of(0.0), floats(1, 3))).hasMessage(
                    "indexAdd: index must be int64, got float64 of shape [1]");
        }

        @Test
        void masksAndConditionsMustBeBool() {
            assertThatThrownBy(() -> floats(2).maskedFill(Tensor.of(1L, 0L), 0)).hasMessage(
                    "maskedFill: mask must be bool, got int64 of shape [2]");
            assertThatThrownBy(() -> Tensor.where(floats(2), floats(2), floats(2))).hasMessage(
                    "where: condition must be bool, got float32 of shape [2]");
        }
    }

    @Nested
    class Shaping {
        @Test
        void viewOfAnIncompatibleLayout() {
            Tensor t = Tensor.zeros(2, 3).t();
            assertThatThrownBy(() -> t.view(6)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("view: shape [6] is incompatible with the layout of a tensor of shape [3, 2] and strides "
                            + "[1, 3] (it is not contiguous across the merged dimensions); use reshape, which copies");
            Tensor stepped = Tensor.arange(DType.FLOAT32, 0, 8, 1).slice(0, 0, 8, 2);
            assertThat(stepped.view(2, 2).view(4).view(1, 4).flatten().toFloatArray()).as("a uniform stride is fine")
                    .containsExactly(0, 2, 4, 6);
            assertThatThrownBy(() -> stepped.view(2, 2).t().view(4)).hasMessageStartingWith("view: shape [4]");
        }

        @Test
        void reshapeWithTheWrongElementCount() {
            assertThatThrownBy(() -> floats(2, 3).reshape(4, 2)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("reshape: shape [4, 2] (8 elements) is invalid for a tensor of shape [2, 3] (6 elements)");
            assertThatThrownBy(() -> floats(2, 3).view(7)).hasMessage(
                    "view: shape [7] (7 elements) is invalid for a tensor of shape [2, 3] (6 elements)");
            assertThatThrownBy(() -> floats(2, 3).reshape(-1, 4)).hasMessage(
                    "reshape: cannot infer -1 in [-1, 4] for a tensor of shape [2, 3] (6 elements)");
            assertThatThrownBy(() -> floats(2, 3).reshape(0, -1)).hasMessageStartingWith("reshape: cannot infer -1");
        }

        @Test
        void reshapeWithTwoInferredDimensions() {
            assertThatThrownBy(() -> floats(2, 3).reshape(-1, -1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("reshape: only one dimension can be -1, got [-1, -1]");
            assertThatThrownBy(() -> floats(2, 3).view(-1, 3, -1)).hasMessage(
                    "view: only one dimension can be -1, got [-1, 3, -1]");
            assertThatThrownBy(() -> floats(2, 3).reshape(-2, 3)).hasMessage("reshape: invalid size -2 in [-2, 3]");
        }

        @Test
        void expandOfADimensionThatIsNotOne() {
            assertThatThrownBy(() -> floats(2, 3).expand(4, 3)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("expand: cannot expand shape [2, 3] to [4, 3]: dimension 0 has size 2 and only size-1 "
                            + "dimensions can be expanded");
            assertThatThrownBy(() -> floats(2, 3).expand(3)).hasMessage(
                    "expand: target [3] has fewer dimensions than the tensor's shape [2, 3]");
            assertThatThrownBy(() -> floats(1, 3).expand(-1, 3, 3)).as("-1 only keeps an existing dimension")
                    .hasMessageStartingWith("expand: cannot expand shape [1, 3] to [-1, 3, 3]");
        }

        @Test
        void permuteThatIsNotAPermutation() {
            assertThatThrownBy(() -> floats(2, 3).permute(0, 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("permute: dimension 0 repeats in [0, 0]");
            assertThatThrownBy(() -> floats(2, 3).permute(1, -1)).hasMessage("permute: dimension 1 repeats in [1, -1]");
            assertThatThrownBy(() -> floats(2, 3).permute(0)).hasMessage(
                    "permute: [0] has 1 entries for a tensor of rank 2 (shape [2, 3])");
            assertThatThrownBy(() -> floats(2, 3).permute(0, 2)).hasMessageStartingWith(
                    "permute: dimension 2 is out of range for a tensor of rank 2");
        }

        @Test
        void sliceWithANonPositiveStep() {
            assertThatThrownBy(() -> floats(4, 5).slice(1, 0, 5, 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("slice: step must be positive, got 0 (dimension 1 of shape [4, 5])");
            assertThatThrownBy(() -> floats(4).slice(0, 4, 0, -1)).hasMessageStartingWith(
                    "slice: step must be positive, got -1");
            assertThatThrownBy(() -> Tensor.scalar(1).slice(0, 0, 1)).hasMessage("slice: cannot slice a scalar");
        }

        @Test
        void selectOutOfRange() {
            assertThatThrownBy(() -> floats(3, 4).select(0, 3)).isInstanceOf(IndexOutOfBoundsException.class)
                    .hasMessage("select: index 3 is out of range for dimension 0 of size 3 (shape [3, 4])");
            assertThatThrownBy(() -> floats(3, 4).select(1, -5)).hasMessage(
                    "select: index -5 is out of range for dimension 1 of size 4 (shape [3, 4])");
        }
    }

    @Nested
    class Indexing {
        @Test
        void gatherIndexOutOfRange() {
            Tensor x = floats(2, 3);
            assertThatThrownBy(() -> x.gather(1, index(0, 3).reshape(2, 1)))
                    .isInstanceOf(IndexOutOfBoundsException.class)
                    .hasMessage("gather: index 3 is out of bounds for dimension 1 with size 3");
            assertThatThrownBy(() -> x.gather(0, index(-1).reshape(1, 1))).hasMessage(
                    "gather: index -1 is out of bounds for dimension 0 with size 2");
        }

        @Test
        void indexSelectIndexOutOfRange() {
            assertThatThrownBy(() -> floats(2, 3).indexSelect(1, index(0, 5)))
                    .isInstanceOf(IndexOutOfBoundsException.class)
                    .hasMessage("indexSelect: index 5 is out of bounds for dimension 1 with size 3");
            assertThatThrownBy(() -> floats(2, 3).indexSelect(0, index(0, 1).reshape(1, 2))).hasMessage(
                    "indexSelect: index must be 1-D, got shape [1, 2]");
        }

        @Test
        void scatterAddIndexOutOfRange() {
            assertThatThrownBy(() -> floats(2, 3).scatterAdd(0, index(2, 0).reshape(1, 2), floats(1, 2)))
                    .isInstanceOf(IndexOutOfBoundsException.class)
                    .hasMessage("scatterAdd: index 2 is out of bounds for dimension 0 with size 2");
            assertThatThrownBy(() -> floats(2, 3).indexAdd(0, index(4), floats(1, 3))).hasMessage(
                    "indexAdd: index 4 is out of bounds for dimension 0 with size 2");
        }

        @Test
        void gatherAndScatterShapes() {
            assertThatThrownBy(() -> floats(2, 3).gather(1, index(0, 1))).hasMessage(
                    "gather: index of shape [2] must have the same rank as the tensor of shape [2, 3]");
            assertThatThrownBy(() -> floats(2, 3).gather(1, Tensor.zeros(DType.INT64, 3, 1))).hasMessage(
                    "gather: index of shape [3, 1] is larger than the tensor of shape [2, 3] in dimension 0");
            assertThatThrownBy(() -> floats(2, 3).scatterAdd(1, Tensor.zeros(DType.INT64, 2, 2), floats(2, 1)))
                    .hasMessage("scatterAdd: index of shape [2, 2] is larger than source of shape [2, 1] in dimension 1");
            assertThatThrownBy(() -> floats(2, 3).indexAdd(1, index(0), floats(2, 2))).hasMessageStartingWith(
                    "indexAdd: source of shape [2, 2] does not fit a tensor of shape [2, 3]");
        }
    }

    @Nested
    class Joins {
        @Test
        void catWithMismatchedShapes() {
            assertThatThrownBy(() -> Tensor.cat(List.of(floats(2, 3), floats(2, 4)), 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("cat: tensor 1 has shape [2, 4] but tensor 0 has shape [2, 3]; they must agree except "
                            + "in dimension 0");
            assertThatThrownBy(() -> Tensor.cat(List.of(floats(2, 3), floats(3)), 1)).hasMessage(
                    "cat: tensor 1 has shape [3] but tensor 0 has shape [2, 3]; all must have the same rank");
            assertThatThrownBy(() -> Tensor.cat(List.of(), 0)).hasMessage("cat: expects at least one tensor");
            assertThatThrownBy(() -> Tensor.cat(List.of(Tensor.scalar(1), Tensor.scalar(2)), 0))
                    .hasMessageStartingWith("cat: cannot concatenate scalars");
            assertThatThrownBy(() -> Tensor.cat(List.of(floats(2)), 1)).hasMessageStartingWith("cat: dimension 1");
        }

        @Test
        void stackOfUnequalShapes() {
            assertThatThrownBy(() -> Tensor.stack(List.of(floats(2), floats(2), floats(3)), 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("stack: tensor 2 has shape [3] but tensor 0 has shape [2]; stack needs equal shapes");
            assertThatThrownBy(() -> Tensor.stack(List.of(), 0)).hasMessage("stack: expects at least one tensor");
            assertThatThrownBy(() -> Tensor.stack(List.of(floats(2)), 2)).hasMessageStartingWith(
                    "stack: dimension 2 is out of range for a tensor of rank 2");
        }

        @Test
        void splitSizesThatDoNotAddUp() {
            assertThatThrownBy(() -> floats(2, 3).split(new int[] {1, 1}, 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("split: sizes [1, 1] must be non-negative and add up to 3, the size of dimension 1 of "
                            + "shape [2, 3]");
            assertThatThrownBy(() -> floats(3).split(new int[] {4, -1}, 0)).hasMessageStartingWith(
                    "split: sizes [4, -1] must be non-negative");
            assertThatThrownBy(() -> floats(3).split(0, 0)).hasMessage("split: size must be positive, got 0");
            assertThatThrownBy(() -> floats(3).chunk(0, 0)).hasMessage(
                    "chunk: number of chunks must be positive, got 0");
        }

        @Test
        void padWithAnOddNumberOfAmounts() {
            assertThatThrownBy(() -> floats(2, 3).pad(new int[] {1, 2, 3}, 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("pad: expects (before, after) pairs for at most 2 dimensions of shape [2, 3], got "
                            + "[1, 2, 3]");
            assertThatThrownBy(() -> floats(3).pad(new int[] {1, 1, 1, 1}, 0)).hasMessageStartingWith(
                    "pad: expects (before, after) pairs for at most 1 dimensions of shape [3]");
        }

        @Test
        void padThatCropsMoreThanADimensionHolds() {
            assertThatThrownBy(() -> floats(2, 3).pad(new int[] {-2, -2}, 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("pad: amounts (-2, -2) for dimension 1 of shape [2, 3] crop more than its 3 elements");
            assertThatThrownBy(() -> floats(2, 3).pad(new int[] {0, 0, -5, 4}, 0)).hasMessageStartingWith(
                    "pad: amounts (-5, 4) for dimension 0 of shape [2, 3]");
        }
    }

    @Nested
    class Values {
        @Test
        void clampWithMinAboveMax() {
            assertThatThrownBy(() -> floats(2).clamp(2, 1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("clamp: min 2.0 must not exceed max 1.0");
            assertThatThrownBy(() -> floats(2).clamp(Double.NaN, 1)).hasMessage("clamp: min NaN must not exceed max 1.0");
        }

        @Test
        void normWithANonPositiveP() {
            assertThatThrownBy(() -> floats(2).norm(0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("norm: p must be positive (1, 2, infinity or another p > 0), got 0.0");
            assertThatThrownBy(() -> floats(2).norm(-1)).hasMessageEndingWith("got -1.0");
            assertThatThrownBy(() -> floats(2).norm(Double.NaN)).hasMessageEndingWith("got NaN");
        }

        @Test
        void itemOfAMultiElementTensor() {
            assertThatThrownBy(() -> floats(3).item()).isInstanceOf(IllegalStateException.class)
                    .hasMessage("item: tensor of shape [3] has 3 elements; only a one-element tensor converts to a "
                            + "number");
        }
    }

    @Nested
    class InPlaceWrites {
        @Test
        void writingToAnExpandedView() {
            Tensor e = Tensor.of(1f, 2f, 3f).reshape(3, 1).expand(3, 4);
            assertThatThrownBy(() -> e.fill(0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("fill: tensor of shape [3, 4] and strides [1, 0] is an expanded view whose elements "
                            + "share memory; clone() it before writing");
            assertThatThrownBy(() -> e.addInPlace(floats(3, 4))).hasMessageStartingWith(
                    "addInPlace: tensor of shape [3, 4] and strides [1, 0] is an expanded view");
            assertThatThrownBy(() -> e.mulInPlace(2)).hasMessageStartingWith("mulInPlace: tensor of shape [3, 4]");
            assertThatThrownBy(() -> e.copyFrom(floats(4))).hasMessageStartingWith("copyFrom: tensor of shape [3, 4]");
            assertThatThrownBy(() -> Tensor.scalar(0).expand(2).zero()).hasMessageStartingWith(
                    "fill: tensor of shape [2] and strides [0]");
            assertThat(e.clone().fill(0).toFloatArray()).as("the suggested fix").containsOnly(0f).hasSize(12);
        }

        @Test
        void anExpandedDimensionOfSizeOneIsWritable() {
            Tensor base = Tensor.zeros(3);
            base.reshape(3, 1).expand(3, 1).fill(2);
            assertThatCode(() -> base.expand(1, 3).fill(1)).as("a new leading dimension of size 1 shares nothing")
                    .doesNotThrowAnyException();
            assertThat(base.toFloatArray()).containsExactly(1, 1, 1);
        }

        @Test
        void writingToATensorThatRequiresGrad() {
            Tensor w = floats(2).requiresGrad(true);
            assertThatThrownBy(() -> w.mulInPlace(2)).isInstanceOf(AutogradException.class)
                    .hasMessageContaining("mulInPlace: tensor of shape [2] requires grad");
            try (Scope _ = GradMode.noGrad()) {
                w.mulInPlace(2);
            }
            assertThat(w.toFloatArray()).as("the refused write changed nothing, the one under noGrad doubled")
                    .containsExactly(2, 2);
        }

        @Test
        void writingASourceThatDoesNotFit() {
            assertThatThrownBy(() -> floats(2, 3).addInPlace(floats(2, 2))).hasMessageStartingWith(
                    "addInPlace: shapes [2, 3] and [2, 2] cannot be broadcast together");
            assertThatThrownBy(() -> floats(3).addInPlace(floats(2, 3))).hasMessage(
                    "addInPlace: source of shape [2, 3] does not broadcast to the destination's shape [3]");
        }
    }
}
