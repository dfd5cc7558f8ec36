"""Lecture mode, hidden controls, keyboard shortcuts and the guide."""

import pytest

from actgui.qt.base.panel import LECTURE_CONTROLS_SHARE, MAX_CONTROLS_WIDTH
from actgui.qt.base.theme import lecture_scale
from actgui.qt.shell.main_window import MainWindow


@pytest.fixture
def window(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    return window


def test_lecture_mode_enlarges_fonts_and_lines(window, qapp):
    figure = window.panels["functions"].figure
    assert figure._styled[0][0].opts["pen"].widthF() == pytest.approx(1.0)
    window.lecture_action.trigger()
    assert window.theme.lecture and window.isFullScreen()
    assert figure._styled[0][0].opts["pen"].widthF() == pytest.approx(3.0)
    assert window.theme.font_pt == round(11 * lecture_scale(window.screen().size().height())) >= 15
    qapp.processEvents()
    share = LECTURE_CONTROLS_SHARE * window.width()
    for panel in window.panels.values():
        for pane in panel.control_panes:
            assert pane.minimumWidth() >= min(pane.widget().sizeHint().width(), MAX_CONTROLS_WIDTH, share), panel.key
    window.lecture_action.trigger()
    assert not window.theme.lecture and not window.isFullScreen()


def test_hide_controls_on_every_panel(window):
    for panel in window.panels.values():
        assert panel.control_panes, panel.key
    window.controls_action.trigger()
    for panel in window.panels.values():
        window.tabs.setCurrentWidget(panel)
        assert not any(pane.isVisible() for pane in panel.control_panes), panel.key
    window.tabs.setCurrentWidget(window.panels["functions"])
    assert window.panels["functions"].figure.widget.isVisible()
    window.controls_action.trigger()
    window.tabs.setCurrentWidget(window.panels["functions"])
    assert all(pane.isVisible() for pane in window.panels["functions"].control_panes)


def test_shortcut_actions(window):
    functions = window.panels["functions"]
    window.panel_actions["next"].trigger()
    assert functions.selected_names() == ["leaky_relu"]
    window.panel_actions["previous"].trigger()
    window.panel_actions["previous"].trigger()
    assert functions.selected_names() == ["tanh"]
    window.panel_actions["derivative"].trigger()
    assert not functions.derivative_check.isChecked()
    assert ("tanh", "grad") not in functions.figure._curves


def test_guide_follows_the_tab(window):
    window.guide_action.trigger()
    assert window.guide_dock.isVisible()
    assert "ReLU &gt; Leaky ReLU" in window.guide.toHtml() or "ReLU > Leaky ReLU" in window.guide.toPlainText()
    window.tabs.setCurrentWidget(window.panels["softmax"])
    assert "exp(z − max z)" in window.guide.toPlainText()


def test_the_wheel_scrolls_the_controls_not_the_values(window, qtbot):
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication, QSpinBox

    window.resize(1000, 500)
    panel = window.panels["training"]
    window.tabs.setCurrentWidget(panel)
    pane = panel.control_panes[0]
    spin = next(s for s in pane.widget().findChildren(QSpinBox) if s.isVisible())
    before, scrolled = spin.value(), pane.verticalScrollBar().value()

    def wheel(target):
        centre = QPointF(target.rect().center())
        event = QWheelEvent(centre, QPointF(target.mapToGlobal(centre.toPoint())), QPoint(), QPoint(0, -120),
                            Qt.NoButton, Qt.NoModifier, Qt.NoScrollPhase, False)
        QApplication.sendEvent(target, event)

    wheel(spin)
    assert spin.value() == before and pane.verticalScrollBar().value() > scrolled
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus)
    wheel(spin)
    assert spin.value() != before


def test_the_training_status_keeps_its_height(window):
    label = window.panels["training"].status_label
    label.setText("one line")
    height = label.height(), label.sizeHint().height()
    label.setText("\n".join(["a long status message"] * label.lines))
    assert (label.height(), label.sizeHint().height()) == height


def test_every_panel_has_its_guide_in_both_languages(window):
    from actgui.qt.shell.guide import guide_html

    for key in window.panels:
        english, chinese = guide_html(key, "en"), guide_html(key, "zh_CN")
        assert "<h3>" in english and "<h3>" in chinese and english != chinese, key
