package org.backprop4j.array.internal;

/**
 * The wide column layout of a stride-1, undilated convolution over {@code [C, H, W]} images: with the image
 * zero-padded to {@code [C, Hp, Wp]}, output position {@code (i, j)} sits at column {@code i Wp + j}, so the columns
 * of kernel tap {@code (c, ki, kj)} are the padded image itself from {@code c Hp Wp + ki Wp + kj} on, one contiguous
 * run of {@link #span()} elements. Building a column row is one copy instead of one per output row (runs of 8 to 28
 * elements in LeNet-5 and the image-classification notebook's network), at the price of {@code Wp - outW} = kernel
 * width minus one unused columns per output row that the product computes and the output leaves out.
 */
public record WideLayout(int channels, int height, int width, Window k) {

    /** Whether a window has the wide layout: stride 1 and no dilation along both axes. */
    public static boolean fits(Window k) {
        return k.strideH() == 1 && k.strideW() == 1 && k.dilationH() == 1 && k.dilationW() == 1;
    }

    public WideLayout {
        if (!fits(k)) {
            throw new IllegalArgumentException("wide layout: needs stride 1 and dilation 1, got " + k);
        }
    }

    public int outHeight() {
        return k.outHeight(height);
    }

    public int outWidth() {
        return k.outWidth(width);
    }

    public int paddedHeight() {
        return height + 2 * k.padH();
    }

    public int paddedWidth() {
        return width + 2 * k.padW();
    }

    public boolean padded() {
        return k.padH() > 0 || k.padW() > 0;
    }

    /** Elements of one padded image. */
    public int paddedImage() {
        return channels * paddedHeight() * paddedWidth();
    }

    /** Elements of one input image. */
    public int image() {
        return channels * height * width;
    }

    /** Rows of the column matrix: one per channel and kernel tap. */
    public int rows() {
        return channels * k.area();
    }

    /** Columns per image: every output row at the padded width. */
    public int columns() {
        return outHeight() * paddedWidth();
    }

    /** The columns of an image that a row copies from the padded image; the rest of {@link #columns()} is unused. */
    public int span() {
        return (outHeight() - 1) * paddedWidth() + outWidth();
    }

    /** Where row {@code r} (channel, tap row, tap column) starts in a padded image. */
    public int offset(int r) {
        int kw = k.kernelW();
        return r / k.area() * paddedHeight() * paddedWidth() + r / kw % k.kernelH() * paddedWidth() + r % kw;
    }

    /** Whether the products compute at most {@code 1.5x} the columns the output needs (the layout pays off). */
    public boolean worthIt() {
        return 2L * (paddedWidth() - outWidth()) <= outWidth();
    }
}
