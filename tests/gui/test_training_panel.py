"""The Training panel: live runs in a child process, stop/close that end it, compare mode,
divergence, step-by-step, exports and settings."""

from __future__ import annotations

import csv
import json
import multiprocessing
import os
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt, QThread

import actgui
from actgui.core.activations import ACTIVATIONS
from actgui.core.training.config import TrainingConfig
from actgui.qt.base.export import export
from actgui.qt.base.theme import LIGHT
from actgui.qt.panels.training.panel import TrainingPanel

WAIT_MS = 40_000  # the child process imports torch first: seconds on a busy 2-core machine
FAST = TrainingConfig(samples=300, hidden=(16, 16), steps=1_000_000, record_every=10)


@pytest.fixture
def panel(qtbot):
    panel = TrainingPanel(LIGHT)
    qtbot.addWidget(panel)
    panel.resize(1400, 860)
    panel.settings.set_config(FAST)
    panel.show()  # starts the training process
    yield panel
    panel.shutdown()


def process_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def assert_worker_ended(panel: TrainingPanel, pid: int, relay: QThread) -> None:
    assert process_gone(pid)
    assert not [p for p in multiprocessing.active_children() if p.name == "actgui-training"]
    assert not relay.isRunning()


def start_and_wait_for_records(panel: TrainingPanel, qtbot, count: int = 5) -> None:
    assert panel.start()
    qtbot.waitUntil(lambda: panel.current is not None and len(panel.current) >= count, timeout=WAIT_MS)


def test_a_live_run_streams_metrics_and_stop_ends_it(panel, qtbot):
    pid, relay = panel.worker.pid, panel.worker._relay
    start_and_wait_for_records(panel, qtbot)
    assert panel.findChild(type(panel.start_button), "training.start").isEnabled() is False
    history = panel.current
    assert history.label == "ReLU" and history.color == ACTIVATIONS.get("relu").color
    qtbot.waitUntil(lambda: "steps/s" in panel.status_label.text(), timeout=WAIT_MS)
    steps = history.column("step")
    # the first record_every steps one by one (the first seconds, and an early divergence, on record), then every 10
    assert list(steps[:11]) == list(range(11)) and list(steps[11:13]) == [20, 30]
    loss_curve = panel.loss_figure._slots[0]["val"]
    assert len(loss_curve.getData()[0]) == len(history)
    qtbot.waitUntil(lambda: history.grid is not None and history.histograms is not None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: panel.boundary_figure.image.image is not None, timeout=WAIT_MS)
    assert panel.boundary_figure.image.image.shape == (80, 80, 3)
    qtbot.waitUntil(lambda: len(panel.histogram_figure.layers) == 2, timeout=WAIT_MS)
    panel.stop_button.click()
    qtbot.waitUntil(lambda: panel.run_id is None, timeout=WAIT_MS)
    assert history.result.status == "stopped"
    assert "stopped at step" in panel.status_label.text()
    assert panel.start_button.isEnabled() and not panel.stop_button.isEnabled()
    panel.shutdown()
    assert_worker_ended(panel, pid, relay)


def test_closing_mid_run_ends_the_worker(panel, qtbot):
    """How fast it ends is measured by benchmarks/training_shutdown.py."""
    pid, relay = panel.worker.pid, panel.worker._relay
    start_and_wait_for_records(panel, qtbot)
    panel.close()
    assert_worker_ended(panel, pid, relay)


