"""The figure base every plot panel uses: a pyqtgraph layout styled by the theme, with its data.

A panel keeps one live figure per plot and calls `setData` on curves created once. Export and the
CLI build a fresh figure of the same class from the same data, so the saved image never disturbs
the one on screen and the CLI draws exactly what the panel draws.
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetricsF, QTextOption
from PySide6.QtWidgets import QGraphicsItem
from shiboken6 import isValid

from actgui.core.table import Table
from actgui.qt.base.legend import (
    BESIDE,
    LEGEND_GAP,
    MIN_VIEW_WIDTH,
    UNDER,
    OutsideLegend,
    follow_ends,
    place_outside,
    wrap_entries,
)
from actgui.qt.base.theme import LIGHT, Theme

pg.setConfigOptions(antialias=True)


#: The most lines a vertical axis's label wraps onto.
AXIS_LABEL_LINES = 2


#: Tick values from this size on (or with steps below `SCIENTIFIC_BELOW`) are written as a × 10ⁿ.
SCIENTIFIC_FROM, SCIENTIFIC_BELOW = 1e5, 1e-3
_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def tick_strings(values: list[float], spacing: float) -> list[str]:
    """The tick values themselves (never scaled by an SI prefix): plain numbers with as many decimals as
    the step needs, or a × 10ⁿ (2.5×10⁻⁴) where plain numbers would need many zeros."""
    if not values:
        return []
    spacing = abs(spacing) or 1.0
    largest = max(abs(v) for v in values)
    if largest < SCIENTIFIC_FROM and spacing >= SCIENTIFIC_BELOW:
        places = max(0, math.ceil(-math.log10(spacing) - 1e-9))
        return ["0" if abs(v) < spacing * 1e-6 else f"{v:.{places}f}" for v in values]
    exponent = math.floor(math.log10(largest)) if largest > 0 else 0
    places = min(3, max(0, exponent - math.floor(math.log10(spacing) + 1e-9)))
    strings = []
    for value in values:
        if abs(value) < spacing * 1e-6:
            strings.append("0")
            continue
        mantissa = f"{value / 10.0 ** exponent:.{places}f}"
        strings.append(f"{mantissa}×10{str(exponent).translate(_SUPERSCRIPT)}")
    return strings


def _no_prefix(axis: pg.AxisItem) -> None:
    """pyqtgraph's `updateAutoSIPrefix` computes a scale even with the prefix turned off (0.25 became
    250 on a log axis once restyled): with it off the scale stays 1."""
    axis.autoSIPrefixScale = 1.0
    axis.labelUnitPrefix = ""
    axis._updateLabel()


def plain_numbers(axis: pg.AxisItem) -> None:
    """Turns off `axis`'s automatic SI prefix (250 "(x0.001)" instead of 0.25) and gives it
    `tick_strings`: every axis of every figure shows the numbers themselves."""
    if not isinstance(axis, Axis) and not getattr(axis, "plain_numbers", False):
        linear = axis.tickStrings
        axis.tickStrings = lambda values, scale, spacing: (
            linear(values, scale, spacing) if axis.logMode else tick_strings([v * scale for v in values],
                                                                             spacing * scale))
        axis.updateAutoSIPrefix = lambda: _no_prefix(axis)
        axis.plain_numbers = True
    axis.enableAutoSIPrefix(False)


class Axis(pg.AxisItem):
    """pyqtgraph's axis with room for every label, the labels at the ends of its range kept and, on a
    log scale, the decades nearest both ends labelled (pyqtgraph labels every 5th decade, say, and a
    curve near the top is left without a value). It shows the numbers themselves (`tick_strings`)."""

    def __init__(self, orientation: str, **kwargs) -> None:
        super().__init__(orientation, **kwargs)
        self.enableAutoSIPrefix(False)

    def updateAutoSIPrefix(self) -> None:
        _no_prefix(self)

    #: The spacing of the labelled (major) ticks `tickSpacing` chose last.
    _major_spacing: float | None = None

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        if self.logMode:
            return super().tickStrings(values, scale, spacing)
        strings = tick_strings([v * scale for v in values], spacing * scale)
        major = self._major_spacing
        if major is not None and spacing < major * (1 - 1e-9):
            length = self.size().width() if self.orientation in ("top", "bottom") else self.size().height()
            span = abs(self.range[1] - self.range[0]) * self.scale
            if span > 0 and not self._labels_fit(strings, spacing * length / span):
                return [""] * len(values)  # pyqtgraph labels a finer level by total fill: labels overlapped
        return strings

    def _labels_fit(self, strings: list[str], pixels: float, lines: float = 1.6, gap: str = "00") -> bool:
        """Whether labels `pixels` apart along the axis leave each of `strings` room for itself and `gap`
        between them (on a vertical axis: `lines` line heights)."""
        metrics = QFontMetricsF(self.style["tickFont"] or QFont())
        if self.orientation in ("left", "right"):
            return pixels >= metrics.height() * lines
        widest = max((metrics.horizontalAdvance(text) for text in strings), default=0.0)
        return pixels >= widest + metrics.horizontalAdvance(gap)

    #: The axis shows the indices 0 … index_count − 1 (`show_indices`), or None.
    index_count: int | None = None

    def show_indices(self, count: int) -> None:
        """Whole-number ticks 0 … count − 1: every one while their labels fit, else every 2nd, 5th,
        10th … (lecture fonts on a narrow plot ran 0123456789 together); never 0.5 or 1.5. They follow
        the axis's length."""
        self.index_count = count
        self._thin_indices()

    def _thin_indices(self) -> None:
        count = self.index_count
        length = self.size().width() if self.orientation in ("top", "bottom") else self.size().height()
        if length <= 0:
            step = 1 if count <= 12 else math.ceil(count / 10)
        else:
            steps = [m * 10 ** e for e in range(6) for m in (1, 2, 5)]
            widest = [str(max(0, count - 1))]  # short whole numbers: closer than a continuous axis's labels
            step = next((s for s in steps if self._labels_fit(widest, s * length / max(1, count), 1.1, "0")),
                        steps[-1])
        self.setTicks([[(i, str(i)) for i in range(0, count, step)], []])

    def boundingRect(self) -> QRectF:
        """With a grid pyqtgraph drops the tolerance for labels reaching past the axis ends (its
        `hideOverlappingLabels` pixels), so 10⁰ at the very top vanished: it is added back."""
        rect = super().boundingRect()
        margin = self.style["hideOverlappingLabels"]
        if self.grid is False or isinstance(margin, bool):
            return rect
        if self.orientation in ("left", "right"):
            return rect.adjusted(0, -margin, 0, margin)
        return rect.adjusted(-margin, 0, margin, 0)

    #: Whether a vertical axis's label longer than the axis wraps (see `resizeEvent`).
    wraps_label = False

    def resizeEvent(self, event=None) -> None:
        """With `wraps_label`, a vertical axis's label longer than the axis wraps onto two lines
        (plots stacked in a column: a short plot's label overlapped its neighbour's in lecture mode); an
        axis too short even for that keeps it on one line. Index ticks are thinned for the new length."""
        if self.index_count is not None:
            self._thin_indices()
        if self.wraps_label and self.label is not None and self.orientation in ("left", "right"):
            length = self.size().height()
            wrapped = self.label.textWidth()
            self.label.setTextWidth(-1)
            natural = self.label.boundingRect().width()
            if length < natural <= 0.8 * AXIS_LABEL_LINES * length:  # words seldom split evenly: some slack
                self.label.setTextWidth(length)
            if self.label.textWidth() != wrapped:
                self._updateWidth()
        super().resizeEvent(event)

    def _updateWidth(self) -> None:
        """pyqtgraph counts 0.8 of a vertical axis's label height, so large labels (lecture mode)
        overlapped the tick values: the whole height is counted."""
        super()._updateWidth()
        if self.fixedWidth is None and self.isVisible() and self.label.isVisible():
            width = self.maximumWidth() + self.label.boundingRect().height() * 0.2
            self.setMaximumWidth(width)
            self.setMinimumWidth(width)

    def tickSpacing(self, minVal: float, maxVal: float, size: float) -> list:
        """pyqtgraph's spacing, widened (1-2-5 steps) until every major label has room for itself (its
        own text measured): pyqtgraph counts ticks by the axis length alone, so large (lecture) labels
        overlapped."""
        levels = super().tickSpacing(minVal, maxVal, size)
        self._major_spacing = levels[0][0] if levels else None
        if not levels or self._tickSpacing is not None or size <= 0:
            return levels
        low, high = sorted((minVal, maxVal))
        span = high - low
        major, offset = levels[0]
        exponent = math.floor(math.log10(major))
        for candidate in (m * 10.0 ** e for e in range(exponent, exponent + 4) for m in (1, 2, 5)):
            if candidate < major * (1 - 1e-9):
                continue
            if candidate >= span / 2:  # two labels at most: the ends keep theirs
                break
            first, last = math.ceil(low / candidate - 1e-9), math.floor(high / candidate + 1e-9)
            values = [k * candidate for k in range(first, last + 1)]
            if self._labels_fit(tick_strings(values, candidate), candidate * size / span):
                break
        if candidate == major:
            return levels
        self._major_spacing = candidate
        return [(candidate, offset), *[(spacing, off) for spacing, off in levels[1:] if spacing < candidate]]

    def _label_room(self) -> float:
        """Pixels along the axis one log-scale label needs."""
        metrics = QFontMetricsF(self.style["tickFont"] or QFont())
        if self.orientation in ("top", "bottom"):
            return metrics.horizontalAdvance("−0.00") * 1.4
        return metrics.height() * 1.6

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list:
        levels = super().tickValues(minVal, maxVal, size)
        if not self.logMode or not levels:
            return levels
        if levels[0][0] is None:  # less than a decade: 2…9 are the only labels, as many as fit
            split = self._split_decades(levels)
            if split[0][0] is None and size > 0:
                values = split[0][1]
                every = max(1, math.ceil(len(values) * self._label_room() / size))
                split[0] = (None, values[::every])
            return split
        spacing, major = levels[0]
        low, high = math.ceil(minVal - 1e-9), math.floor(maxVal + 1e-9)
        ends = [v for v in sorted({low, high}) if low <= high and all(abs(v - m) >= spacing / 2 for m in major)]
        if ends:
            levels[0] = (spacing, sorted([*major, *ends]))
        return self._split_decades(levels)

    @staticmethod
    def _split_decades(levels: list) -> list:
        """Over few decades pyqtgraph puts 1…9 of every decade on one level, so all are labelled and
        overlap; the decades get a level of their own, and 2…9 are labelled only where there is room."""
        split = []
        for spacing, values in levels:
            if spacing is not None:
                split.append((spacing, values))
                continue
            decades = [v for v in values if abs(v - round(v)) < 1e-9]
            if decades:
                split.append((1.0, decades))
            split.append((None, [v for v in values if abs(v - round(v)) >= 1e-9]))
        return split


