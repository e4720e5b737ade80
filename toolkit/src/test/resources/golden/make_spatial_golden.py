#!/usr/bin/env python3
"""Golden values from PyTorch for SpatialGoldenTest: the convolution, pooling, normalization, resampling and padding
layers of org.backprop4j.nn that came with issue 17 (Conv3d, transposed 1-D and 3-D convolutions, padding modes,
ceil-mode and tuple pooling with indices, unpooling, adaptive pooling, instance and local response normalization,
BatchNorm's cumulative average and old checkpoints, weight and spectral normalization, Upsample, pixel shuffles,
Fold/Unfold and the padding layers).

How to run (PyTorch needed only here, never in CI; Debian's python3-torch 1.13 made the committed file):

    /usr/bin/python3 toolkit/src/test/resources/golden/make_spatial_golden.py

What it writes: spatial_golden.json next to this script, one case per line, for the cases in
spatial_golden_cases.py. The format is make_nn_golden.py's (its helpers are reused: float32-exact inputs and state,
float64 results, the float32 allowance PyTorch itself must meet), with two additions:

    extra_outputs   [{shape, values}] int64 results after the differentiable output, compared exactly (the indices
                    of max pooling with return_indices=True)
    dropped_state   state-dict keys left out of "state" on purpose: an old checkpoint that PyTorch loads with strict
                    loading by filling them in (BatchNorm's num_batches_tracked, set to 0); the module ran after
                    that load, so the results and buffers_after show the filled-in value

Randomness: each case is seeded from the CRC-32 of its name; layers get PyTorch's default initialization under that
seed, rounded to float32; normalization layers get random affine parameters and running statistics, and spectral
normalization random unit vectors u and v. Inputs are standard normal draws rounded to float32. No case applies a
kink to a computed value (max pooling sees the inputs themselves), so the float32 and float64 passes take the same
branches.

Left out on purpose (see the report of the nn-spatial branch): bicubic interpolation and antialiasing, unbatched
inputs to convolutions and to Upsample (PyTorch 1.13 refuses the latter too).
"""
import copy
import json
import os
import sys
import warnings
import zlib

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ among the test resources
from make_nn_golden import F32_ALLOWANCE, exact32, result, result_entry, state_entry  # noqa: E402
from nn_golden_cases import Const, Gen, f32  # noqa: E402
from spatial_golden_cases import CASES  # noqa: E402

torch.set_default_dtype(torch.float64)
# padding='same' with even kernels, and Upsample's notes on align_corners and scale factors, are wanted here
warnings.filterwarnings("ignore", category=UserWarning)

OUT = os.path.join(HERE, "spatial_golden.json")


def build(name, module, inputs, training, setup):
    seed = zlib.crc32(name.encode())
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
    return m, inputs(g), g


def split(out):
    """(differentiable output, [int64 extra outputs])."""
    if isinstance(out, tuple):
        return out[0], list(out[1:])
    return out, []


def run(m, args, grad_output):
    leaves = []
    for a in args:
        if isinstance(a, Const):
            leaves.append(a.t)
        elif a.is_floating_point():
            leaves.append(a.detach().clone().requires_grad_(True))
        else:
            leaves.append(a)
    out, extras = split(m(*leaves))
    out.backward(grad_output)
    grads = [x.grad for x, a in zip(leaves, args) if not isinstance(a, Const) and a.is_floating_point()]
    params = [(k, p.grad) for k, p in m.named_parameters()]
    return out, extras, grads, params


def float32_error(m32, args, grad_output, m, out, extras, grads, params):
    m32 = m32.float()
    args32 = [Const(a.t.float() if a.t.is_floating_point() else a.t) if isinstance(a, Const)
              else (a.float() if a.is_floating_point() else a) for a in args]
    out32, extras32, grads32, params32 = run(m32, args32, grad_output.float())
    for a, b in zip(extras32, extras):
        assert torch.equal(a, b), "PyTorch's float32 and float64 indices differ"
    pairs = [(out32, out)] + list(zip(grads32, grads)) + [(a[1], b[1]) for a, b in zip(params32, params)]
    pairs += [(a, b) for a, b in zip(m32.buffers(), m.buffers()) if a.is_floating_point()]
    worst = 0.0
    for a, b in pairs:
        err = (a.double() - b).abs() / (F32_ALLOWANCE * (1 + b.abs()))
        worst = max(worst, err.max().item() if err.numel() else 0.0)
    return worst


def make_case(name, module, inputs, training, setup, drop_state):
    m, args, g = build(name, module, inputs, training, setup)
    state = {k: v.detach().clone() for k, v in m.state_dict().items()}
    for key in drop_state:
        assert key in state, (name, key)
        del state[key]
    # what strict loading of the old checkpoint does in PyTorch: the dropped keys get their defaults
    m.load_state_dict(copy.deepcopy(state), strict=True)
    for key in drop_state:
        assert m.state_dict()[key].item() == 0, (name, key)
    m32 = copy.deepcopy(m)
    with torch.no_grad():
        shape = split(copy.deepcopy(m)(*[a.t if isinstance(a, Const) else a for a in args]))[0].shape
    grad_output = g.randn(*shape)
    out, extras, grads, params = run(m, args, grad_output)
    assert all(gr is not None for gr in grads), name
    assert all(p is not None for _, p in params), name
    for t in [out] + grads + [p for _, p in params]:
        assert torch.isfinite(t).all(), "%s: PyTorch gives a non-finite value" % name
    error32 = float32_error(m32, args, grad_output, m, out, extras, grads, params)
    ins = []
    for a in args:
        t = a.t if isinstance(a, Const) else a
        entry = state_entry("", t)
        del entry["name"]
        entry["requires_grad"] = not isinstance(a, Const) and t.is_floating_point()
        ins.append(entry)
    return {
        "name": name,
        "module": repr(m),
        "training": training,
        "state": [state_entry(k, v) for k, v in state.items()],
        "dropped_state": list(drop_state),
        "inputs": ins,
        "grad_output": {"dtype": "float", "shape": list(grad_output.shape), "values": exact32(grad_output)},
        "output": result(out),
        "extra_outputs": [{"shape": list(e.shape), "values": e.reshape(-1).tolist()} for e in extras],
        "input_grads": [result(gr) for gr in grads],
        "param_grads": [dict(name=k, **result(p)) for k, p in params],
        "buffers_after": [result_entry(k, b) for k, b in m.named_buffers()],
        "torch_float32_error": round(error32, 4),
    }


def main():
    cases = [make_case(*c) for c in CASES]
    bad = [(c["name"], c["torch_float32_error"]) for c in cases if c["torch_float32_error"] > 1]
    assert not bad, "PyTorch's own float32 results miss the float32 allowance: %s" % bad
    header = {"generator": "make_spatial_golden.py", "torch_version": torch.__version__,
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