def test_finished_run_exports_csv_json_and_figures(panel, qtbot, tmp_path):
    panel.steps_spin.setValue(200)
    panel.start()
    qtbot.waitUntil(lambda: panel.current is not None and panel.current.result is not None, timeout=WAIT_MS)
    assert panel.current.result.status == "finished"
    assert "finished 200 steps" in panel.status_label.text()
    csv_path = panel.export_csv(tmp_path / "run.csv")
    with open(csv_path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:6] == ["step", "epoch", "elapsed", "train_loss", "val_loss", "val_accuracy"]
    assert {"grad_norm/hidden1", "weight_norm/output", "update_ratio/hidden2", "dead_fraction/hidden1",
            "saturated_fraction/hidden2"} <= set(rows[0])
    steps = [int(r[0]) for r in rows[1:]]
    assert steps[:11] == list(range(11)) and steps[-1] == 200 and set(range(20, 201, 10)) <= set(steps)
    data = json.loads(panel.export_json(tmp_path / "run.json").read_text(encoding="utf-8"))
    assert data["runs"][0]["config"]["steps"] == 200 and len(data["runs"][0]["rows"]) == len(steps)
    image_views = {"image_grid", "confusion", "filters", "feature_maps", "shootout"}  # empty for 2-D points
    for name in set(panel.figures) - image_views:
        png = export(panel.export_figure(name), tmp_path / f"{name}.png", 800, 500)
        assert png.stat().st_size > 5_000
        table = export(panel.export_figure(name), tmp_path / f"{name}.csv", 800, 500)
        assert table.read_text(encoding="utf-8").count("\n") > 2
    svg = export(panel.export_figure("histograms"), tmp_path / "histograms.svg", 800, 500)
    assert "<svg" in svg.read_text(encoding="utf-8")


def test_compare_mode_overlays_runs_in_registry_colours(panel, qtbot, tmp_path):
    panel.steps_spin.setValue(60)
    panel.compare_by_combo.setCurrentIndex(panel.compare_by_combo.findData("activation"))
    panel.compare_values_edit.setText("sigmoid, relu, gelu")
    panel.seeds_spin.setValue(1)
    panel.compare_button.click()
    qtbot.waitUntil(lambda: len(panel.runs) == 3 and panel.run_id is None, timeout=WAIT_MS)
    assert [run.result.status for run in panel.runs] == ["finished"] * 3
    assert [run.color for run in panel.runs] == [ACTIVATIONS.get(k).color for k in ("sigmoid", "relu", "gelu")]
    # one entry per run, then the line-style key: solid = training (EMA), dashed = validation
    legend = panel.loss_figure.plot.legend.items
    assert [label.text for _, label in legend] == ["Sigmoid", "ReLU", "GELU (exact)", "training (EMA)", "validation"]
    assert [sample.item.opts["pen"].style() for sample, _ in legend[3:]] == [Qt.SolidLine, Qt.DashLine]
    rows = panel.run_table().rows()
    labels = [row[0] for row in rows]
    assert labels == ["Sigmoid"] * len(panel.runs[0]) + ["ReLU"] * len(panel.runs[1]) + \
        ["GELU (exact)"] * len(panel.runs[2])
    assert export(panel.export_figure("loss"), tmp_path / "compare.png", 800, 500).exists()


def test_a_diverging_run_shows_a_message_and_the_panel_keeps_working(panel, qtbot):
    panel.settings.set_config(TrainingConfig(dataset="sine", samples=300, hidden=(16,), optimizer="sgd", lr=1000.0,
                                             steps=500, record_every=1))
    panel.start()
    qtbot.waitUntil(lambda: panel.current is not None and panel.current.result is not None, timeout=WAIT_MS)
    result = panel.current.result
    assert result.status == "diverged"
    assert f"diverged at step {result.step}" in panel.status_label.text()
    assert f"diverged at step {result.step}" in panel.loss_figure.notice.toPlainText()
    panel.lr_spin.setValue(0.01)
    panel.steps_spin.setValue(30)
    panel.start()
    qtbot.waitUntil(lambda: panel.run_id is None, timeout=WAIT_MS)
    assert panel.current.result.status == "finished"


