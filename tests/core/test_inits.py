"""Initialisation schemes: torch's samples agree with the stated theory, parameters are checked,
and the notes' recommendation rule holds for every activation."""

import math

import numpy as np
import pytest
import torch
from torch import nn

from actgui.core.activations import ACTIVATIONS
from actgui.core.inits import (
    INITS,
    MAX_FAN,
    derive_gain,
    histogram_density,
    histogram_edges,
    init_linear_,
    init_weight_,
    recommended_init,
    sample_weights,
    second_moment,
)
from actgui.core.registry import UnknownKeyError

SIDE = 512  # 262 144 weights: sample std within ~0.3 % of theory


def expected_shares(theory, edges: np.ndarray) -> np.ndarray:
    """Probability of each bin: the density integrated by Simpson's rule, plus the point masses."""
    shares = np.zeros(len(edges) - 1)
    for index, (low, high) in enumerate(zip(edges[:-1], edges[1:], strict=True)):
        x = np.linspace(low, high, 65)
        y = theory.pdf(x)
        shares[index] = (high - low) / 192 * (y[0] + 4 * y[1:-1:2].sum() + 2 * y[2:-1:2].sum() + y[-1])
    for value, mass in theory.atoms:
        shares[np.searchsorted(edges, value, side="right") - 1] += mass
    return shares


CASES = [(scheme.key, {}, SIDE, SIDE) for scheme in INITS] + [
    ("kaiming_normal", {"mode": "fan_out", "nonlinearity": "tanh"}, 300, 700),
    ("kaiming_uniform", {"nonlinearity": "leaky_relu", "a": 0.2}, 700, 300),
    ("xavier_normal", {"gain": 2.0}, 300, 700),
    ("orthogonal", {"gain": 1.5}, 200, 900),
    ("sparse", {"sparsity": 0.5, "std": 0.1}, SIDE, SIDE),
    ("trunc_normal", {"mean": 0.5, "std": 0.5, "a": 0.0, "b": 2.0}, SIDE, SIDE),
    ("uniform", {"a": -0.3, "b": 0.1}, SIDE, SIDE),
]


