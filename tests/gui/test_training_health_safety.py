"""A training process that stops answering (suspended) is reported within a few seconds and
replaced; the panel can train again at once."""

from __future__ import annotations

import contextlib
import os
import signal

import pytest

from actgui.core.training.config import TrainingConfig
from actgui.qt.base.theme import LIGHT
from actgui.qt.panels.training.panel import TrainingPanel
from actgui.qt.panels.training.worker import process_suspended

WAIT_MS = 40_000


@pytest.fixture
def training(qtbot):
    panel = TrainingPanel(LIGHT)
    qtbot.addWidget(panel)
    panel.settings.set_config(TrainingConfig(samples=300, hidden=(16, 16), steps=1_000_000, record_every=10))
    panel.show()
    yield panel
    panel.shutdown()


def test_a_suspended_process_is_reported_and_replaced(training, qtbot):
    qtbot.waitUntil(lambda: training.worker.process_ready, timeout=WAIT_MS)
    assert training.start()
    qtbot.waitUntil(lambda: training.current is not None and len(training.current) >= 3, timeout=WAIT_MS)
    pid = training.worker.pid
    os.kill(pid, signal.SIGSTOP)
    try:
        qtbot.waitUntil(lambda: process_suspended(pid), timeout=5000)
        qtbot.waitUntil(lambda: training.run_id is None, timeout=6000)  # two health checks, a second apart
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGCONT)
    assert "stopped answering (it was suspended); it was restarted" in training.status_label.text()
    assert training.worker.pid != pid
    qtbot.waitUntil(lambda: training.worker.process_ready, timeout=WAIT_MS)
    assert training.start()
    qtbot.waitUntil(lambda: training.current is not None and len(training.current) >= 3, timeout=WAIT_MS)


def test_process_suspended_reads_the_process_state():
    assert not process_suspended(os.getpid()) and not process_suspended(None)


class SilentHeartbeat:
    """A heartbeat whose process has not answered for 12 s while busy (as a deadlocked one)."""

    def silent(self) -> bool:
        return True

    def silence(self) -> float:
        return 12.0


def test_a_process_that_stops_answering_is_offered_for_kill_and_restart(training, qtbot):
    qtbot.waitUntil(lambda: training.worker.process_ready, timeout=WAIT_MS)
    assert training.start()
    qtbot.waitUntil(lambda: training.current is not None and len(training.current) >= 3, timeout=WAIT_MS)
    pid, notices = training.worker.pid, training.notices
    training.worker._heartbeat = SilentHeartbeat()
    qtbot.waitUntil(lambda: not notices.stalled_bar.isHidden(), timeout=5000)  # the next health check
    assert notices.stalled_note.text() == ("The training process has stopped answering (nothing for 12 s). A very "
                                           "large step may take this long; else kill it and start a fresh one.")
    assert training.run_id is not None and training.worker.pid == pid  # nothing is killed unasked
    notices.kill_button.click()
    assert training.worker.pid != pid and training.run_id is None and notices.stalled_bar.isHidden()
    assert "The training process stopped answering; it was killed and restarted." in training.status_label.text()
    qtbot.waitUntil(lambda: training.worker.process_ready, timeout=WAIT_MS)
    assert training.start()
    qtbot.waitUntil(lambda: training.current is not None and len(training.current) >= 3, timeout=WAIT_MS)
    assert notices.stalled_bar.isHidden()  # the fresh process's own heartbeat answers
