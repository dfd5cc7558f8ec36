"""Fuzzing with hypothesis: expressions, session files and CLI values. Every input is either
accepted and works, or refused with the one error type meant for the user; nothing else escapes.

Deterministic (derandomize) and bounded: a few hundred examples per property, no deadline.
"""

from __future__ import annotations

import json

import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actgui.cli import build_parser
from actgui.cli.common import CliError, parse_named_params
from actgui.cli.training import plan_from_args
from actgui.core.safe_expr import FUNCTIONS, ExpressionError, compile_expression
from actgui.core.session import SessionError, make_session, parse_session
from actgui.core.softmax import check_temperature, parse_logits, softmax
from actgui.core.training.trainer import Trainer
from actgui.state.base import fields
from actgui.state.functions import FunctionsState
from actgui.state.landscape import LandscapeState
from actgui.state.losses import LossesState
from actgui.state.training import TrainingState

FUZZ = settings(max_examples=300, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

# -- expressions ---------------------------------------------------------------------------------
NUMBERS = st.one_of(
    st.integers(-10**6, 10**6).map(str),
    st.integers(0, 2**1200).map(hex),
    st.integers(0, 10**400).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.sampled_from(["1e999", "1e-999", "0.0", "1_000", "0b101", "0o17", "1j", "1e308*10", "-0.0"]),
)
NAMES = st.sampled_from(["x", "y", "pi", "e", "z", "__import__", "os", "exp", "True", "None", "print"])


def _expressions(inner):
    return st.one_of(
        st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "**", "%", "//", ">", "<=", "==", "and", "|"]),
                  inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(st.sampled_from(["-", "+", "not ", "~"]), inner).map(lambda t: f"{t[0]}{t[1]}"),
        st.tuples(st.sampled_from([*FUNCTIONS, "eval", "getattr", "max"]), st.lists(inner, max_size=4))
        .map(lambda t: f"{t[0]}({', '.join(t[1])})"),
        st.tuples(inner, st.sampled_from([".real", "[0]", ".__class__", " if x else 1"])).map("".join),
        st.tuples(inner, inner).map(lambda t: f"lambda: {t[0]} + {t[1]}"),
    )


HOSTILE_EXPRESSIONS = st.recursive(st.one_of(NUMBERS, NAMES), _expressions, max_leaves=12)


def _plausible(inner):
    """Only the language's own constructs: most are accepted, so evaluation itself is fuzzed."""
    return st.one_of(
        st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "**", ">", "<="]), inner)
        .map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(st.sampled_from(["-", "+"]), inner).map("".join),
        st.tuples(st.sampled_from(list(FUNCTIONS)), st.lists(inner, min_size=1, max_size=3))
        .map(lambda t: f"{t[0]}({', '.join(t[1])})"),
    )


PLAUSIBLE_EXPRESSIONS = st.recursive(
    st.one_of(st.sampled_from(["x", "y", "pi", "e"]), st.integers(-100, 100).map(str),
              st.floats(-1e6, 1e6).map(repr), NUMBERS),
    _plausible, max_leaves=10)


def _check_expression(text: str, variables: tuple[str, ...]) -> str:
    try:
        function = compile_expression(text, variables)
    except ExpressionError as error:
        assert str(error)
        return "refused"
    probe = torch.linspace(-3.0, 3.0, 11, dtype=torch.float64)
    try:
        value = function(*([probe] * len(variables)))
    except ExpressionError:
        return "refused"
    assert isinstance(value, torch.Tensor) and value.shape == probe.shape
    return "accepted"


OUTCOMES: dict[str, dict[str, int]] = {}


def _count(test: str, outcome: str) -> None:
    counts = OUTCOMES.setdefault(test, {})
    counts[outcome] = counts.get(outcome, 0) + 1


@FUZZ
@given(HOSTILE_EXPRESSIONS, st.sampled_from([("x",), ("x", "y")]))
def test_hostile_expressions_work_or_raise_expression_error(text, variables):
    _count("hostile expressions", _check_expression(text, variables))


@FUZZ
@given(PLAUSIBLE_EXPRESSIONS, st.sampled_from([("x",), ("x", "y")]))
def test_plausible_expressions_work_or_raise_expression_error(text, variables):
    _count("plausible expressions", _check_expression(text, variables))


@FUZZ
@given(st.text(max_size=400))
def test_arbitrary_text_as_an_expression(text):
    _count("expression text", _check_expression(text, ("x", "y")))


# -- session files -------------------------------------------------------------------------------
JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-(10**40), 10**40),
              st.floats(allow_nan=False, allow_infinity=False),
              st.text(max_size=20)),
    lambda inner: st.one_of(st.lists(inner, max_size=6), st.dictionaries(st.text(max_size=8), inner, max_size=6)),
    max_leaves=30,
)
STATES = {state.panel: state for state in (FunctionsState, TrainingState, LandscapeState, LossesState)}
FIELDS = [(panel, f.name) for panel, state in STATES.items() for f in fields(state)]


