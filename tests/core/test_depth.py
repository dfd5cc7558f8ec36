"""The depth experiment shows the notes' cases with real numbers: He keeps ReLU steady, Xavier lets
it shrink, sigmoid's gradient vanishes within a few layers, SELU self-normalises and constant
weights never break symmetry."""

import math

import numpy as np
import pytest
import torch

from actgui.core.activations import ACTIVATIONS
from actgui.core.depth import (
    DEPTH_COMPARISONS,
    DEPTH_PRESETS,
    DepthSpec,
    distinct_units,
    parse_cases,
    run_depth,
    signal_drift,
)
from actgui.core.inits import recommended_init
from actgui.core.registry import UnknownKeyError
from actgui.qt.shell.guide import guide_html

#: Wide enough that one seed's layer-to-layer fluctuations stay small (measured over seeds 0–7:
#: ReLU + Kaiming last/first act std 0.69–1.02, ReLU + Xavier ≤ 0.0014).
SIZES = {"depth": 20, "width": 512, "batch": 64, "seed": 0}


def preset_result(key: str):
    preset = DEPTH_PRESETS.get(key)
    return run_depth(DepthSpec(preset.activation, preset.init, init_params=preset.init_params, **SIZES))


@pytest.fixture(scope="module")
def results():
    return {preset.key: preset_result(preset.key) for preset in DEPTH_PRESETS}


def test_relu_kaiming_holds_steady(results):
    result = results["relu_kaiming"]
    ratio = result.act_std / result.act_std[0]
    assert 0.5 <= ratio[-1] <= 2.0
    assert np.all((ratio > 0.5) & (ratio < 2.0))
    assert result.distinct_units[0] == SIZES["width"]
    assert 0.1 < result.grad_std[0] / result.grad_std[-1] < 10


def test_relu_xavier_shrinks_by_about_root_two_per_layer(results):
    result = results["relu_xavier"]
    ratio = result.act_std[-1] / result.act_std[0]
    assert ratio < 0.01
    assert ratio == pytest.approx(2 ** (-19 / 2), rel=0.5)  # ReLU halves the variance each layer
    assert np.all(np.diff(np.log(result.act_std)) < 0)


def test_tanh_xavier_with_tanh_gain_holds_steady(results):
    result = results["tanh_xavier"]
    assert 0.5 <= result.act_std[-1] / result.act_std[0] <= 2.0
    assert np.all((result.act_std > 0.4) & (result.act_std < 1.0))
    assert np.abs(result.act_mean).max() < 0.05  # zero-centred


def test_sigmoid_gradient_vanishes_within_five_layers(results):
    sigmoid, relu = results["sigmoid_xavier"], results["relu_kaiming"]
    assert sigmoid.grad_std[-6] / sigmoid.grad_std[-1] < 0.01
    assert sigmoid.grad_std[0] / sigmoid.grad_std[-1] < 1e-9
    assert relu.grad_std[0] / relu.grad_std[-1] > 0.1
    assert np.all(np.abs(sigmoid.act_mean - 0.5) < 0.05)  # not zero-centred


def test_selu_lecun_self_normalises(results):
    result = results["selu_lecun"]
    assert np.all((result.act_std > 0.9) & (result.act_std < 1.1))
    assert np.abs(result.act_mean).max() < 0.1


def test_constant_init_never_breaks_symmetry(results):
    result = results["constant_symmetry"]
    assert result.collapsed
    assert np.all(result.distinct_units == 1)
    assert np.all(result.act_std > 0)  # units differ across the batch, never from each other
    assert np.all(result.grad_std[1:] == 0)  # every weight of a layer gets the same gradient
    for key in ("relu_kaiming", "tanh_xavier", "selu_lecun"):
        assert not results[key].collapsed


def test_zero_init_kills_everything():
    result = run_depth(DepthSpec("relu", "zeros", depth=6, width=32, batch=8))
    assert np.all(result.act_std == 0) and np.all(result.grad_std == 0)
    assert np.all(result.distinct_units == 1) and result.collapsed


def test_overflow_is_reported_not_raised():
    exploding = run_depth(DepthSpec("relu", "constant", init_params={"val": 6}, depth=30, width=64, batch=8))
    assert exploding.overflow_layer is not None and 5 < exploding.overflow_layer < 30
    assert math.isnan(exploding.loss)
    assert np.all(np.isfinite(exploding.act_std[: exploding.overflow_layer - 1]))
    backward = run_depth(DepthSpec("relu", "normal", init_params={"std": 5.0}, depth=20, width=256, batch=16))
    assert backward.overflow_layer is None and backward.gradient_overflow


def test_histograms_and_table(results):
    result = results["tanh_xavier"]
    assert result.histograms.shape == (SIZES["depth"], len(result.edges) - 1)
    assert np.all(result.histograms.sum(axis=1) > 0.99)
    assert result.edges[0] >= -1.0 and result.edges[-1] <= 1.0  # tanh's range
    table = result.table()
    assert table.header == ["layer", "act_mean", "act_std", "grad_std", "signal_grad_std"]
    assert [row[0] for row in table.rows()] == list(range(1, SIZES["depth"] + 1))


