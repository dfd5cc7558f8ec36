"""The Initialisation panel: the histogram follows scheme, fans and parameters; the depth view shows
the notes' six cases; figures export to PNG, SVG and CSV; state round-trips."""

import csv
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QComboBox, QPushButton, QSpinBox

from actgui.core.depth import DEPTH_COMPARISONS, DEPTH_PRESETS
from actgui.qt.base.export import export
from actgui.qt.base.theme import DARK, LIGHT
from actgui.qt.base.widgets import ParamSlider
from actgui.qt.panels.init.panel import InitPanel


@pytest.fixture
def panel(qtbot):
    panel = InitPanel(LIGHT)
    qtbot.addWidget(panel)
    return panel


def find(panel, kind, name):
    widget = panel.findChild(kind, name)
    assert widget is not None, name
    return widget


def choose(combo: QComboBox, key: str) -> None:
    combo.setCurrentIndex(combo.findData(key))


def histogram_heights(panel) -> np.ndarray:
    return np.array(panel.histogram_figure.layers[0][0].yData)


def test_scheme_and_fans_change_the_histogram(panel):
    before = histogram_heights(panel)
    assert panel.samples[0].scheme.key == "kaiming_normal" and panel.samples[0].weights.numel() == 256 * 256
    choose(find(panel, QComboBox, "init.histogram.scheme"), "uniform")
    after = histogram_heights(panel)
    assert not np.array_equal(before, after)
    assert panel.samples[0].theory.std == pytest.approx(1 / np.sqrt(12))
    assert "0.2887" in find(panel, type(panel.stats_label), "init.stats").text()

    find(panel, QSpinBox, "init.histogram.fan_in").setValue(3)
    find(panel, QSpinBox, "init.histogram.fan_out").setValue(5)
    assert panel.samples[0].weights.numel() == 15  # the notes' nn.Linear(3, 5)


def test_parameters_and_choices_drive_the_theory(panel):
    find(panel, QSpinBox, "init.histogram.fan_in").setValue(400)
    find(panel, QSpinBox, "init.histogram.fan_out").setValue(100)
    assert panel.samples[0].theory.std == pytest.approx(np.sqrt(2 / 400))
    find(panel, QComboBox, "choice.init.mode").setCurrentText("fan_out")
    assert panel.samples[0].theory.std == pytest.approx(np.sqrt(2 / 100))
    choose(find(panel, QComboBox, "init.histogram.scheme"), "xavier_normal")
    find(panel, ParamSlider, "param.init.gain").setValue(2.0)
    assert panel.samples[0].theory.std == pytest.approx(2 * np.sqrt(2 / 500))
    assert panel.samples[0].std == pytest.approx(panel.samples[0].theory.std, rel=0.05)


def test_resample_moves_the_seed(panel):
    before = panel.samples[0].weights.clone()
    find(panel, QPushButton, "init.resample").click()
    assert find(panel, QSpinBox, "init.histogram.seed").value() == 1
    assert not np.array_equal(before.numpy(), panel.samples[0].weights.numpy())


def test_bad_parameters_show_a_message_and_keep_the_plot(panel):
    choose(find(panel, QComboBox, "init.histogram.scheme"), "uniform")
    before = histogram_heights(panel)
    find(panel, ParamSlider, "param.init.a").setValue(2.0)
    assert "must be smaller than b" in panel.error_label.text()
    assert np.array_equal(before, histogram_heights(panel))
    find(panel, ParamSlider, "param.init.a").setValue(-1.0)
    assert panel.error_label.text() == ""


