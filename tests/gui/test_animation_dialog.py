"""File → Export animation…: each panel's choices, rendering on a timer with progress, cancelling,
and the written file's frames read back."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from actgui.qt.base.theme import LIGHT
from actgui.qt.shell.animation_dialog import AnimationDialog, plan_for
from actgui.qt.shell.main_window import MainWindow


@pytest.fixture
def window(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    return window


def dialog_for(window, qtbot, key: str, path) -> AnimationDialog:
    dialog = AnimationDialog(window.panels[key], window)
    qtbot.addWidget(dialog)
    dialog.frames_spin.setValue(5)
    dialog.fps_spin.setValue(10)
    dialog.width_spin.setValue(320)
    dialog.height_spin.setValue(180)
    dialog.path_edit.setText(str(path))
    return dialog


def test_the_file_menu_opens_it(window):
    assert window.animation_action in window.file_menu.actions()
    assert window.animation_action.text() == "Export &animation…"


def test_functions_sweep_renders_on_a_timer_and_writes_a_gif(window, qtbot, tmp_path):
    window.panels["functions"].set_selected(["leaky_relu"])
    out = tmp_path / "sweep.gif"
    dialog = dialog_for(window, qtbot, "functions", out)
    assert dialog.target_combo.currentData() == "leaky_relu.negative_slope"
    dialog.start_spin.setValue(0.0)
    dialog.stop_spin.setValue(1.0)
    assert dialog.start() and dialog.running and dialog.cancel_button.isEnabled()
    assert not out.exists()  # frames are drawn by the timer, not in start()
    qtbot.waitUntil(lambda: not dialog.running, timeout=30000)
    assert "Exported to" in dialog.message.text() and dialog.progress.value() == 5
    with Image.open(out) as image:
        assert image.n_frames == 5 and image.size == (320, 180) and image.info["duration"] == 100
        image.seek(0)
        first = np.asarray(image.convert("RGB"))
        image.seek(4)
        last = np.asarray(image.convert("RGB"))
    assert not np.array_equal(first, last)


def test_cancel_writes_nothing_and_keeps_the_old_file(window, qtbot, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "descent.gif"
    out.write_bytes(b"old")
    dialog = dialog_for(window, qtbot, "landscape", out)
    dialog.frames_spin.setValue(200)
    assert dialog.kind_label.text() == "Descent drawn step by step"
    assert dialog.start()
    qtbot.waitUntil(lambda: dialog.progress.value() >= 2, timeout=30000)
    dialog.cancel()
    assert not dialog.running and "nothing was written" in dialog.message.text()
    assert out.read_bytes() == b"old" and [p.name for p in folder.iterdir()] == ["descent.gif"]


def test_mp4_of_the_softmax_temperature(window, qtbot, tmp_path):
    imageio_ffmpeg = pytest.importorskip("imageio_ffmpeg", reason="MP4 export needs imageio-ffmpeg")
    dialog = dialog_for(window, qtbot, "softmax", tmp_path / "t.gif")
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("mp4"))
    assert dialog.path_edit.text().endswith(".mp4") and dialog.log_check.isChecked()
    assert dialog.start()
    qtbot.waitUntil(lambda: not dialog.running, timeout=30000)
    reader = imageio_ffmpeg.read_frames(str(tmp_path / "t.mp4"))
    meta = next(reader)
    assert meta["size"] == (320, 180) and sum(1 for _ in reader) == 5


def test_errors_stay_in_the_dialog(window, qtbot, tmp_path):
    dialog = dialog_for(window, qtbot, "init", tmp_path / "missing" / "depth.gif")
    assert [dialog.target_combo.itemData(i) for i in range(2)] == ["depth", "width"]
    assert not dialog.start()
    assert "does not exist" in dialog.message.text() and dialog.export_button.isEnabled()


def test_a_panel_without_an_animation_says_so(window, qtbot, tmp_path):
    dialog = dialog_for(window, qtbot, "losses", tmp_path / "x.gif")
    assert not dialog.export_button.isEnabled() and "nothing to animate" in dialog.kind_label.text()


def test_plans_follow_the_panels_settings(window):
    softmax = window.panels["softmax"]
    softmax.settings.twice, softmax.settings.twice_temperature = True, 0.2
    animation = plan_for(softmax).build(LIGHT, "temperature", 1.0, 2.0, False, 3, None)
    assert animation.figures[0].twice_temperature == pytest.approx(0.2)
    depth = window.panels["init"].settings.depth
    depth.init, depth.depth = "xavier_normal", 4
    plan = plan_for(window.panels["init"])
    animation = plan.build(LIGHT, "width", 8, 16, False, 2, None)
    assert animation.figures[0].results[0].spec.init == "xavier_normal"


def test_a_trained_run_replays_its_boundary_and_histograms(window, qtbot, tmp_path):
    from actgui.core.training.config import TrainingConfig
    from actgui.core.training.history import RunHistory
    from actgui.core.training.trainer import Trainer

    trainer = Trainer(TrainingConfig(dataset="moons", samples=200, hidden=(8,), steps=60, record_every=10))
    history = RunHistory(trainer.info)
    for record in trainer.records(detail_every=1):
        history.add(record)
    training = window.panels["training"]
    training.current = history
    replayed = plan_for(training).replay_figures
    assert {"boundary", "histogram", "update_ratio", "distributions"} <= set(replayed)
    dialog = dialog_for(window, qtbot, "training", tmp_path / "run.gif")
    assert not dialog.live and dialog.figure_checks["boundary"].isEnabled()
    assert dialog.figure_checks["boundary"].text() == "decision boundary"
    dialog.figure_checks["boundary"].setChecked(True)
    dialog.export_button.click()
    qtbot.waitUntil(lambda: (tmp_path / "run.gif").exists(), timeout=30000)
    with Image.open(tmp_path / "run.gif") as gif:
        assert gif.n_frames == 5
        first = np.asarray(gif.convert("RGB"))
        gif.seek(4)
        last = np.asarray(gif.convert("RGB"))
    assert first.shape[1] == 320 and not np.array_equal(first, last)


def live_dialog(window, qtbot, path, config) -> AnimationDialog:
    from actgui.qt.shell.animation_dialog import LIVE

    training = window.panels["training"]
    training.settings.set_config(config)
    dialog = dialog_for(window, qtbot, "training", path)
    dialog.fps_spin.setValue(20)
    assert not dialog.source_combo.model().item(0).isEnabled()  # no run yet to replay
    assert dialog.source_combo.currentData() == LIVE
    dialog.figure_checks["boundary"].setChecked(True)
    return dialog


def test_a_live_recording_starts_the_run_and_keeps_the_chosen_frame_count(window, qtbot, tmp_path):
    from actgui.core.training.config import TrainingConfig

    out = tmp_path / "live.gif"
    dialog = live_dialog(window, qtbot, out, TrainingConfig(samples=300, hidden=(16, 16), steps=1_000_000,
                                                            record_every=10))
    dialog.frames_spin.setValue(4)
    assert dialog.start() and window.panels["training"].run_id is not None
    qtbot.waitUntil(lambda: not dialog.running, timeout=60_000)
    assert "Exported to" in dialog.message.text(), dialog.message.text()
    with Image.open(out) as image:
        assert image.n_frames == 4 and image.size == (320, 180) and image.info["duration"] == 50
        image.seek(0)
        first = np.asarray(image.convert("RGB"))
        image.seek(3)
        last = np.asarray(image.convert("RGB"))
    assert not np.array_equal(first, last)  # the curves grew while it recorded
    training = window.panels["training"]
    assert training.run_id is not None  # the run goes on after the recording
    training.stop()
    qtbot.waitUntil(lambda: training.run_id is None, timeout=60_000)
    training.shutdown()


def test_a_live_recording_ends_early_with_its_run(window, qtbot, tmp_path):
    from actgui.core.training.config import TrainingConfig

    out = tmp_path / "live.mp4"
    dialog = live_dialog(window, qtbot, out, TrainingConfig(samples=300, hidden=(16, 16), steps=1500,
                                                            record_every=10))
    dialog.format_combo.setCurrentIndex(1)
    dialog.frames_spin.setValue(1000)
    assert dialog.start()
    qtbot.waitUntil(lambda: not dialog.running, timeout=60_000)
    assert "Exported to" in dialog.message.text(), dialog.message.text()
    import imageio_ffmpeg

    frames = sum(1 for _ in imageio_ffmpeg.read_frames(str(out))) - 1  # the first item is the metadata
    assert 2 <= frames < 1000 and dialog.progress.value() == frames
    window.panels["training"].shutdown()
