#!/usr/bin/env python3
"""Golden values from PyTorch for NnGoldenTest: every non-recurrent layer and every loss of org.backprop4j.nn.

How to run (PyTorch needed only here, never in CI; Debian's python3-torch 1.13 made the committed file):

    /usr/bin/python3 toolkit/src/test/resources/golden/make_nn_golden.py

What it writes: nn_golden.json next to this script, one case per line. A case is one torch.nn module with fixed
settings, run once forward and backward in float64:

    name            the key of the Java builder in NnGoldenTest (the two sets of names must be equal)
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
  - Settings backprop4j does not offer: unbatched inputs to convolutions and pooling, ceil_mode, divisor_override,
    BatchNorm's momentum=None (cumulative average), Embedding's max_norm, padding modes other than zeros.
"""
import copy
import json
import math
import os
import warnings
import zlib

import numpy as np
import torch
import torch.nn as nn

torch.set_default_dtype(torch.float64)
# the cases use KLDivLoss's 'mean' and padding='same' with even kernels on purpose; PyTorch warns about both
warnings.filterwarnings("ignore", category=UserWarning)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "nn_golden.json")
KINK_MARGIN = 1e-2
F32_ALLOWANCE = 1e-6  # |float32 result - float64 result| <= F32_ALLOWANCE (1 + |float64 result|)
INF = math.inf


# ------------------------------------------------------------------------------------------ random inputs

def f32(t):
    """The tensor rounded to float32 and widened back, so float32 and float64 runs see the same numbers."""
    return t.float().double()


class Gen:
    """Seeded draws of float32-representable float64 values."""

    def __init__(self, seed):
        self.g = torch.Generator().manual_seed(seed)

    def randn(self, *shape, scale=1.0, avoid=()):
        return self._avoid(lambda: torch.randn(shape, generator=self.g) * scale, avoid)

    def uniform(self, lo, hi, *shape, avoid=()):
        return self._avoid(lambda: lo + (hi - lo) * torch.rand(shape, generator=self.g), avoid)

    def signs(self, *shape):
        return torch.randint(0, 2, shape, generator=self.g).double() * 2 - 1

    def _avoid(self, draw, avoid):
        x = f32(draw())
        for _ in range(1000):
            bad = torch.zeros_like(x, dtype=torch.bool)
            for p in avoid:
                bad |= (x - p).abs() < KINK_MARGIN
            if not bad.any():
                return x
            x = torch.where(bad, f32(draw()), x)
        raise RuntimeError("could not keep inputs away from %s" % (avoid,))


class Const:
    """An input that does not require grad (targets, labels, masks)."""

    def __init__(self, t):
        self.t = t


def indices(values):
    return Const(torch.tensor(values, dtype=torch.int64))


def probs(g, *shape, dim=1):
    """A probability distribution along dim (float32-representable, not renormalized after rounding)."""
    return f32(torch.softmax(g.randn(*shape, scale=1.5), dim))


def log_probs(g, *shape, dim=1):
    return f32(torch.log_softmax(g.randn(*shape, scale=1.5), dim))


def pool_gaps(x, kernel, stride, padding, dilation):
    """Gap between the largest and second largest value of every max-pooling window of [N, C, H, W]."""
    n, c, h, w = x.shape
    kh, kw = kernel
    ph, pw = padding
    xp = torch.nn.functional.pad(x.reshape(n * c, 1, h, w), (pw, pw, ph, ph), value=-INF)
    cols = torch.nn.functional.unfold(xp, (kh, kw), dilation=dilation, stride=stride)
    top = cols.topk(2, dim=1).values
    return torch.nan_to_num(top[:, 0] - top[:, 1], nan=INF).reshape(-1)


# ------------------------------------------------------------------------------------------ cases

CASES = []


