"""The Training panel: runs, compare mode, divergence and cures, step-by-step, live changes,
exports and settings — against a training process played in the test's process (training_fake), and,
marked slow, end to end with the real child process."""

from __future__ import annotations

import csv
import json
import multiprocessing
import os
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt, QThread
from training_fake import FakeTrainingProcess

import actgui
from actgui.core.activations import ACTIVATIONS
from actgui.core.training.config import TrainingConfig
from actgui.qt.base.export import export
from actgui.qt.base.theme import LIGHT
from actgui.qt.panels.training.panel import TrainingPanel
from actgui.state.training_session import UNTIL_PAUSED

WAIT_MS = 40_000  # the child process imports torch first: seconds on a busy 2-core machine
FAST = TrainingConfig(samples=300, hidden=(16, 16), steps=1_000_000, record_every=10)
EXPLODING = Path(actgui.__file__).parent / "resources" / "presets" / "exploding_gradients.json"


def make_panel(qtbot, process=None) -> TrainingPanel:
    panel = TrainingPanel(LIGHT, process=process)
    qtbot.addWidget(panel)
    panel.resize(1400, 860)
    panel.settings.set_config(FAST)
    panel.show()
    return panel


@pytest.fixture
def fake():
    return FakeTrainingProcess()


@pytest.fixture
def panel(qtbot, fake):
    panel = make_panel(qtbot, fake)
    yield panel
    panel.shutdown()


@pytest.fixture
def real_panel(qtbot):
    panel = make_panel(qtbot)  # starts the training process
    yield panel
    panel.shutdown()


def ended(panel: TrainingPanel) -> bool:
    return panel.run_id is None and panel.current is not None and panel.current.result is not None


# -- against the fake process -------------------------------------------------------------------
def test_a_run_streams_metrics_and_stop_ends_it(panel, fake, qtbot):
    assert panel.start()
    fake.advance(13)
    history = panel.current
    assert history.label == "ReLU" and history.color == ACTIVATIONS.get("relu").color
    assert not panel.bar.start_button.isEnabled() and panel.bar.stop_button.isEnabled()
    steps = history.column("step")
    # the first record_every steps one by one (the first seconds, and an early divergence, on record), then every 10
    assert list(steps[:11]) == list(range(11)) and list(steps[11:13]) == [20, 30]
    assert "ReLU step 40" in panel.status_label.text() and "training loss" in panel.status_label.text()
    assert len(panel.stage.loss_figure._slots[0]["val"].getData()[0]) == len(history)
    qtbot.waitUntil(lambda: panel.boundary_figure.image.image is not None)
    assert panel.boundary_figure.image.image.shape == (80, 80, 3)
    assert panel.network_figure.run is history  # the network is on the stage, drawn live
    panel.bar.stop_button.click()
    fake.deliver()
    assert history.result.status == "stopped" and panel.run_id is None
    assert "stopped at step 40" in panel.status_label.text()
    assert panel.bar.start_button.isEnabled() and not panel.bar.stop_button.isEnabled()
    qtbot.waitUntil(lambda: not panel._details_due)
    assert panel.network_figure.run is history  # the stopped run stays in view


def test_a_window_run_trains_until_paused_and_a_paused_run_stays_still(panel, fake):
    panel.settings.until_paused = True
    assert panel.start()
    assert panel.session.plan[0].config.steps == UNTIL_PAUSED  # the CLI keeps its 3000
    fake.advance(50)
    assert panel.run_id is not None and panel.current.latest.step > 300
    panel.session.toggle_pause()
    fake.advance(20)
    step = panel.current.latest.step
    assert panel.bar.pause_button.text() == "Resume" and "Paused at step" in panel.status_label.text()
    fake.advance(20)
    assert panel.current.latest.step == step