def wrap_label(label: pg.LabelItem, width: float) -> None:
    """Breaks `label`'s text into lines no wider than `width` pixels (one line where it fits), so a long
    text never holds its plot or legend wider than the view. Lines break between words (and between
    Chinese characters), never inside a word: a word wider than `width` keeps its own line's width."""
    document = label.item.document()
    option = document.defaultTextOption()
    if option.wrapMode() != QTextOption.WordWrap:
        option.setWrapMode(QTextOption.WordWrap)
        document.setDefaultTextOption(option)
    label.item.setTextWidth(-1)
    if width > 0 and label.item.boundingRect().width() > width:
        label.item.setTextWidth(width)
        if document.idealWidth() > width:  # its longest word
            label.item.setTextWidth(document.idealWidth())
    label.updateMin()
    height = label.itemRect().height()
    label.setMaximumHeight(height)  # a line unwrapped again gives its height back
    label.resize(label.itemRect().width(), height)


def fit_legend(legend: pg.LegendItem, width: float) -> None:
    """Wraps the legend's labels so the whole legend is at most `width` pixels wide (a legend in
    several columns shares the width among them)."""
    wrap_entries(legend, width, wrap_label)


class TitleLabel(pg.LabelItem):
    """A plot title that wraps onto more lines instead of widening its plot past the view (where it
    is clipped), and whose row grows with its font (PlotItem fixes the title row at 30 px)."""

    def __init__(self, plot: pg.PlotItem) -> None:
        super().__init__("", parent=plot)
        self.plot = plot
        option = self.item.document().defaultTextOption()
        option.setAlignment(Qt.AlignHCenter)
        option.setWrapMode(QTextOption.WordWrap)
        self.item.document().setDefaultTextOption(option)

    def setText(self, text: str, **args) -> None:
        super().setText(text, **args)
        self._fit_row()

    def updateMin(self) -> None:
        super().updateMin()
        height = self.itemRect().height()
        width = self.item.textWidth()
        self.item.setTextWidth(1)  # one word a line: the widest word is the least width
        longest = self.item.document().idealWidth()
        self.item.setTextWidth(width)
        self.setMinimumWidth(longest)
        self._sizeHint[Qt.SizeHint.MinimumSize] = (longest, height)

    def resizeEvent(self, event) -> None:
        width = self.rect().width()
        self.item.setTextWidth(-1)
        if width > 0 and self.item.boundingRect().width() > width:
            self.item.setTextWidth(width)
        super().resizeEvent(event)
        self._fit_row()

    def _fit_row(self) -> None:
        if not self.isVisible() or not self.text:
            return
        height = math.ceil(self.itemRect().height())
        if self.maximumHeight() != height:
            self.setMaximumHeight(height)
            self.plot.layout.setRowFixedHeight(0, height)