def case(name, module, inputs, training=True, setup=None, kinks=None):
    """Registers a case.

    module   builds the torch module (called right after seeding, so default initialization is reproducible)
    inputs   g -> list of forward arguments; a floating tensor requires grad unless wrapped in Const
    setup    (module, g) -> None, randomizes parameters and buffers after initialization
    kinks    (module, args) -> tensors that must stay KINK_MARGIN away from 0; the case is redrawn otherwise
    """
    assert name not in [c[0] for c in CASES], name
    CASES.append((name, module, inputs, training, setup, kinks))


def randomize_norm(m, g):
    with torch.no_grad():
        if getattr(m, "weight", None) is not None:
            m.weight.copy_(g.uniform(0.5, 1.5, *m.weight.shape))
            m.bias.copy_(g.randn(*m.bias.shape, scale=0.3))
        if getattr(m, "running_mean", None) is not None:
            m.running_mean.copy_(g.randn(*m.running_mean.shape, scale=0.3))
            m.running_var.copy_(g.uniform(0.5, 1.5, *m.running_var.shape))
            m.num_batches_tracked.fill_(3)


class Residual(nn.Module):
    """x + body(x), as backprop4j's Residual (PyTorch has no such module)."""

    def __init__(self, body):
        super().__init__()
        self.body = body

    def forward(self, x):
        return x + self.body(x)


# linear layers
case("linear", lambda: nn.Linear(5, 4), lambda g: [g.randn(3, 5)])
case("linear_1d_input", lambda: nn.Linear(3, 2), lambda g: [g.randn(3)])
case("linear_no_bias_3d_input", lambda: nn.Linear(4, 3, bias=False), lambda g: [g.randn(2, 3, 4)])
case("bilinear", lambda: nn.Bilinear(3, 4, 2), lambda g: [g.randn(5, 3), g.randn(5, 4)])
case("bilinear_1d_inputs", lambda: nn.Bilinear(2, 3, 2), lambda g: [g.randn(2), g.randn(3)])
case("bilinear_no_bias_3d_input", lambda: nn.Bilinear(2, 3, 4, bias=False),
     lambda g: [g.randn(2, 3, 2), g.randn(2, 3, 3)])

# convolutions
case("conv1d_stride_padding_groups", lambda: nn.Conv1d(4, 6, 3, stride=2, padding=1, groups=2),
     lambda g: [g.randn(2, 4, 9)])
case("conv1d_same_dilation", lambda: nn.Conv1d(3, 4, 3, padding="same", dilation=2),
     lambda g: [g.randn(2, 3, 7)])
case("conv1d_same_even_kernel_no_bias", lambda: nn.Conv1d(2, 3, 4, padding="same", bias=False),
     lambda g: [g.randn(2, 2, 6)])
case("conv2d", lambda: nn.Conv2d(3, 4, 3), lambda g: [g.randn(2, 3, 6, 5)])
case("conv2d_groups_dilation_stride", lambda: nn.Conv2d(4, 6, 3, stride=2, padding=2, dilation=2, groups=2),
     lambda g: [g.randn(2, 4, 9, 8)])
case("conv2d_same_dilation", lambda: nn.Conv2d(2, 4, 3, padding="same", dilation=(2, 1)),
     lambda g: [g.randn(1, 2, 5, 6)])
case("conv2d_same_even_kernel", lambda: nn.Conv2d(2, 2, (4, 2), padding="same"),
     lambda g: [g.randn(2, 2, 5, 5)])
case("conv2d_rectangular_stride_padding_no_bias",
     lambda: nn.Conv2d(3, 2, (2, 3), stride=(2, 1), padding=(1, 0), bias=False),
     lambda g: [g.randn(2, 3, 5, 6)])
case("conv2d_depthwise", lambda: nn.Conv2d(3, 3, 3, padding=1, groups=3), lambda g: [g.randn(2, 3, 4, 4)])
case("conv_transpose2d", lambda: nn.ConvTranspose2d(3, 2, 2), lambda g: [g.randn(2, 3, 3, 4)])
case("conv_transpose2d_stride_padding_output_padding_groups",
     lambda: nn.ConvTranspose2d(4, 6, 3, stride=2, padding=1, output_padding=1, groups=2),
     lambda g: [g.randn(2, 4, 3, 3)])
