package org.backprop4j.array.internal;

/**
 * PyTorch's adaptive pooling bins over {@code [D, H, W]}: output cell {@code i} of {@code out} along a dimension of
 * {@code in} covers inputs {@code floor(i in / out)} to {@code ceil((i + 1) in / out) - 1}. {@link #table()} lists,
 * for every output cell (row-major) and every tap of the largest bin (row-major), the input offset in the volume, or
 * -1 where the cell's bin is smaller than the largest.
 *
 * @param table the taps of every cell: entry {@code l taps + t}
 * @param taps  taps per cell (the product of the largest bin sizes)
 */
public record AdaptiveBins(int[] table, int taps) {

    /** First input index of bin {@code i}. */
    public static int start(int i, int in, int out) {
        return Math.floorDiv(i * in, out);
    }

    /** One past the last input index of bin {@code i}. */
    public static int end(int i, int in, int out) {
        return -Math.floorDiv(-(i + 1) * in, out);
    }

    /** The bins of {@code in} (three sizes) pooled to {@code out} (three sizes). */
    public static AdaptiveBins of(int[] in, int[] out) {
        int[] span = new int[3];
        for (int a = 0; a < 3; a++) {
            for (int i = 0; i < out[a]; i++) {
                span[a] = Math.max(span[a], end(i, in[a], out[a]) - start(i, in[a], out[a]));
            }
        }
        int taps = span[0] * span[1] * span[2];
        int[] table = new int[out[0] * out[1] * out[2] * taps];
        int p = 0;
        for (int i = 0; i < out[0]; i++) {
            int d0 = start(i, in[0], out[0]);
            int d1 = end(i, in[0], out[0]);
            for (int j = 0; j < out[1]; j++) {
                int h0 = start(j, in[1], out[1]);
                int h1 = end(j, in[1], out[1]);
                for (int k = 0; k < out[2]; k++) {
                    int w0 = start(k, in[2], out[2]);
                    int w1 = end(k, in[2], out[2]);
                    for (int u = 0; u < span[0]; u++) {
                        for (int v = 0; v < span[1]; v++) {
                            for (int t = 0; t < span[2]; t++) {
                                int d = d0 + u;
                                int h = h0 + v;
                                int w = w0 + t;
                                table[p++] = d < d1 && h < h1 && w < w1 ? (d * in[1] + h) * in[2] + w : -1;
                            }
                        }
                    }
                }
            }
        }
        return new AdaptiveBins(table, taps);
    }

    /** The input offsets of the taps {@code tap[p L + l]} that won in cell {@code l} of every plane {@code p}. */
    public long[] positions(long[] tap) {
        int cells = table.length / taps;
        long[] out = new long[tap.length];
        for (int o = 0; o < tap.length; o++) {
            out[o] = table[(o % cells) * taps + (int) tap[o]];
        }
        return out;
    }
}
