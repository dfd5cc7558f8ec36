"""GUI fixtures: a test fails when it leaves a QThread (or a Python thread) running."""

from __future__ import annotations

import threading
import weakref

import pytest
from PySide6.QtCore import QThread

_started: list[weakref.ref] = []
_original_start = QThread.start


def _tracking_start(self, *args, **kwargs):
    _started.append(weakref.ref(self))
    return _original_start(self, *args, **kwargs)


QThread.start = _tracking_start


@pytest.fixture(autouse=True)
def no_thread_left_running(qapp):
    """Fails the test if any QThread it started, or any new Python thread, is still running."""
    before = set(threading.enumerate())
    _started.clear()
    yield
    qapp.processEvents()
    running = []
    for ref in _started:
        thread = ref()
        try:
            if thread is not None and thread.isRunning():
                running.append(thread)
        except RuntimeError:  # the C++ object is gone: it is not running
            pass
    leftover = [t for t in threading.enumerate() if t not in before and t.is_alive() and not t.daemon]
    for thread in running:
        thread.quit()
        thread.wait(2000)
    assert not running, f"test left {len(running)} QThread(s) running: {running}"
    assert not leftover, f"test left Python thread(s) running: {leftover}"


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, qapp):
    """QSettings go to a temporary folder, never to the user's configuration."""
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.IniFormat)
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path / "settings"))
    qapp.setOrganizationName("ActGUI-tests")
    qapp.setApplicationName("ActGUI-tests")
    yield