case("conv_transpose2d_rectangular_stride_padding",
     lambda: nn.ConvTranspose2d(2, 2, 3, stride=(2, 1), padding=(0, 1)),
     lambda g: [g.randn(2, 2, 3, 4)])
case("conv_transpose2d_dilation_no_bias",
     lambda: nn.ConvTranspose2d(2, 3, 3, stride=3, padding=2, output_padding=2, dilation=2, bias=False),
     lambda g: [g.randn(1, 2, 3, 3)])


# pooling
def gaps1d(kernel, stride, padding, dilation):
    return lambda m, a: [pool_gaps(a[0].unsqueeze(2), (1, kernel), (1, stride), (0, padding), (1, dilation))]


def gaps2d(kernel, stride, padding, dilation):
    return lambda m, a: [pool_gaps(a[0], (kernel, kernel), stride, (padding, padding), dilation)]


case("max_pool1d", lambda: nn.MaxPool1d(2), lambda g: [g.randn(2, 3, 8)], kinks=gaps1d(2, 2, 0, 1))
case("max_pool1d_stride_padding_dilation", lambda: nn.MaxPool1d(3, stride=2, padding=1, dilation=2),
     lambda g: [g.randn(2, 3, 11)], kinks=gaps1d(3, 2, 1, 2))
case("max_pool2d", lambda: nn.MaxPool2d(2), lambda g: [g.randn(2, 3, 6, 5)], kinks=gaps2d(2, 2, 0, 1))
case("max_pool2d_stride_padding", lambda: nn.MaxPool2d(3, stride=2, padding=1),
     lambda g: [g.randn(2, 2, 7, 6)], kinks=gaps2d(3, 2, 1, 1))
case("max_pool2d_dilation", lambda: nn.MaxPool2d(2, stride=1, padding=1, dilation=2),
     lambda g: [g.randn(1, 2, 5, 5)], kinks=gaps2d(2, 1, 1, 2))
case("avg_pool1d", lambda: nn.AvgPool1d(3), lambda g: [g.randn(2, 3, 10)])
case("avg_pool1d_padding_exclude_pad", lambda: nn.AvgPool1d(3, stride=2, padding=1, count_include_pad=False),
     lambda g: [g.randn(2, 2, 9)])
case("avg_pool2d", lambda: nn.AvgPool2d(2), lambda g: [g.randn(2, 3, 5, 6)])
case("avg_pool2d_padding_include_pad", lambda: nn.AvgPool2d(3, stride=2, padding=1),
     lambda g: [g.randn(2, 2, 7, 6)])
case("avg_pool2d_padding_exclude_pad", lambda: nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False),
     lambda g: [g.randn(2, 2, 7, 6)])
case("adaptive_avg_pool2d", lambda: nn.AdaptiveAvgPool2d((3, 2)), lambda g: [g.randn(2, 3, 7, 5)])
case("adaptive_avg_pool2d_global", lambda: nn.AdaptiveAvgPool2d(1), lambda g: [g.randn(2, 3, 4, 5)])
case("adaptive_avg_pool2d_larger_output", lambda: nn.AdaptiveAvgPool2d((5, 4)), lambda g: [g.randn(1, 2, 3, 3)])

# reshaping
case("flatten", lambda: nn.Flatten(), lambda g: [g.randn(2, 3, 2, 2)])
case("flatten_all_dims", lambda: nn.Flatten(0, -1), lambda g: [g.randn(2, 3, 2)])
case("flatten_middle_dims", lambda: nn.Flatten(1, 2), lambda g: [g.randn(2, 3, 2, 4)])
case("unflatten", lambda: nn.Unflatten(1, (3, 4)), lambda g: [g.randn(2, 12, 2)])
case("unflatten_inferred_size", lambda: nn.Unflatten(-1, (2, -1)), lambda g: [g.randn(3, 6)])

