package org.backprop4j.nn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.array.internal.Check;
import org.backprop4j.ops.LinAlg;
import org.backprop4j.tensor.Tensor;

/**
 * Multi-head scaled dot-product attention (Vaswani et al., 2017), as PyTorch's {@code nn.MultiheadAttention}:
 * {@code softmax(Q K^T / sqrt(headDim) + mask) V} per head, with {@code Q, K, V} projections of query, key and
 * value, and the heads' outputs joined and projected by {@code out_proj}.
 * <p>
 * Parameters, with PyTorch's names: {@code in_proj_weight [3E, E]} (xavier-uniform), or {@code q_proj_weight [E, E]},
 * {@code k_proj_weight [E, kdim]} and {@code v_proj_weight [E, vdim]} when keys or values have other sizes;
 * {@code in_proj_bias [3E]} (zeros); with {@code addBiasKv}, {@code bias_k} and {@code bias_v [1, 1, E]}
 * (xavier-normal), one more key and value appended to every sequence's projected keys and values;
 * {@code out_proj} a {@link Linear}{@code (E, E)} whose bias starts at zero. With {@code addZeroAttn} a key and a value
 * of zeros are appended to every head (after {@code bias_k}); the masks get a column of "allowed" for each.
 * <p>
 * Shapes: query {@code [L, N, E]}, key {@code [S, N, kdim]}, value {@code [S, N, vdim]} ({@code [N, L, E]} etc. with
 * batchFirst; unbatched {@code [L, E]}, {@code [S, kdim]}, {@code [S, vdim]}); output like the query; weights
 * {@code [N, L, S']}, or {@code [N, heads, L, S']} without averaging ({@code S'} counts the appended keys). Masks:
 * {@code keyPaddingMask [N, S]} (true or
 * {@code -inf} = ignore that key); {@code attnMask [L, S]} or {@code [N * heads, L, S]}, bool (true = not allowed)
 * or float (added to the scores). A query whose keys are all masked gets NaN, as in PyTorch. Returned weights are
 * those after dropout, as PyTorch returns them.
 *
 * {@snippet file="NnSnippets.java" region="attention"}
 */
public class MultiheadAttention extends Module {
    /** The attended output and, if asked for, the attention weights (else null). */
    public record Output(Tensor output, Tensor weights) {
    }

    /** The projection tensors, explicit so that gradient checks can pass their own. */
    record Weights(Tensor inProj, Tensor q, Tensor k, Tensor v, Tensor inBias, Tensor outWeight, Tensor outBias,
            Tensor biasK, Tensor biasV) {
    }

    final int embedDim;
    final int numHeads;
    final int kdim;
    final int vdim;
    final AttentionOptions options;
    final Parameter inProjWeight;
    final Parameter qProjWeight;
    final Parameter kProjWeight;
    final Parameter vProjWeight;
    final Parameter inProjBias;
    final Parameter biasK;
    final Parameter biasV;
    final Linear outProj;

    public MultiheadAttention(int embedDim, int numHeads) {
        this(embedDim, numHeads, AttentionOptions.DEFAULT);
    }

    /** @throws IllegalArgumentException if a size is not positive or {@code embedDim} is not divisible by the heads */
    public MultiheadAttention(int embedDim, int numHeads, AttentionOptions options) {
        Check.positive("MultiheadAttention", "embedDim", embedDim);
        Check.positive("MultiheadAttention", "numHeads", numHeads);
        if (embedDim % numHeads != 0) {
            throw new IllegalArgumentException("MultiheadAttention: embedDim " + embedDim + " must be divisible by "
                    + "numHeads " + numHeads);
        }
        this.embedDim = embedDim;
        this.numHeads = numHeads;
        this.options = options;
        this.kdim = options.kdim() == 0 ? embedDim : options.kdim();
        this.vdim = options.vdim() == 0 ? embedDim : options.vdim();
        boolean packed = kdim == embedDim && vdim == embedDim;
        this.inProjWeight = packed ? new Parameter(Tensor.zeros(3 * embedDim, embedDim)) : null;
        this.qProjWeight = packed ? null : new Parameter(Tensor.zeros(embedDim, embedDim));
        this.kProjWeight = packed ? null : new Parameter(Tensor.zeros(embedDim, kdim));
        this.vProjWeight = packed ? null : new Parameter(Tensor.zeros(embedDim, vdim));
        this.inProjBias = options.bias() ? new Parameter(Tensor.zeros(3 * embedDim)) : null;
        this.biasK = options.addBiasKv() ? new Parameter(Tensor.zeros(1, 1, embedDim)) : null;
        this.biasV = options.addBiasKv() ? new Parameter(Tensor.zeros(1, 1, embedDim)) : null;
        this.outProj = new Linear(embedDim, embedDim, options.bias());
        resetParameters(Rng.global());
    }

