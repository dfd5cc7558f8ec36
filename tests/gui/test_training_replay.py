"""File → Open run…: a run file opens read-only on a timeline that scrubs and plays; a bad file gets
one message."""

from __future__ import annotations

import pytest

from actgui.cli import main
from actgui.core.training.runfile import RunFileError
from actgui.qt.base.theme import LIGHT
from actgui.qt.figures.images import ShootoutFigure
from actgui.qt.figures.training import LossFigure
from actgui.qt.shell.run_viewer import RunViewer, open_run

FAST = ["--dataset", "spiral", "--samples", "300", "--hidden", "8,8", "--steps", "60", "--record-every", "10",
        "--quiet"]


@pytest.fixture(scope="module")
def comparison(tmp_path_factory):
    folder = tmp_path_factory.mktemp("runs")
    assert main(["train", *FAST, "--compare", "relu,tanh", "--save-run", str(folder / "c.actrun"),
                 "--out", str(folder / "c.csv")]) == 0
    return folder / "c.actrun"


def test_the_timeline_scrubs_through_every_recorded_step(qtbot, comparison):
    timeline = open_run(comparison)
    assert timeline.steps == [0, 10, 20, 30, 40, 50, 60]
    viewer = RunViewer(timeline, LIGHT)
    qtbot.addWidget(viewer)
    assert isinstance(viewer.figure, LossFigure) and viewer.slider.maximum() == 6
    assert [len(run) for run in viewer.figure.runs] == [7, 7]  # opens at the end
    viewer.slider.setValue(2)
    assert [len(run) for run in viewer.figure.runs] == [3, 3] and "step 20 of 60" in viewer.step_label.text()
    assert all(run.result is None for run in viewer.figure.runs)
    viewer.speed_combo.setCurrentIndex(viewer.speed_combo.count() - 1)
    viewer.toggle_play()
    qtbot.waitUntil(lambda: not viewer.timer.isActive(), timeout=5000)
    assert viewer.slider.value() == 6 and all(run.result.status == "finished" for run in viewer.figure.runs)


def test_an_image_run_opens_in_the_epoch_view(qtbot, tmp_path):
    run = tmp_path / "cnn.actrun"
    assert main(["train", "--model", "cnn", "--dataset", "digits", "--epochs", "2", "--compare", "relu,gelu",
                 "--quiet", "--save-run", str(run), "--out", str(tmp_path / "cnn.csv")]) == 0
    viewer = RunViewer(open_run(run), LIGHT)
    qtbot.addWidget(viewer)
    assert isinstance(viewer.figure, ShootoutFigure)
    assert [s.epochs[-1] for s in viewer.figure.series] == [2.0, 2.0]


def test_a_foreign_file_is_refused(tmp_path):
    bad = tmp_path / "bad.actrun"
    bad.write_text("not a run", encoding="utf-8")
    with pytest.raises(RunFileError, match="not an ActGUI run file"):
        open_run(bad)
