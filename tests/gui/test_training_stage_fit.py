"""The Training tab as a stage on a projector: at 1280 × 720 in lecture mode, in English and in
Chinese, the presenter bar's controls and a live picture at least 200 px high are on screen at once,
nothing scrolls sideways, and the settings drawer opens and closes."""

import pytest
from PySide6.QtCore import QRect

from actgui.qt.base.i18n import install_language
from actgui.qt.base.theme import get_theme
from actgui.qt.shell.main_window import MainWindow

MIN_PICTURE = 200


def on_screen(widget, window) -> bool:
    """Whether all of `widget` is shown inside the window: visible, and inside every widget that holds it
    (no scroll area or clipping parent hides a part of it)."""
    if not widget.isVisible():
        return False
    parent = widget.parentWidget()
    while parent is not None:
        rect = QRect(widget.mapTo(parent, widget.rect().topLeft()), widget.size())
        if not parent.rect().contains(rect):
            return False
        if parent is window:
            return True
        parent = parent.parentWidget()
    return False


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_presenter_bar_and_a_live_picture_fit_1280x720_in_lecture_mode(qtbot, language):
    install_language(language)
    try:
        window = MainWindow(get_theme("light", lecture=True, screen_height=720))
        qtbot.addWidget(window)
        window.resize(1280, 720)
        window.show()
        panel = window.panels["training"]
        window.tabs.setCurrentWidget(panel)
        qtbot.wait(300)
        bar = panel.bar
        for widget in (bar.start_button, bar.pause_button, bar.step_button, bar.speed_combo, bar.watch_button,
                       bar.lr_spin, bar.activation_combo, bar.dataset_combo, bar.hidden_edit, bar.settings_button):
            assert on_screen(widget, window), f"{language}: {widget.objectName()}"
        for name in ("boundary", "network", "loss"):
            picture = panel.figures[name].widget
            assert on_screen(picture, window) and picture.height() >= MIN_PICTURE, f"{language}: {name}"
        assert not panel.drawer_pane.isVisible()  # lecture mode: the drawer starts closed
        bar.settings_button.click()
        assert panel.drawer_pane.isVisible()
        scroll = panel.control_panes[0]
        assert scroll.isVisible() and not scroll.horizontalScrollBar().isVisible()  # nothing scrolls sideways
        qtbot.wait(100)
        assert on_screen(panel.figures["boundary"].widget, window)
        assert panel.figures["boundary"].widget.height() >= MIN_PICTURE
        bar.settings_button.click()
        assert not panel.drawer_pane.isVisible()
        panel.shutdown()
    finally:
        install_language("en")
