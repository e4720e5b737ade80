#!/usr/bin/env python3
"""Writes format_cases.json: tensors and the string PyTorch prints for each, for TensorFormatTest.

Run from this folder with Debian's PyTorch (tested with 1.13):  /usr/bin/python3 make_format_cases.py
Each case stores dtype, shape and the row-major values (floats as exact decimal strings, so that the Java side
rebuilds bit-identical tensors), whether the tensor requires grad, an optional op applied to it ("mul1": x * 1,
which keeps the values and gives a gradFn), and PyTorch's str() with our suffix spellings:
dtype=float64 for dtype=torch.float64, requiresGrad=true for requires_grad=True, gradFn=<mul> for
grad_fn=<MulBackward0>, and size=[0, 3] for size=(0, 3) (our Shape prints like a list).
"""
import json
import math
import os
import re

import torch

torch.set_printoptions(profile="default")
gen = torch.Generator().manual_seed(20240601)
nan, inf = float("nan"), float("inf")


def randn(*shape, dtype=torch.float32):
    return torch.randn(*shape, generator=gen, dtype=torch.float64).to(dtype)


def f32(values):
    return torch.tensor(values, dtype=torch.float32)


def f64(values):
    return torch.tensor(values, dtype=torch.float64)


CASES = [
    # scalars
    ("scalar float32", f32(3.5)),
    ("scalar integral float32", f32(2.0)),
    ("scalar negative float32", f32(-0.125)),
    ("scalar tiny float32", f32(1.5e-7)),
    ("scalar nan", f32(nan)),
    ("scalar -inf", f32(-inf)),
    ("scalar int64", torch.tensor(7)),
    ("scalar bool", torch.tensor(True)),
    ("scalar float64", f64(0.25)),
    ("scalar requires grad", f32(1.5).requires_grad_()),
    # 1-D
    ("1-D fixed", f32([0.1, -2.5, 3.14159])),
    ("1-D integral floats", f32([1.0, 2.0, 3.0])),
    ("1-D integral floats with negatives", f32([-1.0, 0.0, 10.0])),
    ("1-D integral floats ratio above 1000", f32([1.0, 2000.0])),
    ("1-D integral floats above 1e8", f32([3e9, 1.0])),
    ("1-D all zeros", torch.zeros(4)),
    ("1-D negative zero integral", f32([-0.0, 1.0])),
    ("1-D negative zero fixed", f32([-0.0, 1.5])),
    ("1-D scientific small", f32([1e-5, 1.0])),
    ("1-D scientific large", f32([1e10, 1.5])),
    ("1-D scientific negative", f32([-1.5e-5, 2.0, 300.0])),
    ("1-D fixed wide", f32([123.456, -0.5, 7.0])),
    ("1-D rounding ties", f32([1.03125, 0.03125, 2.21875])),
    ("1-D scientific rounding tie", f64([1.23445e10, 1.0])),
    ("1-D nan and inf", f32([1.5, nan, inf, -inf])),
    ("1-D integral with nan", f32([1.0, nan, -inf])),
    ("1-D only non-finite", f32([nan, inf, -inf])),
    ("1-D wraps", randn(30)),
    ("1-D integral wraps", torch.arange(40.0)),
    ("1-D float64", f64([1.0, 2.5, -3.25])),
    ("1-D int64", torch.tensor([3, -12, 400, 0])),
    ("1-D int64 wraps", torch.arange(-20, 30)),
    ("1-D bool", torch.tensor([True, False, True])),
    # 2-D and 3-D
    ("2-D fixed", randn(3, 4)),
    ("2-D integral", torch.arange(12.0).reshape(3, 4)),
    ("2-D float64", randn(2, 3, dtype=torch.float64)),
    ("2-D int64", torch.tensor([[1, -2, 3], [40, 5, -600]])),
    ("2-D bool", torch.tensor([[True, False], [False, True]])),
    ("2-D scientific", f32([[1e-8, 2.0], [3.0, 4e5]])),
    ("2-D wraps digits", torch.arange(60.0).reshape(2, 30) % 10),
    ("2-D wraps int64 digits", torch.arange(60).reshape(2, 30) % 10),
    ("2-D wraps fixed", randn(3, 20)),
    ("2-D wraps negative fixed", -torch.rand(2, 20, generator=gen) - 0.5),
    ("2-D wraps scientific", randn(2, 14) * 1e6),
    ("3-D fixed", randn(2, 3, 4)),
    ("3-D int64", torch.arange(24).reshape(2, 3, 4)),
    ("4-D integral", torch.arange(16.0).reshape(2, 2, 2, 2)),
    # autograd suffixes
    ("requires grad", f32([1.0, 2.0]).requires_grad_()),
    ("float64 requires grad", f64([1.5, -2.0]).requires_grad_()),
    ("grad fn", ("mul1", f32([[1.0, 2.0], [3.0, 4.0]]).requires_grad_())),
    ("float64 grad fn", ("mul1", f64([0.5, 0.25]).requires_grad_())),
    # empty
    ("empty float32", torch.zeros(0)),
    ("empty int64", torch.zeros(0, dtype=torch.int64)),
    ("empty bool", torch.zeros(0, dtype=torch.bool)),
    ("empty 2-D", torch.zeros(0, 3)),
    ("empty 3-D float64", torch.zeros(2, 0, 4, dtype=torch.float64)),
    # summarization (more than 1000 elements)
    ("summarized int64", torch.arange(2000)),
    ("summarized 1-D fixed", randn(1001)),
    ("summarized 2-D", randn(40, 30)),
    ("summarized 2-D short rows", torch.arange(1200.0).reshape(2, 600)),
    ("summarized 2-D short columns", torch.arange(1500.0).reshape(500, 3) / 7),
    ("summarized 3-D", randn(12, 12, 12)),
    ("summarized bool", torch.arange(1100) % 3 == 0),
    ("summarized hides wide values", torch.cat([torch.ones(3), torch.full((1000,), 1e9), torch.ones(3)])),
]


def rename(text):
    text = text.replace("dtype=torch.", "dtype=")
    text = text.replace("requires_grad=True", "requiresGrad=true")
    text = text.replace("grad_fn=<MulBackward0>", "gradFn=<mul>")
    return re.sub(r"size=\(([^)]*)\)", lambda m: "size=[" + m.group(1).rstrip(",") + "]", text)


def value_string(v, dtype):
    if dtype == torch.bool:
        return "true" if v else "false"
    if dtype == torch.int64:
        return str(int(v))
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return repr(v)


def case(name, spec):
    op, t = spec if isinstance(spec, tuple) else (None, spec)
    shown = t * 1 if op == "mul1" else t
    dtype_name = str(t.dtype).removeprefix("torch.")
    return {
        "name": name,
        "dtype": dtype_name,
        "shape": list(t.shape),
        "values": [value_string(v, t.dtype) for v in t.detach().reshape(-1).tolist()],
        "requiresGrad": t.requires_grad,
        "op": op,
        "expected": rename(str(shown)),
    }


def main():
    out = {
        "generator": "make_format_cases.py with torch " + torch.__version__,
        "cases": [case(n, s) for n, s in CASES],
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "format_cases.json")
    with open(path, "w") as f:  # one case per line, so that a regenerated file diffs case by case
        f.write('{"generator": ' + json.dumps(out["generator"]) + ', "cases": [\n')
        f.write(",\n".join(json.dumps(c) for c in out["cases"]))
        f.write("\n]}\n")
    print("wrote", len(out["cases"]), "cases to", path)


if __name__ == "__main__":
    main()
