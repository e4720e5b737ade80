#!/usr/bin/env python3
"""Golden values from PyTorch for NnGoldenTest: every non-recurrent layer and every loss of org.backprop4j.nn.

How to run (PyTorch needed only here, never in CI; Debian's python3-torch 1.13 made the committed file):

    /usr/bin/python3 toolkit/src/test/resources/golden/make_nn_golden.py

What it writes: nn_golden.json next to this script, one case per line, for the cases listed in nn_golden_cases.py
(beside it). A case is one torch.nn module with fixed settings, run once forward and backward in float64:

    name            the key of the Java builder in NnGoldenCases (the two sets of names must be equal)
    module          the module's repr, for the reader
    training        the mode the module runs in (train() or eval())
    state           the module's state_dict before the forward pass, PyTorch's names and order:
                    [{name, dtype, shape, values}] with dtype "float" (float32 numbers, see below) or "int64";
                    NnGoldenTest loads it with loadStateDict(state, strict=true)
    inputs          the forward arguments [{dtype, shape, values, requires_grad}] (targets and indices included)
    grad_output     the upstream gradient {dtype, shape, values} given to backward (also for scalar losses)
    output          {shape, values} of the forward result
    input_grads     one {shape, values} per input that requires grad, in input order
    param_grads     [{name, shape, values}] for every parameter, in named_parameters() order
    buffers_after   [{name, dtype, shape, values}] of every buffer after the forward pass (BatchNorm's running
                    statistics and num_batches_tracked; a loss's class weights)
    torch_float32_error  how far PyTorch itself lands from these float64 values when it runs the same case in
                    float32, as a fraction of the float32 allowance (see below); informational

Values are flattened row-major. Every floating value that goes in (state, inputs, grad_output) is a float32
number widened to float64 and is written in float32's shortest form, so NnGoldenTest can read it as float32 exactly
(Float.parseFloat) and feed the same numbers to its float64 and its float32 pass. Results (output, gradients,
buffers after) are float64, written with repr (the shortest string that gives the same double back). The Java test
allows |java - torch| <= 1e-12 + 1e-10 |torch| in float64 and |java - torch| <= 1e-6 (1 + |torch|) in float32,
against these float64 values; the script checks that PyTorch's own float32 run meets that float32 allowance on every
case (torch_float32_error <= 1), so the allowance is one a careful float32 implementation can meet.

Randomness: each case is seeded from the CRC-32 of its name (so adding a case leaves the others unchanged); layers
get PyTorch's own default initialization under that seed, rounded to float32; normalization layers then get random
affine parameters and running statistics, so that a mix-up of weight and bias or of mean and variance shows. Inputs
stay at least KINK_MARGIN from the kinks of what is applied to them (0 for relu-like activations and |d| in L1, the
Huber/SmoothL1 threshold, hinge points of margin losses, hardtanh bounds, the softplus threshold, ties in max
pooling); when a draw lands too close, the case is redrawn with the next seed.

Large logits: the cases named *_large_logits feed logits of magnitude about 1e4 to CrossEntropyLoss and
BCEWithLogitsLoss; PyTorch's losses and gradients there are finite (asserted here) and NnGoldenTest asserts ours are
finite and match.

Left out on purpose:
  - Dropout in training with 0 < p < 1: the masks come from different generators; eval mode and p = 0 and 1 are here.
  - BCELoss fed probabilities of exactly 0 or 1 directly: PyTorch 1.13's backward returns
    (x - y) / max(x (1 - x), 1e-12) there (e.g. 0 at x = y = 1, where the derivative of -log x is -1); backprop4j
    returns the derivative of the clamped loss it computes. Through a sigmoid both give 0 (bce_loss_after_saturated_
    sigmoid is here), and BceSaturationTest pins backprop4j's values.
  - Settings backprop4j does not offer: unbatched inputs to convolutions, Embedding's max_norm. (Unbatched pooling,
    ceil_mode, divisor_override, BatchNorm's momentum=None and padding modes have cases in make_spatial_golden.py.)
"""
import copy
import json
import os
import sys
import warnings
import zlib

import numpy as np
import torch

torch.set_default_dtype(torch.float64)
# the cases use KLDivLoss's 'mean' and padding='same' with even kernels on purpose; PyTorch warns about both
warnings.filterwarnings("ignore", category=UserWarning)

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ among the test resources
from nn_golden_cases import CASES, KINK_MARGIN, Const, Gen, f32  # noqa: E402 (the script's own folder)

OUT = os.path.join(HERE, "nn_golden.json")
F32_ALLOWANCE = 1e-6  # |float32 result - float64 result| <= F32_ALLOWANCE (1 + |float64 result|)


# ------------------------------------------------------------------------------------------ running and writing

def exact32(t):
    """Values of a float32-representable tensor as floats whose repr is float32's shortest form."""
    out = []
    for v in t.detach().reshape(-1).tolist():
        s = str(np.float32(v))
        r = float(s)
        assert float(np.float32(r)) == v, (v, s)
        out.append(r)
    return out


def state_entry(name, t):
    t = t.detach()
    if t.is_floating_point():
        assert torch.equal(t, f32(t)), "state %s is not float32-representable" % name
        return {"name": name, "dtype": "float", "shape": list(t.shape), "values": exact32(t)}
    return {"name": name, "dtype": "int64", "shape": list(t.shape), "values": t.reshape(-1).tolist()}


