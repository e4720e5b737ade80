package org.backprop4j.array.internal;

import org.backprop4j.backend.internal.Workers;

/**
 * How a convolution without groups walks its batch: the columns of every image side by side ({@code [rows, N L]}),
 * built and used a block of whole images at a time, as many images as keep a block's columns within
 * {@link #BLOCK_ELEMENTS} (256 KiB of floats), so they are read back from cache instead of memory. The products go
 * through BLAS in runs of {@link #COLUMNS} columns: OpenBLAS ran the skinny shapes of small convolutions (M = 6
 * output channels for LeNet's first layer) at a third of its speed both one image at a time and as one product
 * 36,864 columns wide. With several threads the blocks are shared out; a sum over the batch (a weight gradient) is
 * always taken in two halves of the blocks, added at the end, so no value depends on the thread count.
 */
public final class ConvBlocks {
    private ConvBlocks() {
    }

    /** The width of the column runs a convolution's products go through BLAS in. */
    public static final int COLUMNS = 256;
    /** The work (multiply-adds) below which a product runs on the calling thread alone. */
    private static final long SPLIT_WORK = 1L << 21;
    /** The column matrix of a block of images stays within this many elements (256 KiB of floats), in cache. */
    private static final int BLOCK_ELEMENTS = 1 << 16;

    /** Images per block: as many as keep the block's column matrix within {@link #BLOCK_ELEMENTS}, at least one. */
    public static int imagesPerBlock(int rows, int l) {
        return (int) Math.max(1, BLOCK_ELEMENTS / Math.max(1L, (long) rows * l));
    }

    /** A product over the columns {@code [from, from + width)} of a block. */
    @FunctionalInterface
    public interface ColumnRun {
        void run(int from, int width);
    }

    /** Work on the columns {@code [from, to)} of the batch's column matrix (whole images). */
    @FunctionalInterface
    public interface BlockRun {
        void run(int from, int to);
    }

    /** Part of the sum over the blocks of one half, block {@code [from, to)} (first: the half's first block). */
    @FunctionalInterface
    public interface SumRun {
        void run(int half, int from, int to, boolean first);
    }

    /** {@code [0, width)} in runs of {@code run} columns, in order on this thread. */
    public static void inRuns(int width, int run, ColumnRun body) {
        for (int from = 0; from < width; from += run) {
            body.run(from, Math.min(run, width - from));
        }
    }

    /** The first column of block {@code i}: its images {@code [i per, min(n, (i + 1) per))} times {@code l}. */
    private static int blockStart(int i, int per, int l, int n) {
        return Math.min(n, i * per) * l;
    }

    /**
     * Every block of {@code per} images ({@code l} columns each) once, the blocks shared out over threads in
     * contiguous ranges when the work is large enough.
     */
    public static void byBlocks(int n, int per, int l, long work, BlockRun body) {
        int blocks = (n + per - 1) / per;
        int parts = work < SPLIT_WORK ? 1 : Math.min(Workers.threads(), blocks);
        Workers.run(parts, p -> {
            for (int i = blocks * p / parts; i < blocks * (p + 1) / parts; i++) {
                body.run(blockStart(i, per, l, n), blockStart(i + 1, per, l, n));
            }
        });
    }

    /**
     * A sum over the whole batch's columns taken as two halves of the blocks, each summed block after block into its
     * own result; the caller adds the two. Always two halves, whatever the thread count, so the sum's order is fixed;
     * with threads the halves run at once. A half without blocks writes nothing (its result stays zero).
     */
    public static void bySumHalves(int n, int per, int l, long work, SumRun body) {
        int blocks = (n + per - 1) / per;
        int parts = work < SPLIT_WORK ? 1 : Math.min(Workers.threads(), 2);
        Workers.run(parts, p -> {
            for (int half = p; half < 2; half += parts) {
                int i0 = half == 0 ? 0 : blocks / 2;
                int i1 = half == 0 ? blocks / 2 : blocks;
                for (int i = i0; i < i1; i++) {
                    body.run(half, blockStart(i, per, l, n), blockStart(i + 1, per, l, n), i == i0);
                }
            }
        });
    }
}