def test_a_finished_run_exports_csv_json_and_every_figure(panel, fake, qtbot, tmp_path):
    panel.drawer.run.steps_spin.setValue(200)
    panel.start()
    fake.advance_until(lambda: ended(panel))
    assert panel.current.result.status == "finished"
    assert "finished 200 steps" in panel.status_label.text()
    csv_path = panel.exports.export_csv(tmp_path / "run.csv")
    with open(csv_path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:6] == ["step", "epoch", "elapsed", "train_loss", "val_loss", "val_accuracy"]
    assert {"grad_norm/hidden1", "weight_norm/output", "update_ratio/hidden2", "dead_fraction/hidden1",
            "saturated_fraction/hidden2"} <= set(rows[0])
    steps = [int(r[0]) for r in rows[1:]]
    assert steps[:11] == list(range(11)) and steps[-1] == 200 and set(range(20, 201, 10)) <= set(steps)
    data = json.loads(panel.exports.export_json(tmp_path / "run.json").read_text(encoding="utf-8"))
    assert data["runs"][0]["config"]["steps"] == 200 and len(data["runs"][0]["rows"]) == len(steps)
    image_views = {"image_grid", "confusion", "filters", "feature_maps", "shootout"}  # empty for 2-D points
    for name in set(panel.figures) - image_views:
        png = export(panel.export_figure(name), tmp_path / f"{name}.png", 800, 500)
        assert png.stat().st_size > 5_000
        table = export(panel.export_figure(name), tmp_path / f"{name}.csv", 800, 500)
        assert table.read_text(encoding="utf-8").count("\n") > 2
    assert "<svg" in export(panel.export_figure("histograms"), tmp_path / "h.svg", 800, 500).read_text("utf-8")


def test_a_comparison_overlays_runs_in_registry_colours_and_its_status_names_every_run(panel, fake, tmp_path):
    panel.drawer.run.steps_spin.setValue(60)
    compare = panel.drawer.compare
    compare.compare_by_combo.setCurrentIndex(compare.compare_by_combo.findData("activation"))
    compare.compare_values_edit.setText("sigmoid, relu, gelu")
    compare.seeds_spin.setValue(1)
    compare.compare_button.click()
    fake.advance_until(lambda: len(panel.runs) == 3 and panel.run_id is None)
    assert [run.result.status for run in panel.runs] == ["finished"] * 3
    assert [run.color for run in panel.runs] == [ACTIVATIONS.get(k).color for k in ("sigmoid", "relu", "gelu")]
    legend = panel.stage.loss_figure.plot.legend.items
    assert [label.text for _, label in legend] == ["Sigmoid", "ReLU", "GELU (exact)", "training (EMA)", "validation"]
    assert [sample.item.opts["pen"].style() for sample, _ in legend[3:]] == [Qt.SolidLine, Qt.DashLine]
    status = panel.status_label.text()
    assert "Comparison done: 3 runs" in status
    losses = {run.label: run.latest.val_loss for run in panel.runs}
    best = min(losses, key=losses.get)
    assert all(f"{label}: val. loss" in status for label in losses)  # every run, not just the first
    assert status.index(f"{best}: val. loss") < min(status.index(f"{label}: val. loss") for label in losses
                                                     if label != best) or len(losses) == 1
    rows = panel.exports.run_table().rows()
    assert [row[0] for row in rows] == ["Sigmoid"] * len(panel.runs[0]) + ["ReLU"] * len(panel.runs[1]) + \
        ["GELU (exact)"] * len(panel.runs[2])
    picker = panel.stage.shown_run_combo
    assert panel.stage.shown_run_row.isVisibleTo(panel) and picker.count() == 3
    picker.setCurrentIndex(2)  # the network and per-layer views show the run the user picks
    assert panel.current is panel.runs[2] and panel.network_figure.run is panel.runs[2]
    assert export(panel.export_figure("loss"), tmp_path / "compare.png", 800, 500).exists()


