#!/usr/bin/env python3
"""Golden values from PyTorch for ExtraGoldenTest: ReLU6, Hardshrink, Softshrink and Tanhshrink (with inputs exactly
at their kinks: PyTorch's subgradient there is part of what is compared), LPPool1d/2d, FractionalMaxPool2d/3d with
fixed random samples, and AdaptiveLogSoftmaxWithLoss (target log-probabilities, loss, log_prob and predict).

How to run (PyTorch needed only here, never in CI; Debian's python3-torch 1.13 made the committed file):

    /usr/bin/python3 toolkit/src/test/resources/golden/make_extra_golden.py

What it writes: extra_golden.json next to this script, one case per line, in the format of make_spatial_golden.py,
whose make_case runs every case (float32-exact inputs and state, float64 results, PyTorch's own float32 error within
the float32 allowance, int64 extra outputs compared exactly). Every name here has a builder of the same name in
ExtraGoldenCases.java.

Kinks: the activation cases put inputs exactly at 0, 6 and +-lambda. Those inputs are float32 numbers, so the float32
and float64 passes take the same branches; nothing else here applies a kink to a computed value except LPPool's
relu, which sees only power sums away from 0.

AdaptiveLogSoftmaxWithLoss returns a named tuple and has two more methods, so its cases run a subclass (the same
parameters under the same names) whose forward returns one differentiable tensor, output ++ [loss] ++
log_prob(input) flattened, and predict(input) as the int64 extra output; the upstream gradient is random over all
of it, so every parameter and the input get gradients through all three.

FractionalMaxPool2d/3d take PyTorch's _random_samples (a buffer, so it travels in the state dict as
"_random_samples"); the samples are uniform draws rounded to float32, so the float32 pass, which computes the
window starts in float32 as PyTorch's kernel does, places the same windows.
"""
import json
import os
import sys

import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ among the test resources
from make_nn_golden import F32_ALLOWANCE  # noqa: E402
from make_spatial_golden import make_case  # noqa: E402
from nn_golden_cases import Const, f32  # noqa: E402

torch.set_default_dtype(torch.float64)

OUT = os.path.join(HERE, "extra_golden.json")
CASES = []


def case(name, module, inputs, setup=None):
    assert name not in [c[0] for c in CASES], name
    CASES.append((name, module, inputs, True, setup, ()))


def with_values(g, values, *shape, scale=1.0):
    """The given float32-exact values, then standard normal draws times scale, shuffled into shape."""
    n = 1
    for s in shape:
        n *= s
    fixed = torch.tensor(values, dtype=torch.float64)
    assert torch.equal(fixed, f32(fixed))
    x = torch.cat([fixed, g.randn(n - len(values), scale=scale)])
    return x[torch.randperm(n, generator=g.g)].reshape(shape)


# ------------------------------------------------------------------------------------------ activations

case("relu6_at_kinks", lambda: nn.ReLU6(),
     lambda g: [with_values(g, [0.0, 0.0, 6.0, 6.0, -1.5, 7.25, 3.0], 3, 5, scale=4.0)])
case("hardshrink_default_at_kinks", lambda: nn.Hardshrink(),
     lambda g: [with_values(g, [0.5, -0.5, 0.0, 0.5, -0.5, 0.25], 2, 3, 4)])
case("hardshrink_lambda_at_kinks", lambda: nn.Hardshrink(1.25),
     lambda g: [with_values(g, [1.25, -1.25, 0.0, 2.5], 4, 5, scale=2.0)])
case("softshrink_default_at_kinks", lambda: nn.Softshrink(),
     lambda g: [with_values(g, [0.5, -0.5, 0.0, -0.5, 0.125], 2, 3, 4)])
case("softshrink_lambda_at_kinks", lambda: nn.Softshrink(0.75),
     lambda g: [with_values(g, [0.75, -0.75, 0.0, 1.5], 4, 5, scale=2.0)])
case("softshrink_zero_lambda", lambda: nn.Softshrink(0.0), lambda g: [with_values(g, [0.0, 0.0], 3, 4)])
case("tanhshrink", lambda: nn.Tanhshrink(), lambda g: [with_values(g, [0.0, -9.5, 12.0], 3, 5, scale=3.0)])

# ------------------------------------------------------------------------------------------ power-average pooling

case("lp_pool1d_p2", lambda: nn.LPPool1d(2, 3), lambda g: [g.randn(2, 3, 8)])
case("lp_pool1d_p3_stride_ceil", lambda: nn.LPPool1d(3, 3, stride=2, ceil_mode=True),
     lambda g: [g.uniform(0.2, 2.0, 2, 2, 8)])
