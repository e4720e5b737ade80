#!/usr/bin/env python3
"""Golden forward values and gradients from PyTorch for AutogradGoldenTest.

How to run (PyTorch needed only here, never in CI; Debian's python3-torch 1.13 made the committed file):

    /usr/bin/python3 toolkit/src/test/resources/golden/make_autograd_golden.py

What it produces: autograd_golden.json next to this script. Each case is a composite float64 expression with
fixed inputs (seeded per case from the CRC-32 of its name and salt, so adding a case leaves the others unchanged):

    name          the key of the Java lambda in AutogradGoldenTest (the two sets of names must be equal)
    order         1 for a plain expression; 2 (or 3) when the expression itself differentiates with
                  create_graph=True, so the recorded gradients are second (third) derivatives
    inputs        [{dtype, shape, values, requires_grad}], values flattened in row-major order
    grad_output   the fixed upstream gradient for a non-scalar output, null for a scalar
    output        {shape, values} of the forward result
    grads         one {shape, values} per input that requires grad, in input order

Inputs stay at least KINK_MARGIN away from the kinks of the functions applied to them (0 for relu and abs,
clamp and hardtanh bounds, the softplus threshold); for intermediate values that meet a kink (relu in the MLP,
|d| = 1 in the Huber loss) away() asserts the margin at generation time. Random draws never tie, so max/min and
minimum/maximum have one winner. json writes floats with repr, the shortest string that round-trips to the same
double. The Java test compares with |java - torch| <= 1e-12 + 1e-10 |torch|.

Left out on purpose, because the two libraries differ by design:
  - scatter_add with a source larger than the index: PyTorch 1.13 cannot differentiate it (its rule returns a
    gradient of the index's shape), backprop4j pads the source's gradient with zeros.
  - second derivatives of prod over a block that contains a zero: PyTorch supports them, backprop4j computes that
    first derivative with a once-differentiable kernel and fails with a clear error if asked to go further.
"""
import json
import math
import os
import zlib

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)

KINK_MARGIN = 0.05
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "autograd_golden.json")
INF = math.inf


# ------------------------------------------------------------------------------------------ input specs

class Spec:
    """How to draw one input: make(gen) returns the tensor; grad says whether it requires grad."""

    def __init__(self, make, grad):
        self.make = make
        self.grad = grad

    def const(self):
        return Spec(self.make, False)


def N(*shape, scale=1.0, avoid=(0.0,)):
    """Normal(0, scale^2) values, each at least KINK_MARGIN from every point in avoid (0 by default)."""
    def make(gen):
        x = torch.randn(*shape, generator=gen) * scale
        return resample(x, lambda: torch.randn(*shape, generator=gen) * scale, avoid)
    return Spec(make, True)


def U(*shape, lo, hi, avoid=()):
    """Uniform on [lo, hi), away from the points in avoid."""
    def make(gen):
        draw = lambda: lo + (hi - lo) * torch.rand(*shape, generator=gen)
        return resample(draw(), draw, avoid)
    return Spec(make, True)


def I(values):
    """An int64 index tensor with the given (nested) values."""
    return Spec(lambda gen: torch.tensor(values, dtype=torch.int64), False)


def V(values):
    """Explicit float64 values (e.g. exact zeros for prod), requiring grad."""
    return Spec(lambda gen: torch.tensor(values, dtype=torch.float64), True)


def B(values):
    """A bool mask with the given (nested) values."""
    return Spec(lambda gen: torch.tensor(values, dtype=torch.bool), False)


def resample(x, draw, avoid):
    for _ in range(1000):
        bad = torch.zeros_like(x, dtype=torch.bool)
        for p in avoid:
            bad |= (x - p).abs() < KINK_MARGIN
        if not bad.any():
            return x
        x = torch.where(bad, draw(), x)
    raise RuntimeError("could not keep inputs away from kinks %s" % (avoid,))


def away(t, *points):
    """Asserts that an intermediate value stays away from kinks; returns t so it can be used inline."""
    for p in points:
        gap = (t.detach() - p).abs().min().item()
        assert gap >= KINK_MARGIN, "intermediate value within %g of kink %g" % (gap, p)
    return t


def grad1(y, x, v=None):
    """torch.autograd.grad with create_graph=True, for the higher-order cases."""
    return torch.autograd.grad(y, x, grad_outputs=v, create_graph=True)[0]


# ------------------------------------------------------------------------------------------ cases

