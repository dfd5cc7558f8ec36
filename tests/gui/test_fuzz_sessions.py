"""Fuzzing sessions in the window with hypothesis: one field of one panel (or of the view) gets
any JSON value. The session is either applied or refused with one message, and a refused one
changes nothing; nothing escapes. Deterministic and bounded (derandomize, a few hundred examples)."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actgui.qt.shell.main_window import MainWindow

JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-(10**40), 10**40),
              st.floats(allow_nan=False, allow_infinity=False),
              st.floats(-1e4, 1e4), st.integers(-5, 5000), st.text(max_size=12),
              st.sampled_from(["relu", "elu", "adam", "sgd", "custom", "spiral", "x * y", "false", "histogram"])),
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=6), inner, max_size=4)),
    max_leaves=12,
)
NAMES = st.sampled_from(["relu", "elu", "gelu", "sigmoid", "adam", "sgd", "momentum", "custom", "spiral", "sine",
                         "bowl", "kaiming_normal", "fan_in", "histogram", "depth", "mse", "bce", "probability", ""])


def like(value: object) -> st.SearchStrategy:
    """Values of the same JSON type as `value`, over wide ranges: these reach the panels' own checks."""
    if isinstance(value, bool):
        return st.booleans()
    if isinstance(value, int):
        return st.one_of(st.integers(-(10**6), 10**7), st.integers(0, 300))
    if isinstance(value, float):
        return st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.floats(-10, 10))
    if isinstance(value, str):
        return st.one_of(NAMES, st.text(max_size=12), st.just(value))
    if isinstance(value, list):
        return st.lists(like(value[0]) if value else JSON_VALUES, max_size=6)
    if isinstance(value, dict):
        return st.fixed_dictionaries({key: like(inner) for key, inner in value.items()})
    return JSON_VALUES


FUZZ = settings(max_examples=200, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _fields(state: dict, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = []
    for key, value in state.items():
        paths.append((*prefix, key))
        if isinstance(value, dict):
            paths += _fields(value, (*prefix, key))
    return paths


def _with(state: dict, path: tuple[str, ...], value: object) -> dict:
    changed = json.loads(json.dumps(state))
    target = changed
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return changed


def _apply(window: MainWindow, tmp_path, session: dict, counts: dict) -> None:
    before = window.session()
    path = tmp_path / "fuzzed.json"
    path.write_text(json.dumps(session), encoding="utf-8")
    if window.load_session(path):
        counts["applied"] += 1
    else:
        assert window.statusBar().currentMessage()  # the one message (in the session's language, if it set one)
        assert window.session() == before
        counts["refused"] += 1


def test_fuzzed_panel_fields(qtbot, tmp_path):
    window = MainWindow()
    qtbot.addWidget(window)
    states = {key: panel.state() for key, panel in window.panels.items()}
    fields = sorted((key, path) for key, state in states.items() for path in _fields(state))
    counts = {"applied": 0, "refused": 0}

    @settings(FUZZ, max_examples=150)
    @given(st.sampled_from(fields), st.booleans(), st.data())
    def apply_one(field, same_type, data):
        key, path = field
        state = states[key]  # the starting state, not the live one: the draws depend on nothing else
        current = state
        for name in path:
            current = current[name]
        value = data.draw(like(current) if same_type else JSON_VALUES)
        state = _with(state, path, value)
        _apply(window, tmp_path, {"format": "actgui-session", "version": 1, "panels": {key: state}}, counts)

    apply_one()
    print(f"\nfuzz session fields in the window: {sum(counts.values())} inputs, {counts}")
    assert counts["applied"] and counts["refused"]


def test_fuzzed_view(qtbot, tmp_path):
    window = MainWindow()
    qtbot.addWidget(window)
    counts = {"applied": 0, "refused": 0}

    @FUZZ
    @given(st.dictionaries(st.sampled_from(["theme", "language", "tab", "lecture"]),
                           st.one_of(JSON_VALUES, st.sampled_from(["dark", "light", "zh_CN", "en", "training"])),
                           max_size=4))
    def apply_view(view):
        _apply(window, tmp_path, {"format": "actgui-session", "version": 1, "view": view, "panels": {}}, counts)

    apply_view()
    window.set_lecture_mode(False)
    window.set_language("en")
    print(f"\nfuzz session view in the window: {sum(counts.values())} inputs, {counts}")
    assert counts["applied"] and counts["refused"]
