"""The cases of make_spatial_golden.py: convolution, pooling, normalization, resampling and padding layers.

Every name here has a builder of the same name in SpatialGoldenCases.java. Inputs are float32 numbers widened to
float64 (f32) from a generator seeded per case (nn_golden_cases.Gen). A module may return a tuple: its first element
is the differentiable output, the others int64 results compared exactly (max pooling's indices).
"""
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils import parametrize
from torch.nn.utils.parametrizations import spectral_norm

from nn_golden_cases import Const, randomize_norm

torch.set_default_dtype(torch.float64)

CASES = []


def case(name, module, inputs, training=True, setup=None, drop_state=()):
    """Registers a case.

    module      builds the torch module (called right after seeding, so default initialization is reproducible)
    inputs      g -> list of forward arguments; a floating tensor requires grad unless wrapped in Const
    setup       (module, g) -> None, randomizes parameters and buffers after initialization
    drop_state  state-dict keys left out of the case's state (an old checkpoint); loading must fill them in
    """
    assert name not in [c[0] for c in CASES], name
    CASES.append((name, module, inputs, training, setup, drop_state))


# ------------------------------------------------------------------------------------------ helpers

class WeightNorm(nn.Module):
    """torch.nn.utils.parametrizations.weight_norm's parametrization (PyTorch 2.1), which 1.13 lacks."""

    def __init__(self, dim=0):
        super().__init__()
        self.dim = -1 if dim is None else dim

    def forward(self, weight_g, weight_v):
        return torch._weight_norm(weight_v, weight_g, self.dim)

    def right_inverse(self, weight):
        return torch.norm_except_dim(weight, 2, self.dim), weight


def weight_norm(module, dim=0):
    parametrize.register_parametrization(module, "weight", WeightNorm(dim))
    return module


class ZeroPad1d(nn.Module):
    """nn.ZeroPad1d of PyTorch 2.1, which 1.13 lacks: F.pad with zeros."""

    def __init__(self, padding):
        super().__init__()
        self.padding = padding

    def forward(self, x):
        return F.pad(x, self.padding)


ZeroPad3d = ZeroPad1d  # the same F.pad, with six amounts


