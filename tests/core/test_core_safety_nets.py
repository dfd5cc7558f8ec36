"""The issue's cases that need no Qt: bounded session parsing (1), divergence (4), expression
errors (5), softmax at a tiny temperature and batch norm with single-example batches (6)."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
import torch

from actgui.core.divergence import LOSS_GROWTH, DivergenceWatch
from actgui.core.safe_expr import ExpressionError, compile_expression
from actgui.core.session import SessionError, make_session, parse_session
from actgui.core.softmax import autograd_jacobian, check_temperature, naive_softmax, softmax
from actgui.core.surfaces import descent_field, get_surface, sample_grid
from actgui.core.training.config import TrainingConfig
from actgui.core.training.trainer import Trainer, run_to_end
from actgui.state.base import MAX_ITEMS
from actgui.state.functions import FunctionsState
from actgui.state.losses import LossesState
from actgui.state.softmax import SoftmaxState
from actgui.state.training import TrainingState


def session_text(panels: str) -> str:
    return '{"format": "actgui-session", "version": 1, "panels": ' + panels + "}"


# -- 1: sessions ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "message"),
    [
        (session_text('{"functions": {"points": Infinity}}'), "'Infinity' is not allowed"),
        (session_text('{"training": {"noise": NaN}}'), "'NaN' is not allowed"),
        (session_text('{"init": {"fan_in": -Infinity}}'), "'-Infinity' is not allowed"),
        (session_text('{"init": {"seed": ' + "9" * 5000 + "}}"), "more than 30 digits"),
        (session_text('{"training": {"samples": 1e999}}'), "too large"),
        ("[" * 100_000 + "]" * 100_000, "nested more than 32 levels"),
        (session_text("{" + '"a": {' * 40 + "}" * 41), "nested more than 32 levels"),
    ],
)
def test_parsing_refuses_unbounded_values(text, message):
    with pytest.raises(SessionError, match=message):
        parse_session(text)


def test_strings_with_brackets_do_not_count_as_nesting():
    text = json.dumps(make_session({"functions": {"expression": "[" * 500 + "{" * 500}}))
    assert parse_session(text)["panels"]["functions"]["expression"].startswith("[[[")


@pytest.mark.parametrize(
    ("state", "value", "message"),
    [
        (FunctionsState, {"derivative": "false"}, "derivative must be true or false"),
        (FunctionsState, {"derivative": 1}, "derivative must be true or false"),
        (FunctionsState, {"points": 1000.5}, "points must be a whole number"),
        (FunctionsState, {"points": True}, "points must be a whole number"),
        (FunctionsState, {"xmin": "3"}, "xmin must be a number"),
        (FunctionsState, {"xmin": False}, "xmin must be a number"),
        (FunctionsState, {"names": "relu"}, "names must be a list"),
        (FunctionsState, {"names": [1]}, r"names\[0\] must be text"),
        (FunctionsState, {"params": []}, "params must be an object"),
        (FunctionsState, {"params": {"selu": {"scale": "big"}}}, "params.selu.scale must be a number"),
        (FunctionsState, {"params": {f"a{i}": {} for i in range(MAX_ITEMS + 1)}},
         f"params has {MAX_ITEMS + 1} entries; at most {MAX_ITEMS} are allowed"),
        (TrainingState, {"hidden": [32.5]}, r"hidden\[0\] must be a whole number"),
        (TrainingState, {"samples": 1e308}, "samples must be a whole number"),
        (LossesState, {"p": [0.5] * 100_000}, "p has 100000 entries; at most 12 are allowed"),
        (LossesState, {"q": [0.1] * 13}, "q has 13 entries; at most 12 are allowed"),
        (SoftmaxState, {"logits": [1.0] * 101}, "at most 100 are allowed"),
    ],
)
def test_session_values_of_the_wrong_shape_are_refused_by_the_state(state, value, message):
    data = parse_session(json.dumps(make_session({state.panel: value})))["panels"][state.panel]
    with pytest.raises(ValueError, match=message):
        state.from_dict(data)


def test_session_values_of_the_right_shape_pass():
    functions = FunctionsState.from_dict({"xmin": -3, "points": 1200, "params": {"elu": {"alpha": 1.2}}})
    assert functions.xmin == -3.0 and isinstance(functions.xmin, float) and functions.points == 1200
    assert TrainingState.from_dict({"hidden": [8, 8]}).hidden == [8, 8]


# -- 4: divergence -------------------------------------------------------------------------------
def test_the_divergence_rule():
    watch = DivergenceWatch(0.7)
    assert watch.losses(np.array([0.7, 5.0, 1e4]), 0) is None
    diverged = watch.losses(np.array([1.0, 0.7 * LOSS_GROWTH * 2]), 10)
    assert diverged.step == 12 and "grew to 1.4e+06" in diverged.message
    assert watch.losses(np.array([math.inf]), 0).step == 1
    assert watch.losses(np.array([math.nan]), 4).message.startswith("diverged at step 5: the training loss became nan")
    assert watch.weights(np.array([1.0, 2.0]), 3) is None
    assert "weight norm became infinite" in watch.weights(np.array([1.0, math.inf]), 3).message
    assert DivergenceWatch(1e-9).limit == pytest.approx(1e-3 * LOSS_GROWTH)  # a near-zero start has a floor


@pytest.mark.parametrize("optimizer", ["adam", "sgd"])
def test_a_finite_explosion_stops_the_run_as_diverged(optimizer):
    config = TrainingConfig(samples=300, hidden=(16, 16), optimizer=optimizer, lr=1000.0, steps=500, record_every=5)
    trainer = Trainer(config)
    records = []
    result = run_to_end(trainer.records(), records.append)
    assert result.status == "diverged", result
    assert result.step < 500
    assert "diverged at step" in result.message
    assert all(np.isfinite(r.train_loss) for r in records)  # the records kept for the figure are the sane ones


def test_a_healthy_run_still_finishes():
    result = run_to_end(Trainer(TrainingConfig(samples=300, hidden=(8,), steps=60)).records())
    assert result.status == "finished"


# -- 5: expressions ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0x" + "f" * 260, "is too large"),
        ("x * " + "9" * 120, "is too large"),
        ("1e999 * x", "is too large"),
        ("clamp(x, x, 1)", "needs numbers as its bounds"),
        ("exp(x, x)", "cannot evaluate"),
        ("where(x > 0, x)", "cannot evaluate"),
    ],
)
def test_every_expression_error_is_one_expression_error(text, message):
    with pytest.raises(ExpressionError, match=message):
        compile_expression(text, ("x", "y"))


@pytest.mark.parametrize("text", ["1", "x * x", "y", "clamp(x, -1, 1) + 0 * y"])
def test_surfaces_that_ignore_a_variable_have_a_gradient_field(text):
    surface = get_surface("custom", text)
    field = descent_field(surface)
    assert np.all(np.isfinite(field.u)) and np.all(np.isfinite(field.v))
    assert np.all(np.isfinite(sample_grid(surface, points=11).z))
    if text == "1":
        assert np.all(field.u == 0) and np.all(field.v == 0)


def test_a_constant_activation_has_a_zero_derivative():
    function = compile_expression("2.5")
    x = torch.linspace(-1, 1, 7, dtype=torch.float64, requires_grad=True)
    (slope,) = torch.autograd.grad(function(x).sum(), x)
    assert torch.equal(function(x).detach(), torch.full_like(x, 2.5)) and torch.all(slope == 0)


# -- 6: softmax, batch norm ----------------------------------------------------------------------
def test_a_tiny_temperature_gives_the_arg_max_not_nan():
    assert softmax([1, 2, 3], 1e-320).tolist() == [0.0, 0.0, 1.0]
    assert softmax([3, 1, 3], 1e-300).tolist() == [0.5, 0.0, 0.5]
    assert np.isnan(naive_softmax([1, 2, 3], 1e-320)).all()  # the naive form is meant to fail
    assert np.all(np.isfinite(autograd_jacobian([1, 2, 3], 1e-3)))
    with pytest.raises(ValueError, match="between 0.001 and 100"):
        check_temperature(1e-320)
    with pytest.raises(ValueError, match="between 0.001 and 100"):
        check_temperature(math.nan)


def test_batch_norm_needs_two_examples_per_batch():
    with pytest.raises(ValueError, match="batch normalisation needs a batch size of at least 2"):
        TrainingConfig(batch_norm=True, batch_size=1).checked()
    assert TrainingConfig(batch_norm=True, batch_size=2).checked().batch_size == 2
