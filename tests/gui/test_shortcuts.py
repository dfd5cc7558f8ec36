"""The window's shortcuts work whatever widget has the focus: a spin box or a text field keeps its own
keys (typing, arrows) but not the window's Ctrl+E, Ctrl+S, F11 and the rest."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QLineEdit

from actgui.qt.shell.main_window import MainWindow


@pytest.fixture
def window(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    return window


def _triggers(action) -> list[bool]:
    """Replaces what `action` does by counting its triggers."""
    action.triggered.disconnect()
    fired: list[bool] = []
    action.triggered.connect(lambda *_: fired.append(True))
    return fired


@pytest.mark.parametrize("field", ["init.histogram.fan_in", "landscape.lr", "landscape.expression"])
def test_ctrl_e_exports_from_a_focused_field(window, qtbot, field):
    panel = window.panels[field.partition(".")[0]]
    window.tabs.setCurrentWidget(panel)
    if field == "landscape.expression":
        panel.settings.surface = "custom"
    widget = panel.findChild(QAbstractSpinBox, field) or panel.findChild(QLineEdit, field)
    if field == "init.histogram.fan_in":
        panel.views.setCurrentIndex(0)
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() in (widget, widget.findChild(QLineEdit)))
    fired = _triggers(window.export_action)
    before = widget.text() if isinstance(widget, QLineEdit) else widget.value()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_E, Qt.ControlModifier)
    assert fired == [True]
    after = widget.text() if isinstance(widget, QLineEdit) else widget.value()
    assert after == before  # the field was not edited by the key


def test_a_focused_spin_box_keeps_its_own_keys(window, qtbot):
    panel = window.panels["init"]
    window.tabs.setCurrentWidget(panel)
    spin = panel.fan_in_spin
    spin.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    value = spin.value()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Up)
    assert spin.value() == value + 1


def test_every_window_shortcut_reaches_the_window_from_a_spin_box(window, qtbot):
    panel = window.panels["landscape"]
    window.tabs.setCurrentWidget(panel)
    panel.steps_spin.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    for action in (window.save_action, window.controls_action, window.panel_actions["derivative"]):
        fired = _triggers(action)
        sequence = action.shortcut()
        combination = sequence[0]
        qtbot.keyClick(QApplication.focusWidget(), combination.key(), combination.keyboardModifiers())
        assert fired == [True], sequence.toString()


def test_ctrl_right_moves_to_the_next_activation_from_a_spin_box(window, qtbot):
    """A spin box's line edit takes Ctrl+Right (next word) for itself on every platform."""
    panel = window.panels["landscape"]
    window.tabs.setCurrentWidget(panel)
    panel.lr_spin.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    fired = _triggers(window.panel_actions["next"])
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Right, Qt.ControlModifier)
    assert fired == [True]
