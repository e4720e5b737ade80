"""The cases of make_nn_golden.py: one torch.nn module with fixed settings and inputs per case (see that script).

Every name here has a builder of the same name in NnGoldenCases.java. Inputs are float32 numbers widened to
float64 (f32), drawn from a generator seeded per case, and kept KINK_MARGIN away from kinks.
"""
import math

import torch
import torch.nn as nn

torch.set_default_dtype(torch.float64)
KINK_MARGIN = 1e-2
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
