"""The Softmax panel: logits, temperature, twice, Jacobian and the overflow demo."""

import numpy as np
import pytest

from actgui.core.softmax import NOTES_LOGITS, autograd_jacobian, softmax
from actgui.qt.base.theme import LIGHT
from actgui.qt.panels.softmax.panel import SoftmaxPanel


@pytest.fixture
def panel(qtbot):
    panel = SoftmaxPanel(LIGHT)
    qtbot.addWidget(panel)
    return panel


def bar_heights(bars):
    return np.asarray(bars.opts["height"])


def test_defaults_are_the_notes_logits(panel):
    assert panel.logits == list(NOTES_LOGITS)
    p = bar_heights(panel.bars.probability_bars)
    assert p.sum() == pytest.approx(1.0) and p[9] == pytest.approx(0.7392, abs=1e-4)
    assert panel.jacobian.matrix.shape == (10, 10)


def test_temperature_and_twice(panel):
    panel.temperature.setValue(5.0)
    assert bar_heights(panel.bars.probability_bars).max() < 0.3
    panel.twice_check.setChecked(True)
    twice = bar_heights(panel.bars.twice_bars)
    assert twice.sum() == pytest.approx(1.0) and twice.max() < bar_heights(panel.bars.probability_bars).max()
    assert panel.bars.table().header == ["index", "logit", "probability", "probability_twice"]


def test_large_logits_overflow_naively(panel):
    panel.large_button.click()
    assert panel.logits == [1000.0, 1001.0, 1002.0]
    assert panel.overflow_table.item(0, 1).text() == "nan"
    assert float(panel.overflow_table.item(2, 2).text()) == pytest.approx(0.6652, abs=1e-4)


def test_bad_logits_are_refused_and_kept(panel):
    panel.logits_edit.setText("1, two, 3")
    panel.logits_edit.editingFinished.emit()
    assert "'two' is not a number" in panel.error_label.text()
    assert panel.logits == list(NOTES_LOGITS)


def test_state_round_trip(panel, qtbot):
    panel.set_logits([1.0, 2.0])
    panel.temperature.setValue(2.0)
    other = SoftmaxPanel(LIGHT)
    qtbot.addWidget(other)
    other.set_state(panel.state())
    assert other.state() == panel.state()
    with pytest.raises(ValueError):
        other.set_state({"logits": ["x"], "temperature": 1, "twice": False})


def test_jacobian_title_shows_the_inverse_temperature(panel):
    panel.temperature.setValue(0.5)
    assert "1/T = 2" in panel.jacobian.plot.titleLabel.text
    np.testing.assert_allclose(panel.jacobian.matrix, autograd_jacobian(panel.logits, 0.5), atol=1e-12)


def test_softmax_applied_twice_has_its_own_temperature(panel):
    panel.twice_check.setChecked(True)
    panel.temperature.setValue(2.0)
    panel.twice_temperature.setValue(0.1)
    once = softmax(panel.logits, 2.0)
    table = panel.export_figure("softmax").table()
    np.testing.assert_allclose(table.columns["probability_twice"], softmax(once, 0.1))
    assert panel.state()["twice_temperature"] == pytest.approx(0.1)
    assert "T₂ = 0.1" in " ".join(text.text for _, text in panel.bars.probability_plot.legend.items)


def _values(figure, plot) -> list[tuple[float, str]]:
    return sorted((label.pos().x(), label.textItem.toPlainText()) for owner, label in figure.value_labels
                  if owner is plot)


def test_every_bar_carries_its_value(panel):
    figure = panel.bars
    assert [text for _, text in _values(figure, figure.logit_plot)] == [f"{z:.4g}" for z in NOTES_LOGITS]
    probabilities = [text for _, text in _values(figure, figure.probability_plot)]
    assert probabilities[9] == "0.74" and len(probabilities) == 10
    assert probabilities[0] == f"{softmax(list(NOTES_LOGITS))[0]:.2f}"
    panel.twice_check.setChecked(True)
    assert len(_values(figure, figure.probability_plot)) == 20
    top = figure.probability_plot.vb.viewRange()[1][1]
    assert top > 1.0  # room above a bar of 1 for its value
    panel.large_button.click()
    assert [text for _, text in _values(figure, figure.logit_plot)] == ["1000", "1001", "1002"]