def test_a_cure_after_a_divergence_shows_both_runs_and_keeps_the_cures(panel, fake):
    panel.settings.set_config(TrainingConfig(dataset="sine", samples=300, hidden=(16,), optimizer="sgd", lr=1000.0,
                                             steps=500, record_every=1))
    panel.start()
    fake.advance_until(lambda: ended(panel))
    diverged = panel.current
    assert diverged.result.status == "diverged"
    assert f"diverged at step {diverged.result.step}" in panel.status_label.text()
    assert f"diverged at step {diverged.result.step}" in panel.stage.loss_figure.notice.toPlainText()
    assert panel.notices.cures_bar.isVisibleTo(panel)
    panel.notices.cure_buttons["lr"].click()
    assert panel.settings.lr == 100.0
    fake.advance(3)
    assert panel.session.before == [diverged] and panel.current is not diverged
    labels = [label.text for _, label in panel.stage.loss_figure.plot.legend.items]
    assert "before: Tanh" in labels or any(text.startswith("before: ") for text in labels)
    assert panel.notices.cures_bar.isVisibleTo(panel)  # the cures stay while the diverged run is shown
    panel.reset()
    assert panel.session.before == [] and panel.runs == []


def test_step_runs_one_optimiser_step_at_a_time(panel, fake):
    panel.bar.step_button.click()
    fake.deliver()
    assert panel.current.latest.step == 0 or panel.current.latest.step == 1
    fake.deliver()
    assert panel.current.latest.step == 1
    assert panel.bar.pause_button.text() == "Resume" and panel.bar.step_button.isEnabled()
    panel.bar.step_button.click()
    fake.deliver()
    assert panel.current.latest.step == 2
    panel.bar.pause_button.click()
    fake.advance(20)
    assert panel.current.latest.step > 50 and panel.bar.pause_button.text() == "Pause"
    panel.bar.reset_button.click()
    assert panel.current is None and panel.runs == [] and panel.run_id is None


def test_clicker_keys_play_pause_and_step_unless_a_field_has_the_focus(panel, fake, qtbot):
    panel.activateWindow()
    panel.bar.start_button.setFocus()
    qtbot.keyClick(panel.bar.start_button, Qt.Key_PageDown)
    assert panel.run_id is not None
    fake.advance(3)
    qtbot.keyClick(panel.bar.start_button, Qt.Key_B)  # a step while running pauses first
    fake.deliver()
    assert panel.session.paused
    step = panel.current.latest.step
    qtbot.keyClick(panel.bar.start_button, Qt.Key_PageUp)
    fake.deliver()
    assert panel.current.latest.step == step + 1
    panel.bar.lr_spin.setFocus()
    qtbot.keyClick(panel.bar.lr_spin, Qt.Key_Space)  # a spin box keeps its keys
    fake.deliver()
    assert panel.session.paused
    panel.stage.setFocus()
    qtbot.keyClick(panel.stage, Qt.Key_Space)
    fake.deliver()
    assert not panel.session.paused
    from actgui.qt.shell.guide import shortcuts_html

    assert "Page Down" in shortcuts_html("en") and "Page Up / B" in shortcuts_html("zh_CN")


def test_a_learning_rate_change_mid_run_reaches_the_network_and_is_marked(panel, fake):
    panel.settings.set_config(TrainingConfig(dataset="moons", samples=300, hidden=(16, 16), optimizer="sgd",
                                             lr=0.00001, momentum=0.0, steps=1_000_000, record_every=5))
    panel.start()
    fake.advance(40)
    history = panel.current
    assert set(history.column("lr")) == {0.00001}
    panel.bar.lr_spin.setValue(0.5)  # a live change: the running network takes it at once
    assert fake.commands[-1] == ("adjust", {"lr": 0.5})
    fake.advance(40)
    lr = history.column("lr")
    changed = int(np.flatnonzero(lr == 0.5)[0])
    assert set(lr[:changed]) == {0.00001} and set(lr[changed:]) == {0.5}
    step, text = history.marks[0]
    assert text == "lr 0.5" and history.column("step")[changed - 1] <= step < history.column("step")[changed]
    assert [line.value() for line in panel.stage.loss_figure._marks] == [step]
    loss = history.column("train_loss")
    assert loss[changed + 30] < loss[changed] * 0.9  # it learns now
    panel.bar.hidden_edit.setText("8")  # needs a new network: the panel says so and offers a restart
    panel.bar.hidden_edit.editingFinished.emit()
    assert panel.notices.restart_bar.isVisibleTo(panel) and panel.notices.restart_button.isEnabled()
    panel.notices.restart_button.click()
    fake.advance(2)
    assert panel.current.info.layer_names == ["hidden1", "output"]
    assert not panel.notices.restart_bar.isVisibleTo(panel)
    assert panel.session.before == [history]  # the replaced run stays, faded