def test_distinct_units():
    torch.manual_seed(0)
    random = torch.randn(16, 40)
    assert distinct_units(random) == 40
    assert distinct_units(torch.zeros(16, 40)) == 1
    column = torch.randn(16, 1)
    assert distinct_units(column.repeat(1, 40)) == 1
    assert distinct_units(torch.cat([column.repeat(1, 20), -column.repeat(1, 20)], dim=1)) == 2
    assert distinct_units(torch.full((4, 4), math.inf)) == 0


def test_runs_are_reproducible():
    spec = DepthSpec("gelu", "xavier_uniform", depth=4, width=32, batch=8, seed=9)
    assert np.array_equal(run_depth(spec).act_std, run_depth(spec).act_std)


@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        ({"depth": 0}, ValueError, "depth must be between 1 and 50"),
        ({"width": 2000}, ValueError, "width must be between 1 and 1024"),
        ({"batch": 0}, ValueError, "batch must be between 1"),
        ({"activation": "swishy"}, UnknownKeyError, "unknown activation 'swishy'"),
        ({"init": "he"}, UnknownKeyError, "unknown init scheme 'he'"),
        ({"init": "kaiming_normal", "init_params": {"mode": "both"}}, ValueError, "not one of"),
        ({"activation": "leaky_relu", "activation_params": {"negative_slope": 5}}, ValueError, "out of range"),
    ],
)
def test_bad_specs_are_refused(changes, error, message):
    with pytest.raises(error, match=message):
        run_depth(DepthSpec(**{"depth": 3, "width": 8, "batch": 4, **changes}))


@pytest.mark.parametrize("activation", list(ACTIVATIONS), ids=ACTIVATIONS.keys())
def test_recommended_init_keeps_the_signal_or_the_guide_says_it_cannot(activation):
    drift = signal_drift(activation.key)
    recommendation = recommended_init(activation.key)
    assert (drift.scheme, dict(drift.init_params)) == (recommendation.scheme, recommendation.params)
    if drift.holds:
        assert 0.5 <= drift.low <= 1.0 <= drift.high <= 2.0
        return
    assert drift.low < 0.5 or drift.high > 2.0
    for language, name, text in (("en", activation.name_en, drift.text_en), ("zh_CN", activation.name_zh,
                                                                             drift.text_zh)):
        guide = guide_html("init", language)
        assert name in guide and f"{drift.low:.3g}×" in guide
        assert ("cannot" in text and "cannot" in guide) if language == "en" else "无法保持" in guide


def test_signal_drift_is_the_depth_views_measurement():
    for key in ("gelu", "tanh"):
        recommendation = recommended_init(key)
        result = run_depth(DepthSpec(key, recommendation.scheme, init_params=recommendation.params))
        ratios = result.act_std / result.act_std[0]
        drift = signal_drift(key)
        assert (drift.low, drift.high, drift.last) == pytest.approx((ratios.min(), ratios.max(), ratios[-1]), rel=1e-5)
    assert not signal_drift("gelu").holds  # the case: Xavier gain 1 took GELU from 0.59 to 1.6e-6
    assert signal_drift("gelu").low > 0.3


def test_backpropagated_signal_follows_he_and_glorot():
    relu = run_depth(DepthSpec("relu", "kaiming_normal", init_params={"nonlinearity": "relu"}, **SIZES))
    xavier = run_depth(DepthSpec("relu", "xavier_normal", **SIZES))
    assert np.all(np.isfinite(relu.signal_grad_std)) and np.all(relu.signal_grad_std > 0)
    # He's backward argument: n·Var(W)·E[f′²] = 1 under Kaiming keeps ∂L/∂h's size from layer 10 back to
    # layer 1; Xavier's ½ shrinks it ×√2 per layer (9 layers: 0.044).
    assert 0.5 < relu.signal_grad_std[0] / relu.signal_grad_std[9] < 2
    assert 0.02 < xavier.signal_grad_std[0] / xavier.signal_grad_std[9] < 0.1
    assert "signal_grad_std" in relu.table().header


def test_comparisons_and_cases():
    for comparison in DEPTH_COMPARISONS:
        specs = comparison.specs(DepthSpec(**SIZES))
        assert len(specs) >= 2 and len({(s.activation, s.init) for s in specs}) == len(specs)
        for spec in specs:
            spec.check()
    specs = parse_cases(" relu:xavier_normal, relu:kaiming_normal ", DepthSpec(depth=7))
    assert [(s.activation, s.init, s.depth) for s in specs] == [("relu", "xavier_normal", 7),
                                                                ("relu", "kaiming_normal", 7)]
    with pytest.raises(ValueError, match="ACTIVATION:INIT"):
        parse_cases("relu")
    with pytest.raises(UnknownKeyError, match="unknown init scheme 'glorot'"):
        parse_cases("relu:glorot")
    with pytest.raises(ValueError, match="no cases"):
        parse_cases(" , ")


def test_torch_default_biases_keep_a_deep_tanh_stack_alive():
    default = run_depth(DepthSpec("tanh", "torch_default", depth=30))
    standard = run_depth(DepthSpec("tanh", "standard", depth=30))
    assert 0.03 < default.act_std[-1] < 0.06  # the guide's "about 0.04"
    assert standard.act_std[-1] < 1e-3
