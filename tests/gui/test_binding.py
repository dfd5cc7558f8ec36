"""The binding, tested once for every panel: each state field has a widget named `<panel>.<field>`,
a state change shows in it, an edit of it reaches the state, and a refused edit keeps the last valid
value. A new panel or setting needs no new test code."""

from __future__ import annotations

import dataclasses
import json
import typing

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDoubleSpinBox, QSpinBox, QWidget

from actgui.qt.base.binding import Binder, LineAdapter
from actgui.qt.base.theme import LIGHT
from actgui.qt.shell.main_window import PANELS, MainWindow
from actgui.state.base import PanelState, fields

BOUND = [entry.panel_class() for entry in PANELS]


def bound_fields(binder: Binder, prefix: str = ""):
    """(qualified name, binder, field) for every field, parts included."""
    for f in fields(binder.state):
        if f.name in binder.parts:
            yield from bound_fields(binder.parts[f.name], f"{prefix}{f.name}.")
        else:
            yield f"{prefix}{f.name}", binder, f


def candidates(state: PanelState, f) -> list:
    """Other values of field `f` to try, built from its type, range and choices."""
    hint = typing.get_type_hints(type(state))[f.name]
    value = getattr(state, f.name)
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    low, high, choices = f.metadata.get("minimum"), f.metadata.get("maximum"), f.metadata.get("choices")
    if hint is bool:
        return [not value]
    if hint in (int, float):
        low = value - 10 if low is None else low
        high = value + 10 if high is None else high
        numbers = [round((value + high) / 2), round((value + low) / 2), low, high]
        return [int(n) if hint is int else float(n) for n in numbers]
    if choices is not None and origin is not list:
        return [c for c in choices() if c != value] + ([None] if type(None) in args else [])
    if hint is str or typing.get_origin(hint) is typing.Literal:
        return list(args) if args else ["x", "x * 2"]
    if origin is list and choices is not None:
        keys = list(choices())
        return [keys[:1], keys[-1:], keys[:2], []]
    if origin is list:
        def shift(item):
            return tuple(v + 0.5 for v in item) if isinstance(item, tuple) else item + 1.0
        return [[shift(v) for v in value], value[:1]]
    if origin is dict:
        # only the entry of the chosen key is shown (and edited); the others keep their values
        shown = {getattr(state, g.name) for g in dataclasses.fields(state) if isinstance(getattr(state, g.name), str)}
        return [{owner: {k: v * scale if isinstance(v, float) and owner in shown else v for k, v in entry.items()}
                 for owner, entry in value.items()} for scale in (0.5, 2.0)]
    raise AssertionError(f"no candidates for {f.name}: {hint!r}")


def usable(state: PanelState, f) -> typing.Any:
    for value in candidates(state, f):
        if value == getattr(state, f.name):
            continue
        try:
            state.check_field(f.name, value)
        except ValueError:
            continue
        return value
    return None


def commit(adapter) -> None:
    if isinstance(adapter, LineAdapter) and not adapter.live:
        adapter.widget.editingFinished.emit()


@pytest.fixture(params=BOUND, ids=lambda cls: cls.key)
def panel(request, qtbot):
    panel = request.param(LIGHT)
    qtbot.addWidget(panel)
    yield panel
    panel.shutdown()


def test_every_field_has_its_named_widget(panel):
    assert isinstance(panel.settings, panel.state_type)
    names = list(bound_fields(panel.binder))
    assert names
    for name, binder, f in names:
        widget = binder.widget(f.name)
        assert isinstance(widget, QWidget) and panel.isAncestorOf(widget), name
        named = panel.findChild(QWidget, f"{binder.state.panel}.{f.name}")
        assert named is widget or named.isAncestorOf(widget), f"no widget named {binder.state.panel}.{f.name}"


def test_state_changes_show_in_the_widgets_and_edits_reach_the_state(panel):
    checked = []
    for name, binder, f in bound_fields(panel.binder):
        state, adapter = binder.state, binder.adapters[f.name]
        value = usable(state, f)
        if value is None:
            continue  # e.g. per-entry parameters with no entry shown, or a value fixed by other fields
        before = getattr(state, f.name)
        setattr(state, f.name, value)
        assert adapter.read() == value, f"{name}: the widget does not show {value!r}"
        adapter.write(before)  # as a user would: the widget's own signals carry it
        commit(adapter)
        assert getattr(state, f.name) == before, f"{name}: the edit did not reach the state"
        assert not binder.is_refused(f.name)
        checked.append(name)
    assert len(checked) >= len(list(bound_fields(panel.binder))) // 2


def test_a_value_being_typed_keeps_the_last_valid_value(panel, qtbot):
    """An emptied spin box or a half-typed entry is refused and marked; the state keeps its value."""
    refused = 0
    for name, binder, f in bound_fields(panel.binder):
        adapter = binder.adapters[f.name]
        widget = adapter.widget
        before = getattr(binder.state, f.name)
        if isinstance(widget, QSpinBox | QDoubleSpinBox):
            widget.lineEdit().selectAll()
            qtbot.keyClick(widget.lineEdit(), Qt.Key_Backspace)
            if widget.hasAcceptableInput():
                continue
        elif isinstance(adapter, LineAdapter):
            widget.setText(widget.text() + "@(")  # pasted: one edit
            commit(adapter)
            if not binder.is_refused(f.name):
                continue  # a field that takes any text
        else:
            continue
        assert getattr(binder.state, f.name) == before, name
        assert binder.is_refused(f.name) and widget.property("invalid") is True, name
        assert widget.toolTip(), name
        binder.show_state({f.name})
        assert not binder.is_refused(f.name) and widget.property("invalid") is False, name
        refused += 1
    assert refused > 0


def test_a_session_saved_mid_edit_holds_the_last_valid_values(qtbot, tmp_path):
    window = MainWindow(LIGHT)
    qtbot.addWidget(window)
    functions, softmax = window.panels["functions"], window.panels["softmax"]
    functions.points_spin.setValue(3000)
    points = functions.points_spin.lineEdit()
    points.selectAll()
    qtbot.keyClicks(points, "12")  # on the way to 12000: below the minimum for now
    softmax.logits_edit.setText("1, 2, 3")
    qtbot.keyClicks(softmax.logits_edit, ", x")  # a half-typed entry
    assert functions.binder.is_refused("points") and softmax.binder.is_refused("logits")
    path = tmp_path / "mid-edit.json"
    assert window.save_session(path)
    saved = json.loads(path.read_text(encoding="utf-8"))["panels"]
    assert saved["functions"]["points"] == 3000
    assert saved["softmax"]["logits"] == [1.0, 2.0, 3.0]
    stamp = functions.stamp_settings()
    assert stamp["panel"] == "functions" and stamp["points"] == 3000
    window.close()


def test_a_refused_session_changes_no_panel_and_names_the_field(qtbot, tmp_path):
    window = MainWindow(LIGHT)
    qtbot.addWidget(window)
    before = {key: panel.state() for key, panel in window.panels.items()}
    session = window.session()
    session["panels"]["functions"]["xmin"] = -1.0  # valid, but must not be applied alone
    session["panels"]["landscape"]["lr"] = -1.0
    path = tmp_path / "refused.json"
    path.write_text(json.dumps(session), encoding="utf-8")
    assert not window.load_session(path)
    assert "landscape.lr" in window.statusBar().currentMessage()
    assert {key: panel.state() for key, panel in window.panels.items()} == before
    window.close()