def test_step_runs_one_optimiser_step_at_a_time(panel, qtbot):
    panel.step_button.click()
    qtbot.waitUntil(lambda: panel.current is not None and panel.current.latest is not None
                    and panel.current.latest.step == 1, timeout=WAIT_MS)
    assert panel.pause_button.text() == "Resume" and panel.step_button.isEnabled()
    panel.step_button.click()
    qtbot.waitUntil(lambda: panel.current.latest.step == 2, timeout=WAIT_MS)
    panel.pause_button.click()
    qtbot.waitUntil(lambda: panel.current.latest.step > 50, timeout=WAIT_MS)
    assert panel.pause_button.text() == "Pause"
    panel.reset_button.click()
    assert panel.current is None and panel.runs == [] and panel.run_id is None


def test_a_panel_never_shown_starts_no_process(qtbot):
    hidden = TrainingPanel(LIGHT)
    qtbot.addWidget(hidden)
    assert hidden.worker.pid is None
    hidden.shutdown()


def test_settings_round_trip_and_bad_input_gives_a_message(panel):
    panel.settings.set_config(TrainingConfig(dataset="gaussians", classes=5, activation="leaky_relu",
                                             activation_params={"negative_slope": 0.2}, init="normal",
                                             init_params={"std": 0.5}, optimizer="sgd", nesterov=True, lr=0.05,
                                             seed=7))
    state = panel.state()
    assert state["classes"] == 5 and state["activation_params"] == {"leaky_relu": {"negative_slope": 0.2}}
    assert state["init_params"] == {"normal": {"mean": 0.0, "std": 0.5}} and state["nesterov"] is True
    assert panel.classes_spin.value() == 5 and panel.nesterov_check.isChecked()
    assert [s.value() for s in panel.activation_sliders.sliders.values()] == [0.2]
    other = TrainingPanel(LIGHT)
    try:
        other.apply_state(other.parse_state(state))
        assert other.state() == state
        with pytest.raises(ValueError, match="training.activation: unknown value 'nope'"):
            other.parse_state({**state, "activation": "nope"})
        assert other.state() == state
    finally:
        other.shutdown()
    panel.hidden_edit.setText("16, abc")
    assert panel.state()["hidden"] == [32, 32]  # mid-edit: the last valid value is what a session saves
    assert panel.start() is False
    assert "hidden sizes must be whole numbers" in panel.status_label.text()
    assert panel.run_id is None


CNN_DIGITS = TrainingConfig(dataset="digits", model="cnn", optimizer="adam", lr=0.003, clip_value=0.5, epochs=30)


def test_a_cnn_run_on_the_digits_draws_the_image_views(panel, qtbot, tmp_path):
    panel.settings.set_config(CNN_DIGITS)
    assert panel.start()
    qtbot.waitUntil(lambda: panel.current is not None and len(panel.current.epochs) >= 2, timeout=WAIT_MS)
    assert panel.views.currentIndex() == 1  # the Images tab comes to the front (a single run)
    history = panel.current
    assert history.info.image_shape == (1, 8, 8) and history.info.layer_names[0] == "conv1"
    first_grid = panel.image_grid_figure.predicted.copy()
    first_counts = panel.confusion_figure.counts.copy()
    qtbot.waitUntil(lambda: len(history.epochs) >= 4, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not panel._details_due, timeout=WAIT_MS)
    grid, confusion = panel.image_grid_figure, panel.confusion_figure
    assert len(grid.predicted) == 32 and grid.image.image is not None
    assert confusion.counts.sum() == len(history.info.val_labels) and confusion.counts.shape == (10, 10)
    assert not (np.array_equal(grid.predicted, first_grid) and np.array_equal(confusion.counts, first_counts))
    np.testing.assert_array_equal(confusion.counts.sum(axis=1), np.bincount(history.info.val_labels, minlength=10))
    assert panel.filter_figure.filters.shape == (16, 1, 3, 3)
    assert panel.feature_figure.maps.shape == (16, 8, 8)
    panel.settings.feature_layer = "conv2"
    assert panel.feature_figure.maps.shape == (32, 8, 8)
    assert "Device in use: cpu" in panel.device_label.text() or "cuda" in panel.device_label.text()
    panel.settings.batch_size = 32  # an image run counts epochs in steps: offered as a restart
    assert panel.restart_bar.isVisibleTo(panel) and panel.restart_button.isEnabled()
    panel.stop()
    qtbot.waitUntil(lambda: panel.run_id is None, timeout=WAIT_MS)
    series = panel.shootout_figure.series
    assert len(series) == 1 and series[0].epochs[0] == 0 and {1.0, 2.0} <= set(series[0].epochs)
    for name in ("image_grid", "confusion", "filters", "feature_maps", "shootout"):
        assert name in panel.figures and panel.export_figure(name).table().rows()
        assert export(panel.export_figure(name), tmp_path / f"{name}.png", 800, 500).stat().st_size > 5_000


