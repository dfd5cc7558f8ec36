"""Legends outside the data: a column right of a plot's view box while the view keeps its least width,
else rows under the x axis while the view keeps its least height, else the curves' names written at
their line ends. A legend is never drawn over the view box, so it never hides a data point."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGraphicsLayoutItem
from shiboken6 import isValid

#: The least view box (pixels) a plot keeps beside or above its legend.
MIN_VIEW_WIDTH, MIN_VIEW_HEIGHT = 150, 80
#: Pixels between the view box (or the x axis) and the legend.
LEGEND_GAP = 8
#: Pixels of a legend row besides its sample and label (spacing).
LEGEND_PADDING = 12
BESIDE, UNDER, AT_ENDS = "beside", "under", "at ends"
#: Cells of a PlotItem's grid layout: the view box is at (2, 1), the axes around it.
_BESIDE_CELL, _UNDER_CELL = (2, 3, 1, 1), (4, 0, 1, 3)


class OutsideLegend(pg.LegendItem):
    """A legend held in its plot's own layout (beside or under the view box, never over it); it calls
    `changed` whenever its entries change, so its place is chosen again."""

    def __init__(self, changed: Callable[[], None]) -> None:
        super().__init__(offset=None, verSpacing=0, horSpacing=6)
        self.changed = changed
        self.place: str | None = None
        #: Curve names written at their line ends (the `AT_ENDS` place), one per entry.
        self.end_labels: list[pg.TextItem] = []

    def addItem(self, item, name) -> None:
        super().addItem(item, name)
        self.changed()

    def removeItem(self, item) -> None:
        super().removeItem(item)
        self.changed()

    def clear(self) -> None:
        super().clear()
        self.changed()

    def updateSize(self) -> None:
        """Its least and largest size are its entries' size (`minimumWidth`, `minimumHeight`; pyqtgraph's
        `size` attribute is unused); the plot's layout places it (pyqtgraph moved it to (0, 0))."""
        if getattr(self, "changed", None) is None:
            return
        self.layout.invalidate()
        hint = self.layout.effectiveSizeHint(Qt.PreferredSize)
        width, height = (hint.width(), hint.height()) if self.items else (0.0, 0.0)
        self.setMinimumSize(width, height)
        self.setMaximumSize(width, height)
        self.resize(width, height)


def wrap_entries(legend: pg.LegendItem, width: float, wrap: Callable[[pg.LabelItem, float], None]) -> None:
    """Wraps the legend's labels so the whole legend is at most `width` pixels wide (a legend in
    several columns shares the width among them)."""
    share = width / max(1, legend.columnCount)
    for sample, label in legend.items:
        wrap(label, share - sample.boundingRect().width() - LEGEND_PADDING)
    legend.layout.activate()
    legend.updateSize()


def _visible_width(item: QGraphicsLayoutItem) -> float:
    return item.preferredWidth() if item.isVisible() else 0.0


def _visible_height(item: QGraphicsLayoutItem) -> float:
    return item.preferredHeight() if item.isVisible() else 0.0


def place_outside(plot: pg.PlotItem, wrap: Callable[[pg.LabelItem, float], None],
                  beside_allowed: bool = True, limit: tuple[float, float] | None = None) -> str | None:
    """Puts `plot`'s legend beside its view box (where `beside_allowed`), under its x axis or (where
    neither leaves the view its least size) as names at the curves' ends, by the plot's current size (at
    most `limit` (width, height) pixels: a legend that stretched its plot past the view is fitted to it);
    returns the place."""
    legend = plot.legend
    if not isValid(plot) or not isinstance(legend, OutsideLegend) or not isValid(legend):
        return None
    shown = bool(legend.items)
    width, height = plot.size().width(), plot.size().height()
    if limit is not None:
        width, height = min(width, limit[0]), min(height, limit[1])
    left, top, right, bottom = plot.layout.getContentsMargins()
    axes_width = sum(_visible_width(plot.getAxis(side)) for side in ("left", "right")) + left + right
    axes_height = (sum(_visible_height(plot.getAxis(side)) for side in ("top", "bottom")) + top + bottom
                   + (plot.titleLabel.preferredHeight() if plot.titleLabel.isVisible() else 0.0))
    place = None
    if shown and width > 0:
        beside = width - axes_width - MIN_VIEW_WIDTH - LEGEND_GAP
        legend.setColumnCount(1)
        wrap_entries(legend, beside, wrap)
        fits = legend.minimumWidth() <= beside and legend.minimumHeight() <= height - axes_height
        if fits and beside_allowed:
            place = BESIDE
        else:
            room = width - left - right
            columns = _most_columns(legend, room)
            while True:
                legend.setColumnCount(columns)
                wrap_entries(legend, room, wrap)
                if legend.minimumWidth() <= room or columns == 1:
                    break
                columns -= 1
            view_height = height - axes_height - legend.minimumHeight() - LEGEND_GAP
            place = UNDER if view_height >= MIN_VIEW_HEIGHT else AT_ENDS
    _put(plot, legend, place)
    return place


