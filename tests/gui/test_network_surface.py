"""The Landscape panel's surface "the network from the Training panel": a tiny spiral MLP trained in
the Training panel, its loss landscape computed in the training process (progress, cancel) and drawn
in the Landscape panel, which the window links to the Training panel."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from actgui.core.network_landscape import NETWORK_SURFACE, TrainedNetwork, TrajectoryRecorder
from actgui.core.training.config import TrainingConfig
from actgui.core.training.trainer import Trainer
from actgui.qt.base.export import ExportError
from actgui.qt.shell.main_window import MainWindow
from actgui.state.landscape import LandscapeState

WAIT_MS = 60_000  # the child process imports torch first: seconds on a busy 2-core machine
TINY = TrainingConfig(dataset="spiral", samples=300, hidden=(16, 16), steps=150, record_every=10, seed=5)


@pytest.fixture
def window(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1400, 860)
    yield window
    for panel in window.panels.built().values():
        panel.shutdown()


def trained_loss(config: TrainingConfig) -> float:
    """The full-batch training loss of `config` trained to its end here (the same seed, the same weights)."""
    trainer = Trainer(config)
    recorder = TrajectoryRecorder(trainer)
    for _record in trainer.records():
        recorder.observe()
    return TrainedNetwork.from_trainer(trainer, recorder.finish()).current_loss()


def test_the_network_surface_shows_the_trained_networks_landscape_and_cancels(window, qtbot):
    landscape = window.panels["landscape"]
    combo = landscape.surface_combo
    index = combo.findData(NETWORK_SURFACE)
    assert not combo.model().item(index).isEnabled()
    assert "Training panel" in combo.itemData(index, Qt.ToolTipRole)
    landscape.settings.surface = NETWORK_SURFACE  # as a session would: a message, not an empty view
    assert landscape.plots.currentWidget() is landscape.network_placeholder
    assert "No network has been trained yet" in landscape.network_placeholder_label.text()
    landscape.to_training_button.click()  # one click to where a network is trained
    assert window.tabs.currentWidget() is window.panels["training"]
    window.tabs.setCurrentWidget(landscape)
    assert not landscape.compute_network() and not landscape.network_compute_button.isEnabled()
    with pytest.raises(ExportError, match="no loss landscape"):
        landscape.export_figure("network_landscape")

    training = window.panels["training"]
    training.settings.set_config(TINY)
    assert training.start()
    qtbot.waitUntil(lambda: training.run_id is None and training.current is not None
                    and training.current.result is not None, timeout=WAIT_MS)
    assert training.current.result.status == "finished"
    assert combo.model().item(index).isEnabled() and window.trained_network.available
    assert "step 150" in landscape.network_about.text()

    landscape.settings.network_resolution = 9
    assert landscape.compute_network() or landscape.network_busy
    assert landscape.network_cancel_button.isEnabled()
    qtbot.waitUntil(lambda: landscape.network_landscape is not None, timeout=WAIT_MS)
    result = landscape.network_landscape
    assert result.loss.shape == (9, 9) and np.isfinite(result.loss).all()
    assert landscape.plots.currentWidget() is landscape.network_figure.widget
    assert landscape.network_figure.image.image.shape[:2] == (9, 9)
    expected = trained_loss(TINY)
    assert result.loss[4, 4] == pytest.approx(expected, rel=1e-3)
    assert result.centre_loss == pytest.approx(expected, rel=1e-3)
    assert result.path_steps[0] == 0 and result.path_steps[-1] == 150
    assert "points in" in landscape.network_status.text()
    exported = landscape.export_figure("network_landscape").table()
    assert len(exported.rows()) == 81 and max(exported.columns["loss"]) == pytest.approx(result.loss.max())

    landscape.settings.network_resolution = 201  # 40 401 evaluations: long enough to cancel
    assert landscape.compute_network()
    qtbot.waitUntil(lambda: landscape.network_progress.maximum() > 1, timeout=WAIT_MS)
    landscape.network_cancel_button.click()
    qtbot.waitUntil(lambda: not landscape.network_busy, timeout=WAIT_MS)
    assert landscape.network_status.text() == "Cancelled."
    assert landscape.network_landscape is result  # the last landscape stays shown
    assert landscape.network_compute_button.isEnabled() and not landscape.network_cancel_button.isEnabled()

    landscape.settings.network_resolution = 5
    landscape.settings.network_directions = "pca"
    assert landscape.compute_network()
    qtbot.waitUntil(lambda: landscape.network_landscape is not result, timeout=WAIT_MS)
    assert landscape.network_landscape.loss.shape == (5, 5) and landscape.network_landscape.directions == "pca"

    landscape.settings.surface = "himmelblau"  # the function surfaces work as before
    assert landscape.plots.currentWidget() is landscape.figure.widget and landscape.runs

    assert training.start()  # a new run withdraws the network until it has ended
    assert not window.trained_network.available
    training.stop()
    qtbot.waitUntil(lambda: training.run_id is None, timeout=WAIT_MS)


def test_the_network_surface_and_its_plane_survive_a_session():
    state = LandscapeState(surface=NETWORK_SURFACE, network_directions="pca", network_resolution=61)
    restored = LandscapeState.from_dict(state.to_dict())
    assert restored == state and restored.network and restored.network_settings().resolution == 61
    for bad in ({"network_directions": "sideways"}, {"network_resolution": 2}, {"network_resolution": 1000}):
        with pytest.raises(ValueError):
            LandscapeState.from_dict({**state.to_dict(), **bad})


def test_a_panel_without_a_link_says_there_is_no_network_and_binds_the_plane(qtbot):
    from actgui.qt.base.theme import LIGHT
    from actgui.qt.panels.landscape.panel import LandscapePanel

    panel = LandscapePanel(LIGHT)
    qtbot.addWidget(panel)
    panel.network_resolution_spin.setValue(17)
    panel.network_directions_combo.setCurrentIndex(panel.network_directions_combo.findData("pca"))
    assert (panel.settings.network_resolution, panel.settings.network_directions) == (17, "pca")
    panel.surface_combo.setCurrentIndex(panel.surface_combo.findData(NETWORK_SURFACE))
    assert panel.settings.network and not panel.network_box.isHidden() and panel.optimizer_box.isHidden()
    assert panel.plots.currentWidget() is panel.network_placeholder
    assert "No network has been trained yet" in panel.network_about.text()
    assert not panel.compute_network()
    panel.surface_combo.setCurrentIndex(panel.surface_combo.findData("bowl"))
    assert panel.plots.currentWidget() is panel.figure.widget and not panel.optimizer_box.isHidden()
