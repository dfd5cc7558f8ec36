"""Every loss against torch.nn.functional, its gradient against autograd, and the information identity."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from actgui.core.losses import (
    CLASSIFICATION,
    LOGIT,
    LOSSES,
    PROBABILITY,
    REGRESSION,
    SIGMOID_OUTPUT,
    VALUE,
    convert,
    cross_entropy,
    curve,
    curves,
    entropy,
    information,
    kl_divergence,
    normalise,
    plot_kind,
)

GENERATOR = torch.Generator().manual_seed(5)


def _inputs(loss, count: int = 64) -> tuple[torch.Tensor, torch.Tensor]:
    """Predictions of the loss's kind and matching targets, kept away from kinks and the ends of (0, 1)."""
    u = torch.rand(count, generator=GENERATOR, dtype=torch.float64)
    if loss.prediction == VALUE:
        prediction = (u - 0.5) * 8
        target = (torch.rand(count, generator=GENERATOR, dtype=torch.float64) - 0.5) * 4
    elif loss.prediction == PROBABILITY:
        prediction = 0.02 + 0.96 * u
        target = torch.rand(count, generator=GENERATOR, dtype=torch.float64)
    else:
        prediction = (u - 0.5) * 10
        target = torch.rand(count, generator=GENERATOR, dtype=torch.float64)
    return prediction, target


def _away_from_kinks(loss, prediction: torch.Tensor, target: torch.Tensor, margin: float = 1e-3) -> torch.Tensor:
    """A mask of samples farther than `margin` from a point where the loss is not differentiable."""
    values = loss.resolve()
    if loss.prediction == VALUE:
        gap = (prediction - target).abs()
        switch = values.get("delta", values.get("beta", 0.0))
        return (gap > margin) & ((gap - switch).abs() > margin)
    if loss.key == "hinge":
        return ((prediction - 1).abs() > margin) & ((prediction + 1).abs() > margin)
    return torch.ones_like(prediction, dtype=torch.bool)


