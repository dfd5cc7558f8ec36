"""The Backprop panel: the step-through with keys and buttons, the equations under the cursor with
their numbers in both languages, picking the batch on the data plot, and the Training panel's network."""

import numpy as np
import pytest
from PySide6.QtCore import Qt

from actgui.qt.base.i18n import install_language
from actgui.qt.base.theme import LIGHT
from actgui.qt.panels.backprop.panel import BackpropPanel
from actgui.qt.shell.main_window import MainWindow
from actgui.state.backprop import phase_steps


@pytest.fixture
def panel(qtbot):
    panel = BackpropPanel(LIGHT)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitUntil(lambda: panel.step is not None)
    return panel


def test_the_default_is_one_step_of_the_xor_lesson(panel):
    assert panel.step.widths == [2, 3, 1] and panel.step.loss == "bce_with_logits"
    assert panel.figure.plot.titleLabel.text.startswith("① Forward pass, layer 1 of 2")
    assert "z₁ = " in panel.figure.equations.text and "sigmoid(" in panel.figure.equations.text


def test_the_keys_step_through_every_phase_and_back(panel, qtbot):
    seen = [(panel.settings.phase, panel.settings.layer)]
    for _ in range(7):
        qtbot.keyClick(panel.figure.widget, Qt.Key_PageDown)
        seen.append((panel.settings.phase, panel.settings.layer))
    assert seen[:6] == phase_steps(2) and seen[6:] == [("update", -1)] * 2
    assert not panel.next_button.isEnabled() and panel.figure.plot.titleLabel.text.startswith("④ Update")
    qtbot.keyClick(panel.figure.widget, Qt.Key_Left)
    assert (panel.settings.phase, panel.settings.layer) == ("backward", 0)
    assert "Chain rule" in panel.figure.equations.text
    panel.previous_button.click()
    assert (panel.settings.phase, panel.settings.layer) == ("backward", 1)


def test_a_unit_and_a_link_under_the_cursor_show_their_numbers(panel):
    step = panel.step
    panel.settings.phase, panel.settings.layer = "backward", 0
    figure = panel.figure
    x, y = figure.centres[1][0]
    unit = figure.describe(x, y)
    hidden = step.layers[0]
    assert f"f′(z) = {hidden.fprime[0, 0]:.3g}" in unit and "δ = " in unit
    assert f"{hidden.dz[0, 0]:.3g}" in unit
    (sx, sy), (tx, ty) = figure.centres[1][0], figure.centres[2][0]
    link = figure.describe((sx + tx) / 2, (sy + ty) / 2)
    output = step.layers[1]
    assert "∂L/∂w = δ·a_prev" in link and f"{output.dz[0, 0] * hidden.a[0, 0]:.3g}" in link
    assert figure.describe(-5, -5) == ""
    install_language("zh_CN")
    try:
        assert "从 隐藏层 1 #1 到 输出 #1 的权重" in figure.describe((sx + tx) / 2, (sy + ty) / 2)
        assert figure.plot.titleLabel.text.startswith("③ 反向传播")
        assert "链式法则" in figure.equations.text
    finally:
        install_language("en")


def test_a_click_on_the_data_picks_the_batch(panel, qtbot):
    panel.settings.batch_size = 3
    target = panel.step.data_x[17]
    panel.data.picked(panel.data.nearest(*target[:2]))
    qtbot.waitUntil(lambda: panel.step.batch == (17, 18, 19))
    assert panel.settings.first == 17
    np.testing.assert_array_equal(panel.step.x[0], target.astype(np.float64))
    assert len(panel.data.batch.data) == 3


def test_bad_settings_say_why_and_keep_the_panel(panel, qtbot):
    panel.settings.activation = "prelu"
    qtbot.waitUntil(lambda: panel.step is None)
    assert "parameter of its own" in panel.message.text()
    panel.settings.activation = "relu"
    qtbot.waitUntil(lambda: panel.step is not None)
    assert panel.message.text() == ""


def test_the_training_panels_network_is_taken_when_it_fits(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    panel = window.panels["backprop"]
    training = window.states["training"]
    panel.take_training_network()  # the default (32, 32) is larger than the microscope draws
    assert "larger than" in panel.message.text() and panel.settings.hidden == [3]
    training.dataset, training.hidden, training.activation = "moons", [4, 4], "tanh"
    panel.take_training_network()
    assert (panel.settings.dataset, panel.settings.hidden, panel.settings.activation) == ("moons", [4, 4], "tanh")
    qtbot.waitUntil(lambda: panel.step is not None and panel.step.widths == [2, 4, 4, 1])
    assert panel.hidden_edit.text() == "4, 4"


@pytest.mark.parametrize("width", [420, 700, 1200])
def test_the_unit_labels_stay_in_a_narrow_view_at_lecture_size(qtbot, width):
    """The guide open beside the panel at 1280 × 720 in lecture mode left about 650 px: x₁=0.0984 was cut."""
    from actgui.qt.base.theme import get_theme

    panel = BackpropPanel(get_theme("light", lecture=True, screen_height=720))
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitUntil(lambda: panel.step is not None)
    for phase_key in (None, Qt.Key_PageDown, Qt.Key_PageDown):
        if phase_key is not None:
            qtbot.keyClick(panel.figure.widget, phase_key)
        panel.figure.widget.resize(width, 500)
        qtbot.wait(50)
        view = panel.figure.widget.viewport().rect()
        shown = [t for t in panel.figure.texts if t.isVisible() and t.toPlainText()]
        assert shown
        for label in shown:
            box = label.sceneBoundingRect()
            assert box.left() >= 0 and box.right() <= view.width(), (label.toPlainText(), box, view)