case("lp_pool1d_p1_signed_sums", lambda: nn.LPPool1d(1, 2), lambda g: [g.randn(1, 3, 6)])
case("lp_pool2d_p2", lambda: nn.LPPool2d(2, 2), lambda g: [g.randn(2, 2, 4, 6)])
case("lp_pool2d_tuples_ceil", lambda: nn.LPPool2d(1.5, (3, 2), stride=(2, 1), ceil_mode=True),
     lambda g: [g.uniform(0.2, 2.0, 1, 2, 7, 5)])
case("lp_pool2d_unbatched", lambda: nn.LPPool2d(4, 2, stride=1), lambda g: [g.randn(3, 4, 4)])


# ------------------------------------------------------------------------------------------ fractional max pooling
# torch.rand runs right after the case's seeding, so the samples are reproducible; build() rounds them to float32.

case("fractional_max_pool2d_output_size_indices",
     lambda: nn.FractionalMaxPool2d(3, output_size=(4, 5), return_indices=True, _random_samples=torch.rand(2, 3, 2)),
     lambda g: [g.randn(2, 3, 9, 11)])
case("fractional_max_pool2d_tuple_kernel_ratio",
     lambda: nn.FractionalMaxPool2d((2, 3), output_ratio=(0.5, 0.6), _random_samples=torch.rand(1, 2, 2)),
     lambda g: [g.randn(1, 2, 8, 10)])
case("fractional_max_pool2d_unbatched_indices",
     lambda: nn.FractionalMaxPool2d(2, output_size=3, return_indices=True, _random_samples=torch.rand(1, 2, 2)),
     lambda g: [g.randn(2, 7, 6)])
case("fractional_max_pool2d_one_output_row",
     lambda: nn.FractionalMaxPool2d(2, output_size=(1, 4), _random_samples=torch.rand(1, 1, 2)),
     lambda g: [g.randn(1, 1, 3, 9)])
case("fractional_max_pool3d_output_size_indices",
     lambda: nn.FractionalMaxPool3d(2, output_size=(3, 4, 3), return_indices=True,
                                    _random_samples=torch.rand(1, 2, 3)), lambda g: [g.randn(1, 2, 6, 7, 5)])
case("fractional_max_pool3d_tuple_kernel_ratio",
     lambda: nn.FractionalMaxPool3d((2, 1, 2), output_ratio=0.5, _random_samples=torch.rand(2, 1, 3)),
     lambda g: [g.randn(2, 1, 6, 6, 8)])


# ------------------------------------------------------------------------------------------ adaptive log softmax

class ASM(nn.AdaptiveLogSoftmaxWithLoss):
    """The module with one differentiable result: output ++ [loss] ++ log_prob flattened; predict as int64."""

    def forward(self, x, target):
        r = super().forward(x, target)
        batch = x if x.dim() == 2 else x.unsqueeze(0)
        out = torch.cat([r.output.reshape(-1), r.loss.reshape(1), self.log_prob(batch).reshape(-1)])
        return out, self.predict(batch)


def targets(values):
    return Const(torch.tensor(values, dtype=torch.int64))


def louder_clusters(factor):
    """Scales the head's cluster rows so that some examples predict a cluster class (predict's tail path)."""
    def setup(m, g):
        with torch.no_grad():
            m.head.weight[m.shortlist_size:] *= factor
    return setup


case("adaptive_log_softmax", lambda: ASM(16, 10, [4, 7], div_value=2.0),
     lambda g: [g.randn(8, 16), targets([0, 5, 9, 3, 7, 4, 8, 1])], setup=louder_clusters(4.0))
case("adaptive_log_softmax_head_bias_empty_cluster", lambda: ASM(16, 12, [3, 8], head_bias=True),
     lambda g: [g.randn(5, 16), targets([2, 9, 0, 11, 10])])
case("adaptive_log_softmax_unbatched", lambda: ASM(8, 6, [2], div_value=2.0),
     lambda g: [g.randn(8), targets(4)])


def main():
    cases = [make_case(*c) for c in CASES]
    bad = [(c["name"], c["torch_float32_error"]) for c in cases if c["torch_float32_error"] > 1]
    assert not bad, "PyTorch's own float32 results miss the float32 allowance: %s" % bad
    header = {"generator": "make_extra_golden.py", "torch_version": torch.__version__,
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