def test_compare_overlays_a_second_scheme(panel, tmp_path):
    choose(find(panel, QComboBox, "init.histogram.compare"), "constant")
    assert [s.scheme.key for s in panel.samples] == ["kaiming_normal", "constant"]
    _, _, stems, _ = panel.histogram_figure.layers[1]
    assert stems.isVisible() and stems.xData[0] == 6.0
    export(panel.export_figure("init_histogram"), tmp_path / "both.csv")
    with open(tmp_path / "both.csv", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["weight", "weight_compare"] and len(rows) == 256 * 256 + 1
    choose(find(panel, QComboBox, "init.histogram.compare"), None)
    assert len(panel.samples) == 1 and not stems.isVisible()


def run_preset(panel, key):
    panel.depth_spin.setValue(12)
    panel.width_spin.setValue(128)
    panel.batch_spin.setValue(32)
    combo = find(panel, QComboBox, "init.depth.preset")
    combo.setCurrentIndex(combo.findData(key))
    combo.activated.emit(combo.currentIndex())
    assert panel.depth_result.spec.width == 128 and panel.depth_result.spec.depth == 12
    act_curve, grad_curve = panel.depth_figure.case_curves[0][:2]
    act = np.array(act_curve.yData)
    grad = np.array(grad_curve.yData) if grad_curve.yData is not None else []
    return act, grad


def test_depth_presets_have_the_expected_shape(panel):
    assert [p.key for p in DEPTH_PRESETS] == ["relu_kaiming", "relu_xavier", "tanh_xavier", "sigmoid_xavier",
                                              "selu_lecun", "constant_symmetry"]
    act, _ = run_preset(panel, "relu_kaiming")
    assert 0.5 <= act[-1] / act[0] <= 2
    act, _ = run_preset(panel, "relu_xavier")
    assert act[-1] / act[0] < 0.1
    assert panel.depth_scheme_combo.currentData() == "xavier_normal"
    act, _ = run_preset(panel, "tanh_xavier")
    assert 0.5 <= act[-1] / act[0] <= 2
    _, grad = run_preset(panel, "sigmoid_xavier")
    assert grad[0] / grad[-1] < 1e-4
    act, _ = run_preset(panel, "selu_lecun")
    assert np.all((act > 0.8) & (act < 1.25))
    act, _ = run_preset(panel, "constant_symmetry")
    assert panel.depth_result.collapsed
    assert "symmetry is never broken" in panel.depth_figure.note.text
    assert "symmetry is never broken" in find(panel, type(panel.summary_label), "init.depth.summary").text()
    image = np.array(panel.depth_histogram_figure.image.image)
    assert image.shape == (12, panel.depth_result.histograms.shape[1])


def test_recommended_init_follows_the_activation(panel, qtbot):
    panel.width_spin.setValue(64)
    panel.batch_spin.setValue(32)
    choose(find(panel, QComboBox, "init.depth.activation"), "leaky_relu")
    assert panel.preset_combo.currentData() is None
    assert "Kaiming" in find(panel, type(panel.recommended_label), "init.depth.recommended").text()
    choose(panel.depth_scheme_combo, "xavier_normal")
    find(panel, QPushButton, "init.depth.use_recommended").click()
    assert panel.depth_scheme_combo.currentData() == "kaiming_normal"
    assert panel.depth_scheme_params.values() == {"a": pytest.approx(0.01), "mode": "fan_in",
                                                  "nonlinearity": "leaky_relu"}
    assert panel.depth_result.spec.init == "kaiming_normal"
    choose(panel.activation_combo, "selu")
    assert "LeCun" in panel.recommended_label.text()


def test_size_changes_rerun_after_a_short_delay(panel, qtbot):
    find(panel, QSpinBox, "init.depth.width").setValue(48)
    assert panel.depth_result is None  # the experiment waits until its page is shown or a setting changes
    qtbot.waitUntil(lambda: panel.depth_result is not None and panel.depth_result.spec.width == 48, timeout=5000)
    assert panel.depth_result.distinct_units.max() <= 48


@pytest.mark.parametrize("name", ["init_histogram", "weight_matrix", "depth", "depth_histograms"])
def test_exports(panel, tmp_path, name):
    panel.depth_spin.setValue(5)
    panel.width_spin.setValue(64)
    panel.refresh_depth()
    for suffix in ("png", "svg", "csv"):
        export(panel.export_figure(name), tmp_path / f"{name}.{suffix}", 800, 450)
    assert QImage(str(tmp_path / f"{name}.png")).width() == 800
    assert ET.parse(tmp_path / f"{name}.svg").getroot().get("viewBox") == "0 0 800 450"
    with open(tmp_path / f"{name}.csv", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    expected = {"init_histogram": ["weight"], "weight_matrix": ["row", "column", "weight"],
                "depth": ["layer", "act_mean", "act_std", "grad_std", "signal_grad_std"],
                "depth_histograms": ["layer", "bin_low", "bin_high", "share"]}[name]
    assert rows[0] == expected
    if name == "depth":
        assert [int(row[0]) for row in rows[1:]] == [1, 2, 3, 4, 5]
    assert set(panel.figures) == {"init_histogram", "weight_matrix", "depth", "depth_histograms"}


def test_state_round_trips_and_bad_state_changes_nothing(panel, qtbot):
    choose(panel.scheme_combo, "trunc_normal")
    find(panel, ParamSlider, "param.init.b").setValue(1.5)
    choose(panel.compare_combo, "orthogonal")
    panel.fan_in_spin.setValue(64)
    panel.width_spin.setValue(64)
    panel.apply_preset("sigmoid_xavier")
    panel.depth_spin.setValue(8)
    panel.views.setCurrentIndex(1)
    state = panel.state()
    assert state["histogram"]["params"]["trunc_normal"]["b"] == pytest.approx(1.5)
    assert state["depth"]["activation"] == "sigmoid"

    other = InitPanel(DARK)
    qtbot.addWidget(other)
    other.set_state(state)
    assert other.state() == state
    assert other.depth_result.spec.depth == 8 and other.samples[1].scheme.key == "orthogonal"

    broken = {**state, "depth": {**state["depth"], "init": "bogus"}}
    with pytest.raises(ValueError, match="bogus"):
        other.set_state(broken)
    bad_params = {**state, "histogram": {**state["histogram"], "params": {"a": 3.0, "b": 1.0}}}
    with pytest.raises(ValueError, match="must be smaller"):
        other.set_state(bad_params)
    assert other.state() == state


def test_theme_switch_restyles(panel):
    panel.set_theme(DARK)
    assert panel.depth_figure.widget.backgroundBrush().color().name() == DARK.background
    assert panel.title() == "Initialisation"


@pytest.mark.parametrize("key", ["relu_xavier_vs_kaiming", "tanh_standard_vs_xavier", "selu_lecun_vs_kaiming"])
def test_one_click_comparisons_draw_every_case_in_its_own_colour(panel, key):
    panel.depth_spin.setValue(10)
    panel.width_spin.setValue(128)
    panel.batch_spin.setValue(32)
    find(panel, QPushButton, f"init.depth_cases.{key}").click()
    figure = panel.depth_figure
    assert [(r.spec.activation, r.spec.init) for r in figure.results] == [
        (activation, init) for activation, init, _ in DEPTH_COMPARISONS.get(key).cases]
    assert len(figure.case_curves) == 2
    colours = {curves[0].opts["pen"].color().name() for curves in figure.case_curves}
    assert len(colours) == 2
    for result, (act, _grad, signal, mean) in zip(figure.results, figure.case_curves, strict=True):
        assert np.allclose(act.yData, result.act_std) and np.allclose(mean.yData, result.act_mean)
        assert np.allclose(signal.yData, result.signal_grad_std)
        assert mean.getViewBox() is figure.mean_plot.getViewBox()
    first, second = figure.results
    if key == "relu_xavier_vs_kaiming":  # Xavier shrinks ×0.70 per layer, Kaiming holds
        assert first.act_std[-1] < 0.1 * second.act_std[-1]
    if key == "selu_lecun_vs_kaiming":  # LeCun: mean 0, std 1 (self-normalising)
        assert abs(first.act_mean[-1]) < 0.2 and 0.7 < first.act_std[-1] < 1.3
    assert panel.state()["depth"]["cases"] == key
    assert panel.export_figure("depth").table().header[0] == "case"
    assert "→" in panel.summary_label.text() and len(panel.summary_label.text().splitlines()) == 2
    choose(panel.activation_combo, "tanh")  # a hand edit goes back to the single network
    panel.refresh_depth()
    assert panel.depth_cases is None and len(panel.depth_figure.case_curves) == 1


def test_comparison_survives_a_state_round_trip(panel, qtbot):
    find(panel, QPushButton, "init.depth_cases.selu_lecun_vs_kaiming").click()
    state = panel.state()
    other = InitPanel(LIGHT)
    qtbot.addWidget(other)
    other.set_state(state)
    assert other.depth_cases == "selu_lecun_vs_kaiming"
    qtbot.waitUntil(lambda: len(other.depth_figure.case_curves) == 2)
    with pytest.raises(ValueError, match="init.depth.cases: unknown value .nonsense."):
        other.set_state({**state, "depth": {**state["depth"], "cases": "nonsense"}})


def test_recommended_init_shows_its_derivation_and_measured_drift(panel):
    choose(panel.activation_combo, "gelu")
    text = panel.recommended_label.text()
    assert "E[f(gain·z)²] = 1" in text and "1.468" in text
    find(panel, QPushButton, "init.depth.use_recommended").click()
    assert "cannot" in panel.summary_label.text() and "0.369×" in panel.summary_label.text()


def _matrix_texts(panel) -> list[str]:
    return [label.textItem.toPlainText() for label in panel.matrix_figure.labels]


def test_the_demo_layer_shows_its_weights_as_numbers_redrawn_on_every_resample(panel):
    """As the notes print nn.Linear(3, 5).weight after each nn.init call: 5 × 3 numbers."""
    figure = panel.matrix_figure
    assert figure.matrix().shape == (5, 3)
    weights = figure.matrix()
    assert weights.std() == pytest.approx(np.sqrt(2 / 3), rel=0.6)  # Kaiming on fan_in 3, not the histogram's 256
    assert _matrix_texts(panel) == [f"{w:.2f}" for w in weights.ravel()]
    assert len(set(_matrix_texts(panel))) > 1

    find(panel, QPushButton, "init.resample").click()
    assert not np.array_equal(figure.matrix(), weights)
    assert _matrix_texts(panel) == [f"{w:.2f}" for w in figure.matrix().ravel()]

    choose(find(panel, QComboBox, "init.histogram.scheme"), "constant")
    assert set(_matrix_texts(panel)) == {f"{figure.matrix()[0, 0]:.2f}"}  # every weight the same
    find(panel, QSpinBox, "init.histogram.layer_in").setValue(4)
    assert figure.matrix().shape == (5, 4) and len(_matrix_texts(panel)) == 20
    table = panel.export_figure("weight_matrix").table()
    assert len(table.columns["weight"]) == 20


def test_choosing_a_constant_init_for_the_depth_view_shows_symmetry_not_overflow(panel):
    choose(panel.depth_scheme_combo, "constant")
    panel.refresh_depth()
    result = panel.depth_result
    assert result.spec.init_params == {"val": 0.01}
    assert result.spec.activation == "relu" and result.spec.depth == 20
    assert result.collapsed and result.overflow_layer is None and not result.gradient_overflow
    assert np.all(np.isfinite(result.act_std))
    summary = panel.summary_label.text()
    assert "symmetry is never broken" in summary and "overflow" not in summary
    assert "symmetry is never broken" in panel.depth_figure.note.text
    choose(panel.scheme_combo, "constant")
    assert panel.samples[0].weights[0].item() == 6.0  # the notes' constant_(6) in the weight view
