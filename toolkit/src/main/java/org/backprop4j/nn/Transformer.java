package org.backprop4j.nn;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.array.internal.Check;
import org.backprop4j.tensor.Tensor;

/**
 * The encoder-decoder Transformer of Vaswani et al. (2017), as PyTorch's {@code nn.Transformer}: a
 * {@link TransformerEncoder} of {@code numEncoderLayers} layers and a final LayerNorm reads {@code src}; a
 * {@link TransformerDecoder} of {@code numDecoderLayers} layers and a final LayerNorm reads {@code tgt} and attends to
 * the encoder's output. Children, with PyTorch's names: {@code encoder} ({@code encoder.layers.0...},
 * {@code encoder.norm}) and {@code decoder}, so state dicts exchange. Every parameter of rank 2 or more starts
 * xavier-uniform, as PyTorch's {@code _reset_parameters}. Defaults as PyTorch's: {@code dModel} 512, 8 heads, 6 and 6
 * layers, {@link TransformerOptions#DEFAULT}.
 * <p>
 * Shapes: {@code src [S, N, dModel]}, {@code tgt [T, N, dModel]} ({@code [N, S, dModel]}, {@code [N, T, dModel]} with
 * batchFirst; unbatched without N); output like {@code tgt}. Masks: {@code srcMask [S, S]}, {@code tgtMask [T, T]},
 * {@code memoryMask [T, S]} (or per head, {@code [N * nhead, ., .]}), key padding masks {@code [N, S]} and
 * {@code [N, T]}; bool (true = masked) or float (added).
 *
 * {@snippet file="NnSnippets.java" region="transformer"}
 */
public class Transformer extends Module {
    final int dModel;
    final int nhead;
    final TransformerOptions options;
    final TransformerEncoder encoder;
    final TransformerDecoder decoder;

    /** PyTorch's defaults: 512 features, 8 heads, 6 encoder and 6 decoder layers. */
    public Transformer() {
        this(512, 8, 6, 6, TransformerOptions.DEFAULT);
    }

    /**
     * @throws IllegalArgumentException if a size or layer count is not positive, or {@code dModel} is not divisible
     *                                  by {@code nhead}
     */
    public Transformer(int dModel, int nhead, int numEncoderLayers, int numDecoderLayers, TransformerOptions options) {
        this(dModel, nhead, new TransformerEncoder(new TransformerEncoderLayer(dModel, nhead, options),
                numEncoderLayers, new LayerNorm(new int[] {dModel}, options.layerNormEps(), true)),
                new TransformerDecoder(new TransformerDecoderLayer(dModel, nhead, options), numDecoderLayers,
                        new LayerNorm(new int[] {dModel}, options.layerNormEps(), true)), options);
    }

    /**
     * With the given encoder and decoder (PyTorch's {@code custom_encoder} and {@code custom_decoder}); {@code dModel}
     * and {@code options.batchFirst()} still check the inputs, and every parameter of rank 2 or more is
     * re-initialized xavier-uniform, as PyTorch does.
     *
     * @throws IllegalArgumentException if a size is not positive
     */
    public Transformer(int dModel, int nhead, TransformerEncoder customEncoder, TransformerDecoder customDecoder,
            TransformerOptions options) {
        Check.positive("Transformer", "dModel", dModel);
        Check.positive("Transformer", "nhead", nhead);
        Check.require(customEncoder != null && customDecoder != null && options != null, "Transformer",
                () -> "encoder, decoder and options must not be null");
        this.dModel = dModel;
        this.nhead = nhead;
        this.options = options;
        this.encoder = customEncoder;
        this.decoder = customDecoder;
        resetParameters(Rng.global());
    }

    /** Every layer's own initialization, then xavier-uniform for every parameter of rank 2 or more (PyTorch's). */
    @Override
    public void resetParameters(Rng rng) {
        super.resetParameters(rng);
        for (Parameter p : parameters()) {
            if (p.dim() > 1) {
                Init.xavierUniform(p, 1, rng);
            }
        }
    }

    public TransformerEncoder encoder() {
        return encoder;
    }

    public TransformerDecoder decoder() {
        return decoder;
    }

    /**
     * A float {@code [size, size]} mask with {@code -inf} above the diagonal and 0 elsewhere (of the default floating
     * type): position {@code i} may attend to positions {@code 0..i} only.
     */
    public static Tensor generateSquareSubsequentMask(int size) {
        Check.nonNegative("generateSquareSubsequentMask", "size", size);
        return Tensor.zeros(DType.defaultFloat(), size, size).maskedFill(MultiheadAttention.causalMask(size),
                Double.NEGATIVE_INFINITY);
    }

    /** Encodes {@code src} and decodes {@code tgt} without masks. */
    public Tensor forward(Tensor src, Tensor tgt) {
        return forward(src, tgt, null, null, null, null, null, null);
    }

    /**
     * Encodes {@code src}, then decodes {@code tgt} against the encoding; any mask may be null.
     *
     * @throws IllegalArgumentException if {@code src} and {@code tgt} differ in batch size, a feature size is not
     *                                  {@code dModel}, or a mask does not fit (the message names the layer's path)
     */
    public Tensor forward(Tensor src, Tensor tgt, Tensor srcMask, Tensor tgtMask, Tensor memoryMask,
            Tensor srcKeyPaddingMask, Tensor tgtKeyPaddingMask, Tensor memoryKeyPaddingMask) {
        int batchDim = options.batchFirst() ? 0 : 1;
        if (src.dim() == 3 && tgt.dim() == 3 && src.size(batchDim) != tgt.size(batchDim)) {
            throw new IllegalArgumentException(describe() + ": src " + src.shape() + " and tgt " + tgt.shape()
                    + " must have the same batch size in dimension " + batchDim + " (batchFirst="
                    + options.batchFirst() + ")");
        }
        if (src.dim() == 0 || tgt.dim() == 0 || src.size(-1) != dModel || tgt.size(-1) != dModel) {
            throw new IllegalArgumentException(describe() + ": the last dimension of src " + src.shape() + " and of "
                    + "tgt " + tgt.shape() + " must be dModel = " + dModel);
        }
        namedChildren();
        Tensor memory = encoder.forward(src, srcMask, srcKeyPaddingMask);
        return decoder.forward(tgt, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask);
    }

    @Override
    protected String extraRepr() {
        return "dModel=" + dModel + ", nhead=" + nhead;
    }
}