# normalization
case("batch_norm1d_train", lambda: nn.BatchNorm1d(4), lambda g: [g.randn(6, 4, scale=2)], setup=randomize_norm)
case("batch_norm1d_train_3d_eps_momentum", lambda: nn.BatchNorm1d(4, eps=1e-3, momentum=0.3),
     lambda g: [g.randn(3, 4, 5)], setup=randomize_norm)
case("batch_norm1d_eval", lambda: nn.BatchNorm1d(4), lambda g: [g.randn(5, 4)], training=False,
     setup=randomize_norm)
case("batch_norm1d_train_no_affine", lambda: nn.BatchNorm1d(3, affine=False), lambda g: [g.randn(4, 3, 2)],
     setup=randomize_norm)
case("batch_norm2d_train", lambda: nn.BatchNorm2d(3), lambda g: [g.randn(2, 3, 4, 3)], setup=randomize_norm)
case("batch_norm2d_eval", lambda: nn.BatchNorm2d(3), lambda g: [g.randn(2, 3, 4, 3)], training=False,
     setup=randomize_norm)
case("batch_norm2d_untracked_eval", lambda: nn.BatchNorm2d(3, track_running_stats=False),
     lambda g: [g.randn(2, 3, 3, 3)], training=False, setup=randomize_norm)
case("batch_norm2d_untracked_train", lambda: nn.BatchNorm2d(3, track_running_stats=False),
     lambda g: [g.randn(2, 3, 2, 3)], setup=randomize_norm)
case("layer_norm", lambda: nn.LayerNorm(5), lambda g: [g.randn(2, 3, 5)], setup=randomize_norm)
case("layer_norm_2d_shape_eps", lambda: nn.LayerNorm((3, 4), eps=1e-3), lambda g: [g.randn(2, 3, 4)],
     setup=randomize_norm)
case("layer_norm_no_affine", lambda: nn.LayerNorm(6, elementwise_affine=False), lambda g: [g.randn(4, 6)])
case("group_norm", lambda: nn.GroupNorm(2, 6), lambda g: [g.randn(2, 6, 3, 2)], setup=randomize_norm)
case("group_norm_3d_eps_no_affine", lambda: nn.GroupNorm(3, 6, eps=1e-3, affine=False),
     lambda g: [g.randn(2, 6, 4)])

# dropout: deterministic settings only (eval mode, p = 0 and p = 1 in training)
case("dropout_eval", lambda: nn.Dropout(0.5), lambda g: [g.randn(3, 4)], training=False)
case("dropout_p0_train", lambda: nn.Dropout(0.0), lambda g: [g.randn(3, 4)])
case("dropout_p1_train", lambda: nn.Dropout(1.0), lambda g: [g.randn(3, 4)])
case("dropout2d_eval", lambda: nn.Dropout2d(0.3), lambda g: [g.randn(2, 3, 2, 2)], training=False)
case("dropout2d_p0_train", lambda: nn.Dropout2d(0.0), lambda g: [g.randn(2, 3, 2, 2)])
case("dropout2d_p1_train", lambda: nn.Dropout2d(1.0), lambda g: [g.randn(2, 3, 2, 2)])

# embedding
case("embedding", lambda: nn.Embedding(7, 3), lambda g: [indices([[0, 3, 6, 3], [2, 2, 5, 1]])])
case("embedding_padding_idx", lambda: nn.Embedding(6, 3, padding_idx=2),
     lambda g: [indices([[2, 0, 2], [5, 2, 1]])])
case("embedding_padding_idx_nonzero_row", lambda: nn.Embedding(4, 3, padding_idx=1),
     lambda g: [indices([[1, 3], [1, 0]])], setup=lambda m, g: m.weight.data[1].copy_(g.randn(3)))
case("embedding_negative_padding_idx", lambda: nn.Embedding(5, 2, padding_idx=-1),
     lambda g: [indices([4, 1, 4, 0, 1])])

