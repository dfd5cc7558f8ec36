"""The Landscape panel: click to start, animated runs, presets, divergence labelled, export, state."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from actgui.core.descent import DIVERGED, ESCAPED, PRESETS
from actgui.core.surfaces import CUSTOM_KEY, SURFACES
from actgui.qt.base.export import export
from actgui.qt.base.theme import DARK, LIGHT
from actgui.qt.panels.landscape.panel import LandscapePanel


@pytest.fixture
def panel(qtbot):
    panel = LandscapePanel(LIGHT)
    qtbot.addWidget(panel)
    panel.resize(1200, 800)
    panel.show()
    qtbot.waitExposed(panel)
    yield panel
    panel.shutdown()


def drawn(panel, optimizer, lr=None):
    """The figure's items key for `optimizer` (at `lr`, the panel's learning rate by default)."""
    return optimizer, panel.settings.lr if lr is None else lr


def path_data(panel, optimizer, lr=None):
    x, y = panel.figure.paths[drawn(panel, optimizer, lr)].getData()
    return np.asarray(x), np.asarray(y)


def visible(panel, optimizer) -> bool:
    item = panel.figure.paths.get(drawn(panel, optimizer))
    return item is not None and item.isVisible()


def finish(panel, qtbot):
    qtbot.waitUntil(lambda: not panel.timer.isActive(), timeout=10000)


def click_map(panel, qtbot, x, y):
    figure = panel.figure
    scene = figure.map_plot.vb.mapViewToScene(QPointF(x, y))
    position = figure.widget.mapFromScene(scene)
    qtbot.mouseClick(figure.widget.viewport(), Qt.LeftButton, pos=position)


def test_default_run_is_drawn_in_full(panel):
    assert panel.surface.key == "bowl"
    assert [t.optimizer for t in panel.runs[-1]] == ["sgd", "momentum", "adam"]
    for trajectory in panel.runs[-1]:
        x, y = path_data(panel, trajectory.optimizer)
        np.testing.assert_array_equal(x, trajectory.x)
        assert panel.figure.loss_curves[drawn(panel, trajectory.optimizer)].isVisible()
    assert not visible(panel, "rmsprop")
    assert not panel.timer.isActive()
    assert "Adam" in panel.status_label.text()


def test_click_sets_the_start_and_animates_to_the_end(panel, qtbot):
    click_map(panel, qtbot, 1.0, -1.5)
    start = panel.starts[-1]
    assert start == pytest.approx((1.0, -1.5), abs=0.05)
    assert (panel.start_x.value(), panel.start_y.value()) == pytest.approx(start, abs=1e-3)
    assert panel.timer.isActive()
    assert len(path_data(panel, "sgd")[0]) < panel.runs[-1][0].steps + 1
    finish(panel, qtbot)
    x, y = path_data(panel, "sgd")
    assert (x[0], y[0]) == pytest.approx(start)
    assert len(x) == panel.runs[-1][0].steps + 1
    assert panel.figure.frame == panel.figure.frames()
    assert "reached the minimum" in panel.status_label.text()


def test_a_click_outside_the_map_changes_nothing(panel, qtbot):
    before = list(panel.starts)
    loss_view = panel.figure.loss_plot.vb
    scene = loss_view.mapViewToScene(QPointF(10, 1))
    qtbot.mouseClick(panel.figure.widget.viewport(), Qt.LeftButton, pos=panel.figure.widget.mapFromScene(scene))
    assert panel.starts == before and not panel.timer.isActive()


def test_run_button_animates_and_the_timer_stops(panel, qtbot):
    panel.run_button.click()
    assert panel.timer.isActive() and panel.figure.frame == 0
    qtbot.waitUntil(lambda: 0 < panel.figure.frame < panel.figure.frames(), timeout=5000)
    finish(panel, qtbot)
    assert panel.figure.frame == panel.figure.frames()
    panel.run_button.click()
    panel.finish_button.click()
    assert not panel.timer.isActive() and panel.figure.frame == panel.figure.frames()


def test_settings_rerun_at_once(panel):
    first = panel.runs[-1][0].x.copy()
    panel.lr_spin.setValue(0.05)
    assert not np.array_equal(panel.runs[-1][0].x[:5], first[:5])
    panel.optimizer_checks["rmsprop"].setChecked(True)
    assert "rmsprop" in [t.optimizer for t in panel.runs[-1]]
    assert visible(panel, "rmsprop")
    panel.steps_spin.setValue(30)
    assert all(t.steps <= 30 for t in panel.runs[-1])


def test_too_large_learning_rate_is_labelled_diverged(panel):
    panel.lr_spin.setValue(5.0)
    sgd = panel.runs[-1][0]
    assert sgd.status == DIVERGED
    assert f"diverged at step {sgd.stopped_at}" in panel.status_label.text()
    labels = [label.text for _, label in panel.figure.legend.items]
    assert any(f"diverged at step {sgd.stopped_at}" in text for text in labels)


def test_saddle_preset_after_running(panel):
    panel.apply_preset("saddle")
    assert panel.surface.key == "saddle" and panel.preset_combo.currentData() == "saddle"
    assert panel.timer.isActive()
    panel.finish_animation()
    sgd, momentum = panel.runs[-1]
    assert momentum.status == ESCAPED
    assert "left the map going downhill" in panel.status_label.text()
    assert abs(sgd.end[0]) < 0.25 and abs(sgd.end[1]) < 0.25


def test_himmelblau_preset_keeps_four_starts(panel, qtbot):
    panel.apply_preset("himmelblau")
    panel.finish_animation()
    assert panel.keep_check.isChecked()
    assert len(panel.runs) == 4
    faded_x, _ = panel.figure.faded["sgd"].getData()
    assert np.isnan(faded_x).sum() == 3
    table = panel.export_figure().table()
    assert sum(1 for row in table.rows() if row[1] == 0) == 4 * 2
    click_map(panel, qtbot, -3.0, -1.0)
    assert len(panel.starts) == 5
    panel.keep_check.setChecked(False)
    assert len(panel.starts) == 1 and len(panel.runs) == 1
    assert not panel.timer.isActive()


@pytest.mark.parametrize("preset", PRESETS.keys())
def test_every_preset_applies(panel, preset):
    panel.apply_preset(preset)
    assert panel.timer.isActive()
    panel.finish_animation()
    assert not panel.timer.isActive()
    assert panel.surface.key == PRESETS.get(preset).surface
    assert panel.selected_optimizers() == PRESETS.get(preset).settings.optimizers
    assert panel.figure.frame == panel.figure.frames()


def test_surface_change_resets_the_start_and_shows_minima(panel):
    panel.surface_combo.setCurrentIndex(panel.surface_combo.findData("himmelblau"))
    assert panel.starts == [SURFACES.get("himmelblau").start]
    assert len(panel.figure.minima_item.data) == 4
    assert panel.sliders[("bowl", "condition")].isHidden()
    panel.field_check.setChecked(True)
    x, _ = panel.figure.field_item.getData()
    assert x is not None and len(x) == 15 * 15 * 6


def test_custom_expression_and_its_errors(panel):
    panel.surface_combo.setCurrentIndex(panel.surface_combo.findData(CUSTOM_KEY))
    assert panel.expression_edit.isVisibleTo(panel)
    panel.expression_edit.setText("x**2 + 4*y**2")
    panel.expression_edit.editingFinished.emit()
    assert panel.surface.formula == "f(x, y) = x**2 + 4*y**2"
    panel.expression_edit.setText("x + os.system(1)")
    panel.expression_edit.editingFinished.emit()
    assert "Not changed" in panel.surface_error.text()
    assert panel.surface.formula == "f(x, y) = x**2 + 4*y**2"
    panel.expression_edit.setText("log(x) + y")
    panel.expression_edit.editingFinished.emit()
    assert "Cannot draw" in panel.surface_error.text()


def test_no_optimizer_is_a_message_not_a_crash(panel):
    for check in panel.optimizer_checks.values():
        check.setChecked(False)
    assert panel.runs == []
    assert "at least one optimizer" in panel.status_label.text()


def test_export_files_exist_and_parse(panel, tmp_path):
    figure = panel.export_figure("landscape")
    for suffix in ("csv", "png", "svg"):
        export(figure, tmp_path / f"landscape.{suffix}", 900, 500)
        assert (tmp_path / f"landscape.{suffix}").stat().st_size > 100
    rows = list(csv.reader((tmp_path / "landscape.csv").open()))
    assert rows[0] == ["optimizer", "step", "x", "y", "loss"]
    steps = sum(t.steps + 1 for t in panel.runs[-1])
    assert len(rows) == 1 + steps
    assert rows[1][:4] == ["sgd", "0", "-2.5", "2.0"]
    ET.parse(tmp_path / "landscape.svg")


def test_state_round_trip_and_bad_state(panel, qtbot):
    panel.apply_preset("himmelblau")
    panel.finish_animation()
    other = LandscapePanel(DARK)
    qtbot.addWidget(other)
    other.set_state(panel.state())
    assert other.state() == panel.state()
    assert len(other.runs) == 4
    before = other.state()
    for bad in ({**before, "surface": "nope"}, {**before, "lr": -1}, {**before, "starts": []},
                {**before, "optimizers": ["lbfgs"]}, {**before, "params": {"zzz": 1}}, {"surface": "bowl", "bogus": 1}):
        with pytest.raises(ValueError):
            other.set_state(bad)
    assert other.state() == before
    other.shutdown()


def test_shutdown_stops_the_animation(panel):
    panel.run_button.click()
    assert panel.timer.isActive()
    panel.shutdown()
    assert not panel.timer.isActive()


def test_the_legend_stays_in_its_cell_under_the_loss_plot(panel):
    panel.apply_preset("diverge")
    panel.finish_animation()  # rebuilds the legend with the outcomes, no event loop in between
    legend = panel.figure.legend.sceneBoundingRect()
    loss_plot = panel.figure.loss_plot.sceneBoundingRect()
    assert legend.top() >= loss_plot.bottom() - 1
    assert legend.left() >= loss_plot.left() - 1
    labels = [label.text for _, label in panel.figure.legend.items]
    assert len(labels) == 2 and "diverged at step 5" in labels[0]


def test_learning_rates_compared_on_one_surface_each_path_kept_and_labelled(panel):
    """The notes' "start small: 0.1, 0.01, 0.001", on one surface: one path per optimizer × rate."""
    panel.optimizer_checks["momentum"].setChecked(False)
    panel.optimizer_checks["adam"].setChecked(False)
    panel.compare_lrs_check.setChecked(True)
    assert not panel.lr_spin.isEnabled() and panel.lrs_edit.text() == "0.1, 0.01, 0.001"
    run = panel.runs[-1]
    assert [(t.optimizer, t.lr) for t in run] == [("sgd", 0.1), ("sgd", 0.01), ("sgd", 0.001)]
    ends = [np.hypot(*t.end) for t in run]
    assert ends[0] < ends[1] < ends[2]  # on the bowl, the larger rate gets closer in 200 steps
    for trajectory in run:
        np.testing.assert_array_equal(panel.figure.paths[("sgd", trajectory.lr)].xData, trajectory.x)
    colours = {panel.figure.paths[("sgd", t.lr)].opts["pen"].color().name() for t in run}
    assert len(colours) == 3  # one optimizer: each rate its own colour (and line style)
    legend = [label.text for _, label in panel.figure.legend.items]
    names = [f"Gradient descent (SGD), η = {rate}" for rate in ("0.1", "0.01", "0.001")]
    assert [text.split("<br>")[0] for text in legend] == names
    assert "η = 0.001" in panel.status_label.text()

    panel.optimizer_checks["adam"].setChecked(True)  # optimizers × learning rates
    assert len(panel.runs[-1]) == 6
    pairs = {(optimizer, rate) for optimizer in ("sgd", "adam") for rate in (0.1, 0.01, 0.001)}
    assert {(t.optimizer, t.lr) for t in panel.runs[-1]} == pairs
    assert sum(item.isVisible() for item in panel.figure.paths.values()) == 6
    table = panel.figure.table()
    assert table.header[:2] == ["optimizer", "lr"]

    panel.lrs_edit.setText("0.5, 0.05")
    panel.lrs_edit.editingFinished.emit()
    assert sorted({t.lr for t in panel.runs[-1]}) == [0.05, 0.5]
    panel.lrs_edit.setText("0.5, fast")
    panel.lrs_edit.editingFinished.emit()
    assert panel.settings.lrs == [0.5, 0.05] and "fast" in panel.status_label.text()
    panel.compare_lrs_check.setChecked(False)
    assert {t.lr for t in panel.runs[-1]} == {panel.settings.lr}
    assert sum(item.isVisible() for item in panel.figure.paths.values()) == 2


def test_a_narrow_figure_keeps_the_map_its_share(qtbot):
    """The guide open beside the panel at 1280 × 720 in lecture mode: the legend's outcomes, unwrapped, held
    the loss column wide and the map shrank to a strip; wrapped to the loss plot's share, the map keeps its."""
    from actgui.qt.base.theme import get_theme

    panel = LandscapePanel(get_theme("light", lecture=True, screen_height=720))
    qtbot.addWidget(panel)
    panel.resize(1000, 640)
    panel.show()
    qtbot.waitExposed(panel)
    try:
        qtbot.waitUntil(lambda: panel.figure.frame >= max(t.steps for t in panel.figure.current_run()), timeout=20_000)
        panel.figure.widget.resize(600, 600)
        qtbot.wait(100)
        view = panel.figure.widget.viewport().width()
        assert panel.figure.legend.sceneBoundingRect().width() <= 0.5 * view
        assert panel.figure.map_plot.vb.width() >= 0.3 * view
    finally:
        panel.shutdown()
