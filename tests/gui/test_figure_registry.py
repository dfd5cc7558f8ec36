"""Every registered figure kind, with its demo data, at window size, at 1280 × 720 with lecture text (×1.4)
and at 1920 × 1080 with lecture text (×1.8), in English and Chinese: no data point lies under a legend and
no axis is rescaled (no SI prefix, no scale factor). A new figure kind is one `FIGURES.register(...)`."""

from __future__ import annotations

import re

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPointF, QRectF

from actgui.qt.base.i18n import install_language
from actgui.qt.base.theme import LIGHT, get_theme
from actgui.qt.figures.demos import FIGURES

#: (name, figure width, figure height, theme): the plot area of the window at each size.
SIZES = [("window", 1000, 640, LIGHT),
         ("1280x720 lecture", 840, 560, get_theme("light", lecture=True, screen_height=720)),
         ("1920x1080 lecture", 1300, 860, get_theme("light", lecture=True, screen_height=1080))]
#: pyqtgraph's scale factor in an axis title, as in "(x0.001)".
SCALE_FACTOR = re.compile(r"\(x[0-9.e+-]+\)")
#: Pixels a point must lie inside a legend's rect to count as covered (anti-aliased edges).
SLACK = 2


def scene_points(plot: pg.PlotItem) -> np.ndarray:
    """The scene positions of every drawn point of `plot`'s curves, scatters and bars inside its view."""
    (x0, x1), (y0, y1) = plot.vb.viewRange()
    points = []
    for item in plot.items:
        if not item.isVisible():
            continue
        if isinstance(item, pg.PlotDataItem | pg.ScatterPlotItem):
            x, y = item.getData()
            if x is None or len(x) == 0:
                continue
            count = min(len(x), len(y))
            xy = np.column_stack([np.asarray(x[:count], float), np.asarray(y[:count], float)])
        elif isinstance(item, pg.BarGraphItem):
            x, height = item.opts.get("x"), item.opts.get("height")
            if x is None or len(x) == 0:
                continue
            x, height = np.asarray(x, float), np.asarray(height, float)
            xy = np.concatenate([np.column_stack([x, height]), np.column_stack([x, height / 2])])
        else:
            continue
        if plot.ctrl.logYCheck.isChecked():
            with np.errstate(all="ignore"):
                xy[:, 1] = np.log10(xy[:, 1])
        inside = np.isfinite(xy).all(axis=1) & (xy[:, 0] >= x0) & (xy[:, 0] <= x1) & (xy[:, 1] >= y0) & (xy[:, 1] <= y1)
        points += [plot.vb.mapViewToScene(QPointF(px, py)) for px, py in xy[inside]]
    return np.array([(p.x(), p.y()) for p in points]).reshape(-1, 2)


def covered(figure) -> dict[int, int]:
    """Plot index → how many of its data points lie under its legend."""
    counts = {}
    for index, plot in enumerate(figure.plots):
        legend = plot.legend
        if legend is None or not legend.items or not legend.isVisible() or plot.scene() is None:
            continue
        rect: QRectF = legend.sceneBoundingRect().adjusted(SLACK, SLACK, -SLACK, -SLACK)
        points = scene_points(plot)
        inside = ((points[:, 0] > rect.left()) & (points[:, 0] < rect.right())
                  & (points[:, 1] > rect.top()) & (points[:, 1] < rect.bottom()))
        counts[index] = int(inside.sum())
    return counts


def rescaled_axes(figure) -> list[str]:
    """The axes of the figure's scene showing an SI prefix or a scale factor."""
    found = []
    for item in figure.widget.scene().items():
        if isinstance(item, pg.AxisItem) and item.isVisible():
            label = item.labelString() if item.label.isVisible() else ""
            if item.autoSIPrefix or item.autoSIPrefixScale != 1.0 or SCALE_FACTOR.search(label):
                found.append(f"{item.orientation}: {label}")
    return found


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize(("size", "width", "height", "theme"), SIZES, ids=[s[0] for s in SIZES])
def test_no_legend_covers_data_and_no_axis_is_rescaled(qtbot, language, size, width, height, theme):
    install_language(language)
    try:
        for kind in FIGURES:
            figure = kind.demo(theme)
            figure.set_theme(theme)  # restyled with its data shown, as exports and theme changes do
            qtbot.addWidget(figure.widget)
            figure.widget.resize(width, height)
            figure.widget.show()
            qtbot.waitExposed(figure.widget)
            qtbot.wait(50)
            figure.place_legends()
            where = f"{kind.key} at {size} ({language})"
            assert all(count == 0 for count in covered(figure).values()), (where, covered(figure))
            assert rescaled_axes(figure) == [], where
            legends = [p for p in figure.plots if p.legend is not None and p.legend.items]
            for plot in legends:
                if plot.legend.isVisible():
                    screen = QRectF(figure.widget.viewport().rect()).adjusted(-SLACK, -SLACK, SLACK, SLACK)
                    assert screen.contains(plot.legend.sceneBoundingRect()), where
            figure.widget.close()
    finally:
        install_language("en")


def test_the_registry_holds_every_kind_of_the_training_views():
    from actgui.qt.figures.training_views import TRAINING_FIGURES

    figure_classes = {type(kind.demo) for kind in FIGURES}
    assert figure_classes  # demos are callables
    registered = set(FIGURES.keys())
    covered_training = {key for key in TRAINING_FIGURES if f"training_{key}" in registered}
    assert {"loss", "accuracy", "gradients", "health"} <= covered_training