LEGEND_MARGIN = LEGEND_GAP


class Figure:
    """A GraphicsLayoutWidget with themed plots; subclasses add curves and implement `table`."""

    #: Stable name used in file names and objectNames, e.g. "functions".
    name = "figure"

    def __init__(self, theme: Theme = LIGHT) -> None:
        self.widget = pg.GraphicsLayoutWidget()
        self.widget.setObjectName(f"figure.{self.name}")
        self.theme = theme
        self.plots: list[pg.PlotItem] = []
        self.color_bars: list[pg.ColorBarItem] = []
        self._bar_plots: list[pg.PlotItem] = []  # the plots with a colour bar beside them
        self._styled: list[tuple[pg.PlotDataItem, str, Qt.PenStyle, float]] = []
        #: Legends and notes placed in the layout (beside or under the plots), wrapped to the view's width.
        self.wrapped: list[pg.LegendItem | pg.LabelItem] = []
        #: Up to this view width legends go under their plots, not beside (see `place_legend`).
        self._beside_failed_at = 0
        self.widget.sigDeviceRangeChanged.connect(lambda *_: self.wrap_to_view())
        # once titles and notes are wrapped to a narrower view, the layout is given the view's rect again:
        # it kept the width it had before (the guide opened beside a figure: the figure ran past its view)
        self.widget.sigDeviceRangeChanged.connect(lambda *_: QTimer.singleShot(0, self._refit_if_alive))

    def add_plot(self, row: int = 0, col: int = 0, title: str = "", x_label: str = "",
                 y_label: str = "", legend: bool = True, **kwargs) -> pg.PlotItem:
        """A plot with grid, axis labels and (optionally) a legend, styled by the theme."""
        axes = kwargs.pop("axisItems", {})
        axes = {side: axes.get(side) or Axis(side) for side in ("left", "bottom")} | axes
        plot = self.widget.addPlot(row=row, col=col, axisItems=axes, **kwargs)
        plot.layout.removeItem(plot.titleLabel)
        plot.scene().removeItem(plot.titleLabel)
        plot.titleLabel = TitleLabel(plot)
        plot.layout.addItem(plot.titleLabel, 0, 1)
        plot.showGrid(x=True, y=True, alpha=self.theme.grid_alpha)
        if legend:
            timer = QTimer(self.widget)
            timer.setSingleShot(True)
            timer.setInterval(0)
            timer.timeout.connect(lambda plot=plot: self._place_and_refit(plot))
            plot.legend = OutsideLegend(timer.start)
            plot.legend.setParentItem(plot)
            plot.geometryChanged.connect(timer.start)
            plot.vb.sigRangeChanged.connect(lambda *_, plot=plot: follow_ends(plot))
        self.plots.append(plot)
        self.set_labels(plot, title, x_label, y_label)
        self._style_plot(plot)
        self.widget.setBackground(self.theme.background)
        return plot

    def wrap_to_view(self) -> None:
        """Wraps the legends and notes in the layout to the view's width."""
        width = self.widget.viewport().width() - 2 * LEGEND_MARGIN
        for item in self.wrapped:
            if not isValid(item):
                continue
            if isinstance(item, pg.LegendItem):
                fit_legend(item, width)
            else:
                wrap_label(item, width)

    def _refit_if_alive(self) -> None:
        if isValid(self.widget):
            self.refit_layout()

    def refit_layout(self) -> None:
        """Gives the layout the view's rect again: a layout whose least size was above the view's when
        the view was resized keeps that larger size, reaching past the view, until told again."""
        if self.widget.centralWidget is not None:
            self.widget.centralWidget.setGeometry(self.widget.range)

    def add_color_bar(self, plot: pg.PlotItem, image: pg.ImageItem, **kwargs) -> pg.ColorBarItem:
        """A colour bar beside `plot` for `image`, its labels styled (and restyled) like the plot's axes."""
        bar = plot.addColorBar(image, **kwargs)
        self.color_bars.append(bar)
        self._bar_plots.append(plot)
        plot.setContentsMargins(0, 0, 0, 0)  # the bar leaves room for the last x label (see _style_plot)
        self._style_color_bar(bar)
        return bar

    def _style_color_bar(self, bar: pg.ColorBarItem) -> None:
        axis = bar.axis
        stack = [bar]
        while stack:  # the bar's own axis and those of its inner plot
            item = stack.pop()
            if isinstance(item, pg.AxisItem):
                plain_numbers(item)
            stack += item.childItems()
        font = QFont()
        font.setPointSize(self.theme.font_pt)
        axis.setPen(self.theme.foreground)
        axis.setTextPen(self.theme.foreground)
        axis.setTickFont(font)
        axis.setWidth(None)  # ColorBarItem fixes 45 px, which clips larger labels
        axis.setTickDensity(LIGHT.font_pt / self.theme.font_pt)

    def index_ticks(self, plot: pg.PlotItem, side: str, count: int) -> None:
        """Whole-number ticks 0 … count − 1 on an axis of indices (see `Axis.show_indices`)."""
        plot.getAxis(side).show_indices(count)

    def set_labels(self, plot: pg.PlotItem, title: str, x_label: str, y_label: str) -> None:
        """Title and axis labels in the theme's colours and sizes (called again on retranslate)."""
        size = f"{self.theme.font_pt + 2}pt"
        plot.setTitle(title, color=self.theme.foreground, size=size)
        plot.setLabel("bottom", x_label, **self._label_style())
        plot.setLabel("left", y_label, **self._label_style())

    def _label_style(self) -> dict[str, str]:
        """CSS for axis labels (AxisItem.setLabel takes CSS properties, not LabelItem's `size`)."""
        return {"color": self.theme.foreground, "font-size": f"{self.theme.font_pt + 1}pt"}

    def add_curve(self, plot: pg.PlotItem, color: str, name: str | None = None,
                  style: Qt.PenStyle = Qt.SolidLine, width: float = 1.0, **kwargs) -> pg.PlotDataItem:
        """A curve whose pen follows the theme's line width (times `width`)."""
        curve = plot.plot([], [], name=name, **kwargs)
        curve.setPen(self._pen(color, style, width))
        curve.setClipToView(True)
        curve.setDownsampling(auto=True, method="peak")
        self._styled.append((curve, color, style, width))
        return curve

    def _pen(self, color: str, style: Qt.PenStyle, width: float) -> pg.QtGui.QPen:
        return pg.mkPen(color=self.theme.readable(color), width=self.theme.line_width * width, style=style)

    def set_theme(self, theme: Theme) -> None:
        """Restyles background, axes, text and line widths in place."""
        self.theme = theme
        self.widget.setBackground(theme.background)
        for plot in self.plots:
            self._style_plot(plot)
        for curve, color, style, width in self._styled:
            curve.setPen(self._pen(color, style, width))
        for bar in self.color_bars:
            self._style_color_bar(bar)

    def _style_plot(self, plot: pg.PlotItem) -> None:
        theme = self.theme
        font = QFont()
        font.setPointSize(theme.font_pt)
        plot.showGrid(x=True, y=True, alpha=theme.grid_alpha)
        for side in ("left", "bottom", "right", "top"):
            axis = plot.getAxis(side)
            plain_numbers(axis)
            axis.setPen(theme.foreground)
            axis.setTextPen(theme.foreground)
            axis.setTickFont(font)
            axis.setStyle(maxTickLevel=1)  # major and minor grid lines; sub-minor ones cost paint time
            axis.setTickDensity(LIGHT.font_pt / theme.font_pt)  # larger labels, fewer of them: no overlap
            # A label at the very end of the range may reach past the axis by part of its size (10⁰ at
            # the top of a log axis, 6 at the right of −6…6): pyqtgraph would drop it.
            axis.setStyle(hideOverlappingLabels=round(theme.font_pt * 2))
            # On screen an axis and its grid are redrawn from a pixmap until its range changes: replaying
            # the grid's picture is most of a frame's paint time. Export turns the cache off (vector SVG).
            axis.setCacheMode(QGraphicsItem.DeviceCoordinateCache)
            if axis.labelText:
                axis.setLabel(axis.labelText, axis.labelUnits, **self._label_style())
        # room right of the plot for half of the last x label, which is drawn past the axis's end (a
        # right axis or a colour bar beside the plot leaves that room already)
        beside = plot.getAxis("right").isVisible() or any(owner is plot for owner in self._bar_plots)
        plot.setContentsMargins(0, 0, 0 if beside else round(theme.font_pt * 1.2), 0)
        if plot.titleLabel.text:
            plot.setTitle(plot.titleLabel.text, color=theme.foreground, size=f"{theme.font_pt + 2}pt")
        if plot.legend is not None:
            plot.legend.setLabelTextColor(theme.foreground)
            plot.legend.setLabelTextSize(f"{theme.font_pt}pt")
            for _, label in plot.legend.items:  # the attributes above apply at the next setText only
                label.setText(label.text)
            self.place_legend(plot)

    def place_legends(self) -> None:
        """Places every plot's legend beside or under its view box, by the plot's current size, again
        until no place changes (a legend's place changes its plot's share of the figure)."""
        def places() -> list[tuple]:
            return [(p.legend.place, p.legend.columnCount, p.size().width(), p.size().height())
                    for p in self.plots if isValid(p) and isinstance(p.legend, OutsideLegend)]

        for _ in range(4):
            before = places()
            self.widget.ci.layout.activate()
            for plot in self.plots:
                self.place_legend(plot)
            self.widget.ci.layout.activate()
            if places() == before:
                break

    def place_legend(self, plot: pg.PlotItem) -> None:
        """Puts `plot`'s legend beside its view box, else under its x axis, else writes the curves'
        names at their ends (see `legend.place_outside`): never over the data."""
        if not isValid(plot) or not isValid(self.widget):  # (a timer may fire while the figure is deleted)
            return
        width, height = self.widget.viewport().width(), self.widget.viewport().height()

        def room(item: pg.PlotItem) -> tuple[float, float]:  # less the layout's own margins
            # plots side by side share the row: a legend sized to all of it would widen its plot and
            # squeeze its neighbours' views
            corner = item.sceneBoundingRect().topLeft()
            in_row = sum(1 for p in self.plots if isValid(p) and p.scene() is not None and p.isVisible()
                         and abs(p.sceneBoundingRect().top() - corner.y()) < 1)
            share = min(width - corner.x(), width / max(1, in_row))
            return share - 3 * LEGEND_GAP, height - corner.y() - 3 * LEGEND_GAP

        limit = room(plot)
        for _ in range(3):  # a legend that still stretches its plot past the view is fitted again, smaller
            place = place_outside(plot, wrap_label, width > self._beside_failed_at and not self._stacked_link(plot),
                                  limit)
            if place not in (BESIDE, UNDER):
                break
            self.widget.ci.layout.activate()
            legend, area = plot.legend.sceneBoundingRect(), plot.sceneBoundingRect()
            past = (max(legend.right(), area.right()) - width, max(legend.bottom(), area.bottom()) - height)
            if max(past) <= 0:
                break
            limit = (limit[0] - max(0.0, past[0]) - LEGEND_GAP, limit[1] - max(0.0, past[1]) - LEGEND_GAP)
        else:  # no room beside or under that keeps the plot in the view: the names at the curves' ends
            place = place_outside(plot, wrap_label, False, (limit[0], 0.0))
        # A legend beside its plot widens the plot's share of the row: where that leaves another plot's
        # view narrower than its least width, every legend of this figure goes under (until it is wider).
        # (Checked at every plot's placing: the plot squeezed may be placed after the one beside.)
        shown = [p for p in self.plots if isValid(p) and p.scene() is not None and p.isVisible()]
        beside = [p for p in shown if isinstance(p.legend, OutsideLegend) and p.legend.place == BESIDE]
        if any(q is not p and p.vb.width() < MIN_VIEW_WIDTH for p in shown for q in beside):
            self._beside_failed_at = width + MIN_VIEW_WIDTH // 2
            for other in shown:
                place_outside(other, wrap_label, False, room(other))

    def _stacked_link(self, plot: pg.PlotItem) -> bool:
        """Whether `plot` shares its x axis with a plot above or below it: pyqtgraph lines linked views
        up on screen, so a legend beside one plot showed the other a wider range than its data."""
        top, view = plot.sceneBoundingRect().top(), plot.vb
        for other in self.plots:
            if other is plot or not isValid(other):
                continue
            linked = other.vb.linkedView(pg.ViewBox.XAxis) is view or view.linkedView(pg.ViewBox.XAxis) is other.vb
            if linked and abs(other.sceneBoundingRect().top() - top) >= 1:
                return True
        return False

    def _place_and_refit(self, plot: pg.PlotItem) -> None:
        """Places `plot`'s legend, then gives the layout the view's rect again: a resize while the
        legend held the plot taller than the view left the layout at that height."""
        self.place_legend(plot)
        if isValid(self.widget):
            self.refit_layout()

    def uncache(self) -> None:
        """Draws every axis directly (no pixmap cache), as vector output and scaled images need."""
        for plot in self.plots:
            for side in ("left", "bottom", "right", "top"):
                plot.getAxis(side).setCacheMode(QGraphicsItem.NoCache)
        for bar in self.color_bars:
            bar.axis.setCacheMode(QGraphicsItem.NoCache)

    def table(self) -> Table:
        """The data as plotted, for CSV export."""
        raise NotImplementedError
