package org.backprop4j.nn;

import java.util.LinkedHashMap;
import java.util.Map;

import org.backprop4j.tensor.Tensor;

/**
 * One layer of a Transformer decoder (Vaswani et al., 2017), as PyTorch's {@code nn.TransformerDecoderLayer}:
 * self-attention over the target, attention over the encoder's output ({@code memory}) and a feed-forward block
 * {@code linear2(dropout(act(linear1(x))))}, each with a residual connection and a LayerNorm, after the block
 * (post-norm, the default) or before it ({@code normFirst}):
 * <pre>
 * post-norm: x = norm1(x + sa(x));  x = norm2(x + mha(x, memory));  x = norm3(x + ff(x))
 * pre-norm:  x = x + sa(norm1(x));  x = x + mha(norm2(x), memory);  x = x + ff(norm3(x))
 * </pre>
 * with {@code sa}, {@code mha} and {@code ff} followed by {@code dropout1}, {@code dropout2}, {@code dropout3}.
 * Children, with PyTorch's names: {@code self_attn}, {@code multihead_attn} ({@link MultiheadAttention}s),
 * {@code linear1 [dimFeedforward, dModel]}, {@code dropout}, {@code linear2 [dModel, dimFeedforward]}, {@code norm1},
 * {@code norm2}, {@code norm3}, {@code dropout1}, {@code dropout2}, {@code dropout3}. Shapes:
 * {@code tgt [T, N, dModel]} and {@code memory [S, N, dModel]} ({@code [N, T, dModel]} and {@code [N, S, dModel]} with batchFirst; unbatched
 * without N); masks as {@link MultiheadAttention}'s ({@code tgtMask [T, T]}, {@code memoryMask [T, S]},
 * {@code tgtKeyPaddingMask [N, T]}, {@code memoryKeyPaddingMask [N, S]}).
 *
 * {@snippet file="NnSnippets.java" region="transformerDecoderLayer"}
 */
public class TransformerDecoderLayer extends Module {
    final int dModel;
    final TransformerOptions options;
    final MultiheadAttention selfAttn;
    final MultiheadAttention multiheadAttn;
    final Linear linear1;
    final Dropout dropout;
    final Linear linear2;
    final LayerNorm norm1;
    final LayerNorm norm2;
    final LayerNorm norm3;
    final Dropout dropout1;
    final Dropout dropout2;
    final Dropout dropout3;
    private boolean named;

    public TransformerDecoderLayer(int dModel, int nhead) {
        this(dModel, nhead, TransformerOptions.DEFAULT);
    }

    /** @throws IllegalArgumentException if a size is not positive or {@code dModel} not divisible by {@code nhead} */
    public TransformerDecoderLayer(int dModel, int nhead, TransformerOptions options) {
        this.dModel = dModel;
        this.options = options;
        AttentionOptions attention = AttentionOptions.DEFAULT.withDropout(options.dropout(), options.dropoutRng())
                .withBatchFirst(options.batchFirst());
        this.selfAttn = new MultiheadAttention(dModel, nhead, attention);
        this.multiheadAttn = new MultiheadAttention(dModel, nhead, attention);
        this.linear1 = new Linear(dModel, options.dimFeedforward());
        this.dropout = new Dropout(options.dropout(), options.dropoutRng());
        this.linear2 = new Linear(options.dimFeedforward(), dModel);
        this.norm1 = new LayerNorm(new int[] {dModel}, options.layerNormEps(), true);
        this.norm2 = new LayerNorm(new int[] {dModel}, options.layerNormEps(), true);
        this.norm3 = new LayerNorm(new int[] {dModel}, options.layerNormEps(), true);
        this.dropout1 = new Dropout(options.dropout(), options.dropoutRng());
        this.dropout2 = new Dropout(options.dropout(), options.dropoutRng());
        this.dropout3 = new Dropout(options.dropout(), options.dropoutRng());
    }

