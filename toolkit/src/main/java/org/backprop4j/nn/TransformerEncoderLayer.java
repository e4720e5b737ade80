package org.backprop4j.nn;

import java.util.LinkedHashMap;
import java.util.Map;

import org.backprop4j.tensor.Tensor;

/**
 * One layer of a Transformer encoder (Vaswani et al., 2017), as PyTorch's {@code nn.TransformerEncoderLayer}:
 * self-attention and a feed-forward block {@code linear2(dropout(act(linear1(x))))}, each with a residual connection
 * and a LayerNorm, after the block (post-norm, the default) or before it ({@code normFirst}):
 * <pre>
 * post-norm: x = norm1(x + dropout1(self_attn(x)));   x = norm2(x + dropout2(ff(x)))
 * pre-norm:  x = x + dropout1(self_attn(norm1(x)));   x = x + dropout2(ff(norm2(x)))
 * </pre>
 * Children, with PyTorch's names (so state dicts exchange): {@code self_attn} ({@link MultiheadAttention}),
 * {@code linear1 [dimFeedforward, dModel]}, {@code dropout}, {@code linear2 [dModel, dimFeedforward]},
 * {@code norm1}, {@code norm2}, {@code dropout1}, {@code dropout2}. Shapes: {@code src [L, N, dModel]}
 * ({@code [N, L, dModel]} with batchFirst, {@code [L, dModel]} unbatched); masks as {@link MultiheadAttention}'s.
 *
 * {@snippet file="NnSnippets.java" region="transformerEncoderLayer"}
 */
public class TransformerEncoderLayer extends Module {
    final int dModel;
    final TransformerOptions options;
    final MultiheadAttention selfAttn;
    final Linear linear1;
    final Dropout dropout;
    final Linear linear2;
    final LayerNorm norm1;
    final LayerNorm norm2;
    final Dropout dropout1;
    final Dropout dropout2;
    private boolean named;

    public TransformerEncoderLayer(int dModel, int nhead) {
        this(dModel, nhead, TransformerOptions.DEFAULT);
    }

    /** @throws IllegalArgumentException if a size is not positive or {@code dModel} not divisible by {@code nhead} */
    public TransformerEncoderLayer(int dModel, int nhead, TransformerOptions options) {
        this.dModel = dModel;
        this.options = options;
        this.selfAttn = new MultiheadAttention(dModel, nhead, AttentionOptions.DEFAULT
                .withDropout(options.dropout(), options.dropoutRng()).withBatchFirst(options.batchFirst()));
        this.linear1 = new Linear(dModel, options.dimFeedforward());
        this.dropout = new Dropout(options.dropout(), options.dropoutRng());
        this.linear2 = new Linear(options.dimFeedforward(), dModel);
        this.norm1 = new LayerNorm(new int[] {dModel}, options.layerNormEps(), true);
        this.norm2 = new LayerNorm(new int[] {dModel}, options.layerNormEps(), true);
        this.dropout1 = new Dropout(options.dropout(), options.dropoutRng());
        this.dropout2 = new Dropout(options.dropout(), options.dropoutRng());
    }

    @Override
    protected Map<String, Module> ownChildren() {
        Map<String, Module> out = new LinkedHashMap<>();
        out.put("self_attn", selfAttn);
        out.put("linear1", linear1);
        out.put("dropout", dropout);
        out.put("linear2", linear2);
        out.put("norm1", norm1);
        out.put("norm2", norm2);
        out.put("dropout1", dropout1);
        out.put("dropout2", dropout2);
        return out;
    }

    public MultiheadAttention selfAttn() {
        return selfAttn;
    }

    /**
     * A new layer with this one's settings, parameter values and mode (what PyTorch's {@code TransformerEncoder}
     * gets from {@code copy.deepcopy} of the layer it is given).
     */
    TransformerEncoderLayer copy() {
        TransformerEncoderLayer c = new TransformerEncoderLayer(dModel, selfAttn.numHeads, options);
        c.loadStateDict(stateDict(), true);
        c.train(isTraining());
        return c;
    }

    /** The layer without masks (so it works in {@link Sequential}). */
    @Override
    public Tensor forward(Tensor src) {
        return forward(src, null, null);
    }

    /**
     * Runs the layer.
     *
     * @param srcMask           {@code [L, L]} or {@code [N * nhead, L, L]}, bool or float; null for none
     * @param srcKeyPaddingMask {@code [N, L]}, bool or float; null for none
     * @throws IllegalArgumentException if the input or a mask does not fit (the message names the path and shapes)
     */
    public Tensor forward(Tensor src, Tensor srcMask, Tensor srcKeyPaddingMask) {
        if ((src.dim() != 2 && src.dim() != 3) || src.size(-1) != dModel) {
            throw new IllegalArgumentException(describe() + ": expected src of shape " + (options.batchFirst()
                    ? "[N, L, " : "[L, N, ") + dModel + "] (batchFirst=" + options.batchFirst() + ") or [L, " + dModel
                    + "] (unbatched), last dimension = dModel, got " + src.shape());
        }
        if (!named) {
            namedChildren(); // so that errors of the parts name them by path, also when called without call()
            named = true;
        }
        Tensor x = src;
        if (options.normFirst()) {
            x = x.add(selfAttentionBlock(norm1.call(x), srcMask, srcKeyPaddingMask));
            x = x.add(feedForwardBlock(norm2.call(x)));
        } else {
            x = norm1.call(x.add(selfAttentionBlock(x, srcMask, srcKeyPaddingMask)));
            x = norm2.call(x.add(feedForwardBlock(x)));
        }
        return x;
    }

    private Tensor selfAttentionBlock(Tensor x, Tensor mask, Tensor padding) {
        return dropout1.call(selfAttn.forward(x, x, x, padding, mask, false, true).output());
    }

    private Tensor feedForwardBlock(Tensor x) {
        Tensor hidden = linear1.call(x);
        hidden = options.activation() == TransformerOptions.Activation.GELU ? hidden.gelu() : hidden.relu();
        return dropout2.call(linear2.call(dropout.call(hidden)));
    }

    @Override
    protected String extraRepr() {
        return "dModel=" + dModel + ", dimFeedforward=" + options.dimFeedforward() + ", activation="
                + options.activation().name().toLowerCase(java.util.Locale.ROOT)
                + (options.normFirst() ? ", normFirst=true" : "") + (options.batchFirst() ? ", batchFirst=true" : "");
    }
}
