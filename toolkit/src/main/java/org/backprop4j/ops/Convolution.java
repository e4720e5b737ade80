package org.backprop4j.ops;

import static org.backprop4j.ops.Elementwise.grads;

import org.backprop4j.array.internal.Check;
import org.backprop4j.autograd.Graph;
import org.backprop4j.array.DType;
import org.backprop4j.array.Shape;
import org.backprop4j.tensor.Tensor;
import org.backprop4j.array.internal.Window;
import org.backprop4j.array.internal.WindowKernels;

/**
 * Convolutions as GEMMs: {@link #im2col} lays every receptive field out as a column, so that a convolution is one
 * matrix product per image through the {@code Backend} GEMM; {@link #col2im} is its adjoint (sums columns back
 * into an image), which makes it both im2col's gradient and the core of the transposed convolution.
 */
public final class Convolution {
    private Convolution() {
    }

    private static void checkImage(String op, Tensor x) {
        Check.floating(op, x);
        if (x.dim() != 4) {
            throw new IllegalArgumentException(op + ": expected an input of shape [N, C, H, W], got " + x.shape());
        }
    }

    /**
     * Receptive fields as columns: {@code [N, C, H, W] -> [N, C * kH * kW, outH * outW]}, with {@code padValue}
     * where the window hangs over the border (0 for convolution, -infinity for max pooling). Gradient: col2im.
     *
     * @throws IllegalArgumentException if the window does not fit the padded input
     */
    public static Tensor im2col(Tensor x, Window k, double padValue) {
        checkImage("im2col", x);
        int n = x.size(0);
        int c = x.size(1);
        int h = x.size(2);
        int w = x.size(3);
        int oh = k.outHeight(h);
        int ow = k.outWidth(w);
        if (oh <= 0 || ow <= 0) {
            throw new IllegalArgumentException("im2col: window (" + k + ") does not fit an input of shape "
                    + x.shape() + ": the output would be " + oh + "x" + ow);
        }
        Tensor in = x.detach().contiguous();
        Tensor out = Tensor.zeros(x.dtype(), Shape.of(n, c * k.area(), oh * ow));
        if (x.dtype() == DType.FLOAT32) {
            WindowKernels.im2col(in.storage().floats(), in.offset(), n, c, h, w, k, (float) padValue,
                    out.storage().floats());
        } else {
            WindowKernels.im2col(in.storage().doubles(), in.offset(), n, c, h, w, k, padValue,
                    out.storage().doubles());
        }
        return Graph.record("im2col", out, new Tensor[] {x}, (g, ctx) -> grads(col2im(g, c, h, w, k)));
    }

    /**
     * The adjoint of {@link #im2col}: {@code [N, C * kH * kW, L] -> [N, C, H, W]}, summing every column entry into
     * the image element it came from. Gradient: im2col.
     *
     * @throws IllegalArgumentException if the columns do not match the window and image size
     */
    public static Tensor col2im(Tensor cols, int channels, int height, int width, Window k) {
        Check.floating("col2im", cols);
        int oh = k.outHeight(height);
        int ow = k.outWidth(width);
        if (cols.dim() != 3 || cols.size(1) != channels * k.area() || cols.size(2) != oh * ow || oh <= 0
                || ow <= 0) {
            throw new IllegalArgumentException("col2im: columns of shape " + cols.shape() + " do not fit " + channels
                    + " channels of " + height + "x" + width + " with window (" + k + "); expected [N, "
                    + channels * k.area() + ", " + oh * ow + "]");
        }
        int n = cols.size(0);
        Tensor in = cols.detach().contiguous();
        Tensor out = Tensor.zeros(cols.dtype(), Shape.of(n, channels, height, width));
        if (cols.dtype() == DType.FLOAT32) {
            WindowKernels.col2im(in.storage().floats(), in.offset(), n, channels, height, width, k,
                    out.storage().floats());
        } else {
            WindowKernels.col2im(in.storage().doubles(), in.offset(), n, channels, height, width, k,
                    out.storage().doubles());
        }
        return Graph.record("col2im", out, new Tensor[] {cols}, (g, ctx) -> grads(im2col(g, k, 0)));
    }

