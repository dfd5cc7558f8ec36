"""The Functions panel: ticking, sliders, custom expressions, read-out, properties and export."""

import csv
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from actgui.qt.base.export import export
from actgui.qt.base.theme import DARK, LIGHT
from actgui.qt.panels.functions.panel import MEASURING, FunctionsPanel


@pytest.fixture
def panel(qtbot):
    panel = FunctionsPanel(LIGHT)
    qtbot.addWidget(panel)
    return panel


def curve(panel, key, kind="f"):
    return panel.figure._curves[(key, kind)]


def tick(panel, key, checked=True):
    items = [panel.activation_list.item(r) for r in range(panel.activation_list.count())]
    item = next(i for i in items if i.data(Qt.UserRole) == key)
    item.setCheckState(Qt.Checked if checked else Qt.Unchecked)


def test_defaults_plot_three_curves_with_autograd_derivatives(panel):
    assert panel.selected_names() == ["sigmoid", "tanh", "relu"]
    x, y = curve(panel, "sigmoid").getData()
    assert len(x) == 2000 and x[0] == -6 and x[-1] == 6
    _, dy = curve(panel, "sigmoid", "grad").getData()
    assert dy.max() == pytest.approx(0.25, abs=1e-4)
    assert panel.properties_table.rowCount() == 3
    assert panel.properties_table.item(0, 2).text().startswith("0.25 @ ")


def test_the_cost_column_fills_in_from_a_background_measurement(panel, qtbot):
    cost = panel.properties_table.columnCount() - 1
    qtbot.waitUntil(lambda: all(panel.properties_table.item(row, cost).text() != MEASURING for row in range(3)),
                    timeout=20000)
    texts = [panel.properties_table.item(row, cost).text() for row in range(3)]
    assert texts[2].startswith("1× (")  # ReLU, the reference
    assert all(float(text.split("×")[0]) > 0 for text in texts)


def test_ticking_an_activation_adds_its_curve_and_slider(panel, qtbot):
    tick(panel, "leaky_relu")
    assert "leaky_relu" in panel.selected_names()
    slider = panel.findChild(type(panel.sliders[("leaky_relu", "negative_slope")]), "param.leaky_relu.negative_slope")
    assert slider is not None
    x, y = curve(panel, "leaky_relu").getData()
    assert y[0] == pytest.approx(-0.06)
    slider.setValue(0.2)
    x, y = curve(panel, "leaky_relu").getData()
    assert y[0] == pytest.approx(-1.2)
    _, dy = curve(panel, "leaky_relu", "grad").getData()
    assert dy[0] == pytest.approx(0.2)
    tick(panel, "leaky_relu", False)
    assert ("leaky_relu", "f") not in panel.figure._curves
    assert ("leaky_relu", "negative_slope") not in panel.sliders


def test_second_derivative_and_range(panel):
    panel.second_check.setChecked(True)
    _, d2y = curve(panel, "tanh", "grad2").getData()
    x, _ = curve(panel, "tanh", "grad2").getData()
    np.testing.assert_allclose(d2y, -2 * np.tanh(x) * (1 - np.tanh(x) ** 2), atol=1e-9)
    panel.xmin_spin.setValue(-20)
    panel.xmax_spin.setValue(20)
    x, _ = curve(panel, "relu").getData()
    assert x[0] == -20 and x[-1] == 20
    panel.xmin_spin.setValue(25)
    assert "smaller" in panel.range_error.text()
    x, _ = curve(panel, "relu").getData()
    assert x[0] == -20  # unchanged


def test_custom_expression_is_plotted_or_refused(panel):
    panel.custom_edit.setText("x * sigmoid(x)")
    panel.custom_edit.editingFinished.emit()
    x, y = curve(panel, "custom").getData()
    np.testing.assert_allclose(y, x / (1 + np.exp(-x)), atol=1e-12)
    panel.custom_edit.setText("__import__('os')")
    panel.custom_edit.editingFinished.emit()
    assert "not allowed" in panel.custom_error.text()
    x2, y2 = curve(panel, "custom").getData()
    np.testing.assert_array_equal(y2, y)  # the last good curve stays


def test_readout_lists_every_curve(panel):
    panel.show_readout(0.0)
    text = panel.readout_label.text()
    assert "x = 0.000" in text and "f = 0.5" in text and "f′ = 0.25" in text
    assert panel.figure.cursor_lines[0].value() == 0.0


def test_readout_drops_curves_no_longer_plotted(panel):
    panel.show_readout(1.0)
    assert "Tanh" in panel.readout_label.text()
    tick(panel, "tanh", False)
    text = panel.readout_label.text()
    assert "Tanh" not in text and "Sigmoid" in text and "x = 1.000" in text
    panel.set_selected([])
    assert panel.readout_label.text() == "" and not panel.figure.cursor_lines[0].isVisible()


