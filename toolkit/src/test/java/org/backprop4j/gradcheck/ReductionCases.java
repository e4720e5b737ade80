package org.backprop4j.gradcheck;

import static org.backprop4j.gradcheck.Inputs.INF;
import static org.backprop4j.gradcheck.Inputs.awayFromZero;
import static org.backprop4j.gradcheck.Inputs.dims;
import static org.backprop4j.gradcheck.Inputs.distinct;
import static org.backprop4j.gradcheck.Inputs.distinctMagnitudes;
import static org.backprop4j.gradcheck.Inputs.of;
import static org.backprop4j.gradcheck.Inputs.randn;
import static org.backprop4j.gradcheck.Inputs.signedAway;
import static org.backprop4j.gradcheck.Inputs.stepped;
import static org.backprop4j.gradcheck.Inputs.transposed;
import static org.backprop4j.gradcheck.Inputs.uniform;
import static org.backprop4j.gradcheck.Inputs.values;


/** Reductions (sum, mean, prod, max, min, amax, amin), statistics and norms: cases for {@link OpCases}. */
final class ReductionCases {
    private ReductionCases() {
    }

    static void addTo(OpCases.Catalog c) {
        reductions(c);
        statistics(c);
    }

    // ------------------------------------------------------------------------------------------------ reductions