# activations, identity, containers
case("relu", lambda: nn.ReLU(), lambda g: [g.randn(3, 4, scale=2, avoid=(0,))])
case("leaky_relu", lambda: nn.LeakyReLU(0.2), lambda g: [g.randn(3, 4, scale=2, avoid=(0,))])
case("elu", lambda: nn.ELU(1.3), lambda g: [g.randn(3, 4, scale=2, avoid=(0,))])
case("selu", lambda: nn.SELU(), lambda g: [g.randn(3, 4, scale=2, avoid=(0,))])
case("gelu", lambda: nn.GELU(), lambda g: [g.randn(3, 4, scale=2)])
case("gelu_tanh", lambda: nn.GELU(approximate="tanh"), lambda g: [g.randn(3, 4, scale=2)])
case("silu", lambda: nn.SiLU(), lambda g: [g.randn(3, 4, scale=2)])
case("sigmoid", lambda: nn.Sigmoid(), lambda g: [g.randn(3, 4, scale=2)])
case("tanh", lambda: nn.Tanh(), lambda g: [g.randn(3, 4, scale=2)])
case("softplus", lambda: nn.Softplus(), lambda g: [g.randn(3, 4, scale=2)])
case("softplus_beta_threshold", lambda: nn.Softplus(beta=2, threshold=3),
     lambda g: [g.randn(3, 4, scale=2, avoid=(1.5,))])
case("hardtanh", lambda: nn.Hardtanh(), lambda g: [g.randn(3, 4, scale=2, avoid=(-1, 1))])
case("hardtanh_bounds", lambda: nn.Hardtanh(-0.5, 0.8), lambda g: [g.randn(3, 4, avoid=(-0.5, 0.8))])
case("log_softmax", lambda: nn.LogSoftmax(dim=1), lambda g: [g.randn(3, 4, 2, scale=2)])
case("softmax", lambda: nn.Softmax(dim=-1), lambda g: [g.randn(3, 5, scale=2)])
case("identity", lambda: nn.Identity(), lambda g: [g.randn(2, 3)])
case("residual", lambda: Residual(nn.Sequential(nn.Linear(4, 4), nn.Tanh(), nn.Linear(4, 4))),
     lambda g: [g.randn(3, 4)])


