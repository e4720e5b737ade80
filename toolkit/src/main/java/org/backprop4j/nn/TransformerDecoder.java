package org.backprop4j.nn;

import java.util.ArrayList;
import java.util.List;

import org.backprop4j.array.internal.Check;
import org.backprop4j.tensor.Tensor;

/**
 * A stack of {@link TransformerDecoderLayer}s and an optional final {@link LayerNorm}, as PyTorch's
 * {@code nn.TransformerDecoder}: each layer takes the previous one's output, the same memory and the same masks.
 * Children, with PyTorch's names: {@code layers.0}, {@code layers.1}, ..., {@code norm} (when given). Shapes and
 * masks as {@link TransformerDecoderLayer}'s.
 *
 * {@snippet file="NnSnippets.java" region="transformerDecoder"}
 */
public class TransformerDecoder extends Module {
    final List<TransformerDecoderLayer> layers;
    final LayerNorm norm;
    private boolean named;

    public TransformerDecoder(TransformerDecoderLayer decoderLayer, int numLayers) {
        this(decoderLayer, numLayers, null);
    }

    /**
     * {@code numLayers} copies of {@code decoderLayer} (its settings and current parameter values, as PyTorch's deep
     * copies), then {@code norm} (may be null).
     *
     * @throws IllegalArgumentException if {@code numLayers} is not positive or the layer is a subclass (pass a list of
     *                                  layers instead)
     */
    public TransformerDecoder(TransformerDecoderLayer decoderLayer, int numLayers, LayerNorm norm) {
        this(copies(decoderLayer, numLayers), norm);
    }

    /**
     * A stack of the given layers (used as they are), then {@code norm} (may be null).
     *
     * @throws IllegalArgumentException if there are no layers
     */
    public TransformerDecoder(List<? extends TransformerDecoderLayer> layers, LayerNorm norm) {
        Check.require(layers != null && !layers.isEmpty(), "TransformerDecoder", () -> "expected at least one layer");
        this.layers = List.copyOf(layers);
        this.norm = norm;
    }

    private static List<TransformerDecoderLayer> copies(TransformerDecoderLayer layer, int numLayers) {
        Check.positive("TransformerDecoder", "numLayers", numLayers);
        Check.require(layer.getClass() == TransformerDecoderLayer.class, "TransformerDecoder", () -> "cannot copy a "
                + layer.getClass().getName() + " (a subclass of TransformerDecoderLayer); pass the list of "
                + "layers instead");
        List<TransformerDecoderLayer> out = new ArrayList<>();
        for (int i = 0; i < numLayers; i++) {
            out.add(layer.copy());
        }
        return out;
    }

    /** The layer at {@code index}. */
    public TransformerDecoderLayer layer(int index) {
        return layers.get(index);
    }

    public int numLayers() {
        return layers.size();
    }

    /** Decodes {@code tgt} against {@code memory} without masks. */
    public Tensor forward(Tensor tgt, Tensor memory) {
        return forward(tgt, memory, null, null, null, null);
    }

    /**
     * Runs every layer with the same memory and masks, then the final norm.
     *
     * @throws IllegalArgumentException if an input or a mask does not fit (the message names the layer's path)
     */
    public Tensor forward(Tensor tgt, Tensor memory, Tensor tgtMask, Tensor memoryMask, Tensor tgtKeyPaddingMask,
            Tensor memoryKeyPaddingMask) {
        if (!named) {
            namedChildren(); // so that errors of the layers name them by path, also when called without call()
            named = true;
        }
        Tensor x = tgt;
        for (TransformerDecoderLayer layer : layers) {
            x = layer.forward(x, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask);
        }
        return norm == null ? x : norm.call(x);
    }

    @Override
    protected String extraRepr() {
        return "numLayers=" + layers.size();
    }
}
