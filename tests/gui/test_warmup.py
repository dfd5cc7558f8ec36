"""The background import of torch: callbacks wait for it, run on the GUI thread in order, and skip
owners deleted meanwhile; the main window starts it once its visible panel is painted."""

import threading

import pytest
from PySide6.QtCore import QObject

from actgui.qt.base import warmup


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
    qtbot.waitUntil(lambda: deferred.optimisers_started, timeout=5000)


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