@pytest.mark.parametrize(("key", "params", "fan_in", "fan_out"), CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_samples_agree_with_theory(key, params, fan_in, fan_out):
    sample = sample_weights(key, fan_in, fan_out, params, seed=3)
    theory = sample.theory
    count = fan_in * fan_out
    assert sample.weights.shape == (count,)
    assert abs(sample.mean - theory.mean) <= 6 * theory.std / math.sqrt(count) + 1e-7
    assert sample.std == pytest.approx(theory.std, rel=0.01, abs=1e-7)
    if theory.bounded:
        span = theory.high - theory.low
        assert theory.low - 1e-6 <= sample.min and sample.max <= theory.high + 1e-6
        if theory.high - theory.low <= 8 * theory.std:  # compact supports are filled to their ends
            assert sample.min - theory.low <= 0.01 * span + 1e-7 and theory.high - sample.max <= 0.01 * span + 1e-7
    edges = histogram_edges([sample], bins=50)
    observed = histogram_density(sample, edges) * np.diff(edges)
    expected = expected_shares(theory, edges)
    assert expected.sum() == pytest.approx(1.0, abs=2e-3)
    assert observed.sum() == pytest.approx(1.0, abs=1e-9)
    assert 0.5 * np.abs(observed - expected).sum() < 0.02  # total variation distance


def test_theory_values_follow_the_notes_formulas():
    assert INITS.get("xavier_normal").theory(300, 100).std == pytest.approx(math.sqrt(2 / 400))
    assert INITS.get("kaiming_normal").theory(300, 100).std == pytest.approx(math.sqrt(2 / 300))
    assert INITS.get("kaiming_normal").theory(300, 100, {"mode": "fan_out"}).std == pytest.approx(math.sqrt(2 / 100))
    tanh = INITS.get("kaiming_uniform").theory(300, 100, {"nonlinearity": "tanh"})
    assert tanh.high == pytest.approx(5 / 3 * math.sqrt(3 / 300))
    assert INITS.get("lecun_normal").theory(300, 100).std == pytest.approx(1 / math.sqrt(300))
    assert INITS.get("torch_default").theory(300, 100).high == pytest.approx(1 / math.sqrt(300))
    assert INITS.get("constant").theory(3, 5, {"val": 6}).atoms == ((6.0, 1.0),)


def test_torch_default_is_what_nn_linear_does():
    torch.manual_seed(11)
    layer = nn.Linear(40, 30)
    ours = torch.empty(30, 40)
    torch.manual_seed(11)
    init_weight_(ours, "torch_default")
    assert torch.equal(ours, layer.weight.detach())


def test_notes_demos_on_a_linear_3_to_5():
    layer = nn.Linear(3, 5)
    init_linear_(layer, "constant", {"val": 6})
    assert torch.all(layer.weight == 6) and torch.all(layer.bias == 0)
    init_linear_(layer, "xavier_uniform")
    bound = math.sqrt(6 / 8)
    assert layer.weight.abs().max() <= bound and torch.all(layer.bias == 0)
    init_linear_(layer, "torch_default")
    assert 0 < layer.bias.abs().max() <= 1 / math.sqrt(3)


def test_sampling_is_reproducible_and_leaves_the_global_generator_alone():
    state = torch.random.get_rng_state()
    first = sample_weights("sparse", 64, 32, seed=5).weights
    assert torch.equal(first, sample_weights("sparse", 64, 32, seed=5).weights)
    assert not torch.equal(first, sample_weights("sparse", 64, 32, seed=6).weights)
    assert torch.equal(state, torch.random.get_rng_state())


@pytest.mark.parametrize(
    ("key", "params", "message"),
    [
        ("kaiming_normal", {"mode": "sideways"}, "mode='sideways' is not one of: fan_in, fan_out"),
        ("kaiming_normal", {"nonlinearity": "gelu"}, "is not one of"),
        ("xavier_normal", {"gain": "big"}, "gain='big' is not a number"),
        ("xavier_normal", {"gain": 50}, "out of range"),
        ("normal", {"sigma": 1}, "no parameter 'sigma'"),
        ("uniform", {"a": 1, "b": 0}, "must be smaller than b"),
        ("trunc_normal", {"mean": 9, "std": 0.1}, "within 2 std"),
    ],
)
def test_bad_parameters_are_named(key, params, message):
    with pytest.raises(ValueError, match=message):
        sample_weights(key, 8, 8, params)


def test_bad_fans_and_keys():
    with pytest.raises(ValueError, match="fan_in must be between 1"):
        sample_weights("normal", -3, 4)
    with pytest.raises(ValueError, match="fan_out must be between 1"):
        sample_weights("normal", 4, MAX_FAN + 1)
    with pytest.raises(UnknownKeyError, match="choose from: uniform"):
        sample_weights("glorot", 4, 4)


@pytest.mark.parametrize("activation", list(ACTIVATIONS), ids=ACTIVATIONS.keys())
def test_every_activation_gets_a_valid_recommendation(activation):
    recommendation = recommended_init(activation.key)
    values = INITS.get(recommendation.scheme).resolve(recommendation.params)
    assert recommendation.reason_en and recommendation.reason_zh
    if activation.family == "relu":
        assert recommendation.scheme == "kaiming_normal"
        assert values["nonlinearity"] in ("relu", "leaky_relu")
    elif activation.key == "selu":
        assert recommendation.scheme == "lecun_normal"
    else:
        assert recommendation.scheme == "xavier_normal"


def test_recommendation_matches_the_nonlinearity():
    leaky = recommended_init("leaky_relu", {"negative_slope": 0.2})
    assert leaky.params == {"a": 0.2, "mode": "fan_in", "nonlinearity": "leaky_relu"}
    assert recommended_init("relu").params["nonlinearity"] == "relu"
    assert "1 / fan_in" in recommended_init("selu").reason_en


def test_second_moments_match_closed_forms():
    assert second_moment("relu") == pytest.approx(0.5, abs=1e-4)
    assert second_moment("identity", scale=3.0) == pytest.approx(9.0)
    assert second_moment("selu") == pytest.approx(1.0, abs=1e-4)  # Klambauer et al.'s fixed point
    assert second_moment("step") == pytest.approx(0.5, abs=0.05)  # 1{z ≥ 0}: the kink costs quadrature accuracy
    z = torch.randn(2_000_000, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    for key in ("tanh", "gelu", "sigmoid", "softplus"):
        monte_carlo = float((ACTIVATIONS.get(key)(1.5 * z) ** 2).mean())
        assert second_moment(key, scale=1.5) == pytest.approx(monte_carlo, rel=3e-3)


def test_derived_gains_agree_with_the_papers_where_they_have_one():
    assert derive_gain("relu").gain == pytest.approx(math.sqrt(2), rel=1e-4)  # He et al.
    assert derive_gain("leaky_relu", {"negative_slope": 0.2}).gain == pytest.approx(
        nn.init.calculate_gain("leaky_relu", 0.2), rel=1e-4)
    assert derive_gain("selu").gain == pytest.approx(1.0, rel=1e-4)  # LeCun normal
    assert derive_gain("identity").gain == pytest.approx(1.0)
    tanh = derive_gain("tanh")
    assert tanh.method == "fixed_point" and tanh.gain == pytest.approx(1 / math.sqrt(second_moment("tanh")))
    assert 1.5 < tanh.gain < 5 / 3 and tanh.stability == "attracting"
    gelu = derive_gain("gelu")
    assert gelu.method == "moment" and second_moment("gelu", scale=gelu.gain) == pytest.approx(1.0, abs=1e-9)
    assert gelu.stability == "repelling" and derive_gain("relu").stability == "neutral"


@pytest.mark.parametrize("activation", list(ACTIVATIONS), ids=ACTIVATIONS.keys())
def test_the_recommended_gain_is_the_derived_one(activation):
    recommendation = recommended_init(activation.key)
    derivation = recommendation.derivation
    assert derivation.text_en in recommendation.reason_en and derivation.text_zh in recommendation.reason_zh
    if recommendation.scheme == "xavier_normal":
        assert recommendation.params["gain"] == pytest.approx(derivation.gain, abs=1e-4)
    elif recommendation.scheme == "kaiming_normal":
        torch_gain = nn.init.calculate_gain(recommendation.params["nonlinearity"], recommendation.params["a"])
        assert torch_gain == pytest.approx(derivation.gain, rel=2e-3)
    else:
        assert derivation.gain == pytest.approx(1.0, rel=1e-3)


@pytest.mark.parametrize("a", [0.9, 0.2, -0.5, 3.0, 0.0])
@pytest.mark.parametrize("scheme", ["kaiming_normal", "kaiming_uniform"])
def test_kaiming_with_a_matches_torch(scheme, a):
    sample = sample_weights(scheme, 96, 400, {"a": a}, seed=5)
    reference = torch.empty(400, 96)
    getattr(nn.init, scheme + "_")(reference, a=a, generator=torch.Generator().manual_seed(5))
    assert torch.equal(sample.weights, reference.reshape(-1))
    assert sample.theory.std == pytest.approx(math.sqrt(2 / (1 + a * a)) / math.sqrt(96))
    assert sample.std == pytest.approx(float(reference.std()))
    if a == 0.9:  # the figure the defaults used to hide (a ignored: 0.1448)
        assert sample.theory.std == pytest.approx(0.1073, abs=1e-4)


def test_kaiming_refuses_an_a_without_effect():
    with pytest.raises(ValueError, match="no effect with nonlinearity='relu'"):
        sample_weights("kaiming_normal", 8, 8, {"a": 0.9, "nonlinearity": "relu"})
    assert sample_weights("kaiming_normal", 8, 8, {"nonlinearity": "relu"}).theory.std == pytest.approx(0.5)
    with pytest.raises(ValueError, match="out of range"):
        sample_weights("kaiming_uniform", 8, 8, {"a": 1e6})


def test_standard_init_has_zero_biases_and_torch_default_keeps_its_own():
    standard = init_linear_(nn.Linear(400, 300), "standard", generator=torch.Generator().manual_seed(1))
    assert float(standard.bias.detach().abs().max()) == 0.0
    assert float(standard.weight.detach().abs().max()) <= 1 / math.sqrt(400)
    assert float(standard.weight.detach().std()) == pytest.approx(1 / math.sqrt(3 * 400), rel=0.01)
    default = init_linear_(nn.Linear(400, 300), "torch_default", generator=torch.Generator().manual_seed(1))
    assert 0 < float(default.bias.detach().abs().max()) <= 1 / math.sqrt(400)


def test_constant_weights_histogram_centres_the_value():
    sample = sample_weights("constant", 3, 5, {"val": 6})
    edges = histogram_edges([sample])
    density = histogram_density(sample, edges)
    centre = int(np.argmax(density))
    assert (edges[centre] + edges[centre + 1]) / 2 == pytest.approx(6.0)
    assert density[centre] * (edges[1] - edges[0]) == pytest.approx(1.0)
