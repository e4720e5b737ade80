#!/usr/bin/env python3
"""Golden values from PyTorch for the mixed-precision tests (LowPrecisionGoldenTest, AutocastGoldenTest).

How to run (PyTorch needed only here, never in CI; Debian's python3-torch 1.13 made the committed file):

    /usr/bin/python3 toolkit/src/test/resources/golden/make_amp_golden.py

What it writes: amp_golden.json next to this script.

    casts        {bits, bfloat16, float16}: float32 inputs as their int32 bit patterns (ties, values next to ties,
                 subnormals, float16 overflow and underflow, signed zeros, infinities, random values over many
                 magnitudes) and the uint16 bit patterns PyTorch's x.to(torch.bfloat16) and x.to(torch.float16) give
    autocast     a two-layer network run with PyTorch's bfloat16 casts where autocast puts them: each matrix
                 product multiplies bfloat16 operands into a bfloat16 result, biases, tanh and the MSE loss stay in
                 float32 (master weights float32). Inputs x [6, 5], w1 [7, 5], b1 [7], w2 [3, 7], b2 [3], target
                 [6, 3], then loss and the gradients of x, w1, b1, w2, b2 (float32 values written as JSON doubles,
                 exactly); fp32_loss is the same network without casts, to show the case tells the two apart.
"""
import json
import os
import struct

import torch

torch.manual_seed(1402)


def bits_of(values):
    return [struct.unpack("<i", struct.pack("<f", v))[0] for v in values]


special = [
    0.0, -0.0, 1.0, -1.0, float("inf"), float("-inf"),
    1.0 + 2 ** -8, 1.0 + 3 * 2 ** -8, 1.0 + 2 ** -8 + 2 ** -23, 1.0 + 2 ** -8 - 2 ** -23,  # bfloat16 ties and near
    1.0 + 2 ** -11, 1.0 + 3 * 2 ** -11, 1.0 + 2 ** -11 + 2 ** -23,  # float16 ties and near
    65504.0, 65519.0, 65520.0, 1e5, -1e5,  # float16's largest, last value rounding down, first overflowing
    6.1e-5, 5.96e-8, 2.98e-8, 2.99e-8, 1e-9, -3e-6,  # float16 subnormals, underflow to zero
    3.3895314e38, 3.4028235e38, 1e-39, -1e-40, 1.17549435e-38,  # bfloat16 max, float32 max, subnormals
]
random = (torch.randn(200) * torch.exp(torch.empty(200).uniform_(-25, 25))).tolist()
inputs = torch.tensor(special + random, dtype=torch.float32)
# round-trip through float32 so the bit patterns are the tensor's
values = inputs.tolist()


def u16(t):
    return [int(v) & 0xFFFF for v in t.view(torch.int16).tolist()]


casts = {
    "bits": bits_of(values),
    "bfloat16": u16(inputs.to(torch.bfloat16)),
    "float16": u16(inputs.to(torch.float16)),
}

x = torch.randn(6, 5).requires_grad_(True)
w1 = (torch.randn(7, 5) * 0.5).requires_grad_(True)
b1 = (torch.randn(7) * 0.1).requires_grad_(True)
w2 = (torch.randn(3, 7) * 0.5).requires_grad_(True)
b2 = (torch.randn(3) * 0.1).requires_grad_(True)
target = torch.randn(6, 3)


def forward(cast):
    def mm(a, b):
        return (a.bfloat16() @ b.bfloat16()).float() if cast else a @ b
    h = torch.tanh(mm(x, w1.t()) + b1)
    out = mm(h, w2.t()) + b2
    return torch.nn.functional.mse_loss(out, target)


loss = forward(True)
grads = torch.autograd.grad(loss, [x, w1, b1, w2, b2])
fp32_loss = forward(False).item()


def flat(t):
    return {"shape": list(t.shape), "values": [float(v) for v in t.detach().reshape(-1).tolist()]}


autocast = {"x": flat(x), "w1": flat(w1), "b1": flat(b1), "w2": flat(w2), "b2": flat(b2), "target": flat(target),
            "loss": loss.item(), "fp32_loss": fp32_loss,
            "grads": {n: flat(g) for n, g in zip(["x", "w1", "b1", "w2", "b2"], grads)}}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "amp_golden.json")
with open(path, "w") as f:
    json.dump({"casts": casts, "autocast": autocast}, f, indent=1)
    f.write("\n")
print("wrote", path, "bf16 loss", loss.item(), "fp32 loss", fp32_loss)
