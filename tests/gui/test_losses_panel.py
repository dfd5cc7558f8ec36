"""The Losses panel: curves follow the chosen losses, target and parameters; P and Q; export; state."""

from __future__ import annotations

import csv
import math
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PySide6.QtCore import Qt

from actgui.core.losses import CLASSIFICATION, LOGIT, PROBABILITY, REGRESSION
from actgui.qt.base.export import export
from actgui.qt.base.theme import DARK, LIGHT
from actgui.qt.panels.losses.panel import LossesPanel


@pytest.fixture
def panel(qtbot):
    panel = LossesPanel(LIGHT)
    qtbot.addWidget(panel)
    return panel


def curve_data(figure, key, gradient=False):
    curve = (figure.gradient_curves if gradient else figure.loss_curves)[key]
    x, y = curve.getData()
    return np.asarray(x), np.asarray(y)


def test_defaults_draw_the_regression_losses(panel):
    assert panel.current_kind() == REGRESSION
    assert panel.selected_names(REGRESSION) == ["mae", "mse", "huber"]
    x, y = curve_data(panel.regression_figure, "mse")
    np.testing.assert_allclose(y, x**2)
    _, grad = curve_data(panel.regression_figure, "mae", gradient=True)
    assert set(np.unique(grad)) <= {-1.0, 0.0, 1.0}
    assert not panel.regression_figure.loss_curves["smooth_l1"].isVisible()
    assert "Huber" in panel.formula_label.text()


def test_changing_loss_and_target_changes_the_curves(panel):
    before = curve_data(panel.regression_figure, "mse")[1].copy()
    panel.target_slider.setValue(2.0)
    x, after = curve_data(panel.regression_figure, "mse")
    assert not np.allclose(before, after)
    np.testing.assert_allclose(after, (x - 2.0) ** 2)
    assert x[0] == pytest.approx(-5.0) and x[-1] == pytest.approx(5.0)
    assert panel.regression_figure.target_lines[0].value() == pytest.approx(2.0)
    panel.set_selected(REGRESSION, ["smooth_l1"])
    assert panel.regression_figure.loss_curves["smooth_l1"].isVisible()
    assert not panel.regression_figure.loss_curves["mse"].isVisible()
    assert [c.loss.key for c in panel.regression_figure.curves] == ["smooth_l1"]


def test_huber_delta_moves_the_switch(panel):
    panel.sliders[("huber", "delta")].setValue(2.0)
    x, grad = curve_data(panel.regression_figure, "huber", gradient=True)
    np.testing.assert_allclose(grad, np.clip(x, -2.0, 2.0))
    kinks = sorted(line.value() for line in panel.regression_figure.kink_lines["huber"])
    assert kinks == [pytest.approx(-2.0), pytest.approx(2.0)]
    assert panel.sliders[("huber", "delta")].isVisibleTo(panel)
    assert not panel.sliders[("smooth_l1", "beta")].isVisibleTo(panel)


def test_classification_view_and_axis(panel):
    panel.view_combo.setCurrentIndex(1)
    assert panel.current_kind() == CLASSIFICATION
    assert panel.views.currentIndex() == 1
    panel.label_slider.setValue(1.0)
    x, y = curve_data(panel.classification_figure, "bce")
    np.testing.assert_allclose(y, -np.log(x), rtol=1e-9)
    assert 0 < x[0] < x[-1] < 1
    panel.axis_combo.setCurrentIndex(1)
    assert panel.current_axis() == LOGIT
    z, grad = curve_data(panel.classification_figure, "bce", gradient=True)
    np.testing.assert_allclose(grad, 1 / (1 + np.exp(-z)) - 1, atol=1e-12)
    assert z[0] == pytest.approx(-6.0)


def test_distributions_and_the_identity(panel):
    panel.p_edit.setText("1, 1, 2")
    panel.q_edit.setText("1, 2, 1")
    panel.p_edit.editingFinished.emit()
    figure = panel.distribution_figure
    np.testing.assert_allclose(np.asarray(figure.p_bars.opts["height"]), [0.25, 0.25, 0.5])
    measures = figure.measures
    assert measures.cross_entropy == pytest.approx(measures.entropy + measures.kl)
    assert measures.entropy == pytest.approx(-(2 * 0.25 * math.log(0.25) + 0.5 * math.log(0.5)))
    text = panel.information_label.text()
    assert f"{measures.cross_entropy:.4f}" in text and f"{measures.kl:.4f}" in text
    assert figure.table().header == ["class", "P", "Q"]