CASES = []


def case(name, specs, fn, order=1, salt=""):
    """Registers a case; a salt changes its seed when the first draw puts an intermediate value on a kink."""
    CASES.append((name, specs, fn, order, salt))


# broadcasting and elementwise arithmetic
case("broadcast_mul_add_div", [N(3, 1, 4), N(2, 4), N(4), U(3, 2, 1, lo=0.5, hi=2)],
     lambda a, b, c, d: a * b + c / d)
case("broadcast_sub_square_mean", [N(3, 4), N(4)],
     lambda a, b: (a - b).pow(2).mean())
case("pow_tensor_exponent", [U(2, 3, lo=0.5, hi=2), N(3)],
     lambda x, e: x.pow(e))
case("pow_scalar_exponents", [U(2, 3, lo=0.3, hi=2)],
     lambda x: x.pow(2.5) + x.pow(-1.5) - x.pow(2) * 0.5)
case("pow_scalar_base", [N(5)],
     lambda e: torch.pow(torch.tensor(2.0), e) * e)
case("exp_expm1_log_log1p", [N(2, 3), U(2, 3, lo=-0.5, hi=2)],
     lambda x, y: x.exp().log1p() + y.expm1() * x + (y * y + 0.5).log())
case("sqrt_rsqrt_reciprocal", [U(3, 2, lo=0.2, hi=3), U(3, 2, lo=0.2, hi=3)],
     lambda p, q: p.sqrt() * q.rsqrt() + (p + q).reciprocal())
case("abs_sin_cos_erf", [N(4), N(4, scale=2)],
     lambda x, y: x.abs() * y.sin() + x.cos() * y.erf())
case("clamp_two_sided", [N(3, 4, avoid=(-0.35, 0.45)), N(3, 4)],
     lambda x, y: (x * 2).clamp(-0.7, 0.9) * y)
case("clamp_one_sided", [N(2, 5, avoid=(0.2, -0.1))],
     lambda x: x.clamp(min=0.2) + x.clamp(max=-0.1) * x)
case("minimum_maximum_broadcast", [N(3, 4), N(4), N(3, 1)],
     lambda a, b, c: torch.minimum(a, b) * torch.maximum(a, c))
case("where_from_comparison", [N(3, 4), N(3, 4)],
     lambda x, y: torch.where(x > y, x * y, x - y))
case("where_broadcast_mask", [B([[True], [False], [True]]), N(3, 4), N(4)],
     lambda m, x, y: torch.where(m, x.exp(), y.sin()))

# activations
case("relu_leaky_elu_selu", [N(3, 4), N(3, 4)],
     lambda x, y: x.relu() + F.leaky_relu(y, 0.1) * 2 + F.elu(x, 1.3) - F.selu(y))
case("gelu_exact_and_tanh", [N(2, 5, scale=1.5), N(2, 5, scale=1.5)],
     lambda x, y: F.gelu(x) * F.gelu(y, approximate="tanh"))
case("silu_sigmoid_tanh", [N(3, 3, scale=2), N(3, 3)],
     lambda x, y: F.silu(x) + x.sigmoid() * y.tanh())
case("softplus_default_and_threshold", [U(2, 5, lo=-3, hi=3, avoid=(1.5,))],
     lambda x: F.softplus(x) + F.softplus(x, beta=2, threshold=3))
case("hardtanh_scaled", [U(3, 4, lo=-2, hi=2, avoid=(-2 / 3, 0.8 / 1.5)), N(3, 4)],
     lambda x, y: F.hardtanh(x * 1.5, -1.0, 0.8) * y)
case("softmax_of_transpose", [N(3, 4), N(4, 3)],
     lambda x, w: (x.t().softmax(0) * w).sum())
case("log_softmax_nll", [N(4, 5, scale=2), I([[1], [0], [4], [2]])],
     lambda z, t: -(F.log_softmax(z, 1).gather(1, t).mean()))
case("softmax_log_softmax_3d", [N(2, 3, 4)],
     lambda x: x.softmax(1) * x.log_softmax(2))

# reductions
case("sum_mean_keepdim", [N(2, 3, 4), N(1, 3, 1)],
     lambda x, y: x.sum((0, 2), keepdim=True) * y + x.mean((0, 2), keepdim=True))
case("sum_mean_no_keepdim", [N(2, 3, 4)],
     lambda x: x.sum(-1) * x.mean((0, 2)))