    /**
     * 2-D convolution (cross-correlation, as in PyTorch): input {@code [N, C, H, W]}, weight
     * {@code [O, C / groups, kH, kW]}, optional bias {@code [O]}, output {@code [N, O, outH, outW]}.
     *
     * @throws IllegalArgumentException naming the shapes when channels or groups do not fit
     */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, Window k, int groups) {
        checkImage("conv2d", x);
        Check.sameFloating("conv2d", x, weight);
        int n = x.size(0);
        int c = x.size(1);
        int o = weight.size(0);
        if (weight.dim() != 4 || groups <= 0 || c % groups != 0 || o % groups != 0 || weight.size(1) != c / groups
                || weight.size(2) != k.kernelH() || weight.size(3) != k.kernelW()) {
            throw new IllegalArgumentException("conv2d: input " + x.shape() + " and weight " + weight.shape()
                    + " do not fit with groups=" + groups + " and kernel " + k.kernelH() + "x" + k.kernelW()
                    + " (expected weight [O, " + (groups > 0 && c % groups == 0 ? c / groups : "C/groups") + ", "
                    + k.kernelH() + ", " + k.kernelW() + "], with C and O divisible by groups)");
        }
        int oh = k.outHeight(x.size(2));
        int ow = k.outWidth(x.size(3));
        Tensor cols = im2col(x, k, 0);
        Tensor out;
        if (groups == 1) {
            out = weight.reshape(o, c * k.area()).matmul(cols);
        } else {
            Tensor grouped = cols.reshape(n, groups, c / groups * k.area(), oh * ow);
            out = weight.reshape(groups, o / groups, c / groups * k.area()).matmul(grouped);
        }
        out = out.reshape(n, o, oh, ow);
        return bias == null ? out : out.add(bias.reshape(1, o, 1, 1));
    }

    /** 1-D convolution: input {@code [N, C, L]}, weight {@code [O, C / groups, k]}, output {@code [N, O, outL]}. */
    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, int stride, int padding, int dilation,
            int groups) {
        if (x.dim() != 3 || weight.dim() != 3) {
            throw new IllegalArgumentException("conv1d: expected input [N, C, L] and weight [O, C/groups, k], got "
                    + x.shape() + " and " + weight.shape());
        }
        Window k = new Window(1, weight.size(2), 1, stride, 0, padding, 1, dilation);
        return conv2d(x.unsqueeze(2), weight.unsqueeze(2), bias, k, groups).squeeze(2);
    }

    /**
     * Transposed 2-D convolution (the gradient of conv2d with respect to its input): input {@code [N, C, H, W]},
     * weight {@code [C, O / groups, kH, kW]}, output {@code [N, O, outH, outW]} with
     * {@code outH = (H - 1) strideH - 2 padH + dilationH (kH - 1) + outputPadH + 1}.
     */
    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias, Window k, int outputPadH,
            int outputPadW, int groups) {
        checkImage("convTranspose2d", x);
        Check.sameFloating("convTranspose2d", x, weight);
        int n = x.size(0);
        int c = x.size(1);
        int h = x.size(2);
        int w = x.size(3);
        if (weight.dim() != 4 || groups <= 0 || c % groups != 0 || weight.size(0) != c
                || weight.size(2) != k.kernelH() || weight.size(3) != k.kernelW()) {
            throw new IllegalArgumentException("convTranspose2d: input " + x.shape() + " and weight "
                    + weight.shape() + " do not fit with groups=" + groups + " (expected weight [" + c
                    + ", O/groups, " + k.kernelH() + ", " + k.kernelW() + "])");
        }
        if (outputPadH >= Math.max(k.strideH(), k.dilationH()) || outputPadW >= Math.max(k.strideW(), k.dilationW())
                || outputPadH < 0 || outputPadW < 0) {
            throw new IllegalArgumentException("convTranspose2d: output padding " + outputPadH + "x" + outputPadW
                    + " must be non-negative and smaller than stride or dilation");
        }
        int perGroup = weight.size(1);
        int o = perGroup * groups;
        int outH = (h - 1) * k.strideH() - 2 * k.padH() + k.dilationH() * (k.kernelH() - 1) + outputPadH + 1;
        int outW = (w - 1) * k.strideW() - 2 * k.padW() + k.dilationW() * (k.kernelW() - 1) + outputPadW + 1;
        Tensor wg = weight.reshape(groups, c / groups, perGroup * k.area()).transpose(1, 2);
        Tensor cols = wg.matmul(x.reshape(n, groups, c / groups, h * w)).reshape(n, o * k.area(), h * w);
        Tensor out = col2im(cols, o, outH, outW, k);
        return bias == null ? out : out.add(bias.reshape(1, o, 1, 1));
    }
}
