"""File → Open data set… reads the folder off the GUI thread with progress and Cancel; a bad folder
or Cancel leaves the settings as they were, with a message for the bad folder."""

from __future__ import annotations

import numpy as np
import pytest

from actgui.core.idx import write_idx
from actgui.core.image_datasets import IDX_FOLDER
from actgui.qt.base.theme import LIGHT
from actgui.qt.panels.training.panel import TrainingPanel


@pytest.fixture
def panel(qtbot):
    panel = TrainingPanel(LIGHT)
    qtbot.addWidget(panel)
    yield panel
    panel.shutdown()


def write_folder(folder, count: int, side: int = 28) -> None:
    write_idx(folder / "train-images-idx3-ubyte.gz", np.zeros((count, side, side), np.uint8))
    write_idx(folder / "train-labels-idx1-ubyte.gz", (np.arange(count) % 10).astype(np.uint8))


def test_a_folder_is_read_in_a_thread_with_progress(panel, qtbot, tmp_path):
    write_folder(tmp_path, 6000)
    panel.read_data(tmp_path)
    qtbot.waitUntil(lambda: "Opened" in panel.status_label.text(), timeout=30_000)
    assert panel.settings.dataset == IDX_FOLDER and panel.settings.data_dir == str(tmp_path)
    assert "Opened" in panel.status_label.text() and "28×28 images, 10 classes" in panel.status_label.text()


def test_cancel_stops_the_read_and_reports_progress(qtbot, tmp_path):
    from actgui.qt.panels.training.data_folder import DataFolderReader

    write_folder(tmp_path, 6000)
    reader = DataFolderReader(tmp_path)
    seen, outcome = [], []
    reader.progressed.connect(lambda done, total: seen.append((done, total)))
    reader.failed.connect(outcome.append)
    reader.opened.connect(outcome.append)
    reader.cancel()  # as the dialog's Cancel does: the read stops at its next piece
    reader.start()
    qtbot.waitUntil(lambda: bool(outcome), timeout=30_000)
    reader.wait()
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert outcome == [""] and seen == [(1 << 20, 6000 * 28 * 28)]


def test_a_hostile_folder_is_one_message(panel, qtbot, tmp_path):
    write_folder(tmp_path, 1)
    before = (panel.settings.dataset, panel.settings.data_dir)
    panel.read_data(tmp_path)
    qtbot.waitUntil(lambda: "holds 1 image(s)" in panel.status_label.text(), timeout=30_000)
    assert "holds 1 image(s); training needs at least 2" in panel.status_label.text()
    assert (panel.settings.dataset, panel.settings.data_dir) == before
