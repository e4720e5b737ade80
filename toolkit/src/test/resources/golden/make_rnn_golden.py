#!/usr/bin/env python3
"""Golden values from PyTorch for RecurrentGoldenTest: recurrent layers and cells, MultiheadAttention and
TransformerEncoderLayer, forward outputs and every gradient.

How to run (PyTorch needed only here, never in CI; Debian's python3-torch 1.13 made the committed file):

    /usr/bin/python3 toolkit/src/test/resources/golden/make_rnn_golden.py

What it produces: rnn_golden.json next to this script. Every case is computed in float64, in eval mode (dropout
off; some cases have a dropout setting to show that eval mode ignores it), with inputs and weights seeded from the
CRC-32 of the case's name, so adding a case leaves the others unchanged. Each case holds:

    name          unique; the Java test runs one dynamic test per case (in float64 and in float32)
    kind          the layer class: LSTM, GRU, RNN, LSTMCell, GRUCell, RNNCell, MultiheadAttention,
                  TransformerEncoderLayer
    config        the constructor arguments, with PyTorch's keyword names; for MultiheadAttention also how it is
                  called (self_attention: query, key and value are one tensor; need_weights, average_attn_weights)
    state         the state dict, PyTorch's names: {name: {shape, values}}
    inputs        {name: {dtype, shape, values}}: "input" (or query/key/value, src), initial states h0/c0 (hx/cx for
                  cells), masks (bool masks carry 0/1 values)
    outputs       {name: {shape, values}}: output, h, c, weights as the layer returns them
    grad_outputs  {name: {shape, values}}: a fixed upstream gradient per output; the loss differentiated is
                  sum over outputs of (output * grad_output).sum()
    grads         {name: {shape, values}}: the gradient of every floating input and of every parameter

Values are flattened in row-major order; json writes floats with repr, which round-trips to the same double.
Every layer starts from PyTorch's default initialization; in the attention layers, whose biases start at zero and
LayerNorm weights at one (which would leave parts of their gradients untested), biases and LayerNorm parameters then
get N(0, 0.2^2) noise added. No query in the attention cases has all its keys masked (PyTorch gives NaN there).

The Java test also runs every case in float32 against these float64 values, allowing 1e-6 (1 + |value|). So that this
allowance tests the implementation rather than float32 rounding of the data, the script runs each case in float32 in
PyTorch as well (inputs, weights and upstream gradients rounded) and fails if PyTorch's own float32 result is off by
3/4 of the allowance or more; that is why the attention layers keep their default weight scale.
"""
import copy
import json
import os
import zlib

import torch
import torch.nn as nn

torch.set_default_dtype(torch.float64)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "rnn_golden.json")


def flat(t):
    t = t.detach()
    if t.dtype == torch.bool:
        return {"dtype": "bool", "shape": list(t.shape), "values": [int(v) for v in t.reshape(-1).tolist()]}
    return {"dtype": "float64", "shape": list(t.shape), "values": t.double().reshape(-1).tolist()}


def seed_for(name):
    return zlib.crc32(name.encode("utf-8"))


CASES = []
FLOAT32_ERRORS = []


def case(name, kind, config, build, inputs, call, randomize=False):
    """build(config) -> module; inputs(gen) -> ordered {name: tensor}; call(module, inputs) -> {name: output}."""
    torch.manual_seed(seed_for(name))
    module = build(**{k: v for k, v in config.items() if k not in CALL_KEYS})
    if randomize:
        with torch.no_grad():
            for k, p in module.named_parameters():
                if "bias" in k or k.startswith("norm"):
                    p.add_(torch.randn_like(p) * 0.2)
    module.eval()
    module32 = copy.deepcopy(module).float()
    gen = torch.Generator().manual_seed(seed_for(name) + 1)
    xs = inputs(gen)
    xs32 = {k: v.float() if v.is_floating_point() else v for k, v in xs.items()}
    outs = call(module, xs)
    grad_outs = {k: torch.randn(v.shape, generator=gen) for k, v in outs.items()}
    grads = differentiate(module, xs, call, grad_outs)
    grads32 = differentiate(module32, xs32, call, {k: v.float() for k, v in grad_outs.items()})
    outs32 = call(module32, xs32)
    CASES.append({
        "name": name,
        "kind": kind,
        "config": config,
        "state": {k: flat(v) for k, v in module.state_dict().items()},
        "inputs": {k: flat(v) for k, v in xs.items()},
        "outputs": {k: flat(v) for k, v in outs.items()},
        "grad_outputs": {k: flat(v) for k, v in grad_outs.items()},
        "grads": grads,
    })
    # The Java test runs every case in float32 too and compares with the float64 values above, allowing
    # 1e-6 (1 + |value|); PyTorch's own float32 result must stay within 3/4 of that, so that the allowance measures
    # the implementation rather than float32 rounding of badly conditioned data.
    worst = max(relative_error(outs32, outs), relative_error(grads32, grads))
    assert worst < 7.5e-7, f"{name}: PyTorch's float32 result is off its float64 result by {worst:.2e} relative"
    FLOAT32_ERRORS.append(worst)


