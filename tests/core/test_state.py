"""Every panel state class, walked generically: defaults are valid, JSON round-trips, bad data is refused
with the field named, changes are reported. A new state class needs no new test code."""

from __future__ import annotations

import dataclasses
import json
import math
import types
import typing

import pytest

from actgui.state.base import PanelState, fields, state_classes

CLASSES = state_classes()


def field_hint(cls: type[PanelState], name: str):
    return typing.get_type_hints(cls)[name]


def bad_values(hint, metadata) -> list:
    """Values that a field of type `hint` (with its range and choices) must refuse."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        values = bad_values(options[0], metadata) if len(options) == 1 else [object()]
        return [v for v in values if v is not None]
    if isinstance(hint, type) and issubclass(hint, PanelState):
        return ["text", 3, [1]]
    if hint is bool:
        return [1, 0, "true", None]
    if hint in (int, float):
        values = ["1", None, True, [1]]
        values += [1.5] if hint is int else [math.nan, math.inf, -math.inf]
        if metadata.get("minimum") is not None:
            values.append(metadata["minimum"] - 1)
        if metadata.get("maximum") is not None:
            values.append(metadata["maximum"] + 1)
        return values
    if hint is str:
        values = [5, None, ["a"]]
        if metadata.get("choices") is not None:
            values.append("no-such-entry")
        return values
    if origin is typing.Literal:
        return ["no-such-entry", 5]
    if origin in (list, tuple):
        values = ["text", 5, {"a": 1}]
        inner = bad_values(args[0], metadata) if args else []
        values += [[v] for v in inner[:3]]
        if metadata.get("min_length"):
            values.append([])
        return values
    if origin is dict:
        return ["text", [1], {"key": "not an object" if typing.get_origin(args[1]) is dict else object()}]
    raise AssertionError(f"no bad values for {hint!r}")


CASES = [(cls, f.name, bad) for cls in CLASSES for f in fields(cls)
         for bad in bad_values(field_hint(cls, f.name), f.metadata)]


def test_every_panel_has_a_state_class():
    panels = {cls.panel for cls in CLASSES}
    assert {"functions", "softmax", "init", "init.histogram", "init.depth", "losses", "landscape"} <= panels


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_defaults_are_valid_and_round_trip_through_json(cls):
    state = cls()
    state.check()
    data = state.to_dict()
    text = json.dumps(data, allow_nan=False)
    again = cls.from_dict(json.loads(text))
    assert again == state
    assert again.to_dict() == data
    assert set(data) == {f.name for f in fields(cls)}


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_missing_fields_take_their_defaults_and_unknown_ones_are_refused(cls):
    assert cls.from_dict({}) == cls()
    with pytest.raises(ValueError, match="unknown setting.*no_such_setting"):
        cls.from_dict({**cls().to_dict(), "no_such_setting": 1})
    with pytest.raises(ValueError, match="must be an object"):
        cls.from_dict(["not", "an", "object"])


@pytest.mark.parametrize(("cls", "name", "bad"), CASES,
                         ids=[f"{c.__name__}.{n}={b!r}" for c, n, b in CASES])
def test_bad_values_are_refused_naming_the_field(cls, name, bad):
    data = cls().to_dict()
    with pytest.raises(ValueError) as error:
        cls.from_dict({**data, name: bad})
    assert name in str(error.value) or cls.panel in str(error.value)
    state = cls()
    object.__setattr__(state, name, bad)
    with pytest.raises(ValueError):
        state.check()
    with pytest.raises(ValueError):
        cls().check_field(name, bad)


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_changes_are_reported_once_per_assignment(cls):
    state = cls()
    seen: list[set[str]] = []
    state.subscribe(seen.append)
    first = fields(cls)[0].name
    value = getattr(state, first)
    setattr(state, first, value)  # the same value: no report
    assert seen == []
    other = cls.from_dict(state.to_dict())
    state.assign(other)
    assert seen == []
    flag = next((f.name for f in fields(cls) if field_hint(cls, f.name) is bool), None)
    if flag is not None:
        setattr(state, flag, not getattr(state, flag))
        assert seen == [{flag}]
        with state.changes():
            setattr(state, flag, not getattr(state, flag))
            setattr(state, flag, not getattr(state, flag))
            setattr(state, flag, not getattr(state, flag))
        assert seen == [{flag}, {flag}]
    copy = state.copy()
    assert copy == state and copy is not state
    for f in fields(cls):
        if dataclasses.is_dataclass(getattr(state, f.name)):
            assert getattr(copy, f.name) is not getattr(state, f.name)


def test_float_fields_read_whole_numbers_as_floats():
    from actgui.state.softmax import SoftmaxState

    state = SoftmaxState.from_dict({"temperature": 2, "logits": [1, 2]})
    assert isinstance(state.temperature, float) and all(isinstance(v, float) for v in state.logits)


def test_older_layouts_are_read():
    from actgui.state.init import InitState
    from actgui.state.landscape import LandscapeState

    init = InitState.from_dict({"histogram": {"scheme": "uniform", "params": {"a": -2.0, "b": 2.0}},
                                "depth": {"init": "xavier_normal", "init_params": {"gain": 2.0}}})
    assert init.histogram.scheme_values() == {"a": -2.0, "b": 2.0}
    assert init.depth.spec().init_params == {"gain": 2.0}
    landscape = LandscapeState.from_dict({"surface": "bowl", "params": {"condition": 5.0}})
    assert landscape.surface_values() == {"condition": 5.0}
    with pytest.raises(ValueError, match="a .* must be smaller than b"):
        InitState.from_dict({"histogram": {"scheme": "uniform", "params": {"a": 3.0, "b": 1.0}}})


def test_cross_field_rules_name_the_fields():
    from actgui.state.functions import FunctionsState
    from actgui.state.losses import LossesState

    with pytest.raises(ValueError, match="xmin .* must be smaller than xmax"):
        FunctionsState.from_dict({"xmin": 3.0, "xmax": 1.0})
    with pytest.raises(ValueError, match="classes"):
        LossesState.from_dict({"p": [1.0, 1.0], "q": [1.0, 1.0, 1.0]})
