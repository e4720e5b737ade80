package org.backprop4j.gradcheck;

import static org.backprop4j.gradcheck.Inputs.expanded;
import static org.backprop4j.gradcheck.Inputs.of;
import static org.backprop4j.gradcheck.Inputs.randn;
import static org.backprop4j.gradcheck.Inputs.stepped;
import static org.backprop4j.gradcheck.Inputs.transposed;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.backprop4j.autograd.Autograd;
import org.backprop4j.autograd.BackwardOptions;
import org.backprop4j.array.DType;
import org.backprop4j.tensor.Tensor;

/** Views and copies that rearrange elements, joins, splits and padding: cases for {@link OpCases}. */
final class ShapingCases {
    private ShapingCases() {
    }

    static void addTo(OpCases.Catalog c) {
        shaping(c);
        joins(c);
    }

    // ------------------------------------------------------------------------------------------------ shaping

    private static void shaping(OpCases.Catalog c) {
        c.twice("reshape: contiguous view with -1", "reshape(int[])", in -> in[0].reshape(-1, 2).mul(in[1]),
                r -> of(randn(r, 3, 4), randn(r, 2)));
        c.twice("reshape: transposed leaf (copies)", "reshape(int[])", in -> in[0].reshape(2, 6),
                r -> of(transposed(randn(r, 4, 3))));
        c.twice("reshape: to rank 0 and back", "reshape(int[])", in -> in[0].reshape().reshape(1, 1).mul(in[1]),
                r -> of(randn(r, 1), randn(r, 2, 1)));
        c.twice("view: [2,3,4] as [6,4]", "view(int[])", in -> in[0].view(6, 4), r -> of(randn(r, 2, 3, 4)));
        c.twice("view: splitting a dimension of a transposed view", "view(int[])", in -> in[0].t().view(2, 2, 3),
                r -> of(randn(r, 3, 4)));
        c.twice("view: merging the contiguous dims of a row slice", "view(int[])",
                in -> in[0].slice(0, 1, 3).view(2, 2, 2), r -> of(randn(r, 3, 2, 2)));
        c.twice("reshape: strided slice (copies)", "reshape(int[])", in -> in[0].slice(1, 0, 6, 2).reshape(-1),
                r -> of(randn(r, 2, 6)));
        c.twice("reshape: a merge allowed by a row slice is a view", "reshape(int[])",
                in -> in[0].slice(0, 0, 2).reshape(2, 6), r -> of(randn(r, 3, 3, 2)));
        c.twice("flatten: all of [2,3,2]", "flatten()", in -> in[0].flatten(), r -> of(randn(r, 2, 3, 2)));
        c.twice("flatten: from dim 1 of a permuted [2,3,2]", "flatten(int)", in -> in[0].permute(2, 0, 1).flatten(1),
                r -> of(randn(r, 2, 3, 2)));
        c.twice("flatten: all of a transposed leaf", "flatten()", in -> in[0].flatten(),
                r -> of(transposed(randn(r, 4, 3))));
        c.twice("flatten: dims 1..2 of a permuted view", "flatten(int,int)", in -> in[0].permute(0, 2, 1).flatten(1, 2),
                r -> of(randn(r, 2, 3, 2)));
        c.twice("flatten: dims 0..-2", "flatten(int,int)", in -> in[0].flatten(0, -2), r -> of(randn(r, 2, 3, 2)));
        c.twice("flatten: rank 0 becomes [1]", "flatten()",
                in -> in[0].flatten().mul(in[1]), r -> of(randn(r), randn(r, 3)));
        c.twice("squeeze: all size-1 dims", "squeeze()", in -> in[0].squeeze().mul(in[1]),
                r -> of(randn(r, 3, 1, 2, 1), randn(r, 3, 2)));
        c.twice("squeeze: dim 1", "squeeze(int)", in -> in[0].squeeze(1), r -> of(randn(r, 3, 1, 2)));
        c.twice("squeeze: all of [1,1] to rank 0", "squeeze()", in -> in[0].squeeze().mul(in[1]),
                r -> of(randn(r, 1, 1), randn(r, 3)));
        c.twice("squeeze: dim -1 of a transposed leaf", "squeeze(int)", in -> in[0].squeeze(-1),
                r -> of(transposed(randn(r, 3, 1, 2))));
        c.twice("squeeze: dim of size 2 is kept", "squeeze(int)", in -> in[0].squeeze(0).mul(in[1]),
                r -> of(randn(r, 2, 3), randn(r, 3)));
        c.twice("unsqueeze: dim 0", "unsqueeze(int)", in -> in[0].unsqueeze(0).mul(in[1]),
                r -> of(randn(r, 3), randn(r, 2, 1)));
        c.twice("unsqueeze: rank 0 to [1]", "unsqueeze(int)", in -> in[0].unsqueeze(0).mul(in[1]),
                r -> of(randn(r), randn(r, 2)));
        c.twice("unsqueeze: dim -1 of a transposed view", "unsqueeze(int)", in -> in[0].t().unsqueeze(-1).mul(in[1]),
                r -> of(randn(r, 2, 3), randn(r, 2)));
        c.twice("transpose: dims 0 and 2", "transpose(int,int)", in -> in[0].transpose(0, 2).mul(in[1]),
                r -> of(randn(r, 2, 3, 4), randn(r, 4, 3, 2)));
        c.twice("transpose: dims -1 and -2 of a strided leaf", "transpose(int,int)",
                in -> in[0].transpose(-1, -2).exp(), r -> of(stepped(randn(r, 2, 6))));
        c.twice("t: matrix", "t()", in -> in[0].t().mul(in[1]), r -> of(randn(r, 3, 4), randn(r, 4, 3)));
        c.twice("t: vector is unchanged", "t()", in -> in[0].t().mul(in[1]), r -> of(randn(r, 3), randn(r, 3)));
        c.twice("permute: (2,0,1)", "permute(int[])", in -> in[0].permute(2, 0, 1).mul(in[1]),
                r -> of(randn(r, 2, 3, 4), randn(r, 4, 2, 3)));
        c.twice("permute: negative dims of a transposed leaf", "permute(int[])", in -> in[0].permute(-1, 0).sin(),
                r -> of(transposed(randn(r, 4, 3))));
        c.twice("expand: new leading dim and a size-1 dim", "expand(int[])", in -> in[0].expand(2, 3, 4).mul(in[1]),
                r -> of(randn(r, 3, 1), randn(r, 2, 3, 4)));
        c.twice("expand: -1 keeps a dim", "expand(int[])", in -> in[0].expand(-1, 4).exp(), r -> of(randn(r, 3, 1)));
        c.twice("expand: rank 0 to [2,3]", "expand(int[])", in -> in[0].expand(2, 3).mul(in[1]),
                r -> of(randn(r), randn(r, 2, 3)));
        c.twice("expand: transposed leaf along a new dim", "expand(int[])", in -> in[0].expand(2, 3, 4).sin(),
                r -> of(transposed(randn(r, 4, 3))));
        c.twice("slice: dim 1 from 1 to -1", "slice(int,int,int)",
                in -> in[0].slice(1, 1, -1), r -> of(randn(r, 3, 5)));
        c.twice("slice: out-of-range end of a transposed leaf", "slice(int,int,int)", in -> in[0].slice(0, 2, 99),
                r -> of(transposed(randn(r, 3, 5))));
        c.twice("slice: step 2", "slice(int,int,int,int)", in -> in[0].slice(1, 0, 6, 2), r -> of(randn(r, 3, 6)));
        c.twice("slice: step 3 from 1 on dim 0 of a transposed view", "slice(int,int,int,int)",
                in -> in[0].t().slice(0, 1, 7, 3), r -> of(randn(r, 2, 7)));
        c.twice("slice: of a slice", "slice(int,int,int,int)", in -> in[0].slice(1, 1, 8, 2).slice(1, 1, 4, 2),
                r -> of(randn(r, 2, 8)));
        c.twice("select: dim 1 index -1", "select(int,int)", in -> in[0].select(1, -1), r -> of(randn(r, 3, 4)));
        c.twice("select: dim 0 of a transposed leaf", "select(int,int)", in -> in[0].select(0, 1),
                r -> of(transposed(randn(r, 4, 3))));
        c.twice("select: down to rank 0", "select(int,int)", in -> in[0].select(0, 2).mul(in[1]),
                r -> of(randn(r, 4), randn(r, 3)));
        c.twice("select: of an expanded view", "select(int,int)", in -> in[0].expand(3, 4).select(1, 2),
                r -> of(randn(r, 3, 1)));
        c.twice("contiguous: copies a transposed view", "contiguous()", in -> in[0].t().contiguous(),
                r -> of(randn(r, 3, 4)));
        c.twice("contiguous: a contiguous tensor as it is", "contiguous()", in -> in[0].contiguous().mul(in[0]),
                r -> of(randn(r, 3, 4)));
        c.twice("clone: of a transposed view", "clone()", in -> in[0].t().clone(), r -> of(randn(r, 3, 4)));
        c.twice("clone: of an expanded leaf", "clone()", in -> in[0].clone(), r -> of(expanded(randn(r, 1, 3), 2, 3)));
        // The gradients of slice and select are an op of their own (sliceBackward) with its own rule: checked here
        // as functions of the incoming gradient, so that the rule's derivatives are checked too.
        c.twice("slice: its gradient (sliceBackward) as a function", "slice(int,int,int,int)",
                in -> gradientOf(x -> x.slice(1, 1, 6, 2), new int[] {2, 6}, in[0]), r -> of(randn(r, 2, 3)));
        c.twice("select: its gradient (sliceBackward) as a function", "select(int,int)",
                in -> gradientOf(x -> x.select(0, 1), new int[] {3, 2}, in[0]), r -> of(randn(r, 2)));
    }