    @Override
    public void resetParameters(Rng rng) {
        for (Parameter w : new Parameter[] {inProjWeight, qProjWeight, kProjWeight, vProjWeight}) {
            if (w != null) {
                Init.xavierUniform(w, 1, rng);
            }
        }
        outProj.resetParameters(rng);
        if (inProjBias != null) {
            Init.zeros(inProjBias);
            Init.zeros(outProj.bias());
        }
        if (biasK != null) {
            Init.xavierNormal(biasK, 1, rng);
            Init.xavierNormal(biasV, 1, rng);
        }
    }

    @Override
    protected Map<String, Parameter> ownParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        if (inProjWeight != null) {
            out.put("in_proj_weight", inProjWeight);
        } else {
            out.put("q_proj_weight", qProjWeight);
            out.put("k_proj_weight", kProjWeight);
            out.put("v_proj_weight", vProjWeight);
        }
        if (inProjBias != null) {
            out.put("in_proj_bias", inProjBias);
        }
        if (biasK != null) {
            out.put("bias_k", biasK);
            out.put("bias_v", biasV);
        }
        return out;
    }

    @Override
    protected Map<String, Module> ownChildren() {
        return new LinkedHashMap<>(Map.of("out_proj", outProj));
    }

    public Linear outProj() {
        return outProj;
    }

    /**
     * A bool {@code [size, size]} mask that is true above the diagonal: position {@code i} may attend to positions
     * {@code 0..i} only (for {@code attnMask}).
     */
    public static Tensor causalMask(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("causalMask: size must not be negative, got " + size);
        }
        Tensor positions = Tensor.arange(size);
        return positions.unsqueeze(0).gt(positions.unsqueeze(1));
    }

    /** Self-attention of {@code x} without masks; returns the output only (so the layer works in a Sequential). */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, x, x, null, null, false, true).output();
    }

    /** Attention without masks, returning the weights averaged over the heads. */
    public Output forward(Tensor query, Tensor key, Tensor value) {
        return forward(query, key, value, null, null, true, true);
    }

    /**
     * Attention of {@code query} over {@code key} and {@code value}.
     *
     * @param keyPaddingMask     {@code [N, S]} (unbatched {@code [S]}), bool or float; null for none
     * @param attnMask           {@code [L, S]} or {@code [N * heads, L, S]}, bool or float; null for none
     * @param needWeights        whether to return the attention weights
     * @param averageAttnWeights average the weights over the heads ({@code [N, L, S]}) or not ({@code [N, H, L, S]})
     * @throws IllegalArgumentException if a rank, feature size, batch or sequence length, mask shape or dtype does not
     *                                  fit; the message names the layer's path and the shapes
     */
    public Output forward(Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, Tensor attnMask,
            boolean needWeights, boolean averageAttnWeights) {
        AttentionChecks.check(this, query, key, value, keyPaddingMask, attnMask);
        Weights w = new Weights(inProjWeight, qProjWeight, kProjWeight, vProjWeight, inProjBias, outProj.weight(),
                outProj.bias(), biasK, biasV);
        Tensor[] r = compute(numHeads, options, isTraining(), w, query, key, value, keyPaddingMask, attnMask,
                needWeights, averageAttnWeights);
        return new Output(r[0], r[1]);
    }

    /**
     * The computation with explicit weights and no argument checks (so that gradient checks can differentiate it
     * with respect to tensors they own). Returns {output, weights or null}.
     */
    static Tensor[] compute(int heads, AttentionOptions o, boolean training, Weights w, Tensor query, Tensor key,
            Tensor value, Tensor keyPaddingMask, Tensor attnMask, boolean needWeights, boolean average) {
        boolean batched = query.dim() == 3;
        Tensor q = query;
        Tensor k = key;
        Tensor v = value;
        Tensor padding = keyPaddingMask;
        if (!batched) {
            q = q.unsqueeze(1);
            k = key == query ? q : k.unsqueeze(1);
            v = value == key ? k : v.unsqueeze(1);
            padding = padding == null ? null : padding.unsqueeze(0);
        } else if (o.batchFirst()) {
            // keep one tensor for self-attention, so that the packed projection below applies
            q = q.transpose(0, 1);
            k = key == query ? q : k.transpose(0, 1);
            v = value == key ? k : v.transpose(0, 1);
        }
        int targetLen = q.size(0);
        int batch = q.size(1);
        int embed = q.size(2);
        int sourceLen = k.size(0);
        int headDim = embed / heads;
        Tensor[] qkv = project(w, q, k, v, embed);
        Tensor keys = qkv[1];
        Tensor values = qkv[2];
        int appended = 0;
        if (w.biasK() != null) {
            keys = Tensor.cat(List.of(keys, w.biasK().expand(1, batch, embed)), 0);
            values = Tensor.cat(List.of(values, w.biasV().expand(1, batch, embed)), 0);
            appended++;
        }
        // [L, N, E] -> [N * heads, L, headDim]
        Tensor qh = qkv[0].reshape(targetLen, batch * heads, headDim).transpose(0, 1);
        Tensor kh = keys.reshape(sourceLen + appended, batch * heads, headDim).transpose(0, 1);
        Tensor vh = values.reshape(sourceLen + appended, batch * heads, headDim).transpose(0, 1);
        if (o.addZeroAttn()) {
            Tensor zeros = Tensor.zeros(kh.dtype(), batch * heads, 1, headDim);
            kh = Tensor.cat(List.of(kh, zeros), 1);
            vh = Tensor.cat(List.of(vh, zeros), 1);
            appended++;
        }
        Tensor scores = qh.div(Math.sqrt(headDim)).matmul(kh.transpose(1, 2));
        Tensor mask = additiveMask(attnMask, padding, heads, batch, sourceLen, appended, scores.dtype());
        if (mask != null) {
            scores = scores.add(mask);
        }
        Tensor attention = scores.softmax(-1);
        if (training && o.dropout() > 0) {
            attention = Sequences.dropout(attention, o.dropout(), o.dropoutRng());
        }
        Tensor out = attention.matmul(vh).transpose(0, 1).reshape(targetLen * batch, embed).matmul(w.outWeight().t());
        if (w.outBias() != null) {
            out = out.add(w.outBias());
        }
        out = out.reshape(targetLen, batch, embed);
        Tensor weights = null;
        if (needWeights) {
            weights = attention.reshape(batch, heads, targetLen, sourceLen + appended);
            if (average) {
                weights = weights.sum(1).div(heads);
            }
        }
        if (!batched) {
            out = out.squeeze(1);
            weights = weights == null ? null : weights.squeeze(0);
        } else if (o.batchFirst()) {
            out = out.transpose(0, 1);
        }
        return new Tensor[] {out, weights};
    }

    /** The query, key and value projections, each {@code [len, N, E]}; one matmul for self-attention. */
    private static Tensor[] project(Weights w, Tensor q, Tensor k, Tensor v, int embed) {
        Tensor bias = w.inBias();
        if (w.inProj() != null && q == k && k == v) {
            List<Tensor> parts = linear(q, w.inProj(), bias).chunk(3, -1);
            return parts.toArray(Tensor[]::new);
        }
        Tensor[] weights = w.inProj() != null ? w.inProj().chunk(3, 0).toArray(Tensor[]::new)
                : new Tensor[] {w.q(), w.k(), w.v()};
        Tensor[] biases = bias == null ? new Tensor[3] : bias.chunk(3, 0).toArray(Tensor[]::new);
        return new Tensor[] {linear(q, weights[0], biases[0]), linear(k, weights[1], biases[1]),
                linear(v, weights[2], biases[2])};
    }

    /** {@code x W^T + b} over {@code [len, N, in]}. */
    private static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        return LinAlg.linear(x, weight, bias);
    }

    /**
     * The masks as one float tensor added to the scores {@code [N * heads, L, S + appended]}: true becomes
     * {@code -inf}, floats are added as they are, the appended keys (bias_k, zero attention) are allowed (0); null
     * when there is no mask.
     */
    private static Tensor additiveMask(Tensor attnMask, Tensor padding, int heads, int batch, int sourceLen,
            int appended, DType dtype) {
        Tensor mask = null;
        int width = sourceLen + appended;
        if (attnMask != null) {
            mask = allowAppended(asAdditive(attnMask, dtype), appended);
            if (mask.dim() == 2) {
                mask = mask.unsqueeze(0);
            }
        }
        if (padding != null) {
            Tensor p = allowAppended(asAdditive(padding, dtype), appended).reshape(batch, 1, 1, width)
                    .expand(batch, heads, 1, width).reshape(batch * heads, 1, width);
            mask = mask == null ? p : mask.add(p);
        }
        return mask;
    }

    private static Tensor allowAppended(Tensor mask, int appended) {
        return appended == 0 ? mask : mask.pad(new int[] {0, appended}, 0);
    }

    private static Tensor asAdditive(Tensor mask, DType dtype) {
        if (mask.dtype() == DType.BOOL) {
            return Tensor.zeros(dtype, mask.shape().toArray()).maskedFill(mask, Double.NEGATIVE_INFINITY);
        }
        return mask.to(dtype);
    }

    @Override
    protected String extraRepr() {
        StringBuilder sb = new StringBuilder("embedDim=" + embedDim + ", numHeads=" + numHeads);
        if (options.dropout() != 0) {
            sb.append(", dropout=").append(options.dropout());
        }
        if (!options.bias()) {
            sb.append(", bias=false");
        }
        if (options.batchFirst()) {
            sb.append(", batchFirst=true");
        }
        if (inProjWeight == null) {
            sb.append(", kdim=").append(kdim).append(", vdim=").append(vdim);
        }
        if (options.addBiasKv()) {
            sb.append(", addBiasKv=true");
        }
        if (options.addZeroAttn()) {
            sb.append(", addZeroAttn=true");
        }
        return sb.toString();
    }
}