    private static void reductions(OpCases.Catalog c) {
        c.twice("sum: all of a transposed leaf", "sum()", in -> in[0].sum(), r -> of(transposed(randn(r, 4, 3))));
        c.twice("sum: all of a rank-0 tensor", "sum()", in -> in[0].sum(), r -> of(randn(r)));
        c.twice("sum: dim 1 of [2,3,4]", "sum(int)", in -> in[0].sum(1), r -> of(randn(r, 2, 3, 4)));
        c.twice("sum: dim 0 of a rank-0 tensor", "sum(int)", in -> in[0].sum(0).mul(in[0]), r -> of(randn(r)));
        c.twice("sum: dim 0 of an expanded view", "sum(int)", in -> in[0].expand(3, 4).sum(0), r -> of(randn(r, 1, 4)));
        c.twice("sum: dim -1 keepDim", "sum(int,boolean)", in -> in[0].sum(-1, true), r -> of(randn(r, 3, 4)));
        c.twice("sum: dim 0 without keepDim, strided view", "sum(int,boolean)",
                in -> in[0].slice(1, 0, 5, 2).sum(0, false), r -> of(randn(r, 3, 5)));
        c.twice("sum: dims {0,2} of [2,3,4]", "sum(int[],boolean)", in -> in[0].sum(new int[] {0, 2}, false),
                r -> of(randn(r, 2, 3, 4)));
        c.twice("sum: dims {-1,1} keepDim of a permuted view", "sum(int[],boolean)",
                in -> in[0].permute(2, 0, 1).sum(new int[] {-1, 1}, true), r -> of(randn(r, 2, 3, 4)));
        c.twice("sum: dims {0,1} of a transposed rank-3 leaf", "sum(int[],boolean)",
                in -> in[0].sum(new int[] {0, 1}, false), r -> of(transposed(randn(r, 2, 4, 3))));

        c.twice("mean: all", "mean()", in -> in[0].mean(), r -> of(randn(r, 3, 4)));
        c.twice("mean: all of a transposed leaf", "mean()", in -> in[0].mean(), r -> of(transposed(randn(r, 4, 3))));
        c.twice("mean: dim 1", "mean(int)", in -> in[0].mean(1), r -> of(randn(r, 2, 3, 4)));
        c.twice("mean: dim -1 keepDim of a rank-0 tensor", "mean(int,boolean)", in -> in[0].mean(-1, true).exp(),
                r -> of(randn(r)));
        c.twice("mean: dim 0 keepDim of an expanded view", "mean(int,boolean)", in -> in[0].expand(3, 4).mean(0, true),
                r -> of(randn(r, 4)));
        c.twice("mean: dims {0,1}", "mean(int[],boolean)", in -> in[0].mean(new int[] {0, 1}, false),
                r -> of(randn(r, 2, 3, 4)));
        c.twice("mean: dims {2} keepDim of a transposed view", "mean(int[],boolean)",
                in -> in[0].transpose(0, 2).mean(new int[] {2}, true), r -> of(randn(r, 2, 3, 4)));

        c.twice("prod: all", "prod()", in -> in[0].prod(), r -> of(uniform(r, 0.5, 1.5, 2, 3)));
        c.twice("prod: all of signed values", "prod()", in -> in[0].prod(), r -> of(signedAway(r, 0.4, 1.6, 2, 3)));
        c.twice("prod: dim 0 of a transposed view", "prod(int)", in -> in[0].t().prod(0), r -> of(randn(r, 3, 4)));
        c.twice("prod: dim -1 keepDim", "prod(int,boolean)", in -> in[0].prod(-1, true), r -> of(randn(r, 3, 4)));
        c.twice("prod: dims {0,2} of [2,3,2]", "prod(int[],boolean)", in -> in[0].prod(new int[] {0, 2}, false),
                r -> of(randn(r, 2, 3, 2)));
        c.twice("prod: dims {1} keepDim of a strided leaf", "prod(int[],boolean)",
                in -> in[0].prod(new int[] {1}, true), r -> of(stepped(randn(r, 3, 8))));
        c.twice("prod: dims {0,2} keepDim of a transposed rank-3 leaf", "prod(int[],boolean)",
                in -> in[0].prod(new int[] {0, 2}, true), r -> of(transposed(randn(r, 2, 2, 3))));
        c.twice("prod: all of a rank-0 tensor", "prod()", in -> in[0].prod(), r -> of(randn(r)));
        // Blocks with a zero take the exact prefix/suffix-product rule, which is differentiable only once.
        c.once("prod: all, one zero", "prod()",
                in -> in[0].prod(), r -> of(values(dims(2, 3), 1.5, -0.7, 0, 2, 0.8, -1.2)));
        c.once("prod: dim 1, one zero in one row", "prod(int)", in -> in[0].prod(1),
                r -> of(values(dims(3, 3), 1.5, 0, 2, 0.8, -1.2, 1.1, -0.6, 1.3, 0.9)));
        c.once("prod: dim 0 keepDim, two zeros in one column of a transposed leaf", "prod(int,boolean)",
                in -> in[0].prod(0, true),
                r -> of(transposed(values(dims(2, 3), 0, 0, 1.7, 0.6, -1.4, 2.1))));
        c.once("prod: dims {0,1}, zeros in two blocks", "prod(int[],boolean)",
                in -> in[0].prod(new int[] {0, 1}, false),
                r -> of(values(dims(2, 2, 2), 0, 1.3, 1.2, 0, 0.7, -0.8, 1.6, 0.9)));

        c.twice("max: all", "max()", in -> in[0].max(), r -> of(distinct(r, 3, 4)));
        c.twice("max: all of a transposed leaf", "max()", in -> in[0].max(), r -> of(transposed(distinct(r, 4, 3))));
        c.twice("max: dim 1 values", "max(int)", in -> in[0].max(1).values(), r -> of(distinct(r, 3, 4)));
        c.twice("max: dim 0 values of a transposed view", "max(int)", in -> in[0].t().max(0).values(),
                r -> of(distinct(r, 3, 4)));
        c.twice("max: dim -1 keepDim values, [2,3,4]", "max(int,boolean)", in -> in[0].max(-1, true).values(),
                r -> of(distinct(r, 2, 3, 4)));
        c.twice("max: dim 0 of a vector (rank-0 values)", "max(int)", in -> in[0].max(0).values(),
                r -> of(distinct(r, 5)));
        c.twice("max: dim 0 of a rank-0 tensor", "max(int)", in -> in[0].max(0).values().mul(in[0]), r -> of(randn(r)));
        c.twice("max: all of a rank-0 tensor", "max()", in -> in[0].max().exp(), r -> of(randn(r)));
        c.twice("min: dim 0 keepDim of a rank-0 tensor", "min(int,boolean)", in -> in[0].min(0, true).values().sin(),
                r -> of(randn(r)));
        c.twice("max: dim 1 without keepDim of a transposed rank-3 leaf", "max(int,boolean)",
                in -> in[0].max(1, false).values(), r -> of(transposed(distinct(r, 2, 4, 3))));
        // The documented tie rule: tied maxima share the gradient equally. For two tied elements a central
        // difference sees the same (each side moves the max half the time), so a two-way tie is checkable.
        c.once("max: a two-way tie shares the gradient", "max()", in -> in[0].max(),
                r -> of(values(dims(2, 3), 0.5, 1.25, -2, 1.25, 0.75, -0.5)));
        c.twice("max: dim 1 values gathered again by their indices", "max(int,boolean)", in -> {
            var vi = in[0].max(1, true);
            return vi.values().mul(in[0].gather(1, vi.indices()));
        }, r -> of(distinct(r, 3, 4)));
        c.twice("min: all", "min()", in -> in[0].min(), r -> of(distinct(r, 3, 4)));
        c.twice("min: all of a strided leaf", "min()", in -> in[0].min(), r -> of(stepped(distinct(r, 3, 8))));
        c.twice("min: dim 0 values", "min(int)", in -> in[0].min(0).values(), r -> of(distinct(r, 3, 4)));
        c.twice("min: dim 1 keepDim values of a transposed leaf", "min(int,boolean)", in -> in[0].min(1, true).values(),
                r -> of(transposed(distinct(r, 4, 3))));
        c.twice("min: dim -1 without keepDim of [2,3,4]", "min(int,boolean)", in -> in[0].min(-1, false).values(),
                r -> of(distinct(r, 2, 3, 4)));
        c.twice("amax: dims {0,2}", "amax(int[],boolean)", in -> in[0].amax(new int[] {0, 2}, false),
                r -> of(distinct(r, 2, 3, 4)));
        c.twice("amax: dims {1} keepDim of a transposed view", "amax(int[],boolean)",
                in -> in[0].t().amax(new int[] {1}, true), r -> of(distinct(r, 3, 4)));
        c.twice("amax: dims {0,2} keepDim of a transposed rank-3 leaf", "amax(int[],boolean)",
                in -> in[0].amax(new int[] {0, 2}, true), r -> of(transposed(distinct(r, 2, 4, 3))));
        c.twice("amin: dims {0,1}", "amin(int[],boolean)", in -> in[0].amin(new int[] {0, 1}, false),
                r -> of(distinct(r, 2, 3, 4)));
        c.twice("amin: dims {-1} keepDim of a strided leaf", "amin(int[],boolean)",
                in -> in[0].amin(new int[] {-1}, true), r -> of(stepped(distinct(r, 3, 8))));
    }