def relative_error(ours, reference):
    """max |a - b| / (1 + |b|) over matching entries; ours holds tensors or flat dicts, reference likewise."""
    worst = 0.0
    for k, ref in reference.items():
        a = ours[k]
        a = a.detach().double().reshape(-1) if torch.is_tensor(a) else torch.tensor(a["values"])
        b = ref.detach().double().reshape(-1) if torch.is_tensor(ref) else torch.tensor(ref["values"])
        worst = max(worst, ((a - b).abs() / (1 + b.abs())).max().item())
    return worst


def differentiate(module, xs, call, grad_outs):
    """The gradients of sum((output * grad_output).sum()) for every floating input and every parameter."""
    xs = {k: v.detach().requires_grad_(True) if v.is_floating_point() else v for k, v in xs.items()}
    module.zero_grad(set_to_none=True)
    outs = call(module, xs)
    loss = sum((outs[k] * grad_outs[k]).sum() for k in outs)
    loss.backward()
    grads = {k: flat(v.grad) for k, v in xs.items() if v.is_floating_point()}
    for k, p in module.named_parameters():
        grads[k] = flat(p.grad)
    return grads


# keys of a config that say how the layer is called rather than how it is built
CALL_KEYS = {"self_attention", "need_weights", "average_attn_weights"}


def randn(gen, *shape):
    return torch.randn(*shape, generator=gen)


# ------------------------------------------------------------------------------------------------ recurrent layers

L, N, IN, H = 5, 3, 4, 5


def recurrent(name, kind, cls, config, states=(), unbatched=False):
    """A recurrent layer; states names the initial states given ("h0", "c0"), zeros otherwise."""
    layers = config.get("num_layers", 1) * (2 if config.get("bidirectional", False) else 1)
    batch_first = config.get("batch_first", False)

    def inputs(gen):
        if unbatched:
            xs = {"input": randn(gen, L, IN)}
        else:
            xs = {"input": randn(gen, N, L, IN) if batch_first else randn(gen, L, N, IN)}
        for s in states:
            xs[s] = randn(gen, layers, H) if unbatched else randn(gen, layers, N, H)
        return xs

    def call(m, xs):
        if kind == "LSTM":
            if states:
                out, (h, c) = m(xs["input"], (xs["h0"], xs["c0"]))
            else:
                out, (h, c) = m(xs["input"])
            return {"output": out, "h": h, "c": c}
        out, h = m(xs["input"], xs["h0"]) if states else m(xs["input"])
        return {"output": out, "h": h}

    case(name, kind, dict(input_size=IN, hidden_size=H, **config), cls, inputs, call)


recurrent("lstm", "LSTM", nn.LSTM, {})
recurrent("lstm_initial_state", "LSTM", nn.LSTM, {}, states=("h0", "c0"))
recurrent("lstm_two_layers_dropout_in_eval", "LSTM", nn.LSTM, {"num_layers": 2, "dropout": 0.3},
          states=("h0", "c0"))
recurrent("lstm_bidirectional", "LSTM", nn.LSTM, {"bidirectional": True}, states=("h0", "c0"))
recurrent("lstm_batch_first_bidirectional_two_layers", "LSTM", nn.LSTM,
          {"num_layers": 2, "batch_first": True, "bidirectional": True}, states=("h0", "c0"))
