package org.backprop4j.nn;

import java.util.ArrayList;
import java.util.List;

import org.backprop4j.array.internal.Check;
import org.backprop4j.tensor.Tensor;

/**
 * A stack of {@link TransformerEncoderLayer}s and an optional final {@link LayerNorm}, as PyTorch's
 * {@code nn.TransformerEncoder}: each layer takes the previous one's output and the same masks. Children, with
 * PyTorch's names: {@code layers.0}, {@code layers.1}, ..., {@code norm} (when given), so state dicts exchange.
 * Shapes and masks as {@link TransformerEncoderLayer}'s.
 *
 * {@snippet file="NnSnippets.java" region="transformerEncoder"}
 */
public class TransformerEncoder extends Module {
    final List<TransformerEncoderLayer> layers;
    final LayerNorm norm;
    private boolean named;

    public TransformerEncoder(TransformerEncoderLayer encoderLayer, int numLayers) {
        this(encoderLayer, numLayers, null);
    }

    /**
     * {@code numLayers} copies of {@code encoderLayer} (its settings and its current parameter values, as PyTorch's
     * deep copies; the layer given is not itself part of the stack), then {@code norm} (may be null).
     *
     * @throws IllegalArgumentException if {@code numLayers} is not positive or the layer is a subclass (pass a list of
     *                                  layers instead)
     */
    public TransformerEncoder(TransformerEncoderLayer encoderLayer, int numLayers, LayerNorm norm) {
        this(copies(encoderLayer, numLayers), norm);
    }

    /**
     * A stack of the given layers (used as they are), then {@code norm} (may be null).
     *
     * @throws IllegalArgumentException if there are no layers
     */
    public TransformerEncoder(List<? extends TransformerEncoderLayer> layers, LayerNorm norm) {
        Check.require(layers != null && !layers.isEmpty(), "TransformerEncoder", () -> "expected at least one layer");
        this.layers = List.copyOf(layers);
        this.norm = norm;
    }

    private static List<TransformerEncoderLayer> copies(TransformerEncoderLayer layer, int numLayers) {
        Check.positive("TransformerEncoder", "numLayers", numLayers);
        Check.require(layer.getClass() == TransformerEncoderLayer.class, "TransformerEncoder", () -> "cannot copy a "
                + layer.getClass().getName() + " (a subclass of TransformerEncoderLayer); pass the list of "
                + "layers instead");
        List<TransformerEncoderLayer> out = new ArrayList<>();
        for (int i = 0; i < numLayers; i++) {
            out.add(layer.copy());
        }
        return out;
    }

    /** The layer at {@code index}. */
    public TransformerEncoderLayer layer(int index) {
        return layers.get(index);
    }

    public int numLayers() {
        return layers.size();
    }

    /** The stack without masks (so it works in {@link Sequential}). */
    @Override
    public Tensor forward(Tensor src) {
        return forward(src, null, null);
    }

    /**
     * Runs every layer with the same masks, then the final norm.
     *
     * @param mask              {@code [L, L]} or {@code [N * nhead, L, L]}, bool or float; null for none
     * @param srcKeyPaddingMask {@code [N, L]}, bool or float; null for none
     * @throws IllegalArgumentException if the input or a mask does not fit (the message names the layer's path)
     */
    public Tensor forward(Tensor src, Tensor mask, Tensor srcKeyPaddingMask) {
        if (!named) {
            namedChildren(); // so that errors of the layers name them by path, also when called without call()
            named = true;
        }
        Tensor x = src;
        for (TransformerEncoderLayer layer : layers) {
            x = layer.forward(x, mask, srcKeyPaddingMask);
        }
        return norm == null ? x : norm.call(x);
    }

    @Override
    protected String extraRepr() {
        return "numLayers=" + layers.size();
    }
}