case("prod_dims", [N(3, 4, avoid=(0.0,))],
     lambda x: x.prod(1, keepdim=True) * x.prod(0))
case("max_min_along_dim", [N(3, 5)],
     lambda x: x.max(1, keepdim=True).values * x.min(0).values)
case("max_min_all", [N(4, 3)],
     lambda x: (x.max() - x.min()) * x)
case("amax_amin_multi_dims", [N(2, 3, 4)],
     lambda x: x.amax((0, 2), keepdim=True) * x.amin(1, keepdim=True))
case("var_std_single_dims", [N(3, 4)],
     lambda x: x.var(1, keepdim=True) + x.std(0, unbiased=False, keepdim=True))
case("var_std_multi_dims", [N(2, 3, 4)],
     lambda x: x.var((0, 2)) * x.std())
case("logsumexp_dims", [N(2, 3, 4, scale=3)],
     lambda x: torch.logsumexp(x, (0, 2), keepdim=True) * torch.logsumexp(x, 1, keepdim=True))
case("norms_p1_p2_inf_rows", [N(3, 4)],
     lambda x: torch.linalg.vector_norm(x, 1, dim=1)
     + torch.linalg.vector_norm(x, 2, dim=1) * torch.linalg.vector_norm(x, INF, dim=1))
case("norms_keepdim_and_all", [N(2, 3, 4)],
     lambda x: torch.linalg.vector_norm(x, 2, dim=(0, 2), keepdim=True) * x.norm()
     + torch.linalg.vector_norm(x, INF, dim=(1, 2), keepdim=True) * torch.linalg.vector_norm(x, 1))

# views
case("transpose_matmul_tanh", [N(3, 4), N(5, 4)],
     lambda a, b: (a @ b.transpose(0, 1)).tanh().sum(1))
case("permute_broadcast_sin", [N(2, 3, 4), N(4, 1, 3)],
     lambda x, w: (x.permute(2, 0, 1) * w).sin())
case("slice_with_steps", [N(4, 6)],
     lambda x: x[1::2, ::3] * x[:3:2, 1:5:2])
case("select_rows_and_columns", [N(4, 4)],
     lambda x: x[1] * x[:, -1] + x.select(1, 2))
case("expand_views", [N(3, 1), N(3, 4), N(4)],
     lambda x, y, z: x.expand(3, 4) * y + z.expand(2, 3, 4).sum(0))
case("unsqueeze_flatten_squeeze", [N(3, 4), N(3, 1)],
     lambda x, y: x.unsqueeze(1).expand(3, 2, 4).flatten(0, 1) * y.expand(3, 2).reshape(6, 1) + y.squeeze(1).sum())
case("reshape_of_transpose", [N(3, 4), N(12)],
     lambda x, w: x.t().reshape(-1) * w)
case("reshape_of_permute_matmul", [N(2, 3, 4), N(8, 2)],
     lambda y, w: y.permute(1, 0, 2).reshape(3, 8) @ w)
case("slice_of_transpose_reshape", [N(4, 6)],
     lambda x: x.t()[1:5:2].reshape(4, 2).t().exp())

# linear algebra
case("matmul_1d_1d", [N(4), N(4)],
     lambda a, b: (a @ b) * a)
case("matmul_1d_2d_and_2d_1d", [N(3), N(3, 4), N(4)],
     lambda v, m, u: (v @ m) * u + (m @ u).sum())
case("matmul_batched_broadcast", [N(2, 1, 3, 4), N(3, 4, 2)],
     lambda a, b: a @ b)
case("matmul_transposed_operands", [N(4, 3), N(2, 4), N(2, 4, 3)],
     lambda a, b, c: (a.t() @ b.t()).unsqueeze(0) + c.transpose(1, 2) @ a[:, :2])
case("outer_and_dot", [N(3), N(4), N(4)],
     lambda a, b, c: torch.outer(a, b) * torch.dot(b, c))

# indexing and joins
case("index_select_repeats", [N(4, 3), I([2, 0, 2, 3]), I([1, 1, 0])],
     lambda x, i, j: x.index_select(0, i) * x.index_select(1, j).t().sum(0, keepdim=True).t())
case("gather_dims", [N(3, 4), I([[0, 3], [1, 1], [2, 0]]), I([[2, 1, 0, 2]])],
     lambda x, i1, i0: x.gather(1, i1).sum(1, keepdim=True) * x.gather(0, i0))
