"""Walks the activation registry: autograd against analytic derivatives, values against torch.nn."""

import math

import numpy as np
import pytest
import torch

from actgui.core.activations import ACTIVATIONS, SELU_ALPHA, SELU_LAMBDA, derivatives, grid, sample
from actgui.core.plugins import plugin_keys
from actgui.core.registry import UnknownKeyError

EXPECTED_KEYS = [
    "step", "identity", "sigmoid", "tanh", "relu", "leaky_relu", "prelu", "elu", "selu", "celu", "gelu",
    "gelu_tanh", "silu", "swish", "mish", "softplus", "softsign", "hardtanh", "hardsigmoid", "hardswish",
    "relu6", "logsigmoid",
]


def away_from_kinks(activation, params, x):
    kinks = list(activation.kinks(params))
    if not kinks:
        return x
    distance = np.min(np.abs(x[:, None] - np.asarray(kinks)[None, :]), axis=1)
    return x[distance > 1e-3]


def built_in(keys):
    """`keys` without those that installed plugins added."""
    return [key for key in keys if key not in plugin_keys("actgui.activations")]


def test_registry_holds_every_common_activation():
    assert built_in(ACTIVATIONS.keys()) == EXPECTED_KEYS


def test_unknown_key_lists_the_choices():
    with pytest.raises(UnknownKeyError, match="unknown activation 'nope'.*relu"):
        ACTIVATIONS.get("nope")


@pytest.mark.parametrize("activation", list(ACTIVATIONS), ids=ACTIVATIONS.keys())
@pytest.mark.parametrize("which", ["defaults", "edges"])
def test_autograd_matches_analytic_derivative(activation, which):
    overrides = {}
    if which == "edges":
        overrides = {p.key: p.minimum + 0.7 * (p.maximum - p.minimum) for p in activation.params}
        if activation.key == "hardtanh":
            overrides = {"min_val": -2.5, "max_val": 4.0}
    params = activation.resolve(overrides)
    x = away_from_kinks(activation, params, grid(-20, 20, 4001))
    curves = sample(activation, x, params)
    expected = activation.derivative(torch.as_tensor(x, dtype=torch.float64), params).numpy()
    np.testing.assert_allclose(curves.dy, expected, atol=1e-6, rtol=0)


@pytest.mark.parametrize("activation", [a for a in ACTIVATIONS if a.module], ids=lambda a: a.key)
def test_values_equal_torch_nn(activation):
    x = torch.linspace(-20, 20, 4001, dtype=torch.float64)
    params = activation.resolve()
    module = activation.module(params).double()
    with torch.no_grad():
        np.testing.assert_allclose(activation(x).numpy(), module(x).numpy(), atol=1e-12)


@pytest.mark.parametrize("activation", list(ACTIVATIONS), ids=ACTIVATIONS.keys())
def test_second_derivative_is_finite(activation):
    curves = sample(activation, grid(-6, 6, 1001), second=True)
    assert curves.d2y is not None and np.all(np.isfinite(curves.d2y))


def test_second_derivatives_by_double_backward():
    x = grid(-5, 5, 501)
    s = 1 / (1 + np.exp(-x))
    np.testing.assert_allclose(sample(ACTIVATIONS.get("sigmoid"), x, second=True).d2y, s * (1 - s) * (1 - 2 * s),
                               atol=1e-12)
    t = np.tanh(x)
    np.testing.assert_allclose(sample(ACTIVATIONS.get("tanh"), x, second=True).d2y, -2 * t * (1 - t * t), atol=1e-12)


def test_course_facts():
    x = grid(-10, 10, 1001)
    sigmoid = sample(ACTIVATIONS.get("sigmoid"), x)
    assert sigmoid.dy.max() == pytest.approx(0.25)
    assert x[sigmoid.dy.argmax()] == pytest.approx(0.0)
    tanh = sample(ACTIVATIONS.get("tanh"), x)
    np.testing.assert_allclose(tanh.y, 2 / (1 + np.exp(-2 * x)) - 1, atol=1e-12)  # tanh(x) = 2σ(2x) − 1
    assert tanh.dy.max() == pytest.approx(1.0)
    selu = ACTIVATIONS.get("selu")
    assert selu(torch.tensor([-50.0], dtype=torch.float64)).item() == pytest.approx(-SELU_LAMBDA * SELU_ALPHA)
    gelu = sample(ACTIVATIONS.get("gelu"), x)
    gelu_tanh = sample(ACTIVATIONS.get("gelu_tanh"), x)
    assert np.max(np.abs(gelu.y - gelu_tanh.y)) < 1e-3


def test_parameters_change_the_curve_and_are_range_checked():
    leaky = ACTIVATIONS.get("leaky_relu")
    x = torch.tensor([-2.0], dtype=torch.float64)
    assert leaky(x, {"negative_slope": 0.2}).item() == pytest.approx(-0.4)
    with pytest.raises(ValueError, match="negative_slope=2 is out of range"):
        leaky.resolve({"negative_slope": 2})
    with pytest.raises(ValueError, match="has no parameter 'beta'"):
        leaky.resolve({"beta": 1})
    with pytest.raises(ValueError, match="min_val must be smaller"):
        ACTIVATIONS.get("hardtanh").resolve({"min_val": 2, "max_val": 1})
    swish = ACTIVATIONS.get("swish")
    assert swish(torch.tensor([1.0]), {"beta": 0.0}).item() == pytest.approx(0.5)


def test_registry_defaults_match_the_issue():
    defaults = {(a.key, p.key): p.default for a in ACTIVATIONS for p in a.params if a.key in built_in([a.key])}
    assert defaults == {
        ("leaky_relu", "negative_slope"): 0.01, ("prelu", "weight"): 0.25, ("elu", "alpha"): 1.0,
        ("celu", "alpha"): 1.0, ("swish", "beta"): 1.0, ("softplus", "beta"): 1.0,
        ("hardtanh", "min_val"): -1.0, ("hardtanh", "max_val"): 1.0,
    }


def test_prelu_module_is_learnable():
    module = ACTIVATIONS.get("prelu").torch_module()
    assert [p.item() for p in module.parameters()] == [0.25]


def test_derivatives_follow_the_notes_recipe():
    x = torch.linspace(-3, 3, 7, dtype=torch.float64)
    y, dy = derivatives(x, torch.sigmoid)
    reference = x.clone().requires_grad_(True)
    torch.sigmoid(reference).sum().backward()
    np.testing.assert_allclose(dy.numpy(), reference.grad.numpy())
    assert y[3].item() == pytest.approx(0.5)
    assert math.isclose(dy[3].item(), 0.25)
