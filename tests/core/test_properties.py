"""Properties are computed from the function: ranges, gradients, centring, saturation."""

import pytest

from actgui.core.activations import ACTIVATIONS, grid
from actgui.core.properties import cost_us_per_million, regions, sample_properties

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


def test_cost_is_measured():
    cost = cost_us_per_million(ACTIVATIONS.get("relu"))
    assert 0 < cost < 1e6