def _check_session_text(text: str) -> str:
    try:
        session = parse_session(text)
    except SessionError as error:
        assert str(error)
        return "refused"
    assert isinstance(session["panels"], dict)
    return "accepted"


@FUZZ
@given(st.dictionaries(st.sampled_from(["functions", "training", "x"]), JSON_VALUES, max_size=3), JSON_VALUES)
def test_fuzzed_session_files_parse_or_raise_session_error(panels, view):
    text = json.dumps({"format": "actgui-session", "version": 1, "view": view, "panels": panels})
    _count("session files", _check_session_text(text))


@FUZZ
@given(st.text(alphabet='{}[]":,0123456789.eE+-NaInfityrulsf \\', max_size=300))
def test_fuzzed_json_like_text(text):
    _count("session text", _check_session_text(text))


@FUZZ
@given(st.sampled_from(FIELDS), JSON_VALUES)
def test_fuzzed_session_fields_are_checked_by_the_state_or_refused(field, value):
    panel, key = field
    text = json.dumps(make_session({panel: {key: value}}))
    try:
        state = STATES[panel].from_dict(parse_session(text)["panels"][panel])
        state.check()
    except ValueError as error:  # SessionError is one
        assert str(error)
        _count("session fields", "refused")
        return
    _count("session fields", "accepted")


# -- CLI values ----------------------------------------------------------------------------------
CLI_NUMBERS = st.one_of(
    st.integers(-(10**6), 10**7).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["1e308", "-0", "nan", "inf", "-inf", "1e-320", "0x10", "", " ", "1,2", "abc", "9" * 400]),
)


def _parse(argv: list[str]):
    try:
        return build_parser().parse_args(argv)
    except SystemExit as exit_:
        assert exit_.code == 2
        return None


@settings(max_examples=200, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(values=st.dictionaries(st.sampled_from(["--samples", "--noise", "--classes", "--hidden", "--lr", "--momentum",
                                        "--dropout", "--batch-size", "--weight-decay", "--clip-norm", "--steps",
                                        "--record-every", "--seed"]),
                              st.one_of(CLI_NUMBERS, st.integers(1, 400).map(str), st.floats(0, 1).map(repr)),
                              max_size=4),
       batch_norm=st.booleans())
def test_fuzzed_train_values_are_refused_with_exit_2_or_train(tmp_path, values, batch_norm, capsys):
    argv = ["train", "--out", str(tmp_path / "run.csv"), "--quiet"]
    for option, value in values.items():
        argv.append(f"{option}={value}")
    if batch_norm:
        argv.append("--batch-norm")
    args = _parse(argv)
    if args is None:
        _count("train values", "refused by the parser")
        return
    try:
        (run,) = plan_from_args(args)
        config = run.config
    except CliError as error:
        assert error.status == 2 and str(error)
        _count("train values", "refused")
        return
    try:
        trainer = Trainer(config)
    except (ValueError, RuntimeError) as error:  # run_plan turns these into CliError (exit 2)
        assert str(error)
        _count("train values", "refused by the trainer")
        return
    records = trainer.records(steps=2)
    next(records)
    records.close()
    _count("train values", "accepted")
    capsys.readouterr()


@FUZZ
@given(st.lists(st.one_of(CLI_NUMBERS, st.floats(-1e3, 1e3).map(repr)), max_size=6).map(",".join),
       st.one_of(CLI_NUMBERS, st.floats(1e-4, 200).map(repr)))
def test_fuzzed_softmax_values(logits, temperature):
    try:
        values = parse_logits(logits)
        t = check_temperature(float(temperature))
    except ValueError as error:
        assert str(error)
        _count("softmax values", "refused")
        return
    probabilities = softmax(values, t)
    assert abs(probabilities.sum() - 1) < 1e-9 and (probabilities >= 0).all()
    _count("softmax values", "accepted")


@FUZZ
@given(st.lists(st.tuples(st.one_of(st.text(max_size=8), st.sampled_from(["elu.alpha", "huber.delta", "a.b.c"])),
                          CLI_NUMBERS).map(lambda t: f"{t[0]}={t[1]}"), max_size=4))
def test_fuzzed_named_params(items):
    try:
        params = parse_named_params(items)
    except CliError as error:
        assert error.status == 2
        _count("named params", "refused")
        return
    assert all(isinstance(v, float) for inner in params.values() for v in inner.values())
    _count("named params", "accepted")


@pytest.fixture(scope="module", autouse=True)
def report_counts():
    yield
    for name, counts in OUTCOMES.items():
        print(f"\nfuzz {name}: {sum(counts.values())} inputs, {counts}")