def test_overlay_layout_uses_one_plot(panel):
    panel.layout_combo.setCurrentIndex(1)
    assert panel.figure.overlay and panel.figure.value_plot is panel.figure.derivative_plot
    assert len(panel.figure.value_plot.listDataItems()) == 6


def test_state_round_trip(panel, qtbot):
    tick(panel, "elu")
    panel.sliders[("elu", "alpha")].setValue(2.0)
    state = panel.state()
    other = FunctionsPanel(DARK)
    qtbot.addWidget(other)
    other.set_state(state)
    assert other.state() == state
    with pytest.raises(ValueError):
        other.set_state({"names": ["nope"], "xmin": 0, "xmax": 1, "points": 1000, "derivative": True, "second": False})
    assert other.state() == state


def test_export_png_svg_csv(panel, tmp_path):
    figure = panel.export_figure("functions")
    png, svg, table = tmp_path / "f.png", tmp_path / "f.svg", tmp_path / "f.csv"
    export(figure, png, 800, 450)
    export(figure, svg, 800, 450)
    export(figure, table)
    image = QImage(str(png))
    assert (image.width(), image.height()) == (800, 450)
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg") and root.get("viewBox") == "0 0 800 450"
    assert len(root.findall(".//{http://www.w3.org/2000/svg}path")) > 5
    rows = list(csv.reader(table.open()))
    assert rows[0] == ["x", "sigmoid", "sigmoid_grad", "tanh", "tanh_grad", "relu", "relu_grad"]
    assert len(rows) == 2001
    assert float(rows[1000][1]) == pytest.approx(1 / (1 + np.exp(-float(rows[1000][0]))))


def test_grid_shows_on_both_plots_and_in_the_export(panel):
    assert panel.figure.value_plot.getAxis("bottom").grid is False
    panel.grid_check.setChecked(True)
    assert panel.settings.grid is True and panel.state()["grid"] is True
    for plot in (panel.figure.value_plot, panel.figure.derivative_plot, panel.export_figure().value_plot):
        assert plot.getAxis("bottom").grid and plot.getAxis("left").grid


def test_tanh_identity_is_one_click(panel):
    panel.set_selected(["sigmoid"])
    panel.findChild(type(panel.derivative_check), "functions.tanh_identity").click()
    assert "tanh" in panel.selected_names() and panel.current_spec().tanh_identity
    identity = panel.figure.identity_curve
    assert identity is not None and identity.isVisible()
    assert identity.getViewBox() is panel.figure.value_plot.getViewBox()
    x, y = identity.getData()
    _, tanh = curve(panel, "tanh").getData()
    assert np.max(np.abs(y - np.interp(x, *curve(panel, "tanh").getData()))) < 1e-6
    assert np.max(np.abs(tanh)) > 0.99
    assert "tanh_identity" in panel.export_figure().table().header
    assert panel.state()["tanh_identity"] is True
    panel.tanh_identity_check.click()
    assert not identity.isVisible()


def test_effective_input_range_is_shaded_from_the_derivative(panel):
    panel.set_selected(["tanh", "relu"])
    panel.findChild(type(panel.derivative_check), "functions.effective_range").click()
    shown = [(region, text) for region, text in panel.figure.effective_regions if region.isVisible()]
    assert len(shown) == 1  # ReLU has one flat tail only: no range between two
    low, high = shown[0][0].getRegion()
    assert low == pytest.approx(-3.0, abs=0.02) and high == pytest.approx(3.0, abs=0.02)  # the notes' [−3, 3]
    assert "[-3, 3]" in shown[0][1].toPlainText()
    restored = FunctionsPanel(LIGHT)
    restored.set_state(panel.state())
    assert restored.effective_range_check.isChecked()
    assert sum(region.isVisible() for region, _ in restored.figure.effective_regions) == 1
    restored.deleteLater()


def test_without_derivatives_the_value_plot_takes_the_whole_width(panel, qtbot):
    figure = panel.figure
    panel.resize(1400, 800)
    panel.show()
    qtbot.wait(50)
    beside = figure.value_plot.sceneBoundingRect().width()
    panel.settings.derivative = False
    qtbot.wait(50)
    assert figure.derivative_plot not in figure.widget.ci.items
    assert figure.value_plot.sceneBoundingRect().width() > 1.6 * beside
    panel.settings.derivative = True
    qtbot.wait(50)
    assert figure.derivative_plot in figure.widget.ci.items
    assert figure.value_plot.sceneBoundingRect().width() == pytest.approx(beside, rel=0.05)
    _, dy = curve(panel, "sigmoid", "grad").getData()
    assert dy.max() == pytest.approx(0.25, abs=1e-4)
