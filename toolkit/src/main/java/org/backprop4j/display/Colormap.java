package org.backprop4j.display;

/** Maps a value in [0, 1] to a colour, for heatmaps. */
public enum Colormap {
    /** Perceptually uniform dark blue to yellow (matplotlib's default), for values of one sign. */
    VIRIDIS,
    /** Black to white. */
    GRAY,
    /** Blue through white to red, for values centred on zero such as weights and gradients. */
    COOLWARM;

    /** The colour of {@code t} (clamped into [0, 1]; NaN is magenta) as 0xRRGGBB. */
    public int rgb(double t) {
        if (Double.isNaN(t)) {
            return 0xff00ff;
        }
        t = Math.clamp(t, 0.0, 1.0);
        return switch (this) {
            case GRAY -> {
                int v = (int) Math.round(255 * t);
                yield v << 16 | v << 8 | v;
            }
            case COOLWARM -> t < 0.5 ? mix(0x3b4cc0, 0xf7f7f7, t * 2) : mix(0xf7f7f7, 0xb40426, t * 2 - 1);
            case VIRIDIS -> viridis(t);
        };
    }

    private static int mix(int a, int b, double t) {
        int r = (int) Math.round(((a >> 16) & 255) * (1 - t) + ((b >> 16) & 255) * t);
        int g = (int) Math.round(((a >> 8) & 255) * (1 - t) + ((b >> 8) & 255) * t);
        int bl = (int) Math.round((a & 255) * (1 - t) + (b & 255) * t);
        return r << 16 | g << 8 | bl;
    }

    /** A degree-6 polynomial fit of viridis per channel (Horner form). */
    private static int viridis(double t) {
        double r = poly(t, 0.2777273272234177, 0.1050930431085774, -0.3308618287255563, -4.634230498983486,
                6.228269936347081, 4.776384997670288, -5.435455855934631);
        double g = poly(t, 0.005407344544966578, 1.404613529898575, 0.214847559468213, -5.799100973351585,
                14.17993336680509, -13.74514537774601, 4.645852612178535);
        double b = poly(t, 0.3340998053353061, 1.384590162594685, 0.09509516302823659, -19.33244095627987,
                56.69055260068105, -65.35303263337234, 26.3124352495832);
        return channel(r) << 16 | channel(g) << 8 | channel(b);
    }

    private static double poly(double t, double... c) {
        double v = 0;
        for (int i = c.length - 1; i >= 0; i--) {
            v = v * t + c[i];
        }
        return v;
    }

    private static int channel(double v) {
        return (int) Math.round(255 * Math.clamp(v, 0.0, 1.0));
    }
}
