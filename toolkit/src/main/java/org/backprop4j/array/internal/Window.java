package org.backprop4j.array.internal;

/**
 * The geometry of a 2-D sliding window (convolution, pooling): kernel size, stride, zero padding and dilation along
 * height and width. {@code outHeight(H) = (H + 2 padH - dilationH (kernelH - 1) - 1) / strideH + 1}.
 */
public record Window(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW, int dilationH,
        int dilationW) {

    public Window {
        if (kernelH <= 0 || kernelW <= 0 || strideH <= 0 || strideW <= 0 || dilationH <= 0 || dilationW <= 0
                || padH < 0 || padW < 0) {
            throw new IllegalArgumentException("window: kernel, stride and dilation must be positive and padding "
                    + "non-negative, got kernel " + kernelH + "x" + kernelW + ", stride " + strideH + "x" + strideW
                    + ", padding " + padH + "x" + padW + ", dilation " + dilationH + "x" + dilationW);
        }
    }

    /** A square window with the same stride, padding and dilation along both axes. */
    public static Window of(int kernel, int stride, int padding, int dilation) {
        return new Window(kernel, kernel, stride, stride, padding, padding, dilation, dilation);
    }

    public int outHeight(int height) {
        return Math.floorDiv(height + 2 * padH - dilationH * (kernelH - 1) - 1, strideH) + 1;
    }

    public int outWidth(int width) {
        return Math.floorDiv(width + 2 * padW - dilationW * (kernelW - 1) - 1, strideW) + 1;
    }

    /** Kernel elements per channel. */
    public int area() {
        return kernelH * kernelW;
    }

    @Override
    public String toString() {
        return "kernel " + kernelH + "x" + kernelW + ", stride " + strideH + "x" + strideW + ", padding " + padH + "x"
                + padW + ", dilation " + dilationH + "x" + dilationW;
    }
}