def test_a_slow_speed_is_one_click_and_sent_to_the_process(panel, fake):
    panel.bar.watch_button.click()
    assert panel.settings.speed == "20" and panel.bar.speed_combo.currentData() == "20"
    panel.start()
    assert fake.commands[-1] == ("start", 1, False, 20.0)
    fake.advance(25)
    steps = panel.current.column("step")
    assert list(steps) == list(range(len(steps))) and len(steps) == 26  # every step recorded and drawn
    panel.bar.watch_button.click()
    assert panel.settings.speed == "full" and fake.commands[-1] == ("speed", 0.0)


def test_settings_round_trip_and_bad_input_gives_a_message(panel):
    panel.settings.set_config(TrainingConfig(dataset="gaussians", classes=5, activation="leaky_relu",
                                             activation_params={"negative_slope": 0.2}, init="normal",
                                             init_params={"std": 0.5}, optimizer="sgd", nesterov=True, lr=0.05,
                                             seed=7))
    state = panel.state()
    assert state["classes"] == 5 and state["activation_params"] == {"leaky_relu": {"negative_slope": 0.2}}
    assert state["init_params"] == {"normal": {"mean": 0.0, "std": 0.5}} and state["nesterov"] is True
    assert panel.drawer.data.classes_spin.value() == 5 and panel.drawer.optimizer.nesterov_check.isChecked()
    assert [s.value() for s in panel.drawer.activation_sliders.sliders.values()] == [0.2]
    other = TrainingPanel(LIGHT, process=FakeTrainingProcess())
    other.apply_state(other.parse_state(state))
    assert other.state() == state
    with pytest.raises(ValueError, match="training.activation: unknown value 'nope'"):
        other.parse_state({**state, "activation": "nope"})
    assert other.state() == state
    panel.bar.hidden_edit.setText("16, abc")
    assert panel.state()["hidden"] == [32, 32]  # mid-edit: the last valid value is what a session saves
    assert panel.start() is False
    assert "hidden sizes must be whole numbers" in panel.status_label.text()
    assert panel.run_id is None


def test_loading_a_preset_clears_an_ended_runs_status(panel, fake):
    panel.drawer.run.steps_spin.setValue(30)
    panel.start()
    fake.advance_until(lambda: ended(panel))
    assert "finished 30 steps" in panel.status_label.text()
    panel.start()
    fake.advance(2)
    panel.stop()
    fake.deliver()
    assert len(panel.session.before) == 1  # the first run, faded under the second
    panel.set_state(json.loads(EXPLODING.read_text(encoding="utf-8"))["panels"]["training"])
    assert "finished" not in panel.status_label.text() and panel.status_label.text() == "Ready."
    assert panel.session.before == []  # another experiment: no "before" of it


def test_the_images_tab_says_in_words_what_it_needs_on_2d_data(panel, fake):
    panel.start()
    fake.advance(3)
    panel.stage.setCurrentWidget(panel.stage.images_page)
    assert panel.stage.images_page.currentWidget() is panel.stage.images_note
    assert "image data set" in panel.stage.images_note.text()


CNN_DIGITS = TrainingConfig(dataset="digits", model="cnn", optimizer="adam", lr=0.003, clip_value=0.5, epochs=30,
                            train_samples=256)


