"""The figure base every plot panel uses: a pyqtgraph layout styled by the theme, with its data.

A panel keeps one live figure per plot and calls `setData` on curves created once. Export and the
CLI build a fresh figure of the same class from the same data, so the saved image never disturbs
the one on screen and the CLI draws exactly what the panel draws.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QTextOption
from PySide6.QtWidgets import QGraphicsItem
from shiboken6 import isValid

from actgui.core.table import Table
from actgui.qt.base.theme import LIGHT, Theme

pg.setConfigOptions(antialias=True)


#: The most lines a vertical axis's label wraps onto.
AXIS_LABEL_LINES = 2


class Axis(pg.AxisItem):
    """pyqtgraph's axis with room for every label, the labels at the ends of its range kept and, on a
    log scale, the decades nearest both ends labelled (pyqtgraph labels every 5th decade, say, and a
    curve near the top is left without a value)."""

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
        axis too short even for that keeps it on one line."""
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
        """pyqtgraph's spacing, widened (1-2-5 steps) until every major label has room for itself:
        pyqtgraph counts ticks by the axis length alone, so large (lecture) labels overlapped."""
        levels = super().tickSpacing(minVal, maxVal, size)
        if not levels or self._tickSpacing is not None or size <= 0:
            return levels
        span = abs(maxVal - minVal)
        least = span / max(2.0, size / self._label_room())
        major, offset = levels[0]
        if major >= least:
            return levels
        exponent = math.floor(math.log10(least))
        major = next(m * 10.0 ** e for e in (exponent, exponent + 1) for m in (1, 2, 5) if m * 10.0 ** e >= least)
        return [(major, offset), *[(spacing, off) for spacing, off in levels[1:] if spacing < major]]

    def _label_room(self) -> float:
        """Pixels along the axis one tick label needs."""
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
    share = width / max(1, legend.columnCount)
    for sample, label in legend.items:
        wrap_label(label, share - sample.boundingRect().width() - LEGEND_PADDING)
    legend.layout.activate()
    legend.updateSize()


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


#: Where a legend may sit inside its plot (item and parent anchor): the four corners and top centre.
LEGEND_PLACES = ((0, 0), (1, 0), (0.5, 0), (0, 1), (1, 1))
LEGEND_MARGIN = 10
LEGEND_ALPHA = 170
#: Pixels of a legend row besides its sample and label (spacing and the legend's frame).
LEGEND_PADDING = 40
#: Points per curve looked at when choosing a legend's place.
LEGEND_SAMPLES = 400


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
            plot.addLegend(offset=(LEGEND_MARGIN, LEGEND_MARGIN))
            timer = QTimer(self.widget)
            timer.setSingleShot(True)
            timer.setInterval(250)
            timer.timeout.connect(lambda plot=plot: self.place_legend(plot))
            plot.vb.sigRangeChanged.connect(timer.start)
            plot.vb.sigResized.connect(timer.start)
            plot.vb.sigResized.connect(lambda *_, plot=plot: self.fit_plot_legend(plot))
        self.plots.append(plot)
        self.set_labels(plot, title, x_label, y_label)
        self._style_plot(plot)
        self.widget.setBackground(self.theme.background)
        return plot

    def fit_plot_legend(self, plot: pg.PlotItem) -> None:
        """Wraps `plot`'s legend to the width of its view box."""
        if isValid(plot) and plot.legend is not None and isValid(plot.legend):
            fit_legend(plot.legend, plot.vb.boundingRect().width() - 2 * LEGEND_MARGIN)

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
        font = QFont()
        font.setPointSize(self.theme.font_pt)
        axis.setPen(self.theme.foreground)
        axis.setTextPen(self.theme.foreground)
        axis.setTickFont(font)
        axis.setWidth(None)  # ColorBarItem fixes 45 px, which clips larger labels
        axis.setTickDensity(LIGHT.font_pt / self.theme.font_pt)

    def index_ticks(self, plot: pg.PlotItem, side: str, count: int) -> None:
        """Whole-number ticks 0 … count − 1 on an axis of indices (every one while they fit, else a
        round step), never 0.5 or 1.5."""
        step = 1 if count <= 12 else math.ceil(count / 10)
        plot.getAxis(side).setTicks([[(i, str(i)) for i in range(0, count, step)], []])

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
            self.fit_plot_legend(plot)
            background = QColor(theme.background)
            background.setAlpha(LEGEND_ALPHA)  # see-through: a curve that must pass behind stays visible
            plot.legend.setBrush(background)

    def place_legends(self) -> None:
        """Moves every legend to the place in its plot that covers the fewest data points."""
        for plot in self.plots:
            self.place_legend(plot)

    def place_legend(self, plot: pg.PlotItem) -> None:
        """Moves `plot`'s legend to the corner (or the top centre) covering the fewest curve points;
        where places tie the legend stays where it is."""
        legend = plot.legend
        if not isValid(plot) or legend is None or not isValid(legend) or not legend.items or not legend.isVisible():
            return  # (a timer may fire while the figure is being deleted)
        self.fit_plot_legend(plot)
        area, view = plot.vb.boundingRect(), plot.vb.viewRect()
        size = legend.boundingRect()
        if size.width() >= area.width() or size.height() >= area.height() or view.width() <= 0 or view.height() <= 0:
            return
        xs, ys = [], []
        for item in plot.listDataItems():
            if not item.isVisible():
                continue
            x, y = item.getData()
            if x is None or len(x) == 0:
                continue
            count = min(len(x), len(y))  # a histogram's x holds one edge more than its y
            step = max(1, count // LEGEND_SAMPLES)
            xs.append(np.asarray(x[:count:step], float))
            ys.append(np.asarray(y[:count:step], float))
        if not xs:
            return
        x, y = np.concatenate(xs), np.concatenate(ys)
        px = (x - view.left()) / view.width() * area.width()
        py = (y - view.top()) / view.height() * area.height()
        if not plot.vb.yInverted():
            py = area.height() - py

        def corner(place: tuple[float, float]) -> tuple[float, float]:
            return (place[0] * (area.width() - size.width()) + LEGEND_MARGIN * (1 - 2 * place[0]),
                    place[1] * (area.height() - size.height()) + LEGEND_MARGIN * (1 - 2 * place[1]))

        def covered(place: tuple[float, float]) -> int:
            left, top = corner(place)
            inside = (px >= left) & (px <= left + size.width()) & (py >= top) & (py <= top + size.height())
            return int(np.count_nonzero(inside))

        position = legend.pos()
        here = min(LEGEND_PLACES, key=lambda p: math.dist(corner(p), (position.x(), position.y())))
        counts = {place: covered(place) for place in LEGEND_PLACES}
        best = min(counts, key=counts.get)
        if counts[here] <= counts[best]:
            return
        offset = (LEGEND_MARGIN * (1 - 2 * best[0]) if best[0] != 0.5 else 0, LEGEND_MARGIN * (1 - 2 * best[1]))
        legend.anchor(best, best, offset=offset)

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