    // ------------------------------------------------------------------------------------------------ statistics

    private static void statistics(OpCases.Catalog c) {
        c.twice("var: all", "var()", in -> in[0].var(), r -> of(randn(r, 3, 4)));
        c.twice("var: all of a transposed leaf", "var()", in -> in[0].var(), r -> of(transposed(randn(r, 4, 3))));
        c.twice("var: dim 1", "var(int)", in -> in[0].var(1), r -> of(randn(r, 3, 4)));
        c.twice("var: dim 0 of a strided view", "var(int)",
                in -> in[0].slice(1, 0, 6, 2).var(0), r -> of(randn(r, 3, 6)));
        c.twice("var: dims {0,2}, correction 0", "var(int[],int,boolean)", in -> in[0].var(new int[] {0, 2}, 0, false),
                r -> of(randn(r, 2, 3, 4)));
        c.twice("var: dims {1}, correction 1, keepDim", "var(int[],int,boolean)",
                in -> in[0].var(new int[] {1}, 1, true), r -> of(randn(r, 3, 4)));
        c.twice("std: all", "std()", in -> in[0].std(), r -> of(randn(r, 3, 4)));
        c.twice("std: dim 1 of a transposed view", "std(int)", in -> in[0].t().std(1), r -> of(randn(r, 3, 4)));
        c.twice("std: dim 0", "std(int)", in -> in[0].std(0), r -> of(randn(r, 3, 4)));
        c.twice("std: dims {0,2}, correction 0, keepDim", "std(int[],int,boolean)",
                in -> in[0].std(new int[] {0, 2}, 0, true), r -> of(randn(r, 2, 3, 4)));
        c.twice("std: dims {1}, correction 1, of a transposed leaf", "std(int[],int,boolean)",
                in -> in[0].std(new int[] {1}, 1, false), r -> of(transposed(randn(r, 4, 3))));

        c.twice("logsumexp: dim 1", "logsumexp(int)", in -> in[0].logsumexp(1), r -> of(randn(r, 3, 4)));
        c.twice("logsumexp: dim 0 of a rank-0 tensor", "logsumexp(int)", in -> in[0].logsumexp(0).mul(in[0]),
                r -> of(randn(r)));
        c.twice("logsumexp: dim 0, large inputs", "logsumexp(int)", in -> in[0].logsumexp(0),
                r -> of(uniform(r, 50, 55, 3, 4)));
        c.twice("logsumexp: dims {0,2} keepDim", "logsumexp(int[],boolean)",
                in -> in[0].logsumexp(new int[] {0, 2}, true), r -> of(randn(r, 2, 3, 4)));
        c.twice("logsumexp: dims {1} of a transposed leaf", "logsumexp(int[],boolean)",
                in -> in[0].logsumexp(new int[] {1}, false), r -> of(transposed(randn(r, 4, 3))));
        c.twice("logsumexp: all dims of an expanded view", "logsumexp(int[],boolean)",
                in -> in[0].expand(3, 4).logsumexp(new int[] {0, 1}, false), r -> of(randn(r, 4)));

        c.twice("norm: 2-norm of all", "norm()", in -> in[0].norm(), r -> of(randn(r, 3, 4)));
        c.twice("norm: 2-norm of a transposed leaf", "norm()", in -> in[0].norm(), r -> of(transposed(randn(r, 4, 3))));
        c.twice("norm: 2-norm of a rank-0 tensor", "norm()", in -> in[0].norm().mul(in[0]), r -> of(awayFromZero(r)));
        c.twice("norm: p = 1", "norm(double)", in -> in[0].norm(1), r -> of(awayFromZero(r, 3, 4)));
        c.twice("norm: p = 2", "norm(double)", in -> in[0].t().norm(2), r -> of(randn(r, 3, 4)));
        c.twice("norm: p = infinity", "norm(double)", in -> in[0].norm(INF), r -> of(distinctMagnitudes(r, 3, 4)));
        c.twice("norm: p = 3", "norm(double)", in -> in[0].norm(3), r -> of(awayFromZero(r, 3, 4)));
        c.twice("norm: p = 0.5", "norm(double)", in -> in[0].norm(0.5), r -> of(awayFromZero(r, 2, 3)));
        c.twice("norm: p = 2 over dim 1 keepDim", "norm(double,int[],boolean)",
                in -> in[0].norm(2, new int[] {1}, true), r -> of(randn(r, 3, 4)));
        c.twice("norm: p = 1 over dims {0,2}", "norm(double,int[],boolean)",
                in -> in[0].norm(1, new int[] {0, 2}, false), r -> of(awayFromZero(r, 2, 3, 2)));
        c.twice("norm: p = infinity over dim 0 of a transposed leaf", "norm(double,int[],boolean)",
                in -> in[0].norm(INF, new int[] {0}, false), r -> of(transposed(distinctMagnitudes(r, 4, 3))));
        c.twice("norm: p = 2 over dims {0,2} of a transposed rank-3 leaf", "norm(double,int[],boolean)",
                in -> in[0].norm(2, new int[] {0, 2}, false), r -> of(transposed(randn(r, 2, 4, 3))));
        c.twice("norm: p = infinity over dim 1 keepDim", "norm(double,int[],boolean)",
                in -> in[0].norm(INF, new int[] {1}, true), r -> of(distinctMagnitudes(r, 3, 4)));
        c.twice("norm: p = 1.5 over dim -1 of a strided leaf", "norm(double,int[],boolean)",
                in -> in[0].norm(1.5, new int[] {-1}, false), r -> of(stepped(awayFromZero(r, 3, 8))));
        // Where the 2-norm is 0 its gradient is defined as 0, which a central difference agrees with.
        c.once("norm: 2-norm with a zero row", "norm(double,int[],boolean)", in -> in[0].norm(2, new int[] {1}, false),
                r -> of(values(dims(3, 2), 0.6, -1.1, 0, 0, 2.0, 0.3)));
    }
}