def test_a_cnn_run_on_the_digits_draws_the_image_views(panel, fake, qtbot, tmp_path):
    panel.settings.set_config(CNN_DIGITS)
    assert panel.start()
    fake.advance_until(lambda: panel.current is not None and len(panel.current.epochs) >= 2)
    assert panel.stage.currentWidget() is panel.stage.images_page  # the Images tab comes to the front
    history = panel.current
    assert history.info.image_shape == (1, 8, 8) and history.info.layer_names[0] == "conv1"
    qtbot.waitUntil(lambda: not panel._details_due)
    grid, confusion = panel.figures["image_grid"], panel.figures["confusion"]
    first_grid, first_counts = grid.predicted.copy(), confusion.counts.copy()
    fake.advance_until(lambda: len(history.epochs) >= 4)
    qtbot.waitUntil(lambda: not panel._details_due)
    assert len(grid.predicted) == 32 and grid.image.image is not None
    assert confusion.counts.sum() == len(history.info.val_labels) and confusion.counts.shape == (10, 10)
    assert not (np.array_equal(grid.predicted, first_grid) and np.array_equal(confusion.counts, first_counts))
    np.testing.assert_array_equal(confusion.counts.sum(axis=1), np.bincount(history.info.val_labels, minlength=10))
    assert panel.figures["filters"].filters.shape == (16, 1, 3, 3)
    assert panel.figures["feature_maps"].maps.shape == (16, 8, 8)
    panel.settings.feature_layer = "conv2"
    assert panel.figures["feature_maps"].maps.shape == (32, 8, 8)
    panel.settings.batch_size = 32  # an image run counts epochs in steps: offered as a restart
    assert panel.notices.restart_bar.isVisibleTo(panel)
    panel.stop()
    fake.deliver()
    series = panel.figures["shootout"].series
    assert len(series) == 1 and series[0].epochs[0] == 0 and {1.0, 2.0} <= set(series[0].epochs)
    for name in ("image_grid", "confusion", "filters", "feature_maps", "shootout"):
        assert panel.export_figure(name).table().rows()
        assert export(panel.export_figure(name), tmp_path / f"{name}.png", 800, 500).stat().st_size > 5_000


def test_a_comparison_of_two_values_with_two_seeds_runs_in_lockstep(panel, fake, tmp_path):
    panel.settings.set_config(TrainingConfig(samples=300, hidden=(16, 16), steps=120, record_every=10))
    compare = panel.drawer.compare
    compare.compare_by_combo.setCurrentIndex(compare.compare_by_combo.findData("activation"))
    compare.compare_values_edit.setText("relu, tanh")
    compare.seeds_spin.setValue(2)
    compare.compare_button.click()
    fake.advance(4)
    steps = [run.latest.step for run in panel.runs]
    assert len(panel.runs) == 4 and max(steps) - min(steps) <= 10
    fake.advance_until(lambda: panel.run_id is None)
    assert [run.info.config["seed"] for run in panel.runs] == [0, 1, 0, 1]
    assert [run.label for run in panel.runs] == ["ReLU", "ReLU", "Tanh", "Tanh"]
    loss_figure = panel.stage.loss_figure
    bands = [band for band in loss_figure._bands if band[2].isVisible()]
    assert len(bands) == 2
    low, high = bands[0][0].getData()[1], bands[0][1].getData()[1]
    assert np.all(low <= high) and np.any(low < high)  # two seeds differ
    results = panel.stage.results_view
    assert results.row_count() == 2
    table = panel.exports.results()
    assert list(table.columns["activation"]) == ["relu", "tanh"] and list(table.columns["seeds"]) == ["0 1", "0 1"]
    results.view.sortByColumn(table.header.index("final_val_loss_mean"), Qt.DescendingOrder)
    losses = [results.proxy.index(r, table.header.index("final_val_loss_mean")).data(Qt.UserRole) for r in range(2)]
    assert losses == sorted(losses, reverse=True)
    with open(panel.exports.export_results(tmp_path / "results.csv"), newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) == 3 and rows[0][:4] == ["activation", "label", "runs", "seeds"]
    panel.stage.setCurrentWidget(panel.stage.small_multiples)
    shown = [row for row in panel.stage.small_multiples.rows if row[0].isVisibleTo(panel.stage.small_multiples)]
    assert len(shown) == 2 and all(row[3].image.image is not None for row in shown)