def test_a_bad_idx_folder_is_refused_with_one_message_and_the_data_kept(panel, tmp_path):
    (tmp_path / "train-images-idx3-ubyte").write_bytes(b"\0\0\x08\x03\0\0")
    (tmp_path / "train-labels-idx1-ubyte").write_bytes(b"\0\0\x08\x01\0\0\0\x01\x00")
    before = panel.settings.to_dict()
    assert not panel.open_data(tmp_path)
    assert "train-images-idx3-ubyte" in panel.status_label.text()
    assert panel.settings.to_dict() == before


def test_the_bf16_box_is_enabled_only_with_cuda(panel):
    from actgui.core.device import available_devices

    assert panel.bf16_check.isEnabled() == ("cuda" in available_devices())
    assert panel.bf16_check.toolTip()


def _slope(history, first: int, last: int) -> float:
    """Least-squares slope of the training loss over the records first..last (per step)."""
    steps, loss = history.column("step")[first:last], history.column("train_loss")[first:last]
    return float(np.polyfit(steps, loss, 1)[0])


def test_a_learning_rate_change_mid_run_reaches_the_process_and_bends_the_loss(panel, qtbot):
    panel.settings.set_config(TrainingConfig(dataset="moons", samples=300, hidden=(16, 16), optimizer="sgd",
                                             lr=0.00001, momentum=0.0, steps=1_000_000, record_every=5))
    start_and_wait_for_records(panel, qtbot, count=40)
    history = panel.current
    assert set(history.column("lr")) == {0.00001}
    before = len(history)
    panel.lr_spin.setValue(0.5)  # a live change: the running network takes it at once
    qtbot.waitUntil(lambda: history.column("lr")[-1] == 0.5 and len(history) > before + 40, timeout=WAIT_MS)
    lr = history.column("lr")
    changed = int(np.flatnonzero(lr == 0.5)[0])
    assert set(lr[:changed]) == {0.00001}
    step, text = history.marks[0]
    assert text == "lr 0.5" and history.column("step")[changed - 1] <= step < history.column("step")[changed]
    assert [line.value() for line in panel.loss_figure._marks] == [step]
    slow, fast = _slope(history, changed - 30, changed), _slope(history, changed, changed + 30)
    assert fast < 0 and abs(fast) > 10 * abs(slow)
    panel.hidden_edit.setText("8")  # needs a new network: the panel says so and offers a restart
    panel.hidden_edit.editingFinished.emit()
    assert panel.restart_bar.isVisibleTo(panel) and panel.restart_button.isEnabled()
    assert panel.current.info.layer_names == ["hidden1", "hidden2", "output"]
    panel.restart_button.click()
    qtbot.waitUntil(lambda: panel.current is not None and panel.current.info.layer_names == ["hidden1", "output"],
                    timeout=WAIT_MS)
    assert not panel.restart_bar.isVisibleTo(panel)


def test_a_slow_run_records_every_step(panel, qtbot):
    panel.speed_combo.setCurrentIndex(panel.speed_combo.findData("20"))
    assert panel.settings.speed == "20"
    start_and_wait_for_records(panel, qtbot, count=25)
    steps = panel.current.column("step")
    assert list(steps) == list(range(len(steps)))  # every step recorded and drawn
    assert len(panel.loss_figure._slots[0]["val"].getData()[0]) == len(panel.current)


