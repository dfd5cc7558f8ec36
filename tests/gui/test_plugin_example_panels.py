"""The example plugin (tests/plugin_example, visible to the tests through tests/conftest.py): its squareplus
activation and checkerboard data set appear in the panels, plot, export and train like the built-in ones."""

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from actgui.core import plugins
from actgui.core.activations import ACTIVATIONS
from actgui.core.datasets import DATASETS
from actgui.qt.base.export import export
from actgui.qt.base.theme import LIGHT
from actgui.qt.panels.functions.panel import FunctionsPanel
from actgui.qt.panels.training.panel import TrainingPanel
from actgui.qt.shell.main_window import MainWindow


def squareplus(x, b):
    return 0.5 * (x + np.sqrt(x * x + b))


def test_the_plugin_registered_through_its_entry_points():
    assert "squareplus" in ACTIVATIONS and "checkerboard" in DATASETS
    assert plugins.plugin_keys("actgui.activations") == {"squareplus"}
    assert plugins.plugin_keys("actgui.datasets") == {"checkerboard"}
    assert plugins.PROBLEMS == []


def test_about_lists_the_plugin(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    assert "squareplus (actgui-plugin-example)" in window.about_text()
    assert "failed" not in window.about_text()


def test_the_functions_panel_plots_squareplus_and_its_slider(qtbot, tmp_path):
    panel = FunctionsPanel(LIGHT)
    qtbot.addWidget(panel)
    items = {panel.activation_list.item(r).data(Qt.UserRole): panel.activation_list.item(r)
             for r in range(panel.activation_list.count())}
    assert items["squareplus"].text() == "Squareplus (b)"
    items["squareplus"].setCheckState(Qt.Checked)
    x, y = panel.figure._curves[("squareplus", "f")].getData()
    np.testing.assert_allclose(y, squareplus(x, 4.0), atol=1e-6)
    panel.sliders[("squareplus", "b")].setValue(1.0)
    x, y = panel.figure._curves[("squareplus", "f")].getData()
    np.testing.assert_allclose(y, squareplus(x, 1.0), atol=1e-6)
    _, dy = panel.figure._curves[("squareplus", "grad")].getData()
    np.testing.assert_allclose(dy, 0.5 * (1 + x / np.sqrt(x * x + 1.0)), atol=1e-6)
    png = tmp_path / "functions.png"
    export(panel.export_figure("functions"), png, 800, 450)
    assert (QImage(str(png)).width(), QImage(str(png)).height()) == (800, 450)


def test_the_training_panel_offers_the_plugin(qtbot):
    panel = TrainingPanel(LIGHT)
    qtbot.addWidget(panel)
    activations = [panel.activation_combo.itemData(i) for i in range(panel.activation_combo.count())]
    datasets = [panel.dataset_combo.itemData(i) for i in range(panel.dataset_combo.count())]
    assert "squareplus" in activations and "checkerboard" in datasets
    panel.shutdown()
