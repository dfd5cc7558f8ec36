"""Every view of every panel has code: walking each panel's state (its choices and switches, under each
of its views), a setting either changes the panel's code, says why it has none (NoCodeError, or a setting the
panel refuses), or is
declared as changing only how the figure looks (actgui.state.code.DISPLAY_SETTINGS). A new view or
figure setting without code fails here (an `actgui export` figure without it: tests/cli/test_cli_code_views.py)."""

from __future__ import annotations

import dataclasses
import importlib
import typing

import pytest

from actgui.core.codegen.recipe import script
from actgui.qt.shell.main_window import PANELS
from actgui.state.base import PanelState
from actgui.state.code import DISPLAY_SETTINGS, PANEL_CODE, panel_recipe


def _state(entry) -> PanelState:
    module, name = entry.state.split(":")
    return getattr(importlib.import_module(module), name)()


def _code(key: str, state: PanelState) -> str:
    try:
        return script(panel_recipe(key, state))
    except ValueError as error:  # NoCodeError among them: the code view says why
        return f"no code: {error}"


def _switches(state: PanelState, prefix: str = "") -> list[tuple[PanelState, str, list]]:
    """(owner, dotted name, other values) of every switch and choice in the state and its parts."""
    found = []
    hints = typing.get_type_hints(type(state))
    for field in dataclasses.fields(state):
        value = getattr(state, field.name)
        literal = typing.get_args(hints[field.name]) if typing.get_origin(hints[field.name]) is typing.Literal else ()
        if isinstance(value, PanelState):
            found += _switches(value, f"{prefix}{field.name}.")
        elif isinstance(value, bool):
            found.append((state, prefix + field.name, [not value]))
        elif isinstance(value, str) and literal:
            found.append((state, prefix + field.name, [c for c in literal if c != value]))
        elif (value is None or isinstance(value, str)) and "choices" in field.metadata:
            found.append((state, prefix + field.name, [c for c in field.metadata["choices"]() if c != value]))
    return found


@pytest.mark.parametrize("entry", PANELS, ids=[entry.key for entry in PANELS])
def test_every_setting_of_every_view_has_code(entry):
    assert entry.key in PANEL_CODE and entry.key in DISPLAY_SETTINGS
    root = _state(entry)
    views = [(owner, name, [getattr(owner, name.rpartition(".")[2]), *values])
             for owner, name, values in _switches(root) if name.rpartition(".")[2] == "view"]
    bases = [(None, None, None)] + [(owner, name, value) for owner, name, values in views for value in values]
    unexplained = []
    for owner, name, values in _switches(root):
        short = name.rpartition(".")[2]
        if short == "view" or name in DISPLAY_SETTINGS[entry.key] or short in DISPLAY_SETTINGS[entry.key]:
            continue
        changes = False
        for view_owner, view_name, view_value in bases:
            if view_owner is not None:
                saved_view = getattr(view_owner, view_name.rpartition(".")[2])
                setattr(view_owner, view_name.rpartition(".")[2], view_value)
            before = _code(entry.key, root)
            for value in values:
                saved = getattr(owner, short)
                setattr(owner, short, value)
                after = _code(entry.key, root)
                setattr(owner, short, saved)
                changes |= after != before
            if view_owner is not None:
                setattr(view_owner, view_name.rpartition(".")[2], saved_view)
        if not changes:
            unexplained.append(name)
    assert not unexplained, f"{entry.key}: settings whose code does not follow them: {unexplained}"


def test_every_view_of_a_panel_has_code():
    for entry in PANELS:
        root = _state(entry)
        for owner, name, values in _switches(root):
            if name.rpartition(".")[2] != "view":
                continue
            for value in [owner.view, *values]:
                owner.view = value
                assert "import torch" in script(panel_recipe(entry.key, root)), (entry.key, value)


def test_second_init_scheme_draws_the_panel_weights(tmp_path):
    """The histogram's second scheme: its weights are those the panel samples (seed + 1)."""
    import numpy as np

    from actgui.core.codegen.recipe import write
    from actgui.core.inits import sample_weights
    from actgui.state.init import InitState
    from tests.cli.plotted import run_script

    state = InitState()
    state.histogram.compare = "xavier_uniform"
    write(panel_recipe("init", state), tmp_path / "init.py")
    bars = [s for s in run_script(tmp_path / "init.py") if s["kind"] == "bars"]
    assert len(bars) == 2  # w, then w2
    centres, widths = np.array(bars[1]["x"]), np.array(bars[1]["width"])
    edges = np.append(centres - widths / 2, centres[-1] + widths[-1] / 2)
    h = state.histogram
    weights = sample_weights("xavier_uniform", h.fan_in, h.fan_out, h.compare_values(), h.seed + 1).weights
    expected, _ = np.histogram(weights.numpy().ravel(), bins=edges, density=True)
    np.testing.assert_allclose(bars[1]["y"], expected, rtol=1e-5, atol=1e-8)


def test_depth_comparison_is_the_code_of_its_cases():
    from actgui.core.depth import DEPTH_COMPARISONS
    from actgui.state.init import InitState

    state = InitState(view="depth")
    state.depth.cases = "relu_xavier_vs_kaiming"
    source = script(panel_recipe("init", state))
    for activation, init, _ in DEPTH_COMPARISONS.get("relu_xavier_vs_kaiming").cases:
        assert f"'{activation} · {init}" in source or init in source
