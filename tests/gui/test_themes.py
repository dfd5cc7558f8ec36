"""Themes: switching keeps every legend label readable, every curve colour and check box reaches
WCAG's 3:1 non-text contrast in both themes, and the theme and language chosen last come back."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QSettings
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QCheckBox

from actgui.core.activations import ACTIVATIONS
from actgui.core.descent import DESCENT_METHODS
from actgui.core.losses import LOSSES
from actgui.qt.base.theme import DARK, LIGHT, MIN_CONTRAST, THEMES, apply_to_application, contrast
from actgui.qt.figures import init, losses, softmax, training

FIGURE_COLOURS = [init.SAMPLE_COLOR, init.COMPARE_COLOR, softmax.LOGIT_COLOR, softmax.PROBABILITY_COLOR,
                  softmax.TWICE_COLOR, losses.P_COLOR, losses.Q_COLOR, training.ERROR_COLOR]
PALETTE = sorted({entry.color for registry in (ACTIVATIONS, LOSSES, DESCENT_METHODS) for entry in registry}
                 | set(FIGURE_COLOURS))


@pytest.mark.parametrize("theme", list(THEMES.values()), ids=list(THEMES))
def test_every_curve_colour_reaches_3_to_1(theme):
    low = {color: contrast(theme.readable(color), theme.background) for color in PALETTE}
    assert min(low.values()) >= MIN_CONTRAST, {c: round(v, 2) for c, v in low.items() if v < MIN_CONTRAST}
    # colours that already pass are kept as they are
    assert all(theme.readable(c) == c for c in PALETTE if contrast(c, theme.background) >= MIN_CONTRAST)


def test_curves_are_drawn_in_the_readable_colour(qtbot):
    from actgui.core.function_plot import FunctionPlotSpec, compute
    from actgui.qt.figures.functions import FunctionsFigure

    spec = FunctionPlotSpec(names=list(ACTIVATIONS.keys())[:12], derivative=True)
    figure = FunctionsFigure(LIGHT)
    qtbot.addWidget(figure.widget)
    figure.show(spec, compute(spec))
    for theme in (DARK, LIGHT):
        figure.set_theme(theme)
        for curve, *_ in figure._styled:
            pen = curve.opts["pen"]
            assert contrast(pen.color().name(), theme.background) >= MIN_CONTRAST


def test_switching_theme_keeps_every_training_legend_label(qtbot):
    from actgui.core.training.config import TrainingConfig
    from actgui.core.training.history import RunHistory
    from actgui.core.training.trainer import Trainer, run_to_end
    from actgui.qt.panels.training.panel import TrainingPanel

    panel = TrainingPanel(LIGHT)
    qtbot.addWidget(panel)
    trainer = Trainer(TrainingConfig(dataset="spiral", samples=300, hidden=(16, 16), steps=40, record_every=5))
    history = RunHistory(trainer.info, capacity=None, label="ReLU", color="#1f77b4")
    history.result = run_to_end(trainer.records(), history.add)
    panel.figures["loss"].show([history])
    panel.figures["accuracy"].show([history])
    panel.figures["histograms"].show(history)
    figures = [panel.figures["loss"], panel.figures["accuracy"], panel.figures["histograms"]]
    before = [[label.text for _, label in plot.legend.items] for f in figures for plot in f.plots if plot.legend]
    assert any(before)
    for theme in (DARK, LIGHT, DARK):
        panel.set_theme(theme)
        after = [[label.text for _, label in plot.legend.items] for f in figures for plot in f.plots if plot.legend]
        assert after == before
        for figure in figures:
            for plot in figure.plots:
                for _, label in plot.legend.items if plot.legend else []:
                    assert f"color:{QColor(theme.foreground).name()};" in label.item.toHtml(), label.text


@pytest.mark.parametrize("theme", list(THEMES.values()), ids=list(THEMES))
def test_an_unchecked_check_box_stands_out(theme, qtbot):
    app = QApplication.instance()
    apply_to_application(app, theme)
    try:
        box = QCheckBox()
        qtbot.addWidget(box)
        box.resize(box.sizeHint())
        image = box.grab().toImage().convertToFormat(QImage.Format_RGB888)
        pixels = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
        pixels = pixels[:, : image.width() * 3].reshape(image.height(), image.width(), 3)
        window = box.palette().color(box.backgroundRole()).name()
        indicator = pixels[:, : image.height()]  # the indicator sits at the left, as wide as the box is high
        best = max(contrast(QColor(*map(int, p)).name(), window) for p in indicator.reshape(-1, 3)[::3])
        assert best >= MIN_CONTRAST
    finally:
        apply_to_application(app, LIGHT)


def test_theme_and_language_chosen_before_quitting_come_back(tmp_path):
    from actgui.qt.shell.app import initial_view

    settings = QSettings(str(tmp_path / "view.ini"), QSettings.IniFormat)
    settings.setValue("view/theme", "dark")
    settings.setValue("view/language", "zh_CN")
    assert initial_view(settings) == ("dark", "zh_CN")
    assert initial_view(settings, "light", "en") == ("light", "en")  # the command line wins
    settings.setValue("view/theme", "neon")
    assert initial_view(settings)[0] == "light"


def test_main_window_saves_the_choice(qtbot):
    from actgui.qt.shell.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.set_theme_name("dark")
    window.set_language("zh_CN")
    try:
        assert QSettings().value("view/theme") == "dark" and QSettings().value("view/language") == "zh_CN"
    finally:
        window.set_language("en")
        window.set_theme_name("light")


def test_a_combo_too_narrow_for_its_text_shortens_it_and_tells_the_whole_text(qtbot):
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QComboBox, QStyleOptionComboBox, QToolTip

    from actgui.qt.base.theme import ContrastStyle, combo_text_room
    from actgui.qt.base.widgets import ElidedComboTips

    app = QApplication.instance()
    apply_to_application(app, LIGHT)
    assert isinstance(app.style(), ContrastStyle)
    whole = "按激活函数推荐（讲义：ReLU 用 Kaiming，tanh 用 Xavier）"
    box = QComboBox()
    qtbot.addWidget(box)
    box.addItem(whole)
    box.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(8)
    box.setFixedWidth(160)
    box.show()
    option = QStyleOptionComboBox()
    box.initStyleOption(option)
    room = combo_text_room(box.style(), option, box)
    assert 0 < room < box.fontMetrics().horizontalAdvance(whole)
    # drawn as its text shortened with "…" to the room would be drawn (not cut mid-character)
    drawn = box.grab().toImage()
    box.setItemText(0, box.fontMetrics().elidedText(whole, Qt.ElideRight, room))
    assert box.itemText(0).endswith("…") and box.grab().toImage() == drawn
    box.setItemText(0, whole)
    tips = ElidedComboTips()
    tips.eventFilter(box, QHelpEvent(QEvent.ToolTip, QPoint(5, 5), box.mapToGlobal(QPoint(5, 5))))
    assert QToolTip.text() == whole
    box.setItemText(0, "ReLU")  # room enough: no tooltip of its own
    QToolTip.hideText()
    assert not tips.eventFilter(box, QHelpEvent(QEvent.ToolTip, QPoint(5, 5), box.mapToGlobal(QPoint(5, 5))))


def test_a_wrapping_check_box_wraps_its_text_and_toggles_on_a_click_on_it(qtbot):
    from PySide6.QtCore import QPoint, Qt

    from actgui.qt.base.widgets import WrappingCheckBox

    box = WrappingCheckBox()
    qtbot.addWidget(box)
    box.setText("Compare learning rates (each optimizer at each):")
    assert box.text() == "Compare learning rates (each optimizer at each):"
    line = box.fontMetrics().height()
    narrow = box.minimumSizeHint().width()
    assert narrow < box.fontMetrics().horizontalAdvance(box.text()) / 2  # the column need not hold the line
    assert box.heightForWidth(narrow) >= 3 * line > box.heightForWidth(box.sizeHint().width())
    box.resize(narrow + 20, box.heightForWidth(narrow + 20))
    box.show()
    assert box.label.geometry().right() <= box.width() and box.label.height() >= 2 * line
    qtbot.mouseClick(box, Qt.LeftButton, pos=QPoint(box.width() - 5, box.height() // 2))  # on the text
    assert box.isChecked()


@pytest.mark.parametrize("theme", list(THEMES.values()), ids=list(THEMES))
def test_the_guides_links_are_readable_text(theme):
    """The guide's preset links: WCAG's 4.5:1 for text against the guide's background, in both themes."""
    from PySide6.QtGui import QPalette

    app = QApplication.instance()
    apply_to_application(app, theme)
    try:
        palette = app.palette()
        for role in (QPalette.Link, QPalette.LinkVisited):
            assert contrast(palette.color(role).name(), palette.color(QPalette.Base).name()) >= 4.5, role
    finally:
        apply_to_application(app, LIGHT)