def cnn():
    return nn.Sequential(nn.Conv2d(2, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                         nn.Linear(16, 3))


def cnn_kinks(m, a):
    """The ReLU's input stays off 0; windows of max pooling whose winner is positive have one clear winner."""
    with torch.no_grad():
        pre = m[1](m[0](a[0]))
        post = pre.relu()
        gaps = pool_gaps(post, (2, 2), 2, (0, 0), 1)
        top = torch.nn.functional.max_pool2d(post, 2).reshape(-1)
        return [pre, torch.where(top > 0, gaps, torch.full_like(gaps, INF))]


case("sequential_cnn_train", cnn, lambda g: [g.randn(2, 2, 4, 4)], setup=lambda m, g: randomize_norm(m[1], g),
     kinks=cnn_kinks)
case("sequential_cnn_eval", cnn, lambda g: [g.randn(2, 2, 4, 4)], training=False,
     setup=lambda m, g: randomize_norm(m[1], g), kinks=cnn_kinks)


# regression losses
def diff(m, a):
    return [a[0] - a[1]]


def diff_and_threshold(threshold):
    return lambda m, a: [a[0] - a[1], (a[0] - a[1]).abs() - threshold]


case("mse_loss", lambda: nn.MSELoss(), lambda g: [g.randn(3, 4), g.randn(3, 4)])
case("mse_loss_sum", lambda: nn.MSELoss(reduction="sum"), lambda g: [g.randn(3, 4), g.randn(3, 4)])
case("mse_loss_none", lambda: nn.MSELoss(reduction="none"), lambda g: [g.randn(2, 3, 2), Const(g.randn(2, 3, 2))])
case("l1_loss", lambda: nn.L1Loss(), lambda g: [g.randn(3, 4), g.randn(3, 4)], kinks=diff)
case("l1_loss_none", lambda: nn.L1Loss(reduction="none"), lambda g: [g.randn(2, 5), Const(g.randn(2, 5))],
     kinks=diff)
case("smooth_l1_loss", lambda: nn.SmoothL1Loss(), lambda g: [g.randn(3, 4, scale=1.5), g.randn(3, 4)],
     kinks=diff_and_threshold(1.0))
case("smooth_l1_loss_beta_sum", lambda: nn.SmoothL1Loss(beta=0.5, reduction="sum"),
     lambda g: [g.randn(3, 4), g.randn(3, 4)], kinks=diff_and_threshold(0.5))
case("smooth_l1_loss_beta0_none", lambda: nn.SmoothL1Loss(beta=0.0, reduction="none"),
     lambda g: [g.randn(2, 4), g.randn(2, 4)], kinks=diff)
case("huber_loss", lambda: nn.HuberLoss(), lambda g: [g.randn(3, 4, scale=1.5), g.randn(3, 4)],
     kinks=diff_and_threshold(1.0))
case("huber_loss_delta_none", lambda: nn.HuberLoss(delta=0.7, reduction="none"),
     lambda g: [g.randn(2, 5), g.randn(2, 5)], kinks=diff_and_threshold(0.7))

# binary classification losses
case("bce_loss", lambda: nn.BCELoss(), lambda g: [g.uniform(0.05, 0.95, 3, 4), g.uniform(0, 1, 3, 4)])
case("bce_loss_weight_sum", lambda: nn.BCELoss(weight=f32(torch.tensor([0.5, 1.0, 1.5, 2.0])), reduction="sum"),
     lambda g: [g.uniform(0.05, 0.95, 3, 4), Const(g.uniform(0, 1, 3, 4))])
case("bce_loss_none", lambda: nn.BCELoss(reduction="none"),
     lambda g: [g.uniform(0.05, 0.95, 2, 3), Const((g.uniform(0, 1, 2, 3) > 0.5).double())])


class SigmoidThenBCE(nn.Module):
    """BCELoss on sigmoid(z): with |z| large the probabilities are exactly 0 or 1, where log(0) lives."""

    def __init__(self):
        super().__init__()
        self.loss = nn.BCELoss()

    def forward(self, z, t):
        return self.loss(torch.sigmoid(z), t)


case("bce_loss_after_saturated_sigmoid", SigmoidThenBCE,
     lambda g: [f32(torch.tensor([[40.0, -800.0, 0.5], [-800.0, 40.0, -1.5]])),
                Const(f32(torch.tensor([[1.0, 0.0, 1.0], [1.0, 0.3, 0.0]])))])
case("bce_with_logits_loss", lambda: nn.BCEWithLogitsLoss(), lambda g: [g.randn(3, 4, scale=2), g.uniform(0, 1, 3, 4)])
case("bce_with_logits_loss_weight_pos_weight_sum",
     lambda: nn.BCEWithLogitsLoss(weight=f32(torch.tensor([[1.5], [0.5], [1.0]])),
                                  pos_weight=f32(torch.tensor([0.3, 1.0, 2.0, 4.0])), reduction="sum"),
     lambda g: [g.randn(3, 4, scale=2), g.uniform(0, 1, 3, 4)])
case("bce_with_logits_loss_pos_weight_none",
     lambda: nn.BCEWithLogitsLoss(pos_weight=f32(torch.tensor([2.5, 0.4, 1.2])), reduction="none"),
     lambda g: [g.randn(2, 3, scale=2), Const((g.uniform(0, 1, 2, 3) > 0.5).double())])
case("bce_with_logits_loss_large_logits",
     lambda: nn.BCEWithLogitsLoss(pos_weight=f32(torch.tensor([3.0, 0.5, 1.0, 2.0]))),
     lambda g: [g.randn(3, 4, scale=1e4), Const(g.uniform(0, 1, 3, 4).round())])
case("bce_with_logits_loss_large_logits_soft_targets_sum", lambda: nn.BCEWithLogitsLoss(reduction="sum"),
     lambda g: [g.randn(2, 5, scale=1e4), g.uniform(0, 1, 2, 5)])


# multi-class losses
def ce(**kw):
    return lambda: nn.CrossEntropyLoss(**kw)


W5 = [0.5, 1.0, 2.0, 1.5, 0.25]
W3 = [0.7, 1.3, 2.2]
case("cross_entropy", ce(), lambda g: [g.randn(4, 5, scale=2), indices([1, 0, 4, 2])])
case("cross_entropy_weight_ignore_index", ce(weight=torch.tensor(W5), ignore_index=1),
     lambda g: [g.randn(5, 5, scale=2), indices([1, 0, 4, 1, 3])])
case("cross_entropy_default_ignore_index_sum", ce(reduction="sum"),
     lambda g: [g.randn(4, 3, scale=2), indices([2, -100, 0, 1])])
case("cross_entropy_label_smoothing", ce(label_smoothing=0.1),
     lambda g: [g.randn(4, 5, scale=2), indices([3, 3, 0, 2])])
case("cross_entropy_label_smoothing_weight_ignore_index", ce(weight=torch.tensor(W5), label_smoothing=0.2),
     lambda g: [g.randn(5, 5, scale=2), indices([4, -100, 1, 0, 2])])
case("cross_entropy_label_smoothing_weight_none", ce(weight=torch.tensor(W5), label_smoothing=0.3, reduction="none",
                                                     ignore_index=0),
     lambda g: [g.randn(4, 5, scale=2), indices([4, 0, 1, 3])])
case("cross_entropy_probabilities", ce(), lambda g: [g.randn(4, 5, scale=2), probs(g, 4, 5)])
case("cross_entropy_probabilities_weight_label_smoothing_sum",
     ce(weight=torch.tensor(W5), label_smoothing=0.15, reduction="sum"),
     lambda g: [g.randn(3, 5, scale=2), probs(g, 3, 5)])
case("cross_entropy_nd_indices_none", ce(reduction="none"),
     lambda g: [g.randn(2, 4, 3, scale=2), indices([[0, 3, 1], [2, 2, 3]])])
case("cross_entropy_nd_weight_ignore_index", ce(weight=torch.tensor(W3)),
     lambda g: [g.randn(2, 3, 2, 2, scale=2), indices([[[0, 2], [-100, 1]], [[1, 1], [2, 0]]])])
case("cross_entropy_nd_label_smoothing", ce(label_smoothing=0.1),
     lambda g: [g.randn(2, 3, 4, scale=2), indices([[0, 2, 1, 1], [2, 0, 0, 1]])])
case("cross_entropy_nd_probabilities", ce(), lambda g: [g.randn(2, 3, 4, scale=2), probs(g, 2, 3, 4)])
case("cross_entropy_large_logits", ce(), lambda g: [g.randn(4, 5, scale=1e4), indices([1, 0, 4, 2])])
case("cross_entropy_large_logits_weight_label_smoothing", ce(weight=torch.tensor(W5), label_smoothing=0.1),
     lambda g: [g.randn(4, 5, scale=1e4), indices([3, 3, 0, 2])])
case("cross_entropy_large_logits_probabilities", ce(reduction="sum"),
     lambda g: [g.randn(3, 5, scale=1e4), Const(probs(g, 3, 5))])
case("nll_loss", lambda: nn.NLLLoss(), lambda g: [log_probs(g, 4, 5), indices([1, 0, 4, 2])])
case("nll_loss_weight_mean", lambda: nn.NLLLoss(weight=torch.tensor(W5)),
     lambda g: [log_probs(g, 4, 5), indices([1, 0, 4, 4])])
case("nll_loss_weight_ignore_index_sum", lambda: nn.NLLLoss(weight=torch.tensor(W5), ignore_index=0,
                                                             reduction="sum"),
     lambda g: [log_probs(g, 5, 5), indices([1, 0, 4, 0, 3])])
case("nll_loss_nd_none", lambda: nn.NLLLoss(reduction="none"),
     lambda g: [log_probs(g, 2, 3, 4), indices([[0, 2, 1, -100], [2, 0, 0, 1]])])


# divergence and embedding losses
def kl_zero_target(g):
    t = probs(g, 3, 4)
    t[1, 2] = 0.0
    t[2, 0] = 0.0
    return t


case("kl_div_loss", lambda: nn.KLDivLoss(), lambda g: [log_probs(g, 3, 4), Const(kl_zero_target(g))])
case("kl_div_loss_batchmean", lambda: nn.KLDivLoss(reduction="batchmean"),
     lambda g: [log_probs(g, 3, 4), probs(g, 3, 4)])
case("kl_div_loss_log_target_sum", lambda: nn.KLDivLoss(reduction="sum", log_target=True),
     lambda g: [log_probs(g, 3, 4), log_probs(g, 3, 4)])
case("kl_div_loss_none", lambda: nn.KLDivLoss(reduction="none"),
     lambda g: [log_probs(g, 2, 3), Const(kl_zero_target(g)[:2, :3].contiguous())])


def cosines(m, a):
    x1, x2, y = a
    cos = torch.nn.functional.cosine_similarity(x1, x2, dim=-1, eps=0)
    return [torch.where(y < 0, cos - m.margin, torch.full_like(cos, INF))]


case("cosine_embedding_loss", lambda: nn.CosineEmbeddingLoss(),
     lambda g: [g.randn(6, 4), g.randn(6, 4), Const(f32(torch.tensor([1.0, -1.0, -1.0, 1.0, -1.0, 1.0])))],
     kinks=cosines)
case("cosine_embedding_loss_zero_vector", lambda: nn.CosineEmbeddingLoss(margin=-0.5),
     lambda g: [f32(torch.cat([torch.zeros(1, 3), g.randn(2, 3)])), g.randn(3, 3),
                Const(f32(torch.tensor([-1.0, 1.0, -1.0])))], kinks=cosines)
case("cosine_embedding_loss_margin_none", lambda: nn.CosineEmbeddingLoss(margin=0.2, reduction="none"),
     lambda g: [g.randn(5, 3), g.randn(5, 3), Const(f32(torch.tensor([-1.0, 1.0, -1.0, -1.0, 1.0])))],
     kinks=cosines)


def rankings(m, a):
    x1, x2, y = a
    return [-y * (x1 - x2) + m.margin]


case("margin_ranking_loss", lambda: nn.MarginRankingLoss(),
     lambda g: [g.randn(6), g.randn(6), Const(g.signs(6))], kinks=rankings)
case("margin_ranking_loss_margin_sum", lambda: nn.MarginRankingLoss(margin=0.5, reduction="sum"),
     lambda g: [g.randn(2, 3), g.randn(2, 3), Const(g.signs(2, 3))], kinks=rankings)


def triplets(m, a):
    an, po, ne = a
    d = lambda u, v: torch.linalg.vector_norm(u - v + m.eps, m.p, dim=-1)
    d_neg = torch.minimum(d(an, ne), d(po, ne)) if m.swap else d(an, ne)
    out = [d(an, po) - d_neg + m.margin]
    if m.swap:
        out.append(d(an, ne) - d(po, ne))
    if m.p == 1:
        out += [an - po + m.eps, an - ne + m.eps, po - ne + m.eps]
    return out


case("triplet_margin_loss", lambda: nn.TripletMarginLoss(),
     lambda g: [g.randn(4, 5), g.randn(4, 5), g.randn(4, 5)], kinks=triplets)
case("triplet_margin_loss_p1_swap_none", lambda: nn.TripletMarginLoss(margin=0.5, p=1, swap=True, reduction="none"),
     lambda g: [g.randn(4, 3), g.randn(4, 3), g.randn(4, 3)], kinks=triplets)
case("triplet_margin_loss_p3_eps_sum", lambda: nn.TripletMarginLoss(margin=2.0, p=3, eps=1e-3, reduction="sum"),
     lambda g: [g.randn(5, 3), g.randn(5, 3), g.randn(5, 3)], kinks=triplets)


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