# PyTorch 1.13 cannot differentiate scatter_add for a source larger than the index (its rule returns the index's
# shape), so the source here has the index's shape.
case("scatter_add_into_base", [N(3, 5), I([[0, 4], [2, 2], [1, 3]]), N(3, 2)],
     lambda base, i, src: base.scatter_add(1, i, src * src))
case("masked_fill_broadcast", [N(3, 4), B([[True, False, False, True]])],
     lambda x, m: x.masked_fill(m, 0.5) * x)
case("cat_and_stack", [N(2, 3), N(3, 2), N(2, 3)],
     lambda a, b, c: torch.cat([a, b.t()], 0).sum(0) * torch.stack([a, c], 1)
     + torch.cat([a, c], -1).reshape(2, 2, 3))
case("split_and_chunk", [N(3, 7)],
     lambda x: x.split(3, 1)[0] * x.split(3, 1)[1] + x.split(3, 1)[2] + x.chunk(3, 0)[2][:, 4:])
case("pad_constant_and_crop", [N(2, 3, 4)],
     lambda x: F.pad(x, (1, 2, 0, 1), value=0.3).sum(-1, keepdim=True) * F.pad(x, (-1, 1, 2, -1)))

# harder paths: views of views, non-contiguous operands everywhere, saturation, exact zeros
case("views_of_views", [N(5, 6)],
     lambda x: x.view(6, 5).t()[1:, ::2][1:4:2].unsqueeze(0).expand(2, 2, 3).reshape(4, 3)
     * x.view(6, 5).t()[1:, ::2].select(1, 1)[:3])
case("reductions_of_permuted_view", [N(2, 3, 4)],
     lambda x: x.permute(2, 0, 1).max(0).values * x.permute(2, 0, 1).min(2, keepdim=True).values.sum(0)
     + x.permute(2, 0, 1).var((0, 2), keepdim=True)[0])
case("matmul_expanded_transposed_batch", [N(3, 4), N(2, 3, 5)],
     lambda a, b: a.expand(2, 3, 4).transpose(1, 2) @ b)
case("joins_of_noncontiguous", [N(3, 4)],
     lambda a: F.pad(torch.cat([a.t(), a[:, ::2].t()], 0), (1, 1), value=-0.5).pow(2).sum(1)[:4, None]
     * torch.stack([a.t(), a.t().exp()], 2).sum(2))
case("chunk_and_split_uneven", [N(5, 2)],
     lambda x: x.chunk(3, 0)[0] * x.chunk(3, 0)[1] + x.chunk(3, 0)[2] + x.split([3, 2], 0)[1])
case("indexing_noncontiguous", [N(4, 5), I([4, 0, 4]), I([[1, 3], [0, 0], [2, 1], [3, 2], [0, 3]]),
                                B([[True], [False], [False], [True], [False]])],
     lambda x, i, j, m: x.t().index_select(0, i).sum(0) * x.t().masked_fill(m, -1.0)
     + x.t().gather(1, j).sum(1, keepdim=True))
case("scatter_add_dim0_3d", [N(3, 2, 2), I([[[0, 2], [1, 1]], [[2, 2], [0, 1]]]), N(2, 2, 2)],
     lambda base, i, src: base.scatter_add(0, i, src).sin())
case("prod_with_exact_zeros", [V([[0.5, -1.25, 2.0, 0.75], [1.5, 0.0, -0.5, 2.5], [0.0, 1.75, 0.0, -1.5]])],
     lambda x: x.prod(1) * x.prod(0).sum() + x.prod())
case("norm_p3_and_inf_all", [N(3, 4)],
     lambda x: torch.linalg.vector_norm(x, 3, dim=1) * torch.linalg.vector_norm(x, INF)
     + torch.linalg.vector_norm(x, 3))
case("stable_large_logits", [U(2, 5, lo=700, hi=900)],
     lambda z: z.softmax(1) * z.log_softmax(1) + torch.logsumexp(z, 1, keepdim=True) * 1e-3)
case("saturated_activations", [N(8, scale=25, avoid=(0.0, 20.0))],
     lambda x: x.sigmoid() * F.softplus(x) + x.tanh() + F.elu(x) + F.selu(x) * x.sigmoid())

# composites
case("mlp_cross_entropy", [N(4, 3), N(3, 5), N(5), N(5, 3), N(3), I([[0], [2], [1], [2]])],
     lambda x, w1, b1, w2, b2, t: -(F.log_softmax(away(x @ w1 + b1, 0.0).relu() @ w2 + b2, 1)
                                    .gather(1, t).mean()))