def test_a_comparison_of_two_values_with_two_seeds_runs_in_lockstep(panel, qtbot, tmp_path):
    panel.settings.set_config(TrainingConfig(samples=300, hidden=(16, 16), steps=120, record_every=10))
    panel.compare_by_combo.setCurrentIndex(panel.compare_by_combo.findData("activation"))
    panel.compare_values_edit.setText("relu, tanh")
    panel.seeds_spin.setValue(2)
    panel.compare_button.click()
    qtbot.waitUntil(lambda: len(panel.runs) == 4 and min(len(run) for run in panel.runs) >= 3, timeout=WAIT_MS)
    if panel.run_id is not None:  # still going: every run is within a record of the others
        steps = [run.latest.step for run in panel.runs]
        assert max(steps) - min(steps) <= 10
    qtbot.waitUntil(lambda: panel.run_id is None, timeout=WAIT_MS)
    assert [run.info.config["seed"] for run in panel.runs] == [0, 1, 0, 1]
    assert [run.label for run in panel.runs] == ["ReLU", "ReLU", "Tanh", "Tanh"]
    bands = [band for band in panel.loss_figure._bands if band[2].isVisible()]
    assert len(bands) == 2 and len([b for b in panel.accuracy_figure._bands if b[2].isVisible()]) == 2
    low, high = bands[0][0].getData()[1], bands[0][1].getData()[1]
    assert np.all(low <= high) and np.any(low < high)  # two seeds differ
    assert [item[1].text for item in panel.loss_figure.plot.legend.items][:2] == ["ReLU", "Tanh"]  # then the line key
    assert panel.results_view.row_count() == 2
    table = panel.results()
    assert list(table.columns["activation"]) == ["relu", "tanh"] and list(table.columns["seeds"]) == ["0 1", "0 1"]
    assert list(table.columns["runs"]) == [2, 2]
    panel.results_view.view.sortByColumn(table.header.index("final_val_loss_mean"), Qt.DescendingOrder)
    losses = [panel.results_view.proxy.index(r, table.header.index("final_val_loss_mean")).data(Qt.UserRole)
              for r in range(2)]
    assert losses == sorted(losses, reverse=True)
    path = panel.export_results(tmp_path / "results.csv")
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) == 3 and rows[0][:4] == ["activation", "label", "runs", "seeds"]
    panel.views.setCurrentWidget(panel.small_multiples)
    shown = [row for row in panel.small_multiples.rows if row[0].isVisibleTo(panel.small_multiples)]
    assert len(shown) == 2 and all(row[3].image.image is not None for row in shown)


def test_the_exploding_preset_ends_in_a_caught_divergence_with_its_rise_on_record(panel, qtbot):
    preset = Path(actgui.__file__).parent / "resources" / "presets" / "exploding_gradients.json"
    panel.set_state(json.loads(preset.read_text(encoding="utf-8"))["panels"]["training"])
    panel.start()
    qtbot.waitUntil(lambda: panel.current is not None and panel.current.result is not None, timeout=WAIT_MS)
    history = panel.current
    assert history.result.status == "diverged"
    assert f"diverged at step {history.result.step}" in panel.status_label.text()
    norms = history.metric("grad_norm").max(axis=1)
    assert len(history) >= 5 and norms[-1] > 100 * norms[0]  # the rise, step by step, up to the last finite one
    assert len(panel.loss_figure._slots[0]["val"].getData()[0]) == len(history)
    assert len(panel.gradient_figure.plot.listDataItems()) > 0
    assert panel.cures_bar.isVisibleTo(panel)
    panel.cure_buttons["clip"].click()
    assert panel.settings.clip_norm == 1.0
    qtbot.waitUntil(lambda: panel.current is not None and len(panel.current) > 30, timeout=WAIT_MS)
    assert panel.current.result is None or panel.current.result.status != "diverged"