def result(t):
    return {"shape": list(t.shape), "values": t.detach().reshape(-1).tolist()}


def result_entry(name, t):
    d = {"name": name, "dtype": "float" if t.is_floating_point() else "int64"}
    d.update(result(t))
    return d


def build(name, module, inputs, training, setup, kinks):
    base = zlib.crc32(name.encode())
    for attempt in range(50):
        seed = base + 7919 * attempt
        torch.manual_seed(seed)
        m = module()
        with torch.no_grad():
            for t in m.state_dict().values():
                if t.is_floating_point():
                    t.copy_(f32(t))
        g = Gen(seed)
        if setup is not None:
            setup(m, g)
        m.train(training)
        args = inputs(g)
        raw = [a.t if isinstance(a, Const) else a for a in args]
        with torch.no_grad():
            close = kinks is not None and any(
                (q.abs() < KINK_MARGIN).any().item() for q in kinks(copy.deepcopy(m), raw))
        if not close:
            return m, args, g
    raise RuntimeError("%s: every draw put a value near a kink" % name)


def run(m, args, grad_output):
    """Forward and backward; returns (output, input grads, param grads)."""
    leaves = []
    for a in args:
        if isinstance(a, Const):
            leaves.append(a.t)
        elif a.is_floating_point():
            leaves.append(a.detach().clone().requires_grad_(True))
        else:
            leaves.append(a)
    out = m(*leaves)
    out.backward(grad_output)
    grads = [x.grad for x, a in zip(leaves, args) if not isinstance(a, Const) and a.is_floating_point()]
    params = [(k, p.grad) for k, p in m.named_parameters()]
    return out, grads, params


def float32_error(m, m32, args, grad_output, out, grads, params):
    """Largest |torch float32 - torch float64| / (F32_ALLOWANCE (1 + |float64|)) over all results."""
    m32 = m32.float()
    args32 = [Const(a.t.float() if a.t.is_floating_point() else a.t) if isinstance(a, Const)
              else (a.float() if a.is_floating_point() else a) for a in args]
    out32, grads32, params32 = run(m32, args32, grad_output.float())
    pairs = [(out32, out)] + list(zip(grads32, grads)) + [(a[1], b[1]) for a, b in zip(params32, params)]
    pairs += [(a, b) for a, b in zip(m32.buffers(), m.buffers()) if a.is_floating_point()]
    worst = 0.0
    for a, b in pairs:
        err = (a.double() - b).abs() / (F32_ALLOWANCE * (1 + b.abs()))
        worst = max(worst, err.max().item() if err.numel() else 0.0)
    return worst


def make_case(name, module, inputs, training, setup, kinks):
    m, args, g = build(name, module, inputs, training, setup, kinks)
    state = [state_entry(k, v) for k, v in m.state_dict().items()]
    m32 = copy.deepcopy(m)
    # draw the upstream gradient from the output's shape, before the real run changes any buffer
    with torch.no_grad():
        shape = copy.deepcopy(m)(*[a.t if isinstance(a, Const) else a for a in args]).shape
    grad_output = g.randn(*shape)
    out, grads, params = run(m, args, grad_output)
    assert all(gr is not None for gr in grads), name
    assert all(p is not None for _, p in params), name
    for t in [out] + grads + [p for _, p in params]:
        assert torch.isfinite(t).all(), "%s: PyTorch gives a non-finite value" % name
    error32 = float32_error(m, m32, args, grad_output, out, grads, params)
    ins = []
    for a in args:
        t = a.t if isinstance(a, Const) else a
        entry = state_entry("", t)
        del entry["name"]
        entry["requires_grad"] = not isinstance(a, Const) and t.is_floating_point()
        ins.append(entry)
    go = {"dtype": "float", "shape": list(grad_output.shape), "values": exact32(grad_output)}
    return {
        "name": name,
        "module": repr(m),
        "training": training,
        "state": state,
        "inputs": ins,
        "grad_output": go,
        "output": result(out),
        "input_grads": [result(gr) for gr in grads],
        "param_grads": [dict(name=k, **result(p)) for k, p in params],
        "buffers_after": [result_entry(k, b) for k, b in m.named_buffers()],
        "torch_float32_error": round(error32, 4),
    }


def main():
    cases = [make_case(*c) for c in CASES]
    bad = [(c["name"], c["torch_float32_error"]) for c in cases if c["torch_float32_error"] > 1]
    assert not bad, "PyTorch's own float32 results miss the float32 allowance: %s" % bad
    header = {"generator": "make_nn_golden.py", "torch_version": torch.__version__,
              "float32_allowance": F32_ALLOWANCE}
    text = json.dumps(header)[:-1] + ', "cases": [\n' + ",\n".join(
        json.dumps(c, separators=(",", ":")) for c in cases) + "\n]}\n"
    with open(OUT + ".tmp", "w") as f:
        f.write(text)
    os.replace(OUT + ".tmp", OUT)
    worst = max(cases, key=lambda c: c["torch_float32_error"])
    print("wrote %d cases, %d bytes, to %s; PyTorch float32 uses at most %.2f of the float32 allowance (%s)"
          % (len(cases), len(text), OUT, worst["torch_float32_error"], worst["name"]))


if __name__ == "__main__":
    main()
