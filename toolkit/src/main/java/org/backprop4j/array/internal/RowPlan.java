package org.backprop4j.array.internal;

/**
 * How to walk up to three strided operands over one index space in row-major order: as {@code rows} runs of
 * {@code inner} elements, operand {@code k} starting run {@code r} at {@code start[k][r]} and stepping by
 * {@code step[k]}. Adjacent dimensions laid out contiguously for every operand are merged first, so a contiguous
 * tensor is one long run and a broadcast bias is one run per row. Kernels loop over runs, never per element here.
 */
final class RowPlan {
    final int rows;
    final int inner;
    final int[][] start;
    final int[] step;

    private RowPlan(int rows, int inner, int[][] start, int[] step) {
        this.rows = rows;
        this.inner = inner;
        this.start = start;
        this.step = step;
    }

    /** Plans a walk over {@code dims} for operands with the given strides and offsets. */
    static RowPlan of(int[] dims, int[][] strides, int[] offsets) {
        return of(dims, 0, strides, offsets);
    }

    /**
     * Like {@link #of(int[], int[][], int[])}, but dimensions are merged only within {@code [0, barrier)} and within
     * {@code [barrier, rank)}, and the runs always lie inside the second group. A reduction puts its reduced
     * dimensions last and passes the first of them as the barrier: then every output owns
     * {@code rows / outputs} consecutive runs.
     */
    static RowPlan of(int[] dims, int barrier, int[][] strides, int[] offsets) {
        int ops = strides.length;
        int r = dims.length;
        for (int d : dims) {
            if (d == 0) {
                return new RowPlan(0, 0, new int[ops][0], new int[ops]);
            }
        }
        int[] mdims = new int[r + 1];
        int[][] mstr = new int[ops][r + 1];
        int m = 0;
        for (int group = 0; group < 2; group++) {
            int from = group == 0 ? 0 : barrier;
            int to = group == 0 ? barrier : r;
            int groupStart = m;
            for (int d = from; d < to; d++) {
                if (dims[d] == 1) {
                    continue;
                }
                boolean merge = m > groupStart;
                for (int k = 0; merge && k < ops; k++) {
                    merge = mstr[k][m - 1] == strides[k][d] * dims[d];
                }
                if (merge) {
                    mdims[m - 1] *= dims[d];
                } else {
                    mdims[m++] = dims[d];
                }
                for (int k = 0; k < ops; k++) {
                    mstr[k][m - 1] = strides[k][d];
                }
            }
            if (group == 1 && m == groupStart) {
                mdims[m++] = 1; // a scalar run, so that the runs stay inside the second group
            }
        }
        int outer = m - 1;
        int inner = mdims[outer];
        int[] step = new int[ops];
        for (int k = 0; k < ops; k++) {
            step[k] = mstr[k][outer];
        }
        int rows = 1;
        for (int d = 0; d < outer; d++) {
            rows *= mdims[d];
        }
        int[][] start = new int[ops][rows];
        int[] counter = new int[outer];
        int[] off = offsets.clone();
        for (int row = 0; row < rows; row++) {
            for (int k = 0; k < ops; k++) {
                start[k][row] = off[k];
            }
            for (int d = outer - 1; d >= 0; d--) {
                for (int k = 0; k < ops; k++) {
                    off[k] += mstr[k][d];
                }
                if (++counter[d] < mdims[d]) {
                    break;
                }
                for (int k = 0; k < ops; k++) {
                    off[k] -= mstr[k][d] * mdims[d];
                }
                counter[d] = 0;
            }
        }
        return new RowPlan(rows, inner, start, step);
    }
}
