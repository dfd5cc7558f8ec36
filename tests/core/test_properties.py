"""Properties are computed from the function: ranges, gradients, centring, saturation."""

import math

import numpy as np
import pytest
import torch

from actgui.core.activations import ACTIVATIONS, grid, sample
from actgui.core.function_plot import tanh_identity
from actgui.core.properties import (
    cost_relative_to_relu,
    effective_range,
    regions,
    sample_properties,
    saturated_share,
    update_to_data_ratio,
)

X = grid(-6, 6, 1201)


def props(key, **params):
    return sample_properties(ACTIVATIONS.get(key), X, params)


def test_sigmoid():
    p = props("sigmoid")
    assert p.output_min == pytest.approx(0.00247, abs=1e-4) and p.output_max == pytest.approx(0.99753, abs=1e-4)
    assert p.max_abs_grad == pytest.approx(0.25) and p.argmax_abs_grad == pytest.approx(0.0)
    assert p.mean_under_normal == pytest.approx(0.5, abs=1e-9) and not p.zero_centred
    assert p.monotonic
    (left, right) = p.saturation
    assert left[0] == -6 and left[1] == pytest.approx(-4.6, abs=0.02)
    assert right[1] == 6 and right[0] == pytest.approx(4.6, abs=0.02)


def test_tanh_is_zero_centred_and_relu_is_not():
    assert props("tanh").zero_centred and props("selu").zero_centred
    relu = props("relu")
    assert not relu.zero_centred and relu.mean_under_normal == pytest.approx(0.3989, abs=1e-3)
    assert relu.zero_grad_fraction == pytest.approx(0.5, abs=0.01)
    assert relu.saturation == ((-6.0, 0.0),)


def test_gelu_is_not_monotonic_and_has_no_flat_tail_on_the_right():
    p = props("gelu")
    assert not p.monotonic
    assert all(b < 0 for _, b in p.saturation)


def test_leaky_relu_never_has_zero_gradient():
    assert props("leaky_relu").zero_grad_fraction == 0
    assert props("leaky_relu", negative_slope=0.0).zero_grad_fraction == pytest.approx(0.5, abs=0.01)


def test_regions():
    import numpy as np

    x = np.arange(6.0)
    assert regions(x, np.array([1, 1, 0, 0, 1, 0], bool)) == ((0.0, 1.0), (4.0, 4.0))
    assert regions(x, np.zeros(6, bool)) == ()


def test_effective_input_range_matches_the_notes():
    x = np.linspace(-6, 6, 2001)
    tanh = sample(ACTIVATIONS.get("tanh"), x)
    low, high = effective_range(tanh.x, tanh.dy)
    assert low == pytest.approx(-2.99, abs=0.01) and high == pytest.approx(2.99, abs=0.01)  # roughly [−3, 3]
    sigmoid = sample(ACTIVATIONS.get("sigmoid"), x)
    assert effective_range(sigmoid.x, sigmoid.dy)[1] == pytest.approx(4.6, abs=0.01)  # σ′ = 0.01 at 4.6
    relu = sample(ACTIVATIONS.get("relu"), x)
    assert effective_range(relu.x, relu.dy) is None  # one flat tail is not a range


def test_tanh_identity_holds():
    x = np.linspace(-10, 10, 1001)
    assert np.max(np.abs(tanh_identity(x) - np.tanh(x))) < 1e-12


def test_relative_cost_is_a_cached_ratio_to_relu():
    assert cost_relative_to_relu(ACTIVATIONS.get("relu")) == 1.0
    gelu = cost_relative_to_relu(ACTIVATIONS.get("gelu"))
    assert np.isfinite(gelu) and gelu > 0
    assert cost_relative_to_relu(ACTIVATIONS.get("gelu")) == gelu  # measured once per launch


def test_saturated_share_follows_makemore_for_tanh_and_generalises():
    z = torch.randn(200_000, generator=torch.Generator().manual_seed(0), dtype=torch.float64) * 2.5
    tanh = saturated_share(ACTIVATIONS.get("tanh"), z)
    assert tanh == pytest.approx(float((torch.tanh(z).abs() > 0.97).double().mean()), abs=1e-4)
    assert saturated_share(ACTIVATIONS.get("relu"), z) == pytest.approx(float((z < 0).double().mean()), abs=1e-4)
    sigmoid = saturated_share(ACTIVATIONS.get("sigmoid"), z)
    s = torch.sigmoid(z)
    assert sigmoid == pytest.approx(float((s * (1 - s) < 0.25 * (1 - 0.97**2)).double().mean()), abs=1e-4)
    assert saturated_share(ACTIVATIONS.get("identity"), z) == 0.0


def test_update_to_data_ratio_per_layer():
    before = [torch.ones(4, 4), torch.full((3,), 2.0)]
    after = [torch.ones(4, 4) * 1.001, torch.tensor([2.0, 2.0, 2.3])]
    ratios = update_to_data_ratio(before, after)
    np.testing.assert_allclose(ratios, [1e-3, 0.3 / math.sqrt(12)], rtol=1e-4)  # float32 steps