@pytest.mark.parametrize("loss", list(LOSSES), ids=LOSSES.keys())
def test_loss_matches_torch_functional(loss):
    prediction, target = _inputs(loss)
    values = loss.resolve()
    ours = loss.fn(prediction, target, values)
    reference = loss.reference(prediction, target, values)
    assert ours.shape == prediction.shape
    torch.testing.assert_close(ours, reference, rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("loss", [loss for loss in LOSSES if loss.params], ids=lambda loss: loss.key)
def test_loss_matches_torch_functional_at_every_parameter_extreme(loss):
    prediction, target = _inputs(loss)
    for param in loss.params:
        for value in (param.minimum, param.maximum):
            values = loss.resolve({param.key: value})
            torch.testing.assert_close(loss.fn(prediction, target, values),
                                       loss.reference(prediction, target, values), rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("loss", list(LOSSES), ids=LOSSES.keys())
def test_autograd_gradient_matches_analytic_and_torch_functional(loss):
    prediction, target = _inputs(loss)
    values = loss.resolve()
    keep = _away_from_kinks(loss, prediction, target)
    grads = []
    for fn in (loss.fn, loss.reference):
        x = prediction.clone().requires_grad_(True)
        (grad,) = torch.autograd.grad(fn(x, target, values).sum(), x)
        grads.append(grad[keep])
    analytic = loss.gradient(prediction, target, values)[keep]
    assert keep.sum() > 50
    torch.testing.assert_close(grads[0], analytic, rtol=1e-9, atol=1e-9)
    torch.testing.assert_close(grads[0], grads[1], rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("loss", list(LOSSES), ids=LOSSES.keys())
def test_registry_entry_is_complete(loss):
    assert loss.kind in (REGRESSION, CLASSIFICATION)
    assert loss.prediction in ((VALUE,) if loss.kind == REGRESSION else (PROBABILITY, LOGIT))
    assert loss.name_en and loss.name_zh and loss.formula and loss.gradient_formula
    assert loss.color.startswith("#") and len(loss.color) == 7


@pytest.mark.parametrize("loss", list(LOSSES), ids=LOSSES.keys())
def test_curve_gradient_is_autograd_on_the_plotted_axis(loss):
    lo, hi = (-3.0, 3.0) if loss.prediction != PROBABILITY else (0.05, 0.95)
    x = np.linspace(lo, hi, 401)
    target = 0.3 if loss.kind == REGRESSION else 0.8
    sampled = curve(loss, x, target)
    expected = loss.fn(torch.as_tensor(x), torch.full((x.size,), target, dtype=torch.float64), loss.resolve())
    np.testing.assert_allclose(sampled.y, expected.numpy(), rtol=1e-12)
    step = x[1] - x[0]
    keep = _away_from_kinks(loss, torch.as_tensor(x), torch.tensor(target), margin=2 * step).numpy()
    keep[[0, -1]] = False
    numeric = np.gradient(sampled.y, x)
    np.testing.assert_allclose(sampled.dy[keep], numeric[keep], rtol=1e-3, atol=1e-3)


def test_regression_gradients_show_constant_growing_and_switching():
    target = 1.0
    plotted = {c.loss.key: c for c in curves(["mae", "mse", "huber"], target, {"huber": {"delta": 1.5}})}
    x = plotted["mae"].x
    far, near = x > target + 2, (x > target) & (x < target + 1.4)
    assert np.all(plotted["mae"].dy[x > target + 1e-9] == 1.0)
    assert np.all(plotted["mae"].dy[x < target - 1e-9] == -1.0)
    np.testing.assert_allclose(plotted["mse"].dy, 2 * (x - target))
    np.testing.assert_allclose(plotted["huber"].dy[near], (x - target)[near])
    np.testing.assert_allclose(plotted["huber"].dy[far], 1.5)


def test_classification_curves_on_probability_and_logit_axes_agree():
    probability = curves(["bce", "bce_with_logits", "cross_entropy"], 1.0, axis=PROBABILITY,
                         window=(0.1, 0.9), points=81)
    for c in probability:
        np.testing.assert_allclose(c.y, -np.log(c.x), rtol=1e-12)
        np.testing.assert_allclose(c.dy, -1 / c.x, rtol=1e-9)
    logit = curves(["bce", "bce_with_logits"], 1.0, axis=LOGIT, window=(-4, 4), points=81)
    for c in logit:
        np.testing.assert_allclose(c.dy, 1 / (1 + np.exp(-c.x)) - 1, rtol=1e-9, atol=1e-12)


def test_kl_is_cross_entropy_minus_entropy_of_the_target():
    t = 0.7
    ce, kl = curves(["cross_entropy", "kl_div"], t, window=(0.05, 0.95), points=91)
    target_entropy = -(t * math.log(t) + (1 - t) * math.log(1 - t))
    np.testing.assert_allclose(ce.y - kl.y, target_entropy, rtol=1e-12)
    assert kl.x[np.argmin(kl.y)] == pytest.approx(t, abs=0.01)
    assert kl.y.min() == pytest.approx(0.0, abs=1e-3)


def test_curves_refuse_bad_requests():
    with pytest.raises(ValueError, match="share an axis only on a sigmoid output"):
        curves(["mse", "bce"], 0.5, axis=VALUE)
    with pytest.raises(ValueError, match="class probability t in"):
        curves(["mae", "bce"], 3.0)
    with pytest.raises(ValueError, match="probability in"):
        curves(["bce"], 1.5)
    with pytest.raises(ValueError, match="out of range"):
        curves(["huber"], 0.0, {"huber": {"delta": 50}})
    with pytest.raises(ValueError, match="strictly between"):
        curves(["bce"], 1.0, window=(0.0, 1.0))
    with pytest.raises(ValueError, match="cannot be plotted"):
        curves(["bce"], 1.0, axis=VALUE)
    with pytest.raises(KeyError, match="choose from"):
        curves(["nope"], 0.0)
    with pytest.raises(ValueError, match="not plotted"):
        curves(["mse"], 0.0, {"huber": {"delta": 1}})


def _random_distributions(classes: int) -> tuple[torch.Tensor, torch.Tensor]:
    p = torch.softmax(torch.randn(6, classes, generator=GENERATOR, dtype=torch.float64) * 2, dim=-1)
    q = torch.softmax(torch.randn(6, classes, generator=GENERATOR, dtype=torch.float64) * 2, dim=-1)
    return p, q


@pytest.mark.parametrize("classes", [2, 3, 10])
def test_information_measures_match_torch(classes):
    p, q = _random_distributions(classes)
    torch.testing.assert_close(cross_entropy(p, q), F.cross_entropy(torch.log(q), p, reduction="none"))
    torch.testing.assert_close(kl_divergence(p, q), F.kl_div(torch.log(q), p, reduction="none").sum(-1))
    torch.testing.assert_close(entropy(p), torch.distributions.Categorical(probs=p).entropy())
    torch.testing.assert_close(cross_entropy(p, q), entropy(p) + kl_divergence(p, q))


def test_information_of_edited_weights():
    measures = information([1, 3, 0, 4], [2, 2, 2, 2])
    p = np.array([1, 3, 0, 4]) / 8
    assert measures.entropy == pytest.approx(-sum(v * math.log(v) for v in p if v > 0))
    assert measures.cross_entropy == pytest.approx(math.log(4))
    assert measures.cross_entropy == pytest.approx(measures.entropy + measures.kl)
    assert information([1, 1], [1, 0]).kl == math.inf
    assert information([0, 1], [0, 1]).kl == 0.0


def test_bad_distributions_are_refused():
    with pytest.raises(ValueError, match="non-negative"):
        normalise([1, -1])
    with pytest.raises(ValueError, match="positive"):
        normalise([0, 0, 0])
    with pytest.raises(ValueError, match="two classes"):
        normalise([1])
    with pytest.raises(ValueError, match="classes"):
        information([1, 1], [1, 1, 1])


@pytest.mark.parametrize("loss", [loss for loss in LOSSES if loss.kinks(0.5, loss.resolve())],
                         ids=lambda loss: loss.key)
def test_the_gradient_switches_at_every_kink(loss):
    target, values, eps = 0.5, loss.resolve(), 1e-4
    for kink in loss.kinks(target, values):
        x = torch.tensor([kink - 2 * eps, kink - eps, kink + eps, kink + 2 * eps], dtype=torch.float64)
        x.requires_grad_(True)
        (grad,) = torch.autograd.grad(loss.fn(x, torch.full_like(x, target), values).sum(), x)
        jump = abs(float(grad[2] - grad[1]))
        slope_change = abs(float((grad[3] - grad[2]) - (grad[1] - grad[0]))) / eps
        assert jump > 0.1 or slope_change > 0.1, kink


def test_convert_between_probability_and_logit():
    assert convert(0.0, LOGIT, PROBABILITY) == 0.5
    assert convert(0.5, PROBABILITY, LOGIT) == 0.0
    assert convert(math.log(3), LOGIT, PROBABILITY) == pytest.approx(0.75)
    assert convert(1.0, PROBABILITY, LOGIT) is None
    assert convert(2.0, VALUE, VALUE) == 2.0


def test_mse_and_bce_on_a_sigmoid_output_share_the_logit_axis():
    mse, bce = curves(["mse", "bce"], 1.0, window=(-8.0, 8.0), points=1601)
    z = mse.x
    p = 1 / (1 + np.exp(-z))
    np.testing.assert_allclose(mse.y, (p - 1) ** 2, atol=1e-12)
    np.testing.assert_allclose(mse.dy, 2 * (p - 1) * p * (1 - p), atol=1e-12)  # through σ′
    np.testing.assert_allclose(bce.dy, p - 1, atol=1e-9)  # ∂BCE/∂z = σ(z) − t
    # Confidently wrong (z = −8 for t = 1): MSE's gradient has all but vanished, BCE's is −1.
    assert abs(mse.dy[0]) < 1e-3 and bce.dy[0] == pytest.approx(-1.0, abs=1e-3)
    assert plot_kind(["mse", "bce"]) == SIGMOID_OUTPUT and plot_kind(["mse"]) == REGRESSION
    assert plot_kind(["mse"], PROBABILITY) == SIGMOID_OUTPUT and plot_kind(["bce"]) == CLASSIFICATION
    on_p = curves(["mae", "mse", "huber", "bce"], 0.0, axis=PROBABILITY)
    np.testing.assert_allclose(on_p[0].y, on_p[0].x)  # MAE on p with t = 0 is p itself
