"""GUI fixtures: a test fails when it leaves a QThread (or a Python thread) running; cyclic garbage is
collected on the GUI thread only, as in the app, and each test's widgets and garbage are gone before the
next test starts."""

from __future__ import annotations

import gc
import threading
import traceback
import weakref

import pytest
from PySide6.QtCore import QEvent, QThread
from PySide6.QtWidgets import QApplication

from actgui.qt.base.garbage import GuiThreadCollector
from actgui.qt.base.i18n import install_language


def _caller() -> str:
    """Where the thread was started (the stack without this fixture's own frames)."""
    return "".join(traceback.format_stack(limit=12)[:-2])


@pytest.fixture(autouse=True, scope="session")
def gui_thread_collector(qapp):
    """As `actgui.qt.shell.app.run` does: no collection on a background thread (it can free Qt objects
    there, which deadlocks Qt). What every test imports (torch with the compiler its first optimiser
    loads, the window's modules) is frozen out of the collector's generations, as the app's warm-up
    does, so a full collection walks only what the tests made."""
    import torch._dynamo  # noqa: F401

    import actgui.qt.shell.main_window  # noqa: F401

    gc.collect()
    gc.freeze()
    collector = GuiThreadCollector(qapp)
    yield collector
    collector.stop()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_teardown(item):
    """After pytest-qt has closed a test's widgets (`deleteLater`), they and the test's cyclic garbage
    are deleted: no event loop runs between tests to do it, and pyqtgraph's view-box menus live in
    reference cycles. Every widget left alive would receive each later test's language, theme and font
    changes (a language switch took 21 s in a worker holding 23 000 leftover widgets)."""
    result = yield
    QApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    gc.collect()
    QApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    return result


@pytest.fixture
def english_afterwards(qapp):
    """For a test that switches the language: English again after it, once its closed widgets are deleted
    (a closed window still alive would be translated back for nothing: seconds)."""
    yield
    QApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    install_language("en")


@pytest.fixture(autouse=True)
def no_thread_left_running(qapp, monkeypatch):
    """Fails the test if a QThread or Python thread it started is still running, and shows where each
    was started (as napari's dangling_qthreads does)."""
    qthreads: list[tuple[weakref.ref, str]] = []
    pythreads: dict[threading.Thread, str] = {}
    qthread_start, thread_start = QThread.start, threading.Thread.start

    def track_qthread(self, *args, **kwargs):
        qthreads.append((weakref.ref(self), _caller()))
        return qthread_start(self, *args, **kwargs)

    def track_thread(self, *args, **kwargs):
        pythreads[self] = _caller()
        return thread_start(self, *args, **kwargs)

    monkeypatch.setattr(QThread, "start", track_qthread)
    monkeypatch.setattr(threading.Thread, "start", track_thread)
    yield
    qapp.processEvents()
    running = []
    for ref, stack in qthreads:
        thread = ref()
        try:
            if thread is not None and thread.isRunning():
                running.append((thread, stack))
        except RuntimeError:  # the C++ object is gone: it is not running
            pass
    leftover = [(t, stack) for t, stack in pythreads.items() if t.is_alive() and not t.daemon]
    for thread, _ in running:
        thread.quit()
        thread.wait(2000)
    report = [f"QThread {thread!r} started at:\n{stack}" for thread, stack in running]
    report += [f"thread {thread.name} started at:\n{stack}" for thread, stack in leftover]
    assert not report, "test left threads running:\n" + "\n".join(report)


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, qapp, monkeypatch):
    """QSettings and the data folder (the window's run files) go to a temporary folder, never to the
    user's configuration."""
    from PySide6.QtCore import QSettings

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    QSettings.setDefaultFormat(QSettings.IniFormat)
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path / "settings"))
    qapp.setOrganizationName("ActGUI-tests")
    qapp.setApplicationName("ActGUI-tests")
    yield
