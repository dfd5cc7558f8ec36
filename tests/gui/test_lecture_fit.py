"""Lecture mode on a projector's 1280 × 720 and on a 1920 × 1080 screen: every plot keeps a usable view
box, and every title and legend lies inside its plot, every legend outside its view box, and plots
stacked on one x axis show the same range (real item geometry, both languages)."""

import contextlib

import pytest
from PySide6.QtCore import QRectF

from actgui.core.depth import DEPTH_COMPARISONS
from actgui.core.training.config import TrainingConfig
from actgui.qt.base.i18n import install_language
from actgui.qt.base.theme import get_theme
from actgui.qt.shell.main_window import MainWindow

#: The least view box (pixels) in which a lecture plot still shows its curves.
MIN_VIEW_WIDTH, MIN_VIEW_HEIGHT = 150, 80
#: Views that need more than the code view leaves them at 1280 × 720 (the depth view's two stacked plots
#: with their key and note in 514 × 384 pixels, the training stage's four plots under its presenter bar):
#: there Ctrl+H gives them the controls' room.
CRAMPED_BESIDE_CODE = {"depth", "depth comparison", "before a run", "after a run"}
#: Pixels an item may reach past its bounds (anti-aliased edges, rounding).
SLACK = 2


def views(panel, qtbot) -> list[str]:
    """Brings `panel` into each of its views in turn and yields each one's name."""
    if panel.key == "training":
        yield "before a run"
        panel.settings.set_config(TrainingConfig(samples=300, hidden=(16, 16), steps=200, record_every=10))
        assert panel.start()
        qtbot.waitUntil(lambda: panel.run_id is None and panel.current is not None
                        and panel.current.result is not None, timeout=60_000)
        yield "after a run"
        panel.shutdown()
    elif panel.key == "init":
        yield "histogram"
        panel.settings.view = "depth"
        yield "depth"
        panel.show_comparison(DEPTH_COMPARISONS.keys()[0])
        yield "depth comparison"
    elif panel.key == "losses":
        yield "regression"
        panel.settings.view = "classification"
        panel.settings.mse_vs_bce = True
        yield "MSE vs BCE"
    else:
        yield panel.key


def settled(panel, qtbot) -> None:
    """Waits until the panel's plots and legends keep their places for two looks in a row: legends
    are placed a moment after a resize (longer on a loaded machine)."""
    def places():
        return [(plot.sceneBoundingRect(), plot.vb.sceneBoundingRect(),
                 plot.legend.sceneBoundingRect() if plot.legend is not None else None)
                for figure in panel.figures.values() if figure.widget.isVisible() for plot in figure.plots]

    seen, still = places(), 0
    for _ in range(60):
        qtbot.wait(50)
        now = places()
        still, seen = (still + 1 if now == seen else 0), now
        if still == 2:
            return


def views_usable(panel) -> bool:
    return all(plot.vb.width() >= MIN_VIEW_WIDTH and plot.vb.height() >= MIN_VIEW_HEIGHT
               for figure in panel.figures.values() if figure.widget.isVisible() for plot in figure.plots)


def inside(item_rect: QRectF, bounds: QRectF) -> bool:
    return bounds.adjusted(-SLACK, -SLACK, SLACK, SLACK).contains(item_rect)


@pytest.mark.parametrize(("language", "width", "height", "code"),
                         [("en", 1280, 720, False), ("zh_CN", 1280, 720, False), ("en", 1920, 1080, False),
                          ("zh_CN", 1920, 1080, False), ("en", 1280, 720, True)],
                         ids=["en-1280-720", "zh_CN-1280-720", "en-1920-1080", "zh_CN-1920-1080",
                              "en-1280-720-code-view"])
def test_lecture_plots_fit(qtbot, language, width, height, code):
    """`code`: with the code view open beside the panels (English has the widest controls)."""
    install_language(language)
    try:
        window = MainWindow(get_theme("light", lecture=True, screen_height=height))
        qtbot.addWidget(window)
        window.resize(width, height)
        window.show()
        if code:
            window.code_action.trigger()
        for panel in window.panels.values():
            window.tabs.setCurrentWidget(panel)
            for view in views(panel, qtbot):
                if code and view in CRAMPED_BESIDE_CODE:
                    continue
                settled(panel, qtbot)
                with contextlib.suppress(qtbot.TimeoutError):  # the assertions below say which plot
                    qtbot.waitUntil(lambda panel=panel: views_usable(panel), timeout=3000)
                for name, figure in panel.figures.items():
                    if not figure.widget.isVisible():
                        continue
                    where = f"{panel.key} / {view} / {name}"
                    screen = QRectF(figure.widget.viewport().rect())
                    for plot in figure.plots:
                        box, area = plot.vb.boundingRect(), plot.sceneBoundingRect()
                        assert box.width() >= MIN_VIEW_WIDTH and box.height() >= MIN_VIEW_HEIGHT, where
                        assert inside(area, screen), where
                        if plot.titleLabel.text:
                            assert inside(plot.titleLabel.sceneBoundingRect(), area), where
                        if plot.legend is not None and plot.legend.items and plot.legend.isVisible():
                            legend = plot.legend.sceneBoundingRect().adjusted(SLACK, SLACK, -SLACK, -SLACK)
                            assert inside(legend, area), where  # in its plot, beside or under the data
                            assert not legend.intersects(plot.vb.sceneBoundingRect()), where
                        linked, top = plot.vb.linkedView(plot.vb.XAxis), plot.vb.sceneBoundingRect().top()
                        if linked is not None and abs(linked.sceneBoundingRect().top() - top) > 1:
                            # one x axis, one range (up to the y axes' widths: pyqtgraph lines the views up)
                            (low, high), (linked_low, linked_high) = plot.vb.viewRange()[0], linked.viewRange()[0]
                            span = high - low
                            assert abs(low - linked_low) < 0.05 * span and abs(high - linked_high) < 0.05 * span, where
                    for item in figure.wrapped:
                        assert inside(item.sceneBoundingRect(), screen), where
    finally:
        install_language("en")