    /** The vector-Jacobian product of {@code f} at zeros of shape {@code at} with {@code v}, in the graph. */
    private static Tensor gradientOf(Function<Tensor, Tensor> f, int[] at, Tensor v) {
        Tensor x = Tensor.zeros(DType.FLOAT64, at).requiresGrad(true);
        return Autograd.grad(List.of(f.apply(x)), List.of(v), List.of(x),
                BackwardOptions.DEFAULT.withCreateGraph(true))[0];
    }

    // ------------------------------------------------------------------------------------------------ joins

    private static void joins(OpCases.Catalog c) {
        c.twice("cat: dim 1 of [2,1], transposed [2,3], [2,2]", "cat(List,int)",
                in -> Tensor.cat(List.of(in[0], in[1].t(), in[2]), 1),
                r -> of(randn(r, 2, 1), randn(r, 3, 2), randn(r, 2, 2)));
        c.twice("cat: dim 0, the same tensor twice", "cat(List,int)", in -> Tensor.cat(List.of(in[0], in[0]), 0),
                r -> of(randn(r, 2, 3)));
        c.twice("cat: dim -1 of [2,2,1] and strided [2,2,2]", "cat(List,int)",
                in -> Tensor.cat(List.of(in[0], in[1]), -1), r -> of(randn(r, 2, 2, 1), stepped(randn(r, 2, 2, 4))));
        Tensor constant = Tensor.of(DType.FLOAT64, 0.5, -1, 2).reshape(1, 3);
        c.twice("cat: with a constant member", "cat(List,int)", in -> Tensor.cat(List.of(constant, in[0]), 0),
                r -> of(randn(r, 2, 3)));
        c.twice("stack: dim 0 of three [2,3]", "stack(List,int)", in -> Tensor.stack(List.of(in[0], in[1], in[2]), 0),
                r -> of(randn(r, 2, 3), randn(r, 2, 3), randn(r, 2, 3)));
        c.twice("stack: dim -1 with a transposed view", "stack(List,int)",
                in -> Tensor.stack(List.of(in[0], in[1].t()), -1), r -> of(randn(r, 2, 3), randn(r, 3, 2)));
        c.twice("stack: dim 1 of vectors", "stack(List,int)", in -> Tensor.stack(List.of(in[0], in[1].exp()), 1),
                r -> of(randn(r, 4), randn(r, 4)));
        c.twice("stack: rank-0 tensors into a vector", "stack(List,int)",
                in -> Tensor.stack(List.of(in[0], in[1], in[0].mul(in[1])), 0), r -> of(randn(r), randn(r)));
        c.twice("cat: vectors, one of them strided", "cat(List,int)", in -> Tensor.cat(List.of(in[0], in[1]), 0),
                r -> of(randn(r, 3), stepped(randn(r, 6))));
        c.twiceOutputs("split: pieces of 2 along dim 1 (last one smaller)", "split(int,int)",
                in -> scaled(in[0].split(2, 1)), r -> of(randn(r, 3, 5)));
        c.twiceOutputs("split: pieces of 1 along dim 0 of a transposed leaf", "split(int,int)",
                in -> scaled(in[0].split(1, 0)), r -> of(transposed(randn(r, 3, 2))));
        c.twiceOutputs("split: sizes {1,3,1} along dim 1", "split(int[],int)",
                in -> scaled(in[0].split(new int[] {1, 3, 1}, 1)), r -> of(randn(r, 2, 5)));
        c.twiceOutputs("split: sizes {2,0,1} along dim -1 of a strided leaf", "split(int[],int)",
                in -> scaled(in[0].split(new int[] {2, 0, 1}, -1)), r -> of(stepped(randn(r, 2, 6))));
        c.twiceOutputs("chunk: 3 chunks of 5 rows", "chunk(int,int)", in -> scaled(in[0].chunk(3, 0)),
                r -> of(randn(r, 5, 2)));
        c.twiceOutputs("chunk: 2 chunks along dim 1 of a transposed view", "chunk(int,int)",
                in -> scaled(in[0].t().chunk(2, 1)), r -> of(randn(r, 4, 2)));
        c.twice("pad: positive on the last two dims", "pad(int[],double)", in -> in[0].pad(new int[] {1, 2, 0, 1}, 0.5),
                r -> of(randn(r, 2, 3)));
        c.twice("pad: negative (crop) and positive of a transposed leaf", "pad(int[],double)",
                in -> in[0].pad(new int[] {-1, 2, 1, -1}, -1), r -> of(transposed(randn(r, 4, 3))));
        c.twice("pad: last dim only of [2,2,3]", "pad(int[],double)", in -> in[0].pad(new int[] {0, 2}, 0),
                r -> of(randn(r, 2, 2, 3)));
        c.twice("pad: crop only", "pad(int[],double)", in -> in[0].pad(new int[] {-1, -1}, 7), r -> of(randn(r, 2, 4)));
        c.twice("pad: all three dims of [2,2,2], zero amounts included", "pad(int[],double)",
                in -> in[0].pad(new int[] {1, 0, 0, 0, 2, -1}, 0.25), r -> of(randn(r, 2, 2, 2)));
    }

    /** The pieces of a split, each scaled differently, so that a gradient sent to the wrong piece shows. */
    private static List<Tensor> scaled(List<Tensor> pieces) {
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) {
            out.add(pieces.get(i).mul(i + 1));
        }
        return out;
    }
}
