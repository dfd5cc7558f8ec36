"""The background import of torch: callbacks wait for it, run on the GUI thread in order, and skip
owners deleted meanwhile; the main window starts it once its visible panel is painted. With a
start-up helper, the visible panel draws the helper's numbers first, and torch's import waits for
them; a helper that fails or says nothing leaves the plots to that import."""

import gc
import subprocess
import sys
import threading

import numpy as np
import pytest
from PySide6.QtCore import QObject

from actgui.core import prefetch
from actgui.core.function_plot import compute
from actgui.qt.base import warmup
from actgui.qt.panels.functions.panel import MEASURING
from actgui.state.functions import FunctionsState, first_numbers


def settle(qtbot, deferred) -> None:
    """Waits until torch, the optimiser machinery and any cost measurement are in, so no window is
    deleted while a background thread imports (a Qt object collected on such a thread can deadlock
    the GUI thread)."""
    qtbot.waitUntil(lambda: deferred.optimisers_started, timeout=30000)
    for thread in threading.enumerate():
        if thread.name.startswith("actgui-"):
            qtbot.waitUntil(lambda thread=thread: not thread.is_alive(), timeout=60000)


@pytest.fixture
def deferred(qapp, monkeypatch):
    monkeypatch.setattr(warmup, "_warmup", None)
    warmup.start(on_first_paint=False)
    yield warmup._warmup
    monkeypatch.setattr(warmup, "_warmup", None)


def test_callbacks_wait_for_import_now_and_run_in_order_on_the_gui_thread(deferred, qtbot):
    owner, gone = QObject(), QObject()
    calls = []
    warmup.when_torch_ready(owner, lambda: calls.append(("a", threading.current_thread())),
                            lambda: calls.append(("b", threading.current_thread())))
    warmup.when_torch_ready(gone, lambda: calls.append(("gone", None)))
    gone.deleteLater()
    qtbot.wait(50)
    assert calls == [] and not warmup.torch_ready()
    warmup.import_now()
    warmup.import_now()  # a second call starts nothing more
    qtbot.waitUntil(warmup.torch_ready, timeout=30000)
    assert calls == [("a", threading.main_thread()), ("b", threading.main_thread())]
    settle(qtbot, deferred)
    qtbot.waitUntil(lambda: gc.get_freeze_count() > 0, timeout=10000)  # what start-up loaded is set aside
    gc.unfreeze()


def test_the_window_starts_the_import_after_its_visible_panel_is_painted(deferred, qtbot):
    from actgui.qt.shell.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    assert not deferred.importing
    window.show()
    qtbot.waitUntil(lambda: deferred.importing, timeout=10000)
    assert "functions" in window.panels.built()
    qtbot.waitUntil(warmup.torch_ready, timeout=30000)
    panel = window.panels["functions"]
    qtbot.waitUntil(lambda: bool(panel.data), timeout=10000)
    settle(qtbot, deferred)


def helper_answering(message: bytes) -> subprocess.Popen:
    """A stand-in for the start-up helper that reads its request and writes `message`."""
    code = ("import sys\nsys.stdin.buffer.readline()\n"
            f"sys.stdout.buffer.write({message!r}); sys.stdout.flush()\n")
    return subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE)


@pytest.fixture
def with_helper(qapp, monkeypatch):
    def start(helper):
        monkeypatch.setattr(warmup, "_warmup", None)
        warmup.start(on_first_paint=False, helper=helper)
        return warmup._warmup

    yield start
    monkeypatch.setattr(warmup, "_warmup", None)


def test_the_window_draws_the_helpers_numbers_and_imports_torch_after_them(with_helper, qtbot):
    from actgui.qt.shell.main_window import MainWindow

    deferred = with_helper(prefetch.start() or helper_answering(prefetch.encode(first_numbers(FunctionsState()))))
    window = MainWindow()
    qtbot.addWidget(window)
    when_drawn = []
    warmup.when_first_numbers(window, lambda: when_drawn.append((deferred.importing, window.panels["functions"].data)))
    window.show()
    qtbot.waitUntil(lambda: bool(when_drawn), timeout=30000)
    importing, data = when_drawn[0]
    assert not importing  # torch's import in this process waits until those numbers are painted
    expected = compute(FunctionsState().spec())
    assert [a.key for a, _ in data] == [a.key for a, _ in expected] == ["sigmoid", "tanh", "relu"]
    for (_, drawn), (_, computed) in zip(data, expected, strict=True):
        np.testing.assert_array_equal(drawn.y, computed.y)
        np.testing.assert_array_equal(drawn.dy, computed.dy)
    panel = window.panels["functions"]
    cost = panel.properties_table.columnCount() - 1
    assert [panel.properties_table.item(row, cost).text() for row in range(3)] == [MEASURING] * 3
    assert panel.properties_table.item(0, 1).text() == "[0.00247, 0.998]"  # sigmoid on [-6, 6], from the helper
    qtbot.waitUntil(warmup.torch_ready, timeout=30000)
    qtbot.waitUntil(lambda: all(panel.properties_table.item(row, cost).text() != MEASURING for row in range(3)),
                    timeout=30000)
    settle(qtbot, deferred)


def test_a_helper_that_fails_leaves_the_plots_to_torchs_import(with_helper, qtbot, caplog):
    from actgui.qt.shell.main_window import MainWindow

    deferred = with_helper(helper_answering(b"\x05\x00\x00\x00\x00\x00\x00\x00junk!"))
    window = MainWindow()
    qtbot.addWidget(window)
    when_drawn = []
    warmup.when_first_numbers(window, lambda: when_drawn.append(warmup.torch_ready()))
    window.show()
    qtbot.waitUntil(lambda: bool(when_drawn), timeout=30000)
    assert when_drawn == [True] and deferred.prefetching is None
    assert "the start-up helper gave no first numbers: the message does not unpickle" in caplog.text
    qtbot.waitUntil(lambda: bool(window.panels["functions"].data), timeout=10000)
    settle(qtbot, deferred)


def test_a_helper_that_ends_without_an_answer_is_given_up(with_helper, qtbot, caplog):
    owner = QObject()
    deferred = with_helper(helper_answering(b""))
    warmup.prefetch("functions", "actgui.state.functions:FunctionsState", "actgui.state.functions:first_numbers")
    used, after = [], []
    warmup.when_prefetched(owner, "functions", used.append)
    warmup.when_first_numbers(owner, lambda: after.append(warmup.torch_ready()))
    warmup.import_now()
    assert not deferred.importing  # the helper's answer comes first
    qtbot.waitUntil(lambda: bool(after), timeout=30000)
    assert used == [] and after == [True]
    assert "the start-up helper gave no first numbers: it ended without an answer" in caplog.text
    settle(qtbot, deferred)


def test_without_a_first_numbers_function_the_helper_is_stopped(with_helper, qtbot):
    helper = helper_answering(b"")
    deferred = with_helper(helper)
    warmup.prefetch("training", "actgui.state.training:TrainingState", None)
    assert helper.poll() is not None and deferred.prefetching is None
    owner, after = QObject(), []
    warmup.when_first_numbers(owner, lambda: after.append(True))  # waits for torch, as before
    warmup.import_now()
    qtbot.waitUntil(lambda: bool(after), timeout=30000)
    settle(qtbot, deferred)