recurrent("lstm_no_bias", "LSTM", nn.LSTM, {"bias": False}, states=("h0", "c0"))
recurrent("lstm_unbatched", "LSTM", nn.LSTM, {"num_layers": 2}, states=("h0", "c0"), unbatched=True)
recurrent("gru", "GRU", nn.GRU, {})
recurrent("gru_initial_state", "GRU", nn.GRU, {}, states=("h0",))
recurrent("gru_batch_first_bidirectional_two_layers", "GRU", nn.GRU,
          {"num_layers": 2, "batch_first": True, "bidirectional": True, "dropout": 0.2}, states=("h0",))
recurrent("gru_no_bias", "GRU", nn.GRU, {"bias": False}, states=("h0",))
recurrent("gru_unbatched_bidirectional", "GRU", nn.GRU, {"bidirectional": True}, states=("h0",), unbatched=True)
recurrent("rnn_tanh", "RNN", nn.RNN, {})
recurrent("rnn_tanh_two_layers_initial_state", "RNN", nn.RNN, {"num_layers": 2}, states=("h0",))
recurrent("rnn_relu", "RNN", nn.RNN, {"nonlinearity": "relu"}, states=("h0",))
recurrent("rnn_relu_batch_first_bidirectional", "RNN", nn.RNN,
          {"nonlinearity": "relu", "batch_first": True, "bidirectional": True})
recurrent("rnn_tanh_no_bias_unbatched", "RNN", nn.RNN, {"bias": False}, states=("h0",), unbatched=True)


# ------------------------------------------------------------------------------------------------ cells

def cell(name, kind, cls, config, states=(), unbatched=False):
    def inputs(gen):
        xs = {"input": randn(gen, IN) if unbatched else randn(gen, N, IN)}
        for s in states:
            xs[s] = randn(gen, H) if unbatched else randn(gen, N, H)
        return xs

    def call(m, xs):
        if kind == "LSTMCell":
            h, c = m(xs["input"], (xs["hx"], xs["cx"])) if states else m(xs["input"])
            return {"h": h, "c": c}
        return {"h": m(xs["input"], xs["hx"]) if states else m(xs["input"])}

    case(name, kind, dict(input_size=IN, hidden_size=H, **config), cls, inputs, call)


cell("rnn_cell_tanh", "RNNCell", nn.RNNCell, {}, states=("hx",))
cell("rnn_cell_relu_no_state", "RNNCell", nn.RNNCell, {"nonlinearity": "relu"})
cell("rnn_cell_no_bias_unbatched", "RNNCell", nn.RNNCell, {"bias": False}, states=("hx",), unbatched=True)
cell("lstm_cell", "LSTMCell", nn.LSTMCell, {}, states=("hx", "cx"))
cell("lstm_cell_no_state", "LSTMCell", nn.LSTMCell, {})
cell("lstm_cell_no_bias_unbatched", "LSTMCell", nn.LSTMCell, {"bias": False}, states=("hx", "cx"), unbatched=True)
cell("gru_cell", "GRUCell", nn.GRUCell, {}, states=("hx",))
cell("gru_cell_unbatched", "GRUCell", nn.GRUCell, {}, states=("hx",), unbatched=True)


# ------------------------------------------------------------------------------------------------ attention

E, HEADS, TL, SL = 8, 2, 4, 5


def padding_mask():
    """[N, S] with the last keys of some sequences padded, never the first key (no query loses every key)."""
    m = torch.zeros(N, SL, dtype=torch.bool)
    m[0, 4] = True
    m[1, 2:] = True
    return m


def causal(size):
    return torch.triu(torch.ones(size, size, dtype=torch.bool), diagonal=1)


def attention(name, config, masks=lambda gen, batched: {}, cross=False, unbatched=False):
    cfg = dict(embed_dim=E, num_heads=HEADS, self_attention=not cross, need_weights=True, average_attn_weights=True)
    cfg.update(config)
    bf = cfg.get("batch_first", False)
    kdim = cfg.get("kdim") or E
    vdim = cfg.get("vdim") or E

    def layout(gen, length, features):
        if unbatched:
            return randn(gen, length, features)
        return randn(gen, N, length, features) if bf else randn(gen, length, N, features)

    def inputs(gen):
        if cross:
            xs = {"query": layout(gen, TL, E), "key": layout(gen, SL, kdim), "value": layout(gen, SL, vdim)}
        else:
            xs = {"query": layout(gen, SL, E)}
        xs.update(masks(gen, not unbatched))
        return xs

    def call(m, xs):
        q = xs["query"]
        k = xs.get("key", q)
        v = xs.get("value", q)
        out, w = m(q, k, v, key_padding_mask=xs.get("key_padding_mask"), attn_mask=xs.get("attn_mask"),
                   need_weights=cfg["need_weights"], average_attn_weights=cfg["average_attn_weights"])
        return {"output": out, "weights": w} if cfg["need_weights"] else {"output": out}

    case(name, "MultiheadAttention", cfg, nn.MultiheadAttention, inputs, call, randomize=True)