class SizedTranspose1d(nn.ConvTranspose1d):
    """ConvTranspose1d called with output_size (same parameters and names)."""

    def __init__(self, output_size, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.output_size = output_size

    def forward(self, x):
        return super().forward(x, output_size=self.output_size)


class SizedUnpool2d(nn.MaxUnpool2d):
    def __init__(self, output_size, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.output_size = output_size

    def forward(self, x, indices):
        return super().forward(x, indices, output_size=self.output_size)


def pooled_indices(g, pool, *shape):
    """Indices of a max pooling of a random input: what max unpooling takes."""
    return Const(pool(g.randn(*shape))[1])


# ------------------------------------------------------------------------------------------ convolution

case("conv3d", lambda: nn.Conv3d(2, 3, 3), lambda g: [g.randn(2, 2, 4, 5, 4)])
case("conv3d_tuples_groups", lambda: nn.Conv3d(4, 6, (2, 3, 1), stride=(1, 2, 1), padding=(1, 0, 1),
                                                dilation=(2, 1, 1), groups=2), lambda g: [g.randn(2, 4, 5, 6, 3)])
case("conv3d_same_no_bias", lambda: nn.Conv3d(2, 2, (3, 2, 2), padding="same", bias=False),
     lambda g: [g.randn(1, 2, 4, 3, 5)])
case("conv3d_circular_same", lambda: nn.Conv3d(2, 2, (3, 2, 3), padding="same", padding_mode="circular"),
     lambda g: [g.randn(1, 2, 3, 4, 4)])
case("conv1d_reflect", lambda: nn.Conv1d(2, 3, 3, padding=2, padding_mode="reflect"), lambda g: [g.randn(2, 2, 6)])
case("conv2d_replicate_tuples", lambda: nn.Conv2d(2, 2, (3, 2), stride=(2, 1), padding=(2, 1),
                                                  padding_mode="replicate"), lambda g: [g.randn(1, 2, 5, 4)])
case("conv2d_circular_dilation", lambda: nn.Conv2d(3, 2, 3, padding=1, dilation=(1, 2), padding_mode="circular"),
     lambda g: [g.randn(2, 3, 4, 6)])
case("conv2d_reflect_same_even_kernel", lambda: nn.Conv2d(2, 2, (2, 4), padding="same", padding_mode="reflect"),
     lambda g: [g.randn(1, 2, 4, 5)])
case("conv_transpose1d", lambda: nn.ConvTranspose1d(3, 2, 3), lambda g: [g.randn(2, 3, 5)])
case("conv_transpose1d_stride_output_padding_groups_dilation",
     lambda: nn.ConvTranspose1d(4, 6, 3, stride=2, padding=1, output_padding=1, groups=2, dilation=2),
     lambda g: [g.randn(2, 4, 4)])
case("conv_transpose1d_output_size", lambda: SizedTranspose1d([11], 2, 2, 3, stride=3, padding=1),
     lambda g: [g.randn(1, 2, 4)])
case("conv_transpose2d_output_padding_below_dilation",
     lambda: nn.ConvTranspose2d(2, 2, 3, stride=1, dilation=2, output_padding=1), lambda g: [g.randn(1, 2, 3, 3)])
case("conv_transpose2d_tuple_output_padding",
     lambda: nn.ConvTranspose2d(2, 3, (3, 2), stride=(3, 2), padding=(1, 0), output_padding=(2, 1)),
     lambda g: [g.randn(2, 2, 2, 3)])
case("conv_transpose3d", lambda: nn.ConvTranspose3d(2, 3, (2, 3, 2), stride=(2, 1, 2), padding=(0, 1, 1),
                                                    output_padding=(1, 0, 1)), lambda g: [g.randn(1, 2, 3, 3, 2)])
case("conv_transpose3d_groups_dilation_no_bias",
     lambda: nn.ConvTranspose3d(4, 2, 2, groups=2, dilation=2, bias=False), lambda g: [g.randn(2, 4, 2, 3, 2)])

# ------------------------------------------------------------------------------------------ pooling

case("max_pool1d_ceil_indices", lambda: nn.MaxPool1d(3, stride=2, padding=1, ceil_mode=True, return_indices=True),
     lambda g: [g.randn(2, 3, 8)])
case("max_pool2d_tuples_ceil_indices",
     lambda: nn.MaxPool2d((3, 2), stride=(2, 1), padding=(1, 0), dilation=(1, 2), ceil_mode=True,
                          return_indices=True), lambda g: [g.randn(2, 2, 7, 6)])
case("max_pool2d_unbatched", lambda: nn.MaxPool2d(2), lambda g: [g.randn(3, 4, 5)])
case("max_pool3d_ceil_indices",
     lambda: nn.MaxPool3d((2, 3, 2), stride=2, padding=(0, 1, 1), ceil_mode=True, return_indices=True),
     lambda g: [g.randn(1, 2, 5, 5, 4)])
case("max_pool3d", lambda: nn.MaxPool3d(2, stride=1, dilation=(1, 2, 1)), lambda g: [g.randn(2, 1, 3, 5, 3)])
case("avg_pool1d_ceil_exclude_pad", lambda: nn.AvgPool1d(3, 2, 1, ceil_mode=True, count_include_pad=False),
     lambda g: [g.randn(2, 2, 8)])
case("avg_pool2d_tuples_ceil_include_pad", lambda: nn.AvgPool2d((3, 2), stride=(2, 3), padding=1, ceil_mode=True),
     lambda g: [g.randn(1, 3, 6, 7)])
case("avg_pool2d_divisor_override", lambda: nn.AvgPool2d(2, stride=1, padding=1, divisor_override=3),
     lambda g: [g.randn(2, 2, 3, 4)])
case("avg_pool2d_unbatched", lambda: nn.AvgPool2d(2), lambda g: [g.randn(2, 4, 4)])
case("avg_pool3d_ceil_exclude_pad",
     lambda: nn.AvgPool3d((2, 2, 3), stride=(1, 2, 2), padding=(1, 0, 1), ceil_mode=True, count_include_pad=False),
     lambda g: [g.randn(1, 2, 4, 5, 6)])
case("avg_pool3d_divisor_override", lambda: nn.AvgPool3d(2, divisor_override=5), lambda g: [g.randn(1, 1, 4, 4, 4)])
case("max_unpool1d", lambda: nn.MaxUnpool1d(2),
     lambda g: [g.randn(2, 2, 4), pooled_indices(g, nn.MaxPool1d(2, return_indices=True), 2, 2, 8)])
case("max_unpool2d_overlapping_output_size", lambda: SizedUnpool2d([5, 6], 3, stride=2, padding=1),
     lambda g: [g.randn(1, 2, 3, 3), pooled_indices(g, nn.MaxPool2d(3, 2, 1, return_indices=True), 1, 2, 5, 5)])
case("max_unpool3d", lambda: nn.MaxUnpool3d(2),
     lambda g: [g.randn(1, 2, 2, 2, 2), pooled_indices(g, nn.MaxPool3d(2, return_indices=True), 1, 2, 4, 4, 4)])
case("adaptive_avg_pool1d", lambda: nn.AdaptiveAvgPool1d(3), lambda g: [g.randn(2, 3, 7)])
case("adaptive_avg_pool2d_none", lambda: nn.AdaptiveAvgPool2d((None, 3)), lambda g: [g.randn(2, 2, 5, 7)])
case("adaptive_avg_pool2d_unbatched", lambda: nn.AdaptiveAvgPool2d(2), lambda g: [g.randn(3, 5, 3)])
case("adaptive_avg_pool3d", lambda: nn.AdaptiveAvgPool3d((2, None, 3)), lambda g: [g.randn(1, 2, 5, 4, 7)])
case("adaptive_max_pool1d_indices", lambda: nn.AdaptiveMaxPool1d(4, return_indices=True),
     lambda g: [g.randn(2, 3, 9)])
case("adaptive_max_pool2d_none_indices", lambda: nn.AdaptiveMaxPool2d((3, None), return_indices=True),
     lambda g: [g.randn(2, 2, 7, 5)])
case("adaptive_max_pool3d", lambda: nn.AdaptiveMaxPool3d((2, 3, 2)), lambda g: [g.randn(1, 2, 5, 6, 3)])

# ------------------------------------------------------------------------------------------ normalization

case("instance_norm1d", lambda: nn.InstanceNorm1d(3), lambda g: [g.randn(2, 3, 6)])
case("instance_norm1d_unbatched_affine", lambda: nn.InstanceNorm1d(3, affine=True), lambda g: [g.randn(3, 5)],
     setup=randomize_norm)
case("instance_norm2d_tracked_train",
     lambda: nn.InstanceNorm2d(3, momentum=0.3, affine=True, track_running_stats=True),
     lambda g: [g.randn(2, 3, 4, 4)], setup=randomize_norm)
case("instance_norm2d_tracked_eval", lambda: nn.InstanceNorm2d(3, affine=True, track_running_stats=True),
     lambda g: [g.randn(2, 3, 3, 4)], training=False, setup=randomize_norm)
case("instance_norm3d_eps", lambda: nn.InstanceNorm3d(2, eps=1e-3), lambda g: [g.randn(2, 2, 3, 3, 2)])
case("local_response_norm_3d", lambda: nn.LocalResponseNorm(3), lambda g: [g.randn(2, 5, 4, scale=3.0)])
case("local_response_norm_4d", lambda: nn.LocalResponseNorm(4, alpha=0.01, beta=0.5, k=2.0),
     lambda g: [g.randn(2, 6, 3, 3, scale=3.0)])
case("local_response_norm_5d", lambda: nn.LocalResponseNorm(2, alpha=0.1), lambda g: [g.randn(1, 4, 2, 3, 2)])
case("batch_norm1d_cumulative_average", lambda: nn.BatchNorm1d(3, momentum=None), lambda g: [g.randn(4, 3)],
     setup=randomize_norm)
case("batch_norm2d_cumulative_old_checkpoint", lambda: nn.BatchNorm2d(2, momentum=None),
     lambda g: [g.randn(3, 2, 2, 2)], setup=randomize_norm, drop_state=("num_batches_tracked",))
case("batch_norm2d_old_checkpoint_eval", lambda: nn.BatchNorm2d(2), lambda g: [g.randn(3, 2, 2, 2)],
     training=False, setup=randomize_norm, drop_state=("num_batches_tracked",))
case("batch_norm3d_train", lambda: nn.BatchNorm3d(2), lambda g: [g.randn(2, 2, 3, 2, 2)], setup=randomize_norm)
case("batch_norm3d_eval", lambda: nn.BatchNorm3d(2), lambda g: [g.randn(2, 2, 2, 2, 2)], training=False,
     setup=randomize_norm)
case("weight_norm_linear", lambda: weight_norm(nn.Linear(4, 3)), lambda g: [g.randn(2, 4)])
case("weight_norm_conv2d_whole_tensor", lambda: weight_norm(nn.Conv2d(2, 3, 2), dim=None),
     lambda g: [g.randn(1, 2, 3, 3)])
case("weight_norm_conv_transpose1d_dim1", lambda: weight_norm(nn.ConvTranspose1d(2, 3, 3), dim=1),
     lambda g: [g.randn(2, 2, 4)])
case("spectral_norm_linear_train", lambda: spectral_norm(nn.Linear(5, 4)), lambda g: [g.randn(3, 5)])
case("spectral_norm_conv2d_eval", lambda: spectral_norm(nn.Conv2d(2, 3, 3)), lambda g: [g.randn(1, 2, 4, 4)],
     training=False)
case("spectral_norm_conv_transpose2d_train_two_iterations",
     lambda: spectral_norm(nn.ConvTranspose2d(3, 2, 2), n_power_iterations=2), lambda g: [g.randn(1, 3, 2, 3)])

# ------------------------------------------------------------------------------------------ resampling

case("upsample_nearest_scale2", lambda: nn.Upsample(scale_factor=2), lambda g: [g.randn(1, 2, 3, 4)])
case("upsample_nearest_size_1d", lambda: nn.Upsample(size=7), lambda g: [g.randn(2, 2, 3)])
case("upsample_nearest_fractional_scales", lambda: nn.Upsample(scale_factor=(1.7, 0.6)),
     lambda g: [g.randn(1, 2, 5, 7)])
case("upsample_nearest_exact", lambda: nn.Upsample(scale_factor=1.5, mode="nearest-exact"),
     lambda g: [g.randn(1, 1, 4, 5)])
case("upsample_nearest_3d_size", lambda: nn.Upsample(size=(3, 5, 4)), lambda g: [g.randn(1, 2, 2, 3, 3)])
case("upsample_linear_align_corners", lambda: nn.Upsample(scale_factor=2.5, mode="linear", align_corners=True),
     lambda g: [g.randn(2, 2, 4)])
case("upsample_linear_size", lambda: nn.Upsample(size=9, mode="linear"), lambda g: [g.randn(1, 3, 5)])
case("upsample_bilinear_scale2", lambda: nn.Upsample(scale_factor=2, mode="bilinear"),
     lambda g: [g.randn(2, 2, 3, 4)])
case("upsample_bilinear_align_corners_size", lambda: nn.Upsample(size=(5, 7), mode="bilinear", align_corners=True),
     lambda g: [g.randn(1, 2, 3, 4)])
case("upsample_bilinear_down_and_up", lambda: nn.Upsample(scale_factor=(0.6, 1.3), mode="bilinear"),
     lambda g: [g.randn(1, 2, 5, 6)])
case("upsample_bilinear_unchanged_height", lambda: nn.Upsample(scale_factor=(1.3, 2.0), mode="bilinear"),
     lambda g: [g.randn(1, 1, 3, 3)])
case("upsample_bilinear_recompute_scale",
     lambda: nn.Upsample(scale_factor=1.7, mode="bilinear", recompute_scale_factor=True),
     lambda g: [g.randn(1, 1, 4, 5)])
case("upsample_trilinear", lambda: nn.Upsample(scale_factor=(1.5, 2, 1), mode="trilinear"),
     lambda g: [g.randn(1, 2, 2, 3, 3)])
case("upsample_area", lambda: nn.Upsample(size=(3, 2), mode="area"), lambda g: [g.randn(1, 2, 7, 5)])
case("upsampling_nearest2d", lambda: nn.UpsamplingNearest2d(scale_factor=3), lambda g: [g.randn(1, 2, 2, 3)])
case("upsampling_bilinear2d", lambda: nn.UpsamplingBilinear2d(size=(4, 7)), lambda g: [g.randn(1, 2, 3, 3)])
case("pixel_shuffle", lambda: nn.PixelShuffle(2), lambda g: [g.randn(2, 8, 3, 2)])
case("pixel_shuffle_extra_batch_dims", lambda: nn.PixelShuffle(3), lambda g: [g.randn(2, 2, 9, 2, 2)])
case("pixel_unshuffle", lambda: nn.PixelUnshuffle(2), lambda g: [g.randn(1, 2, 4, 6)])
case("fold", lambda: nn.Fold(output_size=(4, 5), kernel_size=(2, 3), padding=(1, 0), stride=(1, 2)),
     lambda g: [g.randn(2, 18, 10)])
case("fold_unbatched", lambda: nn.Fold(3, 2), lambda g: [g.randn(8, 4)])
case("unfold", lambda: nn.Unfold((2, 3), dilation=(2, 1), padding=1, stride=(1, 2)), lambda g: [g.randn(2, 2, 4, 5)])
case("unfold_unbatched", lambda: nn.Unfold(2), lambda g: [g.randn(3, 3, 4)])

# ------------------------------------------------------------------------------------------ padding

case("constant_pad1d_crop", lambda: nn.ConstantPad1d((2, -1), 3.5), lambda g: [g.randn(2, 3, 5)])
case("constant_pad2d", lambda: nn.ConstantPad2d((1, 0, 2, 1), -1.0), lambda g: [g.randn(1, 2, 3, 3)])
case("constant_pad3d", lambda: nn.ConstantPad3d(1, 0.5), lambda g: [g.randn(1, 1, 2, 2, 3)])
case("zero_pad1d", lambda: ZeroPad1d((1, 2)), lambda g: [g.randn(2, 2, 4)])
case("zero_pad2d", lambda: nn.ZeroPad2d((1, 2, 0, 1)), lambda g: [g.randn(1, 2, 3, 3)])
case("zero_pad3d", lambda: ZeroPad3d((1, 0, 0, 1, 2, 1)), lambda g: [g.randn(1, 1, 2, 3, 2)])
case("reflection_pad1d", lambda: nn.ReflectionPad1d((3, 1)), lambda g: [g.randn(2, 2, 5)])
case("reflection_pad2d", lambda: nn.ReflectionPad2d((1, 2, 2, 1)), lambda g: [g.randn(1, 2, 3, 4)])
case("reflection_pad2d_unbatched", lambda: nn.ReflectionPad2d(1), lambda g: [g.randn(2, 3, 3)])
case("reflection_pad3d", lambda: nn.ReflectionPad3d((1, 0, 2, 1, 1, 1)), lambda g: [g.randn(1, 2, 2, 3, 4)])
case("replication_pad1d", lambda: nn.ReplicationPad1d((4, 2)), lambda g: [g.randn(2, 2, 3)])
case("replication_pad2d", lambda: nn.ReplicationPad2d((0, 3, 2, 1)), lambda g: [g.randn(1, 2, 3, 2)])
case("replication_pad3d", lambda: nn.ReplicationPad3d(2), lambda g: [g.randn(1, 1, 2, 2, 3)])

# ------------------------------------------------------------------------------------------ a small volumetric model

case("volumetric_cnn", lambda: nn.Sequential(
    nn.Conv3d(1, 4, 3, padding=1, padding_mode="replicate"), nn.BatchNorm3d(4), nn.Tanh(),
    nn.AvgPool3d(2, ceil_mode=True), spectral_norm(nn.Conv3d(4, 4, 2)), nn.InstanceNorm3d(4, affine=True),
    nn.AdaptiveAvgPool3d(1), nn.Flatten(), nn.Linear(4, 2)),
    lambda g: [g.randn(2, 1, 5, 4, 5)],
    setup=lambda m, g: (randomize_norm(m[1], g), randomize_norm(m[5], g)))