    @Override
    protected Map<String, Module> ownChildren() {
        Map<String, Module> out = new LinkedHashMap<>();
        out.put("self_attn", selfAttn);
        out.put("multihead_attn", multiheadAttn);
        out.put("linear1", linear1);
        out.put("dropout", dropout);
        out.put("linear2", linear2);
        out.put("norm1", norm1);
        out.put("norm2", norm2);
        out.put("norm3", norm3);
        out.put("dropout1", dropout1);
        out.put("dropout2", dropout2);
        out.put("dropout3", dropout3);
        return out;
    }

    public MultiheadAttention selfAttn() {
        return selfAttn;
    }

    public MultiheadAttention multiheadAttn() {
        return multiheadAttn;
    }

    /** A new layer with this one's settings, parameter values and mode (as PyTorch's deep copy). */
    TransformerDecoderLayer copy() {
        TransformerDecoderLayer c = new TransformerDecoderLayer(dModel, selfAttn.numHeads, options);
        c.loadStateDict(stateDict(), true);
        c.train(isTraining());
        return c;
    }

    /** Decodes {@code tgt} against {@code memory} without masks. */
    public Tensor forward(Tensor tgt, Tensor memory) {
        return forward(tgt, memory, null, null, null, null);
    }

    /**
     * Runs the layer; any mask may be null.
     *
     * @throws IllegalArgumentException if an input or a mask does not fit (the message names the path and shapes)
     */
    public Tensor forward(Tensor tgt, Tensor memory, Tensor tgtMask, Tensor memoryMask, Tensor tgtKeyPaddingMask,
            Tensor memoryKeyPaddingMask) {
        checkInput("tgt", tgt, "T");
        checkInput("memory", memory, "S");
        if (tgt.dim() != memory.dim()) {
            throw new IllegalArgumentException(describe() + ": tgt " + tgt.shape() + " and memory " + memory.shape()
                    + " must both be batched (rank 3) or both unbatched (rank 2)");
        }
        if (!named) {
            namedChildren(); // so that errors of the parts name them by path, also when called without call()
            named = true;
        }
        Tensor x = tgt;
        if (options.normFirst()) {
            x = x.add(selfAttentionBlock(norm1.call(x), tgtMask, tgtKeyPaddingMask));
            x = x.add(memoryBlock(norm2.call(x), memory, memoryMask, memoryKeyPaddingMask));
            x = x.add(feedForwardBlock(norm3.call(x)));
        } else {
            x = norm1.call(x.add(selfAttentionBlock(x, tgtMask, tgtKeyPaddingMask)));
            x = norm2.call(x.add(memoryBlock(x, memory, memoryMask, memoryKeyPaddingMask)));
            x = norm3.call(x.add(feedForwardBlock(x)));
        }
        return x;
    }

    private void checkInput(String what, Tensor t, String length) {
        if ((t.dim() != 2 && t.dim() != 3) || t.size(-1) != dModel) {
            throw new IllegalArgumentException(describe() + ": expected " + what + " of shape " + (options.batchFirst()
                    ? "[N, " + length + ", " : "[" + length + ", N, ") + dModel + "] (batchFirst="
                    + options.batchFirst() + ") or [" + length + ", " + dModel + "] (unbatched), last dimension = "
                    + "dModel, got " + t.shape());
        }
    }

    private Tensor selfAttentionBlock(Tensor x, Tensor mask, Tensor padding) {
        return dropout1.call(selfAttn.forward(x, x, x, padding, mask, false, true).output());
    }

    private Tensor memoryBlock(Tensor x, Tensor memory, Tensor mask, Tensor padding) {
        return dropout2.call(multiheadAttn.forward(x, memory, memory, padding, mask, false, true).output());
    }

    private Tensor feedForwardBlock(Tensor x) {
        Tensor hidden = linear1.call(x);
        hidden = options.activation() == TransformerOptions.Activation.GELU ? hidden.gelu() : hidden.relu();
        return dropout3.call(linear2.call(dropout.call(hidden)));
    }

    @Override
    protected String extraRepr() {
        return "dModel=" + dModel + ", dimFeedforward=" + options.dimFeedforward() + ", activation="
                + options.activation().name().toLowerCase(java.util.Locale.ROOT)
                + (options.normFirst() ? ", normFirst=true" : "") + (options.batchFirst() ? ", batchFirst=true" : "");
    }
}
