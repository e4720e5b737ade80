package org.backprop4j.gradcheck;

import static org.backprop4j.gradcheck.Inputs.of;
import static org.backprop4j.gradcheck.Inputs.randn;
import static org.backprop4j.gradcheck.Inputs.stepped;
import static org.backprop4j.gradcheck.Inputs.transposed;

import org.backprop4j.ops.LinAlg;
import org.backprop4j.tensor.Tensor;

/** Matrix products: matmul in all its rank combinations, outer and dot: cases for {@link OpCases}. */
final class LinAlgCases {
    private LinAlgCases() {
    }

    static void addTo(OpCases.Catalog c) {
        linearAlgebra(c);
    }

    private static void linearAlgebra(OpCases.Catalog c) {
        c.twice("matmul: 1-D @ 1-D", "matmul(Tensor)", in -> in[0].matmul(in[1]), r -> of(randn(r, 4), randn(r, 4)));
        c.twice("matmul: 2-D @ 1-D", "matmul(Tensor)", in -> in[0].matmul(in[1]), r -> of(randn(r, 3, 4), randn(r, 4)));
        c.twice("matmul: 1-D @ 2-D", "matmul(Tensor)", in -> in[0].matmul(in[1]), r -> of(randn(r, 3), randn(r, 3, 4)));
        c.twice("matmul: 2-D @ 2-D", "matmul(Tensor)", in -> in[0].matmul(in[1]),
                r -> of(randn(r, 3, 4), randn(r, 4, 2)));
        c.twice("matmul: transposed views on both sides", "matmul(Tensor)", in -> in[0].t().matmul(in[1].t()),
                r -> of(randn(r, 4, 3), randn(r, 2, 4)));
        c.twice("matmul: transposed leaf @ strided leaf", "matmul(Tensor)", in -> in[0].matmul(in[1]),
                r -> of(transposed(randn(r, 4, 3)), stepped(randn(r, 4, 4))));
        c.twice("matmul: batched, broadcast [2,1,3,4] @ [5,4,2]", "matmul(Tensor)", in -> in[0].matmul(in[1]),
                r -> of(randn(r, 2, 1, 3, 4), randn(r, 5, 4, 2)));
        c.twice("matmul: [2,3,4] @ [4,2]", "matmul(Tensor)", in -> in[0].matmul(in[1]),
                r -> of(randn(r, 2, 3, 4), randn(r, 4, 2)));
        c.twice("matmul: 1-D @ [2,3,2]", "matmul(Tensor)", in -> in[0].matmul(in[1]),
                r -> of(randn(r, 3), randn(r, 2, 3, 2)));
        c.twice("matmul: [2,2,3] @ 1-D", "matmul(Tensor)", in -> in[0].matmul(in[1]),
                r -> of(randn(r, 2, 2, 3), randn(r, 3)));
        c.twice("matmul: permuted batch @ expanded matrix", "matmul(Tensor)",
                in -> in[0].permute(1, 0, 2).matmul(in[1].expand(3, 2, 2)),
                r -> of(randn(r, 2, 3, 2), randn(r, 1, 2, 2)));
        c.twice("matmul: x @ x", "matmul(Tensor)", in -> in[0].matmul(in[0]), r -> of(randn(r, 3, 3)));
        c.twice("matmul: row @ column, [1,4] @ [4,1]", "matmul(Tensor)", in -> in[0].matmul(in[1]),
                r -> of(randn(r, 1, 4), randn(r, 4, 1)));
        c.twice("matmul: inner size 1, [3,1] @ [1,2]", "matmul(Tensor)", in -> in[0].matmul(in[1]),
                r -> of(randn(r, 3, 1), randn(r, 1, 2)));
        c.twice("matmul: strided row @ transposed leaf", "matmul(Tensor)",
                in -> in[0].slice(0, 1, 2).slice(1, 0, 8, 2).matmul(in[1]),
                r -> of(randn(r, 2, 8), transposed(randn(r, 3, 4))));
        c.twice("matmul: [3,4] @ [2,4,5] broadcasts the left operand", "matmul(Tensor)", in -> in[0].matmul(in[1]),
                r -> of(randn(r, 3, 4), randn(r, 2, 4, 5)));
        c.twice("matmul: transposed rank-3 leaves", "matmul(Tensor)", in -> in[0].matmul(in[1]),
                r -> of(transposed(randn(r, 2, 4, 3)), transposed(randn(r, 2, 2, 4))));
        c.twice("linear: [3,4] x [2,4]^T + [2]", "", in -> LinAlg.linear(in[0], in[1], in[2]),
                r -> of(randn(r, 3, 4), randn(r, 2, 4), randn(r, 2)));
        c.twice("linear: rank-3 transposed input, no bias", "", in -> LinAlg.linear(in[0].transpose(0, 1), in[1], null),
                r -> of(randn(r, 3, 2, 4), randn(r, 5, 4)));
        c.twice("linear: 1-D input, transposed weight", "", in -> LinAlg.linear(in[0], in[1].t(), in[2]),
                r -> of(randn(r, 3), randn(r, 3, 2), randn(r, 2)));
        c.twice("linear: x used as input and weight", "", in -> LinAlg.linear(in[0], in[0], in[1]),
                r -> of(randn(r, 3, 3), randn(r, 3)));
        c.twice("outer: [3] x [4]", "outer(Tensor)", in -> in[0].outer(in[1]), r -> of(randn(r, 3), randn(r, 4)));
        c.twice("outer: strided rows of leaves", "outer(Tensor)",
                in -> in[0].select(0, 1).outer(in[1].slice(0, 0, 5, 2)),
                r -> of(randn(r, 2, 2), randn(r, 5)));
        c.twice("dot: [4] . [4]", "dot(Tensor)", in -> in[0].dot(in[1]), r -> of(randn(r, 4), randn(r, 4)));
        c.twice("dot: column of a matrix . strided leaf", "dot(Tensor)", in -> in[0].select(1, 2).dot(in[1]),
                r -> of(randn(r, 3, 4), stepped(randn(r, 6))));
        c.twice("dot: x . x", "dot(Tensor)", in -> in[0].dot(in[0]), r -> of(randn(r, 5)));
    }
}