def _most_columns(legend: pg.LegendItem, room: float) -> int:
    """The most columns `room` pixels can hold: each is at least as wide as the narrowest entry unwrapped
    (trying every count down from one per entry re-wrapped 18 labels 18 times: a comparison froze)."""
    widths = []
    for sample, label in legend.items:
        document = label.item.document().clone()
        document.setTextWidth(-1)
        widths.append(sample.boundingRect().width() + document.idealWidth() + LEGEND_PADDING)
    narrowest = max(1.0, min(widths, default=1.0))
    return max(1, min(len(legend.items), int(room // narrowest)))


def _put(plot: pg.PlotItem, legend: OutsideLegend, place: str | None) -> None:
    """Moves the legend to `place` in the plot's layout (None and `AT_ENDS`: out of it)."""
    layout = plot.layout
    in_layout = any(layout.itemAt(i) is legend for i in range(layout.count()))
    if legend.place != place or (place in (BESIDE, UNDER)) != in_layout:
        if in_layout:
            layout.removeItem(legend)
        legend.setContentsMargins(0, 0, 0, 0)
        if place == BESIDE:
            legend.layout.setContentsMargins(LEGEND_GAP, 0, 0, 0)
            layout.addItem(legend, *_BESIDE_CELL)
            layout.setAlignment(legend, Qt.AlignLeft | Qt.AlignTop)
        elif place == UNDER:
            legend.layout.setContentsMargins(0, LEGEND_GAP, 0, 0)
            layout.addItem(legend, *_UNDER_CELL)
            layout.setAlignment(legend, Qt.AlignHCenter | Qt.AlignTop)
        legend.place = place
    legend.updateSize()
    layout.activate()  # placed and sized now, not at the next event (an export renders at once)
    legend.setVisible(place in (BESIDE, UNDER))
    _label_ends(plot, legend, place == AT_ENDS)


def follow_ends(plot: pg.PlotItem) -> None:
    """Moves the names written at the curves' ends (`AT_ENDS`) to the ends in the view's new range."""
    legend = plot.legend
    if isValid(plot) and isinstance(legend, OutsideLegend) and isValid(legend) and legend.place == AT_ENDS:
        _label_ends(plot, legend, True)


def _label_ends(plot: pg.PlotItem, legend: OutsideLegend, shown: bool) -> None:
    """Writes each entry's name by the last point of its curve inside the view (`AT_ENDS`), in the
    curve's colour and the legend's text size, right-aligned at the curve's end (moved right where the
    name would start left of the view): stacked upwards from
    ends in the lower half of the view (above the curves), downwards from ends in the upper half."""
    entries = legend.items if shown else []
    while len(legend.end_labels) < len(entries):
        text = pg.TextItem()
        plot.addItem(text, ignoreBounds=True)
        legend.end_labels.append(text)
    (x0, x1), (y0, y1) = plot.vb.viewRange()
    per_pixel = (y1 - y0) / max(1.0, plot.vb.height())
    x_per_pixel = (x1 - x0) / max(1.0, plot.vb.width())
    font = QFont()
    font.setPointSizeF(float(str(legend.opts.get("labelTextSize") or "9pt").removesuffix("pt")))
    ends = []
    for index, text in enumerate(legend.end_labels):
        end = _curve_end(entries[index][0].item, x0, x1, y0, y1) if index < len(entries) else None
        text.setVisible(end is not None)
        if end is None:
            continue
        item, label = entries[index][0].item, entries[index][1]
        text.setFont(font)
        text.setText(label.text)
        pen = item.opts.get("pen") if isinstance(getattr(item, "opts", None), dict) else None
        text.setColor(pg.mkPen(pen).color() if pen is not None else label.opts.get("color"))
        ends.append((end, text))
    upper = bool(ends) and bool(np.mean([y for (_, y), _ in ends]) > (y0 + y1) / 2)
    ends.sort(key=lambda e: e[0][1], reverse=upper)
    edge = None  # the far edge of the last label placed, in view units
    for (x, y), text in ends:
        height = text.boundingRect().height() * per_pixel
        x = min(x1, max(x, x0 + text.boundingRect().width() * x_per_pixel))  # the whole name inside the view
        if upper:  # downwards: each label's top at its end or under the previous label
            top = y if edge is None else min(y, edge)
            text.setAnchor((1, 0))
            text.setPos(x, top)
            edge = top - height
        else:  # upwards: each label's bottom at its end or above the previous label
            bottom = y if edge is None else max(y, edge)
            text.setAnchor((1, 1))
            text.setPos(x, bottom)
            edge = bottom + height


def _curve_end(item, x0: float, x1: float, y0: float, y1: float) -> tuple[float, float] | None:
    """The last finite point of `item` inside the view range, or None."""
    if not hasattr(item, "getData") or not item.isVisible():
        return None
    x, y = item.getData()
    if x is None or len(x) == 0:
        return None
    count = min(len(x), len(y))
    x, y = np.asarray(x[:count], float), np.asarray(y[:count], float)
    inside = np.isfinite(x) & np.isfinite(y) & (x >= x0) & (x <= x1) & (y >= y0) & (y <= y1)
    if not inside.any():
        return None
    last = np.flatnonzero(inside)[-1]
    return float(x[last]), float(y[last])
