"""The Functions figure: f and its autograd derivatives, side by side or overlaid, with the
saturation regions shaded and a cursor line."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor

from actgui.core.activations import Activation, Curves
from actgui.core.function_plot import FunctionPlotSpec, table, tanh_identity
from actgui.core.properties import effective_range, saturation_regions
from actgui.core.table import Table
from actgui.qt.base.figure import Figure
from actgui.qt.base.i18n import display_name
from actgui.qt.base.theme import Theme

KINDS = ("f", "grad", "grad2")
STYLES = {"f": Qt.SolidLine, "grad": Qt.DashLine, "grad2": Qt.DotLine}
#: The 2σ(2x) − 1 overlay: a grey readable on both themes, dotted over the tanh curve.
IDENTITY_COLOR = "#7f7f7f"


class FunctionsFigure(Figure):
    """Two plots (f | f′, f″) side by side, or one plot with everything overlaid."""

    name = "functions"

    def __init__(self, theme: Theme, overlay: bool = False) -> None:
        super().__init__(theme)
        self.overlay = overlay
        self.value_plot = self.add_plot(0, 0)
        self.derivative_plot = self.value_plot if overlay else self.add_plot(0, 1)
        if not overlay:
            self.derivative_plot.setXLink(self.value_plot)
        self.cursor_lines = []
        for plot in {id(p): p for p in (self.value_plot, self.derivative_plot)}.values():
            line = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen(theme.foreground, style=Qt.DotLine))
            line.setVisible(False)
            plot.addItem(line, ignoreBounds=True)
            self.cursor_lines.append(line)
        self._curves: dict[tuple[str, str], pg.PlotDataItem] = {}
        self._shown: dict[tuple[str, str], object] = {}
        self._regions: list[pg.LinearRegionItem] = []
        #: The 2σ(2x) − 1 overlay (None until first shown) and the effective-range shading.
        self.identity_curve: pg.PlotDataItem | None = None
        self.effective_regions: list[tuple[pg.LinearRegionItem, pg.TextItem]] = []
        self._spec = FunctionPlotSpec()
        self._data: list[tuple[Activation, Curves]] = []
        self.retranslate()

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        if self.overlay:
            self.set_labels(self.value_plot, translate("FunctionsFigure", "Activation f(x) and its derivatives"), "x",
                            translate("FunctionsFigure", "value"))
        else:
            self.set_labels(self.value_plot, translate("FunctionsFigure", "Activation f(x)"), "x", "f(x)")
            self.set_labels(self.derivative_plot, translate("FunctionsFigure", "Derivatives by autograd"), "x",
                            self._derivative_axis_label())
        for (key, kind), curve in self._curves.items():
            activation = next((a for a, _ in self._data if a.key == key), None)
            if activation is not None:
                self._rename(curve, self._label(activation, kind))
        if self.identity_curve is not None:
            self._rename(self.identity_curve, self._identity_label())
        for (_region, text), (_, span) in zip(self.effective_regions, self._effective_spans(), strict=False):
            text.setText(self._effective_label(span))

    def _derivative_axis_label(self) -> str:
        """The derivative axis names only the derivatives drawn: f′(x), f″(x) or both."""
        if self._spec.second and not self._spec.derivative:
            return "f″(x)"
        if self._spec.second:
            return QCoreApplication.translate("FunctionsFigure", "f′(x), f″(x)")
        return "f′(x)"

    def _identity_label(self) -> str:
        return QCoreApplication.translate("FunctionsFigure", "2σ(2x) − 1 (= tanh x)")

    def _effective_label(self, span: tuple[float, float]) -> str:
        return QCoreApplication.translate("FunctionsFigure", "effective input range [{low}, {high}]").format(
            low=f"{span[0]:.2g}", high=f"{span[1]:.2g}")

    def _label(self, activation: Activation, kind: str) -> str:
        name = display_name(activation)
        if kind == "grad":
            return QCoreApplication.translate("FunctionsFigure", "{name}′").format(name=name)
        if kind == "grad2":
            return QCoreApplication.translate("FunctionsFigure", "{name}″").format(name=name)
        return name

    def _rename(self, curve: pg.PlotDataItem, label: str) -> None:
        curve.opts["name"] = label
        plot = self.value_plot if curve in self.value_plot.listDataItems() else self.derivative_plot
        if plot.legend is not None:
            for sample, text in plot.legend.items:
                if sample.item is curve:
                    text.setText(label)

    def _place_derivative_plot(self, shown: bool) -> None:
        """The derivative plot stands beside the value plot only while derivatives are drawn; without
        them the value plot takes the whole width (and the hidden plot's x axis is unlinked: a plot
        outside the layout would pass its own pixel width on to the value plot's range)."""
        layout = self.widget.ci
        if self.overlay or shown == (self.derivative_plot in layout.items):
            return
        if shown:
            layout.addItem(self.derivative_plot, row=0, col=1)
            self.derivative_plot.setXLink(self.value_plot)
        else:
            self.derivative_plot.setXLink(None)
            layout.removeItem(self.derivative_plot)

    def show(self, spec: FunctionPlotSpec, data: list[tuple[Activation, Curves]]) -> None:
        """Draws `data` (sampled for `spec`); curves are created once per (activation, kind)."""
        self._spec, self._data = spec, data
        self._place_derivative_plot(spec.derivative or spec.second)
        if not self.overlay and self.derivative_plot.getAxis("left").labelText != self._derivative_axis_label():
            self.set_labels(self.derivative_plot, self.derivative_plot.titleLabel.text, "x",
                            self._derivative_axis_label())
        wanted = set()
        for activation, curves in data:
            series = {"f": curves.y, "grad": curves.dy if spec.derivative else None,
                      "grad2": curves.d2y if spec.second else None}
            for kind in KINDS:
                if series[kind] is None:
                    continue
                key = (activation.key, kind)
                wanted.add(key)
                curve = self._curves.get(key)
                if curve is None:
                    plot = self.value_plot if kind == "f" else self.derivative_plot
                    curve = self.add_curve(plot, activation.color, self._label(activation, kind), STYLES[kind])
                    self._curves[key] = curve
                elif activation.key == "custom":
                    self._rename(curve, self._label(activation, kind))
                if self._shown.get(key) is not series[kind]:  # unchanged curves keep their cached path
                    curve.setData(curves.x, series[kind])
                    self._shown[key] = series[kind]
        for key in [k for k in self._curves if k not in wanted]:
            curve = self._curves.pop(key)
            self._shown.pop(key, None)
            plot = self.value_plot if key[1] == "f" else self.derivative_plot
            plot.removeItem(curve)
            self._styled[:] = [s for s in self._styled if s[0] is not curve]
        self._shade(data)
        self._show_identity(spec)
        self._show_effective_ranges()
        for plot in (self.value_plot, self.derivative_plot):
            plot.setXRange(spec.xmin, spec.xmax, padding=0.02)
            plot.enableAutoRange(axis="y")
            plot.showGrid(x=spec.grid, y=spec.grid, alpha=0.3)

    def _show_identity(self, spec: FunctionPlotSpec) -> None:
        """The notes' identity tanh(x) = 2σ(2x) − 1, drawn from the sigmoid over the tanh curve."""
        if not spec.tanh_identity:
            if self.identity_curve is not None:
                self.identity_curve.setVisible(False)
            return
        if self.identity_curve is None:
            self.identity_curve = self.add_curve(self.value_plot, IDENTITY_COLOR, self._identity_label(),
                                                 Qt.DotLine, 2.5)
        x = np.linspace(spec.xmin, spec.xmax, spec.points)
        self.identity_curve.setData(x, tanh_identity(x))
        self.identity_curve.setVisible(True)

    def _effective_spans(self) -> list[tuple[str, tuple[float, float]]]:
        if not self._spec.effective_range:
            return []
        spans = [(a.color, effective_range(c.x, c.dy)) for a, c in self._data]
        return [(color, span) for color, span in spans if span is not None]

    def _show_effective_ranges(self) -> None:
        """Shades each curve's effective input range on the value plot, labelled with its ends."""
        spans = self._effective_spans()
        while len(self.effective_regions) < len(spans):
            region = pg.LinearRegionItem(movable=False)
            region.setZValue(-20)
            text = pg.TextItem(anchor=(0.0, 1.0))
            self.value_plot.addItem(region, ignoreBounds=True)
            self.value_plot.addItem(text, ignoreBounds=True)
            self.effective_regions.append((region, text))
        # Labels stack up from the bottom at each range's left end, clear of the legend at the top.
        values = [c.y[np.isfinite(c.y)] for _, c in self._data]
        bottom = min((float(v.min()) for v in values if v.size), default=0.0)
        height = max((float(v.max()) for v in values if v.size), default=1.0) - bottom or 1.0
        for index, (region, text) in enumerate(self.effective_regions):
            shown = index < len(spans)
            region.setVisible(shown)
            text.setVisible(shown)
            if not shown:
                continue
            color, span = spans[index]
            fill = QColor(color)
            fill.setAlpha(40)
            region.setBrush(fill)
            for line in region.lines:
                line.setPen(pg.mkPen(color, width=self.theme.line_width, style=Qt.DashLine))
            region.setRegion(span)
            text.setText(self._effective_label(span))
            text.setColor(color)
            text.setPos(span[0], bottom + (index + 1) * 0.1 * height)

    def _shade(self, data: list[tuple[Activation, Curves]]) -> None:
        """Shades every curve's saturation regions (|f′| < 1e-2) in its own colour, faintly."""
        spans = [(a.color, r) for a, c in data for r in saturation_regions(c.x, c.dy) if r[1] > r[0]]
        while len(self._regions) < len(spans):
            region = pg.LinearRegionItem(movable=False)
            region.setZValue(-10)
            for line in region.lines:
                line.setPen(pg.mkPen(None))
            self.derivative_plot.addItem(region, ignoreBounds=True)
            self._regions.append(region)
        for region, span in zip(self._regions, spans + [None] * len(self._regions), strict=False):
            region.setVisible(span is not None)
            if span is not None:
                color = QColor(span[0])
                color.setAlpha(28)
                region.setBrush(color)
                region.setRegion(span[1])

    def set_cursor(self, x: float | None) -> None:
        for line in self.cursor_lines:
            line.setVisible(x is not None)
            if x is not None:
                line.setPos(x)

    def set_theme(self, theme: Theme) -> None:
        super().set_theme(theme)
        for line in getattr(self, "cursor_lines", []):
            line.setPen(pg.mkPen(theme.foreground, style=Qt.DotLine))

    def table(self) -> Table:
        return table(self._spec, self._data)


def readout(data: list[tuple[Activation, Curves]], x: float) -> list[tuple[Activation, float, float]]:
    """(activation, f(x), f′(x)) for every curve at `x`, interpolated on the sampled grid."""
    return [(a, float(np.interp(x, c.x, c.y)), float(np.interp(x, c.x, c.dy))) for a, c in data]
