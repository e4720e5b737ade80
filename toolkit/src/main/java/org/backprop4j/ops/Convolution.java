package org.backprop4j.ops;

import static org.backprop4j.array.internal.ConvBlocks.COLUMNS;
import static org.backprop4j.array.internal.ConvBlocks.byBlocks;
import static org.backprop4j.array.internal.ConvBlocks.bySumHalves;
import static org.backprop4j.array.internal.ConvBlocks.imagesPerBlock;
import static org.backprop4j.array.internal.ConvBlocks.inRuns;
import static org.backprop4j.ops.Elementwise.grads;

import java.util.Arrays;

import org.backprop4j.array.internal.Check;
import org.backprop4j.array.internal.DoubleWideConv;
import org.backprop4j.array.internal.FloatWideConv;
import org.backprop4j.array.internal.ConvBlocks;
import org.backprop4j.autograd.BackwardContext;
import org.backprop4j.autograd.GradMode;
import org.backprop4j.autograd.Graph;
import org.backprop4j.backend.Backend;
import org.backprop4j.array.DType;
import org.backprop4j.array.Shape;
import org.backprop4j.array.Storage;
import org.backprop4j.array.internal.Scratch;
import org.backprop4j.tensor.Tensor;
import org.backprop4j.array.internal.WideLayout;
import org.backprop4j.array.internal.Window;
import org.backprop4j.array.internal.Window3d;
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
        // one fused op, except under autocast, whose 16-bit product the composite path takes through matmul
        if (groups == 1 && oh > 0 && ow > 0 && n > 0 && o > 0 && c > 0 && Autocast.current() == null) {
            if (bias != null) {
                Check.sameFloating("conv2d", x, bias);
                if (bias.dim() != 1 || bias.size(0) != o) {
                    throw new IllegalArgumentException("conv2d: bias " + bias.shape() + " does not fit weight "
                            + weight.shape() + "; expected [" + o + "]");
                }
            }
            int[] outShape = {n, o, oh, ow};
            if (WideLayout.fits(k)) {
                WideLayout layout = new WideLayout(c, x.size(2), x.size(3), k);
                if (layout.worthIt()) {
                    return wide(x, weight, bias, layout, outShape);
                }
            }
            return fused(x, weight, bias, k, outShape);
        }
        return weighted(im2col(x, k, 0), weight, bias, groups, c * k.area(), new int[] {n, o, oh, ow});
    }

    /**
     * conv2d without groups as one operation over the whole batch, walked in blocks of whole images as
     * {@link ConvBlocks} says (LeNet-5's first layer built a 3.7 MB column matrix twice a step; in blocks its step ran
     * 16.2-17.7k against 11.5-15.6k samples/s at 1 thread and 18.2-19.7k against 14.0-15.2k at 2). The forward's
     * product ({@code [O, N L]}) is rearranged to {@code [N, O, L]} with the bias added on the way, the weight
     * gradient is one sum over all columns and the columns' gradient one more product, summed back by col2im block by
     * block. Work arrays that do not outlive the op come from {@link Scratch}, the columns included: the backward
     * builds them again from the saved input for the weight gradient rather than keeping them from forward to
     * backward. When the backward is itself recorded (higher-order gradients) the rule is the composite formulation
     * ({@link #composite}), so it differentiates again.
     */
    private static Tensor fused(Tensor x, Tensor weight, Tensor bias, Window k, int[] outShape) {
        int n = outShape[0];
        int o = outShape[1];
        int c = x.size(1);
        int h = x.size(2);
        int w = x.size(3);
        int rows = c * k.area();
        int l = outShape[2] * outShape[3];
        int nl = n * l;
        boolean f32 = x.dtype() == DType.FLOAT32;
        Tensor in = x.detach().contiguous();
        Tensor wc = weight.detach().contiguous();
        Tensor b = bias == null ? null : bias.detach().contiguous();
        Backend backend = Backend.current();
        Storage y = Storage.allocate(x.dtype(), n * o * l);
        int per = imagesPerBlock(rows, l);
        long work = (long) o * nl * rows;
        if (f32) {
            float[] wv = wc.storage().floats();
            float[] xv = in.storage().floats();
            float[] product = Scratch.floats(0, o * nl);
            byBlocks(n, per, l, work, (b0, b1) -> {
                int cw = b1 - b0;
                float[] cols = Scratch.floats(1, rows * cw);
                WindowKernels.im2col(xv, in.offset() + b0 / l * c * h * w, cw / l, c, h, w, k, 0f, cols, 0, l, cw);
                inRuns(cw, COLUMNS, (from, width) -> backend.sgemm(false, false, o, width, rows, 1f, wv, wc.offset(),
                        rows, cols, from, cw, 0f, product, b0 + from, nl));
            });
            WindowKernels.toImageMajor(product, o, n, l, b == null ? null : b.storage().floats(),
                    b == null ? 0 : b.offset(), y.floats());
        } else {
            double[] wv = wc.storage().doubles();
            double[] xv = in.storage().doubles();
            double[] product = Scratch.doubles(0, o * nl);
            byBlocks(n, per, l, work, (b0, b1) -> {
                int cw = b1 - b0;
                double[] cols = Scratch.doubles(1, rows * cw);
                WindowKernels.im2col(xv, in.offset() + b0 / l * c * h * w, cw / l, c, h, w, k, 0, cols, 0, l, cw);
                inRuns(cw, COLUMNS, (from, width) -> backend.dgemm(false, false, o, width, rows, 1.0, wv, wc.offset(),
                        rows, cols, from, cw, 0.0, product, b0 + from, nl));
            });
            WindowKernels.toImageMajor(product, o, n, l, b == null ? null : b.storage().doubles(),
                    b == null ? 0 : b.offset(), y.doubles());
        }
        int[] inShape = x.shape().toArray();
        return Graph.record("conv2d", Tensor.of(y, Shape.of(outShape)), new Tensor[] {x, weight, bias},
                new Tensor[] {x, weight}, (g, ctx) -> {
                    Tensor ws = ctx.saved(1);
                    if (GradMode.isEnabled()) {
                        return composite(g, ctx, k, inShape);
                    }
                    Tensor wsc = ws.detach().contiguous();
                    Tensor xs = ctx.needsGrad(1) ? ctx.saved(0).detach().contiguous() : null;
                    Tensor gc = g.contiguous();
                    // every saved tensor is in hand (a recomputation may run ops) before the work arrays are taken
                    double[] sums = ctx.needsGrad(2) ? new double[o] : null;
                    Storage gx = ctx.needsGrad(0) ? Storage.allocate(g.dtype(), n * c * h * w) : null;
                    Storage gw = ctx.needsGrad(1) ? Storage.allocate(g.dtype(), o * rows) : null;
                    if (f32) {
                        float[] gt = Scratch.floats(0, o * nl);
                        float[] wv = wsc.storage().floats();
                        WindowKernels.toChannelMajor(gc.storage().floats(), gc.offset(), n, o, l, gt, sums);
                        if (gw != null) {
                            // the transpose [rows, O] = columns x gt^T in two halves of the sum, then [O, rows]
                            float[] xv = xs.storage().floats();
                            float[] gwt = new float[2 * rows * o];
                            bySumHalves(n, per, l, work, (half, b0, b1, first) -> {
                                int cw = b1 - b0;
                                float[] cols = Scratch.floats(1, rows * cw);
                                WindowKernels.im2col(xv, xs.offset() + b0 / l * c * h * w, cw / l, c, h, w, k, 0f, cols,
                                        0, l, cw);
                                inRuns(cw, 4 * COLUMNS, (from, width) -> backend.sgemm(false, true, rows, o, width,
                                        1f, cols, from, cw, gt, b0 + from, nl, first && from == 0 ? 0f : 1f, gwt,
                                        half * rows * o, o));
                            });
                            for (int r = 0; r < rows; r++) {
                                for (int ch = 0; ch < o; ch++) {
                                    gw.floats()[ch * rows + r] = gwt[r * o + ch] + gwt[rows * o + r * o + ch];
                                }
                            }
                        }
                        if (gx != null) {
                            float[] out = gx.floats();
                            byBlocks(n, per, l, work, (b0, b1) -> {
                                int cw = b1 - b0;
                                float[] dcols = Scratch.floats(1, rows * cw);
                                inRuns(cw, COLUMNS, (from, width) -> backend.sgemm(true, false, rows, width, o, 1f,
                                        wv, wsc.offset(), rows, gt, b0 + from, nl, 0f, dcols, from, cw));
                                WindowKernels.col2im(dcols, 0, cw / l, c, h, w, k, out, b0 / l * c * h * w, l, cw);
                            });
                        }
                    } else {
                        double[] gt = Scratch.doubles(0, o * nl);
                        double[] wv = wsc.storage().doubles();
                        WindowKernels.toChannelMajor(gc.storage().doubles(), gc.offset(), n, o, l, gt, sums);
                        if (gw != null) {
                            double[] xv = xs.storage().doubles();
                            double[] gwt = new double[2 * rows * o];
                            bySumHalves(n, per, l, work, (half, b0, b1, first) -> {
                                int cw = b1 - b0;
                                double[] cols = Scratch.doubles(1, rows * cw);
                                WindowKernels.im2col(xv, xs.offset() + b0 / l * c * h * w, cw / l, c, h, w, k, 0, cols,
                                        0, l, cw);
                                inRuns(cw, 4 * COLUMNS, (from, width) -> backend.dgemm(false, true, rows, o, width,
                                        1.0, cols, from, cw, gt, b0 + from, nl, first && from == 0 ? 0.0 : 1.0,
                                        gwt, half * rows * o, o));
                            });
                            for (int r = 0; r < rows; r++) {
                                for (int ch = 0; ch < o; ch++) {
                                    gw.doubles()[ch * rows + r] = gwt[r * o + ch] + gwt[rows * o + r * o + ch];
                                }
                            }
                        }
                        if (gx != null) {
                            double[] out = gx.doubles();
                            byBlocks(n, per, l, work, (b0, b1) -> {
                                int cw = b1 - b0;
                                double[] dcols = Scratch.doubles(1, rows * cw);
                                inRuns(cw, COLUMNS, (from, width) -> backend.dgemm(true, false, rows, width, o, 1.0,
                                        wv, wsc.offset(), rows, gt, b0 + from, nl, 0.0, dcols, from, cw));
                                WindowKernels.col2im(dcols, 0, cw / l, c, h, w, k, out, b0 / l * c * h * w, l, cw);
                            });
                        }
                    }
                    return grads(gx == null ? null : Tensor.of(gx, Shape.of(inShape)),
                            gw == null ? null : Tensor.of(gw, ws.shape()),
                            sums == null ? null : Tensor.of(sums).to(g.dtype()));
                });
    }

    /**
     * The gradients of a conv2d without groups as recorded ops (im2col, products, col2im), for a backward that is
     * itself recorded: they differentiate again. {@code ctx} saved the input and the weight.
     */
    private static Tensor[] composite(Tensor g, BackwardContext<Tensor> ctx, Window k, int[] inShape) {
        Tensor ws = ctx.saved(1);
        int n = inShape[0];
        int o = ws.size(0);
        int rows = inShape[1] * k.area();
        Tensor g3 = g.reshape(n, o, g.size(2) * g.size(3));
        Tensor gx = ctx.needsGrad(0) ? col2im(ws.reshape(o, rows).t().matmul(g3), inShape[1], inShape[2], inShape[3], k)
                .reshape(inShape) : null;
        Tensor gw = ctx.needsGrad(1) ? g3.matmul(im2col(ctx.saved(0), k, 0).transpose(1, 2)).sum(0)
                .reshape(ws.shape().toArray()) : null;
        return grads(gx, gw, ctx.needsGrad(2) ? g3.sum(2).sum(0) : null);
    }

    /**
     * conv2d with stride 1 and no dilation, the products over the wide columns of {@link WideLayout} (one copy per
     * column row instead of one per output row), walked in blocks as {@link #fused} is; the loops are
     * {@link FloatWideConv} and {@link DoubleWideConv}. Against the column-exact form at 1 thread (StepProfile, wall
     * time per step, the two builds alternating): LeNet-5 4.47/4.88/4.12 against 4.88/5.14/4.75 ms, the
     * image-classification notebook's network 117/113 against 125/120 ms. LeNet's second layer (8 of 12 columns
     * used) is worth it too: left column-exact, its step took 5.14/5.05 ms.
     */
    private static Tensor wide(Tensor x, Tensor weight, Tensor bias, WideLayout layout, int[] outShape) {
        int n = outShape[0];
        int o = outShape[1];
        Tensor in = x.detach().contiguous();
        Tensor wc = weight.detach().contiguous();
        Tensor b = bias == null ? null : bias.detach().contiguous();
        Backend backend = Backend.current();
        Storage y = Storage.allocate(x.dtype(), n * o * outShape[2] * outShape[3]);
        if (x.dtype() == DType.FLOAT32) {
            FloatWideConv.forward(in.storage().floats(), in.offset(), n, layout, wc.storage().floats(), wc.offset(),
                    o, b == null ? null : b.storage().floats(), b == null ? 0 : b.offset(), backend, y.floats());
        } else {
            DoubleWideConv.forward(in.storage().doubles(), in.offset(), n, layout, wc.storage().doubles(),
                    wc.offset(), o, b == null ? null : b.storage().doubles(), b == null ? 0 : b.offset(), backend,
                    y.doubles());
        }
        int[] inShape = x.shape().toArray();
        return Graph.record("conv2d", Tensor.of(y, Shape.of(outShape)), new Tensor[] {x, weight, bias},
                new Tensor[] {x, weight}, (g, ctx) -> {
                    if (GradMode.isEnabled()) {
                        return composite(g, ctx, layout.k(), inShape);
                    }
                    Tensor ws = ctx.saved(1).detach().contiguous();
                    Tensor xs = ctx.needsGrad(1) ? ctx.saved(0).detach().contiguous() : null;
                    Tensor gc = g.contiguous();
                    // every saved tensor is in hand (a recomputation may run ops) before the work arrays are taken
                    double[] sums = ctx.needsGrad(2) ? new double[o] : null;
                    Storage gx = ctx.needsGrad(0) ? Storage.allocate(g.dtype(), n * layout.image()) : null;
                    Storage gw = ctx.needsGrad(1) ? Storage.allocate(g.dtype(), o * layout.rows()) : null;
                    if (g.dtype() == DType.FLOAT32) {
                        FloatWideConv.backward(gc.storage().floats(), gc.offset(), n, layout, ws.storage().floats(),
                                ws.offset(), o, xs == null ? null : xs.storage().floats(), xs == null ? 0 : xs.offset(),
                                backend, gx == null ? null : gx.floats(), gw == null ? null : gw.floats(), sums);
                    } else {
                        DoubleWideConv.backward(gc.storage().doubles(), gc.offset(), n, layout,
                                ws.storage().doubles(), ws.offset(), o, xs == null ? null : xs.storage().doubles(),
                                xs == null ? 0 : xs.offset(), backend, gx == null ? null : gx.doubles(),
                                gw == null ? null : gw.doubles(), sums);
                    }
                    return grads(gx == null ? null : Tensor.of(gx, Shape.of(inShape)),
                            gw == null ? null : Tensor.of(gw, ws.shape()),
                            sums == null ? null : Tensor.of(sums).to(g.dtype()));
                });
    }

    /**
     * The GEMM half of a convolution: columns {@code [N, C K, L]} times the weight {@code [O, C / groups, ...]}
     * (group by group), plus the bias, reshaped to {@code outShape = [N, O, ...]}.
     */
    private static Tensor weighted(Tensor cols, Tensor weight, Tensor bias, int groups, int rows, int[] outShape) {
        int n = outShape[0];
        int o = outShape[1];
        Tensor out;
        if (groups == 1) {
            out = weight.reshape(o, rows).matmul(cols);
        } else {
            Tensor grouped = cols.reshape(n, groups, rows / groups, cols.size(2));
            out = weight.reshape(groups, o / groups, rows / groups).matmul(grouped);
        }
        out = out.reshape(outShape);
        if (bias == null) {
            return out;
        }
        int[] b = new int[outShape.length];
        Arrays.fill(b, 1);
        b[1] = o;
        return out.add(bias.reshape(b));
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
        if (outputPadH >= k.strideH() || outputPadW >= k.strideW()) {
            // an output padding of stride or more (allowed below the dilation) adds rows no window of the 2-D
            // column loop reaches; the table path takes the window positions explicitly
            Window3d k3 = new Window3d(new int[] {k.kernelH(), k.kernelW()}, new int[] {k.strideH(), k.strideW()},
                    new int[] {k.padH(), k.padW()}, new int[] {k.dilationH(), k.dilationW()});
            return convTranspose(x, weight, bias, k3, new int[] {outputPadH, outputPadW}, groups);
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

    // ------------------------------------------------------------------ windows of 1 to 3 dimensions

    private static final String[] CONV = {"", "conv1d", "conv2d", "conv3d"};
    private static final String[] TRANSPOSED = {"", "convTranspose1d", "convTranspose2d", "convTranspose3d"};

    /** The last {@code rank} sizes of {@code x}. */
    static int[] spatial(Tensor x, int rank) {
        int[] s = new int[rank];
        for (int a = 0; a < rank; a++) {
            s[a] = x.size(x.dim() - rank + a);
        }
        return s;
    }

    /** {@code sizes} right-aligned into {@code [D, H, W]}, with 1 for the missing leading dimensions. */
    static int[] volume(int[] sizes) {
        int[] v = {1, 1, 1};
        System.arraycopy(sizes, 0, v, 3 - sizes.length, sizes.length);
        return v;
    }

    /** The last {@code sizes.length} entries of a {@code [D, H, W]} triple. */
    static int[] trailing(int[] volume, int rank) {
        return Arrays.copyOfRange(volume, 3 - rank, 3);
    }

    static int product(int[] sizes) {
        int p = 1;
        for (int s : sizes) {
            p *= s;
        }
        return p;
    }

    /**
     * Receptive fields as columns for a window over the last {@code k.rank()} (1 to 3) dimensions:
     * {@code [N, C, *S] -> [N, C K, L]} with {@code K = k.volume()} taps and {@code L} the product of
     * {@code windows} (the number of window positions per dimension, which ceil-mode pooling makes larger than the
     * convolution formula), {@code padValue} where a tap falls outside the input. Gradient: {@link #col2vol}.
     *
     * @throws IllegalArgumentException if {@code x} is not {@code [N, C, *S]} with {@code k.rank()} dimensions S
     */
    public static Tensor vol2col(Tensor x, Window3d k, int[] windows, double padValue) {
        int r = k.rank();
        Check.floating("vol2col", x);
        if (x.dim() != r + 2 || windows.length != r) {
            throw new IllegalArgumentException("vol2col: expected an input of rank " + (r + 2) + " ([N, C] and " + r
                    + " spatial dimensions) and " + r + " window counts, got shape " + x.shape() + " and "
                    + Arrays.toString(windows));
        }
        int[] in = volume(spatial(x, r));
        int[] table = k.table(in, volume(windows));
        int n = x.size(0);
        int c = x.size(1);
        Tensor planes = x.reshape(n, c, product(in));
        return TableGather.gather(planes, table, padValue).reshape(n, c * k.volume(), product(windows));
    }

    /**
     * The adjoint of {@link #vol2col}: columns {@code [N, C K, L]} summed back into {@code [N, C, *size]}, where the
     * columns hold the {@code windows} positions of window {@code k} over that volume. Gradient: vol2col.
     *
     * @throws IllegalArgumentException if the columns do not have that shape
     */
    public static Tensor col2vol(Tensor cols, int channels, int[] size, int[] windows, Window3d k) {
        int r = k.rank();
        Check.floating("col2vol", cols);
        if (size.length != r || windows.length != r || cols.dim() != 3 || cols.size(1) != channels * k.volume()
                || cols.size(2) != product(windows)) {
            throw new IllegalArgumentException("col2vol: columns of shape " + cols.shape() + " do not fit " + channels
                    + " channels of " + Arrays.toString(size) + " with window (" + k + "); expected [N, "
                    + channels * k.volume() + ", " + product(windows) + "]");
        }
        int n = cols.size(0);
        int[] table = k.table(volume(size), volume(windows));
        Tensor planes = TableGather.scatterAdd(cols.reshape(n, channels, table.length), table, product(size));
        int[] shape = new int[r + 2];
        shape[0] = n;
        shape[1] = channels;
        System.arraycopy(size, 0, shape, 2, r);
        return planes.reshape(shape);
    }

    /**
     * Convolution over the last {@code k.rank()} (1 to 3) dimensions: input {@code [N, C, *S]}, weight
     * {@code [O, C / groups, *kernel]}, optional bias {@code [O]}, output {@code [N, O, *out]} with
     * {@code out = floor((S + 2 padding - dilation (kernel - 1) - 1) / stride) + 1}. One GEMM per group over the
     * columns of {@link #vol2col}; {@link #conv2d} is the 2-D case with its own column loop.
     *
     * @throws IllegalArgumentException naming the shapes when channels, groups or the kernel do not fit
     */
    public static Tensor conv(Tensor x, Tensor weight, Tensor bias, Window3d k, int groups) {
        int r = k.rank();
        String op = CONV[r];
        Check.sameFloating(op, x, weight);
        int c = x.dim() == r + 2 ? x.size(1) : -1;
        if (x.dim() != r + 2 || weight.dim() != r + 2 || groups <= 0 || c % groups != 0
                || weight.size(0) % groups != 0 || weight.size(1) != c / groups || !fitsKernel(weight, k)) {
            throw new IllegalArgumentException(op + ": input " + x.shape() + " and weight " + weight.shape()
                    + " do not fit with groups=" + groups + " and " + k + " (expected input [N, C, " + r
                    + " spatial dimensions] and weight [O, C/groups, kernel], with C and O divisible by groups)");
        }
        int[] out = k.out(volume(spatial(x, r)), false);
        if (out[0] <= 0 || out[1] <= 0 || out[2] <= 0) {
            throw new IllegalArgumentException(op + ": input of shape " + x.shape() + " is smaller than the "
                    + "dilated kernel (" + k + ")");
        }
        int[] outSpatial = trailing(out, r);
        int o = weight.size(0);
        int[] shape = new int[r + 2];
        shape[0] = x.size(0);
        shape[1] = o;
        System.arraycopy(outSpatial, 0, shape, 2, r);
        return weighted(vol2col(x, k, outSpatial, 0), weight, bias, groups, c * k.volume(), shape);
    }

    private static boolean fitsKernel(Tensor weight, Window3d k) {
        int r = k.rank();
        for (int a = 0; a < r; a++) {
            if (weight.size(2 + a) != k.kernel(3 - r + a)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Transposed convolution over the last {@code k.rank()} (1 to 3) dimensions (the gradient of {@link #conv} with
     * respect to its input): input {@code [N, C, *S]}, weight {@code [C, O / groups, *kernel]}, output
     * {@code [N, O, *out]} with {@code out = (S - 1) stride - 2 padding + dilation (kernel - 1) + outputPadding + 1}.
     *
     * @throws IllegalArgumentException naming the shapes when channels, groups, kernel or output padding do not fit
     */
    public static Tensor convTranspose(Tensor x, Tensor weight, Tensor bias, Window3d k, int[] outputPadding,
            int groups) {
        int r = k.rank();
        String op = TRANSPOSED[r];
        Check.sameFloating(op, x, weight);
        int c = x.dim() == r + 2 ? x.size(1) : -1;
        if (x.dim() != r + 2 || weight.dim() != r + 2 || groups <= 0 || c % groups != 0 || weight.size(0) != c
                || !fitsKernel(weight, k) || outputPadding.length != r) {
            throw new IllegalArgumentException(op + ": input " + x.shape() + " and weight " + weight.shape()
                    + " do not fit with groups=" + groups + " and " + k + " (expected input [N, C, " + r
                    + " spatial dimensions] and weight [C, O/groups, kernel])");
        }
        int[] in = spatial(x, r);
        int[] size = new int[r];
        for (int a = 0; a < r; a++) {
            int v = 3 - r + a;
            int extra = outputPadding[a];
            if (extra < 0 || extra >= Math.max(k.stride(v), k.dilation(v))) {
                throw new IllegalArgumentException(op + ": output padding " + Arrays.toString(outputPadding)
                        + " must be non-negative and smaller than stride or dilation (" + k + ")");
            }
            size[a] = (in[a] - 1) * k.stride(v) - 2 * k.pad(v) + k.dilation(v) * (k.kernel(v) - 1) + extra + 1;
            if (size[a] <= 0) {
                throw new IllegalArgumentException(op + ": input of shape " + x.shape() + " gives an empty output "
                        + Arrays.toString(size) + " with " + k);
            }
        }
        int n = x.size(0);
        int perGroup = weight.size(1);
        int o = perGroup * groups;
        int l = product(in);
        Tensor wg = weight.reshape(groups, c / groups, perGroup * k.volume()).transpose(1, 2);
        Tensor cols = wg.matmul(x.reshape(n, groups, c / groups, l)).reshape(n, o * k.volume(), l);
        Tensor out = col2vol(cols, o, size, in, k);
        if (bias == null) {
            return out;
        }
        int[] b = new int[r + 2];
        Arrays.fill(b, 1);
        b[1] = o;
        return out.add(bias.reshape(b));
    }
}