attention("mha_self_attention", {})
attention("mha_key_padding_mask", {}, masks=lambda gen, b: {"key_padding_mask": padding_mask()})
attention("mha_causal_mask_and_key_padding", {"dropout": 0.1},
          masks=lambda gen, b: {"attn_mask": causal(SL), "key_padding_mask": padding_mask()})
attention("mha_float_mask_per_head_not_averaged", {"average_attn_weights": False},
          masks=lambda gen, b: {"attn_mask": randn(gen, N * HEADS, SL, SL)})
attention("mha_float_key_padding_mask_no_weights", {"need_weights": False},
          masks=lambda gen, b: {"key_padding_mask": padding_mask().double() * -1e9 + randn(gen, N, SL) * 0.1})
attention("mha_cross_attention", {}, cross=True,
          masks=lambda gen, b: {"attn_mask": torch.rand(TL, SL, generator=gen) < 0.3})
attention("mha_cross_attention_batch_first_kdim_vdim", {"batch_first": True, "kdim": 6, "vdim": 3}, cross=True,
          masks=lambda gen, b: {"key_padding_mask": padding_mask()})
attention("mha_no_bias_batch_first", {"bias": False, "batch_first": True},
          masks=lambda gen, b: {"attn_mask": causal(SL)})
attention("mha_unbatched_cross_attention", {"average_attn_weights": False}, cross=True, unbatched=True,
          masks=lambda gen, b: {"key_padding_mask": torch.tensor([False, False, True, False, True])})


# ------------------------------------------------------------------------------------------------ encoder layer

def encoder(name, config, masks=lambda gen: {}, unbatched=False):
    cfg = dict(d_model=E, nhead=HEADS, dim_feedforward=16, dropout=0.1)
    cfg.update(config)
    bf = cfg.get("batch_first", False)

    def inputs(gen):
        if unbatched:
            xs = {"src": randn(gen, SL, E)}
        else:
            xs = {"src": randn(gen, N, SL, E) if bf else randn(gen, SL, N, E)}
        xs.update(masks(gen))
        return xs

    def call(m, xs):
        return {"output": m(xs["src"], src_mask=xs.get("src_mask"),
                            src_key_padding_mask=xs.get("src_key_padding_mask"))}

    case(name, "TransformerEncoderLayer", cfg, nn.TransformerEncoderLayer, inputs, call, randomize=True)


encoder("encoder_post_norm_relu_masks", {},
        masks=lambda gen: {"src_mask": causal(SL), "src_key_padding_mask": padding_mask()})
encoder("encoder_pre_norm_gelu_key_padding", {"norm_first": True, "activation": "gelu"},
        masks=lambda gen: {"src_key_padding_mask": padding_mask()})
encoder("encoder_batch_first_float_mask_eps", {"batch_first": True, "layer_norm_eps": 1e-3},
        masks=lambda gen: {"src_mask": randn(gen, SL, SL)})
encoder("encoder_unbatched_pre_norm", {"norm_first": True}, unbatched=True)


def main():
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names)), "duplicate case names"
    with open(OUT, "w") as f:
        f.write('{"generator":"toolkit/src/test/resources/golden/make_rnn_golden.py","torch_version":'
                + json.dumps(torch.__version__) + ',"cases":[\n')
        f.write(",\n".join(json.dumps(c, separators=(",", ":"), sort_keys=True) for c in CASES))
        f.write("\n]}\n")
    print(f"wrote {len(CASES)} cases to {OUT} ({os.path.getsize(OUT)} bytes); PyTorch's float32 results are off "
          f"the float64 ones by at most {max(FLOAT32_ERRORS):.2e} (relative, 1 + |value|)")


if __name__ == "__main__":
    main()
