"""The issue's cases in the window: bad sessions (1), unreadable files (2), expression errors at
the field (5), corrupt settings (6) and a killed or frozen training process (8). Each ends in one
message, and what the user had is still there."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import threading

import numpy as np
import pytest
from PySide6.QtCore import QSettings

from actgui.core.custom import CUSTOM_KEY
from actgui.core.training.config import TrainingConfig
from actgui.qt.base.theme import LIGHT
from actgui.qt.panels.functions.panel import FunctionsPanel
from actgui.qt.panels.landscape.panel import LandscapePanel
from actgui.qt.panels.training.panel import TrainingPanel
from actgui.qt.panels.training.worker import STOP_TIMEOUT_S
from actgui.qt.shell.main_window import MainWindow
from actgui.state.softmax import SoftmaxState

WAIT_MS = 40_000  # the training process imports torch first: seconds on a busy machine
HEX = "0x" + "f" * 260


@pytest.fixture
def window(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    window.panels["functions"].set_selected(["elu", "gelu"])
    window.panels["softmax"].set_logits([1.0, 5.0])
    return window


def session_with(panels: dict | str, view: dict | None = None) -> str:
    body = panels if isinstance(panels, str) else json.dumps(panels)
    return ('{"format": "actgui-session", "version": 1, "view": ' + json.dumps(view or {}) + ', "panels": '
            + body + "}")


def refused(window: MainWindow, path, message: str) -> None:
    before = window.session()
    assert not window.load_session(path)
    assert message in window.statusBar().currentMessage()
    assert window.session() == before


# -- 1: sessions ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (session_with('{"functions": {"points": Infinity}}'), "'Infinity' is not allowed"),
        (session_with('{"init": {"histogram": {"fan_in": Infinity}, "depth": {"depth": Infinity}}}'),
         "'Infinity' is not allowed"),
        (session_with('{"training": {"config": {"batch_size": Infinity, "seed": Infinity}}}'),
         "'Infinity' is not allowed"),
        (session_with('{"landscape": {"steps": Infinity}}'), "'Infinity' is not allowed"),
        (session_with('{"training": {"config": {"noise": NaN}}}'), "'NaN' is not allowed"),
        (session_with({"softmax": {"temperature": 2.0}, "training": {"samples": 1e308}}),
         "training.samples must be a whole number"),
        (session_with({"landscape": {"params": []}}), "landscape.params must be an object"),
        (session_with({"losses": {"params": []}}), "losses.params must be an object"),
        (session_with({}, {"tab": ["functions"]}), "view.tab has the wrong type"),
        (session_with({}, {"language": ["en"]}), "view.language has the wrong type"),
        (session_with({}, {"tab": "nope"}), "unknown panel 'nope'"),
        ("[" * 100_000 + "]" * 100_000, "nested more than 32 levels"),
        (session_with('{"init": {"histogram": {"seed": ' + "7" * 5000 + "}}}"), "more than 30 digits"),
        (session_with({"losses": {"p": [1.0] * 100_000, "q": [1.0] * 100_000}}), "at most 12 are allowed"),
        (session_with({"functions": {"params": {f"a{i}": {} for i in range(100)}}}), "at most 64 are allowed"),
        (session_with({"softmax": {"twice": "false"}}), "softmax.twice must be true or false"),
        (session_with({"training": {"hidden": 32}}), "training.hidden must be a list"),
        (session_with({"training": {"config": {}}}), "unknown setting"),
    ],
)
def test_a_bad_session_changes_nothing(window, tmp_path, content, message):
    path = tmp_path / "session.json"
    path.write_text(content, encoding="utf-8")
    refused(window, path, message)


def test_any_error_while_applying_restores_every_panel(window, tmp_path, monkeypatch):
    softmax = window.panels["softmax"]
    original = softmax.apply_state

    def failing(state: SoftmaxState) -> None:
        if state.temperature == 3.0:
            raise ZeroDivisionError("a bug in a panel")
        original(state)

    monkeypatch.setattr(softmax, "apply_state", failing)
    session = window.session()
    session["panels"]["functions"]["xmax"] = 4.0
    session["panels"]["softmax"]["temperature"] = 3.0
    path = tmp_path / "session.json"
    path.write_text(json.dumps(session), encoding="utf-8")
    refused(window, path, "a bug in a panel")
    assert window.panels["functions"].xmax_spin.value() == 6.0


# -- 2: reading ----------------------------------------------------------------------------------
def test_a_fifo_session_is_refused_without_hanging(window, tmp_path):
    fifo = tmp_path / "session.json"
    os.mkfifo(fifo)
    refused(window, fifo, "not a regular file")


def test_a_link_to_dev_zero_and_a_huge_file_are_refused(window, tmp_path):
    link = tmp_path / "zero.json"
    link.symlink_to("/dev/zero")
    refused(window, link, "not a regular file")
    big = tmp_path / "big.json"
    with open(big, "wb") as handle:
        handle.truncate(100 * 1024 * 1024)
    refused(window, big, "more than the 1.0 MB allowed")


# -- 5: expressions at the field -----------------------------------------------------------------
def test_the_functions_panel_shows_expression_errors_at_the_field(qtbot):
    panel = FunctionsPanel(LIGHT)
    qtbot.addWidget(panel)
    panel.custom_edit.setText("x * sigmoid(x)")
    panel.custom_edit.editingFinished.emit()
    for text, message in ((HEX, "is too large"), ("clamp(x, x, 1)", "needs numbers as its bounds")):
        panel.custom_edit.setText(text)
        panel.custom_edit.editingFinished.emit()
        assert message in panel.custom_error.text()
        panel.refresh()  # every later redraw still works
        assert message in panel.custom_error.text()
    assert "relu" in panel.selected_names() or panel.data


def test_the_landscape_panel_shows_expression_errors_and_draws_constant_surfaces(qtbot):
    panel = LandscapePanel(LIGHT)
    qtbot.addWidget(panel)
    panel.surface_combo.setCurrentIndex(panel.surface_combo.findData(CUSTOM_KEY))
    panel.field_check.setChecked(True)
    for text in ("1", "x * x"):
        panel.expression_edit.setText(text)
        panel.expression_edit.editingFinished.emit()
        assert panel.surface.formula == f"f(x, y) = {text}" and panel.surface_error.text() == ""
        x, _ = panel.figure.field_item.getData()
        assert x is not None and len(x) > 0
    panel.expression_edit.setText(HEX)
    panel.expression_edit.editingFinished.emit()
    assert "is too large" in panel.surface_error.text()
    assert panel.surface.formula == "f(x, y) = x * x"


# -- 6: settings ---------------------------------------------------------------------------------
def test_corrupt_settings_are_ignored_and_the_window_starts(qtbot, caplog):
    settings = QSettings()
    settings.setValue("window/tab", "abc")
    settings.setValue("view/theme", "purple")
    settings.setValue("window/geometry", "garbage")
    settings.sync()
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.tabs.currentIndex() == 0 and window.theme.name == "light"
    warnings = " ".join(record.getMessage() for record in caplog.records)
    assert "window/tab='abc'" in warnings and "view/theme='purple'" in warnings and "geometry" in warnings


# -- 8: a killed or frozen training process ------------------------------------------------------
@pytest.fixture
def training(qtbot):
    panel = TrainingPanel(LIGHT)
    qtbot.addWidget(panel)
    panel.resize(1400, 860)
    panel.settings.set_config(TrainingConfig(samples=300, hidden=(16, 16), steps=1_000_000, record_every=10))
    panel.show()
    yield panel
    panel.shutdown()


def start_and_wait(panel: TrainingPanel, qtbot) -> None:
    qtbot.waitUntil(lambda: panel.worker.process_ready, timeout=WAIT_MS)
    assert panel.start()
    qtbot.waitUntil(lambda: panel.current is not None and len(panel.current) >= 3, timeout=WAIT_MS)


def test_a_killed_training_process_is_reported_and_replaced(training, qtbot):
    start_and_wait(training, qtbot)
    history, pid = training.current, training.worker.pid
    os.kill(pid, signal.SIGKILL)
    qtbot.waitUntil(lambda: training.run_id is None, timeout=WAIT_MS)
    assert "ended unexpectedly" in training.status_label.text()
    rows = len(history)
    assert rows >= 3 and training.runs == [history]  # the curves so far are kept
    start_and_wait(training, qtbot)
    assert training.worker.pid != pid


def test_a_frozen_training_process_is_killed_and_restarted_after_a_stop(training, qtbot):
    start_and_wait(training, qtbot)
    history, pid = training.current, training.worker.pid
    os.kill(pid, signal.SIGSTOP)
    try:
        training.stop()
        qtbot.waitUntil(lambda: training.run_id is None, timeout=int(STOP_TIMEOUT_S * 1000) + 5000)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGCONT)
    assert "did not answer Stop within 2 s; it was restarted" in training.status_label.text()
    assert training.worker.pid != pid and training.worker.is_alive()
    assert len(history) >= 3 and training.start_button.isEnabled()
    qtbot.waitUntil(lambda: not _alive(pid), timeout=5000)
    start_and_wait(training, qtbot)
    training.stop()
    qtbot.waitUntil(lambda: training.run_id is None, timeout=WAIT_MS)
    assert training.current.result.status == "stopped"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_quick_start_stop_toggles_end_stopped(training, qtbot):
    qtbot.waitUntil(lambda: training.worker.process_ready, timeout=WAIT_MS)
    for _ in range(20):
        training.toggle_running()
        qtbot.wait(20)
    if training._running():
        training.stop()
    qtbot.waitUntil(lambda: training.run_id is None, timeout=WAIT_MS)
    assert training.worker.is_alive() and training.start_button.isEnabled()
    assert not any(t.name.startswith("actgui") for t in threading.enumerate() if not t.daemon)
    assert np.isfinite(training.current.latest.val_loss) if training.current and training.current.latest else True