def test_bad_distributions_are_refused_and_kept(panel):
    panel.q_edit.setText("1, -1, 1, 1")
    panel.q_edit.editingFinished.emit()
    assert "non-negative" in panel.distribution_error.text()
    assert panel.q == [0.1, 0.5, 0.3, 0.1]
    panel.p_edit.setText("1, 1")
    panel.q_edit.setText("1, 1, 1, 1")
    panel.q_edit.editingFinished.emit()
    assert "classes" in panel.distribution_error.text()


def test_a_zero_predicted_probability_gives_infinite_cross_entropy(panel):
    panel.set_distributions([1, 1], [1, 0])
    assert panel.distribution_figure.measures.kl == math.inf
    assert "∞" in panel.information_label.text()


def test_no_loss_ticked_draws_nothing(panel):
    panel.set_selected(REGRESSION, [])
    assert not any(curve.isVisible() for curve in panel.regression_figure.loss_curves.values())
    assert panel.regression_figure.table().header == ["prediction"]
    assert "at least one" in panel.formula_label.text()


@pytest.mark.parametrize("name", ["regression", "classification", "distributions"])
def test_exports_exist_and_parse(panel, tmp_path, name):
    panel.view_combo.setCurrentIndex(1)
    figure = panel.export_figure(name)
    for suffix in ("csv", "png", "svg"):
        export(figure, tmp_path / f"{name}.{suffix}", 800, 500)
        assert (tmp_path / f"{name}.{suffix}").stat().st_size > 100
    rows = list(csv.reader((tmp_path / f"{name}.csv").open()))
    expected = {"regression": ["prediction", "mae", "mae_grad", "mse", "mse_grad", "huber", "huber_grad"],
                "classification": ["prediction", "bce", "bce_grad", "kl_div", "kl_div_grad"],
                "distributions": ["class", "P", "Q"]}[name]
    assert rows[0] == expected
    assert all(len(row) == len(expected) for row in rows[1:])
    np.array(rows[1:], dtype=float)
    ET.parse(tmp_path / f"{name}.svg")


def test_state_round_trip_and_bad_state(panel, qtbot):
    panel.view_combo.setCurrentIndex(1)
    panel.axis_combo.setCurrentIndex(1)
    panel.set_selected(CLASSIFICATION, ["hinge", "bce_with_logits"])
    panel.sliders[("smooth_l1", "beta")].setValue(0.5)
    panel.set_distributions([1, 2], [2, 1])
    other = LossesPanel(DARK)
    qtbot.addWidget(other)
    other.set_state(panel.state())
    assert other.state() == panel.state()
    assert other.current_axis() == LOGIT and other.current_kind() == CLASSIFICATION
    before = other.state()
    for bad in ({**before, "regression": ["bce"]}, {**before, "label": 3}, {**before, "axis": "x"},
                {**before, "q": [0, 0]}, {**before, "params": {"huber": {"delta": 99}}}, {"view": "nope"},
                {**before, "bogus": 1}):
        with pytest.raises(ValueError):
            other.set_state(bad)
    assert other.state() == before


def test_theme_and_retranslate(panel):
    panel.set_theme(DARK)
    assert panel.regression_figure.theme is DARK
    panel.retranslate()
    assert panel.title() == "Losses"
    assert panel.lists[REGRESSION].item(0).checkState() == Qt.Checked
    assert panel.current_axis() == PROBABILITY


def test_mse_vs_bce_on_a_sigmoid_output_is_one_click(panel):
    panel.view_combo.setCurrentIndex(1)
    panel.findChild(type(panel.sigmoid_output_check), "losses.mse_vs_bce").click()
    figure = panel.sigmoid_output_figure
    assert panel.views.currentWidget() is figure.widget
    assert panel.current_axis() == LOGIT and panel.label_slider.value() == 1.0
    assert [c.loss.key for c in figure.curves] == ["mse", "bce"]
    z, mse_grad = curve_data(figure, "mse", gradient=True)
    _, bce_grad = curve_data(figure, "bce", gradient=True)
    assert abs(mse_grad[0]) < 0.01 and bce_grad[0] == pytest.approx(-1.0, abs=0.01)  # z = −6, t = 1
    assert figure.loss_curves["mse"].isVisible() and not figure.loss_curves["mae"].isVisible()
    assert "confidently wrong" in figure.gradient_plot.titleLabel.text
    assert panel.export_figure("sigmoid_output").table().header[1:] == ["mse", "mse_grad", "bce", "bce_grad"]
    assert panel.state()["mse_vs_bce"] is True
    panel.sigmoid_output_check.click()
    assert panel.views.currentWidget() is not figure.widget
