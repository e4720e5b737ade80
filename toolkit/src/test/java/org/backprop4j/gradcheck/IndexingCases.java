package org.backprop4j.gradcheck;

import static org.backprop4j.gradcheck.Inputs.dims;
import static org.backprop4j.gradcheck.Inputs.expanded;
import static org.backprop4j.gradcheck.Inputs.index;
import static org.backprop4j.gradcheck.Inputs.mask;
import static org.backprop4j.gradcheck.Inputs.of;
import static org.backprop4j.gradcheck.Inputs.randn;
import static org.backprop4j.gradcheck.Inputs.stepped;
import static org.backprop4j.gradcheck.Inputs.transposed;

import org.backprop4j.tensor.Tensor;

/** Gathering and scattering by index, and masked fills: cases for {@link OpCases}. */
final class IndexingCases {
    private IndexingCases() {
    }

    static void addTo(OpCases.Catalog c) {
        indexing(c);
    }

    private static void indexing(OpCases.Catalog c) {
        Tensor rows = index(dims(3), 2, 0, 2);
        Tensor cols = index(dims(4), 1, 3, 1, 0);
        c.twice("indexSelect: dim 0 with a repeated index", "indexSelect(int,Tensor)", in -> in[0].indexSelect(0, rows),
                r -> of(randn(r, 3, 4)));
        c.twice("indexSelect: dim 1 of a transposed leaf", "indexSelect(int,Tensor)", in -> in[0].indexSelect(1, cols),
                r -> of(transposed(randn(r, 4, 3))));
        c.twice("indexSelect: dim 0 of a vector", "indexSelect(int,Tensor)", in -> in[0].indexSelect(0, rows).exp(),
                r -> of(randn(r, 3)));
        c.twice("indexSelect: dim 2 of [2,2,3]", "indexSelect(int,Tensor)", in -> in[0].indexSelect(2, rows),
                r -> of(randn(r, 2, 2, 3)));
        c.twice("indexAdd: dim 0, repeated positions", "indexAdd(int,Tensor,Tensor)",
                in -> in[0].indexAdd(0, rows, in[1]),
                r -> of(randn(r, 4, 3), randn(r, 3, 3)));
        c.twice("indexAdd: dim 1 into a transposed view from a strided source", "indexAdd(int,Tensor,Tensor)",
                in -> in[0].t().indexAdd(1, cols, in[1]), r -> of(randn(r, 4, 2), stepped(randn(r, 2, 8))));
        c.twice("indexAdd: squared source", "indexAdd(int,Tensor,Tensor)",
                in -> in[0].indexAdd(0, rows, in[1].square()), r -> of(randn(r, 3, 2), randn(r, 3, 2)));
        c.twice("indexAdd: into an expanded leaf", "indexAdd(int,Tensor,Tensor)", in -> in[0].indexAdd(1, rows, in[1]),
                r -> of(expanded(randn(r, 2, 1), 2, 4), randn(r, 2, 3)));

        Tensor gatherCols = index(dims(3, 2), 1, 3, 0, 0, 2, 1);
        Tensor gatherRows = index(dims(2, 4), 2, 0, 1, 2, 0, 0, 2, 1);
        c.twice("gather: dim 1 with repeats", "gather(int,Tensor)", in -> in[0].gather(1, gatherCols),
                r -> of(randn(r, 3, 4)));
        c.twice("gather: dim 0 of a transposed view, index smaller than the input", "gather(int,Tensor)",
                in -> in[0].t().gather(0, gatherRows), r -> of(randn(r, 4, 3)));
        c.twice("gather: dim -1 of a strided leaf, squared", "gather(int,Tensor)",
                in -> in[0].gather(-1, gatherCols).square(), r -> of(stepped(randn(r, 3, 8))));
        Tensor gather3 = index(dims(2, 2, 1), 2, 0, 1, 1);
        c.twice("gather: dim 1 of [2,3,2] with a smaller index", "gather(int,Tensor)", in -> in[0].gather(1, gather3),
                r -> of(randn(r, 2, 3, 2)));
        c.twice("gather: a vector", "gather(int,Tensor)", in -> in[0].gather(0, rows), r -> of(randn(r, 4)));
        c.twice("scatterAdd: dim 1 of [2,3,2] from [2,2,2]", "scatterAdd(int,Tensor,Tensor)",
                in -> in[0].scatterAdd(1, gather3, in[1]), r -> of(randn(r, 2, 3, 2), randn(r, 2, 2, 2)));

        Tensor scatterIndex = index(dims(2, 2), 1, 3, 1, 1);
        c.twice("scatterAdd: dim 1, index smaller than the source, repeated positions", "scatterAdd(int,Tensor,Tensor)",
                in -> in[0].scatterAdd(1, scatterIndex, in[1]), r -> of(randn(r, 3, 4), randn(r, 2, 3)));
        c.twice("scatterAdd: dim 0 into a transposed view", "scatterAdd(int,Tensor,Tensor)",
                in -> in[0].t().scatterAdd(0, gatherRows, in[1]), r -> of(randn(r, 4, 3), randn(r, 2, 4)));
        c.twice("scatterAdd: from a transposed leaf, squared", "scatterAdd(int,Tensor,Tensor)",
                in -> in[0].scatterAdd(1, scatterIndex, in[1].square()),
                r -> of(randn(r, 2, 4), transposed(randn(r, 3, 2))));

        Tensor mask34 = mask(dims(3, 4), true, false, false, true, false, false, true, false, true, true, false, false);
        Tensor mask4 = mask(dims(4), false, true, true, false);
        c.twice("maskedFill: [3,4] mask", "maskedFill(Tensor,double)", in -> in[0].maskedFill(mask34, 2.5),
                r -> of(randn(r, 3, 4)));
        c.twice("maskedFill: broadcast [4] mask on a transposed leaf", "maskedFill(Tensor,double)",
                in -> in[0].maskedFill(mask4, -1).exp(), r -> of(transposed(randn(r, 4, 3))));
        c.twice("maskedFill: expanded view", "maskedFill(Tensor,double)",
                in -> in[0].expand(3, 4).maskedFill(mask34, 0),
                r -> of(randn(r, 4)));
    }
}