case("layer_norm_manual", [N(3, 5), N(5), N(5)],
     lambda x, g, b: (x - x.mean(-1, keepdim=True)) / (x.var(-1, unbiased=False, keepdim=True) + 1e-5).sqrt()
     * g + b)
case("attention_tiny", [N(2, 3, 4), N(2, 3, 4), N(2, 3, 4)],
     lambda q, k, v: (q @ k.transpose(-2, -1) / 2.0).softmax(-1) @ v)
case("cosine_similarity_manual", [N(3, 4), N(3, 4)],
     lambda a, b: (a * b).sum(1) / (torch.linalg.vector_norm(a, 2, dim=1) * torch.linalg.vector_norm(b, 2, dim=1)))
case("bce_with_logits_manual", [N(6, scale=2), U(6, lo=0, hi=1).const()],
     lambda z, y: (F.softplus(z) - z * y).mean())
case("huber_where_abs", [N(8, scale=1.5), N(8)],
     lambda x, y: torch.where(away((x - y).abs(), 0.0, 1.0) < 1, (x - y) * (x - y) * 0.5,
                              (x - y).abs() - 0.5).mean(), salt="4")


# second and third order: the expression differentiates with create_graph=True, the harness differentiates again
def gg_tanh_cubed(x):
    g = grad1(x.tanh().pow(3).sum(), x)
    return (g * g).sum()


def hvp_mlp_weights(x, w, v):
    g = grad1((x @ w).tanh().pow(2).sum() + F.softplus(x @ w).sum(), w)
    return (g * v).sum()


def hvp_softmax_cross_entropy(z, t, v):
    g = grad1(-(F.log_softmax(z, 1).gather(1, t).sum()), z)
    return (g * v).sum()


def gg_matmul_two_inputs(a, b):
    g = grad1((a @ b).sigmoid().sum(), a)
    return g.pow(2).sum()


def gg_logsumexp_norm(x):
    g = grad1(torch.logsumexp(x, 1).sum() + x.norm(), x)
    return (g * x.exp()).sum()


def gg_prod_var_std(x):
    g = grad1(x.prod(1).sum() + x.std(0).sum() + x.var(1, unbiased=False).sum(), x)
    return g.pow(2).sum()


def gg_gelu_softplus_elu(x):
    g = grad1((F.gelu(x) + F.gelu(x, approximate="tanh") + F.softplus(x) + F.elu(x) + F.silu(x)).sum(), x)
    return g.sin().sum()


def gg_gather_index_select(x, i, j, w):
    g = grad1(x.gather(1, i).pow(3).sum() + (x.index_select(0, j).pow(2) * w).sum(), x)
    return (g * g * x).sum()


def third_order_sin_pow(x):
    g1 = grad1((x.sin() * x.pow(3)).sum(), x)
    return grad1(g1.sum(), x)


def gg_nonscalar_grad_outputs(a, b, u):
    g = grad1((a @ b).tanh(), a, u)
    return g.pow(2).sum(1)


def hvp_rosenbrock(x, v):
    f = (100 * (x[1:] - x[:-1].pow(2)).pow(2) + (1 - x[:-1]).pow(2)).sum()
    g = grad1(f, x)
    return (g * v).sum()


def gg_amax_where(x):
    g = grad1(x.amax(1).sum() + torch.where(x > 0, x.pow(2), x.exp()).sum() + x.max(0).values.sum(), x)
    return (g * g).sum()


def gg_norms_minimum_clamp(x, y):
    g = grad1(torch.linalg.vector_norm(x, 1, dim=1).sum() * torch.linalg.vector_norm(x, INF)
              + (torch.minimum(x, y) * x.clamp(-0.5, 0.5)).sum(), x)
    return (g * x * y).sum()


def gg_views_joins_pad(x):
    y = F.pad(x.t(), (1, 0), value=0.5).pow(3).sum() + torch.stack(x.split(2, 1), 0).sin().sum() \
        + torch.cat([x[:, ::2], x[1:].t().reshape(2, 4).t()], 0).exp().sum()
    g = grad1(y, x)
    return (g * g * x).sum()


def gg_scatter_softmax_permuted(x, i):
    y = (x.permute(1, 0).softmax(0).t() * torch.zeros(3, 4).scatter_add(1, i, x.pow(2))).sum()
    g = grad1(y, x)
    return g.pow(2).sum()


