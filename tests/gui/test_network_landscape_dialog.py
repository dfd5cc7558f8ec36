"""File → Network loss landscape…: computed in a worker thread with progress, shown in the figure,
errors and cancelling reported in the dialog."""

from __future__ import annotations

import pytest

from actgui.cli import main
from actgui.qt.base.theme import LIGHT
from actgui.qt.shell.network_landscape_dialog import NetworkLandscapeDialog

FAST = ["--dataset", "moons", "--samples", "200", "--hidden", "8", "--steps", "40", "--record-every", "10",
        "--device", "cpu", "--quiet"]


@pytest.fixture(scope="module")
def run_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("run") / "run.json"
    assert main(["train", *FAST, "--weights", "--out", str(path)]) == 0
    return path


@pytest.fixture
def dialog(qtbot):
    dialog = NetworkLandscapeDialog(LIGHT)
    qtbot.addWidget(dialog)
    dialog.resolution_spin.setValue(7)
    return dialog


def test_the_landscape_is_computed_off_the_gui_thread_and_drawn(dialog, qtbot, run_file):
    dialog.path_edit.setText(str(run_file))
    assert dialog.compute() and dialog.running and not dialog.compute_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.running, timeout=60000)
    landscape = dialog.figure.landscape
    assert landscape is not None and landscape.loss.shape == (7, 7)
    assert dialog.progress.value() == dialog.progress.maximum() > 49
    assert "Loss at the trained weights" in dialog.message.text() and dialog.compute_button.isEnabled()


def test_pca_plane(dialog, qtbot, run_file):
    dialog.path_edit.setText(str(run_file))
    dialog.directions_combo.setCurrentIndex(dialog.directions_combo.findData("pca"))
    dialog.compute()
    qtbot.waitUntil(lambda: not dialog.running, timeout=60000)
    assert dialog.figure.landscape.explained is not None


def test_a_bad_file_is_reported(dialog, qtbot, tmp_path):
    dialog.path_edit.setText(str(tmp_path / "missing.json"))
    dialog.compute()
    qtbot.waitUntil(lambda: not dialog.running, timeout=30000)
    assert "Not computed" in dialog.message.text() and "cannot read" in dialog.message.text()


def test_cancel_stops_the_worker(dialog, qtbot, run_file):
    dialog.path_edit.setText(str(run_file))
    dialog.resolution_spin.setValue(201)
    dialog.compute()
    dialog.cancel()
    qtbot.waitUntil(lambda: not dialog.running, timeout=60000)
    assert dialog.message.text() == "Cancelled." and dialog.figure.landscape is None