def test_a_bad_idx_folder_is_refused_with_one_message_and_the_data_kept(panel, tmp_path):
    (tmp_path / "train-images-idx3-ubyte").write_bytes(b"\0\0\x08\x03\0\0")
    (tmp_path / "train-labels-idx1-ubyte").write_bytes(b"\0\0\x08\x01\0\0\0\x01\x00")
    before = panel.settings.to_dict()
    assert not panel.open_data(tmp_path)
    assert "train-images-idx3-ubyte" in panel.status_label.text()
    assert panel.settings.to_dict() == before


def test_the_bf16_box_is_enabled_only_with_cuda(panel):
    from actgui.core.device import available_devices

    bf16 = panel.drawer.run.bf16_check
    assert bf16.isEnabled() == ("cuda" in available_devices()) and bf16.toolTip()


def test_a_panel_never_shown_starts_no_process(qtbot):
    hidden = TrainingPanel(LIGHT)
    qtbot.addWidget(hidden)
    assert hidden.worker.pid is None
    hidden.shutdown()


def test_no_class_of_the_training_panel_is_over_400_lines():
    import ast

    folder = Path(actgui.__file__).parent / "qt" / "panels" / "training"
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                assert node.end_lineno - node.lineno + 1 <= 400, f"{path.name}: {node.name}"


# -- end to end, with the real training process --------------------------------------------------
def process_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def assert_worker_ended(pid: int, relay: QThread) -> None:
    assert process_gone(pid)
    assert not [p for p in multiprocessing.active_children() if p.name == "actgui-training"]
    assert not relay.isRunning()


@pytest.mark.slow
def test_a_live_run_in_the_process_streams_and_stop_ends_it(real_panel, qtbot):
    panel = real_panel
    pid, relay = panel.worker.pid, panel.worker._relay
    assert panel.start()
    qtbot.waitUntil(lambda: panel.current is not None and len(panel.current) >= 5, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "steps/s" in panel.status_label.text(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: panel.current.histograms is not None, timeout=WAIT_MS)
    panel.bar.stop_button.click()
    qtbot.waitUntil(lambda: panel.run_id is None, timeout=WAIT_MS)
    assert panel.current.result.status == "stopped" and "stopped at step" in panel.status_label.text()
    panel.shutdown()
    assert_worker_ended(pid, relay)


@pytest.mark.slow
def test_closing_mid_run_ends_the_worker(real_panel, qtbot):
    """How fast it ends is measured by benchmarks/training_shutdown.py."""
    panel = real_panel
    pid, relay = panel.worker.pid, panel.worker._relay
    assert panel.start()
    qtbot.waitUntil(lambda: panel.current is not None and len(panel.current) >= 5, timeout=WAIT_MS)
    panel.close()
    assert_worker_ended(pid, relay)


@pytest.mark.slow
def test_the_exploding_preset_diverges_in_the_process_and_a_cure_trains_beside_it(real_panel, qtbot):
    panel = real_panel
    panel.set_state(json.loads(EXPLODING.read_text(encoding="utf-8"))["panels"]["training"])
    panel.start()
    qtbot.waitUntil(lambda: ended(panel), timeout=WAIT_MS)
    history = panel.current
    assert history.result.status == "diverged"
    assert f"diverged at step {history.result.step}" in panel.status_label.text()
    norms = history.metric("grad_norm").max(axis=1)
    assert len(history) >= 5 and norms[-1] > 100 * norms[0]  # the rise, step by step, up to the last finite one
    assert panel.notices.cures_bar.isVisibleTo(panel)
    panel.notices.cure_buttons["clip"].click()
    assert panel.settings.clip_norm == 1.0
    qtbot.waitUntil(lambda: panel.current is not None and len(panel.current) > 30, timeout=WAIT_MS)
    assert panel.current.result is None or panel.current.result.status != "diverged"
    assert panel.session.before == [history] and panel.notices.cures_bar.isVisibleTo(panel)