def hvp_attention(q, k, v, u):
    y = ((q @ k.transpose(-2, -1)).softmax(-1) @ v).pow(2).sum()
    g = grad1(y, q)
    return (g * u).sum()


case("gg_tanh_cubed", [N(5)], gg_tanh_cubed, 2)
case("hvp_mlp_weights", [N(4, 3).const(), N(3, 2), N(3, 2).const()], hvp_mlp_weights, 2)
case("hvp_softmax_cross_entropy", [N(2, 4), I([[3], [1]]), N(2, 4).const()], hvp_softmax_cross_entropy, 2)
case("gg_matmul_two_inputs", [N(3, 4), N(4, 2)], gg_matmul_two_inputs, 2)
case("gg_logsumexp_norm", [N(2, 3)], gg_logsumexp_norm, 2)
case("gg_prod_var_std", [N(3, 4, avoid=(0.0,))], gg_prod_var_std, 2)
case("gg_gelu_softplus_elu", [N(6, scale=1.5)], gg_gelu_softplus_elu, 2)
case("gg_gather_index_select", [N(3, 4), I([[1, 3], [0, 0], [2, 1]]), I([2, 0, 2]), N(3, 4).const()],
     gg_gather_index_select, 2)
case("third_order_sin_pow", [N(4)], third_order_sin_pow, 3)
case("gg_nonscalar_grad_outputs", [N(3, 4), N(4, 2), N(3, 2).const()], gg_nonscalar_grad_outputs, 2)
case("hvp_rosenbrock", [N(4), N(4).const()], hvp_rosenbrock, 2)
case("gg_amax_where", [N(3, 4)], gg_amax_where, 2)
case("gg_norms_minimum_clamp", [N(2, 3, avoid=(0.0, -0.5, 0.5)), N(2, 3)], gg_norms_minimum_clamp, 2)
case("gg_views_joins_pad", [N(3, 4)], gg_views_joins_pad, 2)
case("gg_scatter_softmax_permuted", [N(3, 4), I([[0, 3, 3, 1], [2, 2, 0, 1], [1, 0, 3, 3]])],
     gg_scatter_softmax_permuted, 2)
case("hvp_attention", [N(1, 3, 2), N(1, 3, 2), N(1, 3, 2), N(1, 3, 2).const()], hvp_attention, 2)


# ------------------------------------------------------------------------------------------ recording

def record(t):
    return {"shape": list(t.shape), "values": t.detach().reshape(-1).tolist()}


DTYPES = {torch.float64: "float64", torch.int64: "int64", torch.bool: "bool"}


def run(name, specs, fn, order, salt):
    gen = torch.Generator().manual_seed(zlib.crc32((name + salt).encode()))
    inputs = [s.make(gen) for s in specs]
    for t, s in zip(inputs, specs):
        if s.grad:
            t.requires_grad_(True)
    out = fn(*inputs)
    grad_output = None if out.dim() == 0 else torch.randn(*out.shape, generator=gen)
    wrt = [t for t, s in zip(inputs, specs) if s.grad]
    grads = torch.autograd.grad(out, wrt, grad_outputs=grad_output)
    return {
        "name": name,
        "order": order,
        "inputs": [dict(dtype=DTYPES[t.dtype], requires_grad=s.grad, **record(t)) for t, s in zip(inputs, specs)],
        "grad_output": None if grad_output is None else record(grad_output),
        "output": record(out),
        "grads": [record(g) for g in grads],
    }


def main():
    names = [c[0] for c in CASES]
    assert len(names) == len(set(names)), "duplicate case names"
    doc = {
        "generator": "toolkit/src/test/resources/golden/make_autograd_golden.py",
        "torch_version": torch.__version__,
        "cases": [run(*c) for c in CASES],
    }
    # One case per line keeps diffs readable.
    cases = ",\n".join(json.dumps(c, separators=(",", ":")) for c in doc.pop("cases"))
    head = json.dumps(doc, separators=(",", ":"))[:-1]
    with open(OUT, "w") as f:
        f.write(head + ',"cases":[\n' + cases + "\n]}\n")
    first = sum(1 for c in CASES if c[3] == 1)
    print("wrote %d cases (%d first-order, %d higher-order), %d bytes, to %s"
          % (len(CASES), first, len(CASES) - first, os.path.getsize(OUT), OUT))


if __name__ == "__main__":
    main()
