"""Softmax figures: logits and probabilities as bars (softmax applied once and twice), and the
Jacobian ∂p_i/∂z_j as a heat map."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFont, QFontMetrics

from actgui.core.softmax import jacobian, softmax
from actgui.core.table import Table
from actgui.qt.base.figure import Figure
from actgui.qt.base.theme import Theme

LOGIT_COLOR, PROBABILITY_COLOR, TWICE_COLOR = "#7f7f7f", "#1f77b4", "#ff7f0e"
#: Room above (and below) the bars for their values, as a share of the plotted range.
VALUE_ROOM = 0.25
#: With more bars than this the values are written upwards (side by side they would overlap).
UPRIGHT_FROM = 5


def bar_value(value: float, probability: bool) -> str:
    """A bar's value as written on it: a probability with two decimals (two digits when below 0.01)."""
    if probability:
        return f"{value:.2f}" if value >= 0.01 or value == 0 else f"{value:.1g}"
    return f"{value:.4g}"


class SoftmaxFigure(Figure):
    """Left: the logits. Right: softmax(z / T), and softmax applied twice when asked."""

    name = "softmax"

    def __init__(self, theme: Theme) -> None:
        super().__init__(theme)
        self.logit_plot = self.add_plot(0, 0, legend=False)
        self.probability_plot = self.add_plot(0, 1)
        for column, plot in enumerate((self.logit_plot, self.probability_plot)):
            self.widget.ci.layout.setColumnStretchFactor(column, 1)
            plot.setPreferredWidth(1)  # the two share the width (the longer title had asked for more)
        self.logit_bars = pg.BarGraphItem(x=[], height=[], width=0.7, brush=LOGIT_COLOR)
        self.logit_plot.addItem(self.logit_bars)
        self.probability_bars = pg.BarGraphItem(x=[], height=[], width=0.4, brush=PROBABILITY_COLOR)
        self.twice_bars = pg.BarGraphItem(x=[], height=[], width=0.4, brush=TWICE_COLOR)
        self.probability_plot.addItem(self.probability_bars)
        self.probability_plot.addItem(self.twice_bars)
        self.probability_plot.setYRange(0, 1, padding=0.02)
        self.logits = np.zeros(0)
        self.temperature = 1.0
        self.twice = False
        self.twice_temperature = 1.0
        self.value_labels: list[tuple[pg.PlotItem, pg.TextItem]] = []
        for plot in (self.logit_plot, self.probability_plot):
            plot.vb.sigResized.connect(lambda *_: self._fit_value_font())
        self.retranslate()

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        self.set_labels(self.logit_plot, translate("SoftmaxFigure", "Logits z"), translate("SoftmaxFigure", "index i"),
                        translate("SoftmaxFigure", "z_i"))
        self.set_labels(self.probability_plot, translate("SoftmaxFigure", "Softmax probabilities (sum to 1)"),
                        translate("SoftmaxFigure", "index i"), translate("SoftmaxFigure", "p_i"))
        legend = self.probability_plot.legend
        legend.clear()
        legend.addItem(self.probability_bars, translate("SoftmaxFigure", "softmax(z / T)"))
        if self.twice:
            label = translate("SoftmaxFigure", "softmax applied twice: softmax(p / T₂), T₂ = {t}")
            legend.addItem(self.twice_bars, label.format(t=f"{self.twice_temperature:g}"))

    def show(self, logits: list[float], temperature: float, twice: bool, twice_temperature: float = 1.0) -> None:
        """softmax(z / T) as bars; with `twice`, also softmax of those probabilities at its own T₂."""
        self.logits, self.temperature, self.twice = np.asarray(logits, float), temperature, twice
        self.twice_temperature = twice_temperature
        index = np.arange(len(logits))
        p = softmax(logits, temperature)
        self.logit_bars.setOpts(x=index, height=self.logits, width=0.7)
        for plot in (self.logit_plot, self.probability_plot):
            self.index_ticks(plot, "bottom", len(index))
        offset = 0.2 if twice else 0.0
        self.probability_bars.setOpts(x=index - offset, height=p, width=0.4 if twice else 0.7)
        self.twice_bars.setOpts(x=index + offset, height=softmax(p, twice_temperature) if twice else np.zeros(0),
                                width=0.4)
        self.twice_bars.setVisible(twice)
        self._label_values()
        self.retranslate()

    def set_theme(self, theme: Theme) -> None:
        super().set_theme(theme)
        self._label_values()

    def _value_font(self) -> QFont:
        """The theme's text size, made smaller where the bars are too narrow for it (a value never
        overlaps its neighbour's)."""
        font = QFont()
        font.setPointSize(max(self.theme.font_pt - 1, 6))
        bars = max(len(self.logits), 1) * (2 if self.twice else 1)
        slot = min(plot.vb.width() for plot in (self.logit_plot, self.probability_plot)) / bars
        height = QFontMetrics(font).height()
        if 0 < slot < height:
            font.setPixelSize(max(int(slot * 0.95), 7))
        return font

    def _fit_value_font(self) -> None:
        font = self._value_font()
        for _, label in self.value_labels:
            label.setFont(font)

    def _label_values(self) -> None:
        """Writes each bar's value at its end (upwards when the bars are narrow)."""
        for plot, label in self.value_labels:
            plot.removeItem(label)
        self.value_labels = []
        if not len(self.logits):
            return
        p = softmax(self.logits, self.temperature)
        index = np.arange(len(self.logits))
        offset = 0.2 if self.twice else 0.0
        upright = self.twice or len(index) > UPRIGHT_FROM  # narrow bars: values written upwards, never overlapping
        bars = [(self.logit_plot, index, self.logits, False, upright),
                (self.probability_plot, index - offset, p, True, upright)]
        if self.twice:
            bars.append((self.probability_plot, index + offset, softmax(p, self.twice_temperature), True, True))
        font = self._value_font()
        for plot, xs, heights, probability, vertical in bars:
            for x, height in zip(xs, heights, strict=True):
                below = height < 0
                anchor = ((1.0 if below else 0.0), 0.5) if vertical else (0.5, 0.0 if below else 1.0)
                label = pg.TextItem(bar_value(float(height), probability), color=self.theme.foreground,
                                    anchor=anchor, angle=90 if vertical else 0)
                label.setFont(font)
                label.setPos(float(x), float(height))
                plot.addItem(label)
                self.value_labels.append((plot, label))
        low, high = min(0.0, float(self.logits.min())), max(0.0, float(self.logits.max()))
        room = VALUE_ROOM * max(high - low, 1e-9)
        self.logit_plot.setYRange(low - (room if low < 0 else 0.0), high + room, padding=0.02)
        self.probability_plot.setYRange(0, 1 + VALUE_ROOM * (2 if self.twice else 1), padding=0.02)

    def table(self) -> Table:
        p = softmax(self.logits, self.temperature)
        columns = {"index": np.arange(len(self.logits)), "logit": self.logits, "probability": p}
        if self.twice:
            columns["probability_twice"] = softmax(p, self.twice_temperature)
        return Table(columns)


class JacobianFigure(Figure):
    """The Jacobian of softmax(z / T), ∂p_i/∂z_j = (1/T)·p_i(δ_ij − p_j), as a heat map."""

    name = "jacobian"

    def __init__(self, theme: Theme) -> None:
        super().__init__(theme)
        self.plot = self.add_plot(0, 0, legend=False)
        self.plot.invertY(True)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.plot.addItem(self.image)
        self.colorbar = self.add_color_bar(self.plot, self.image, colorMap=pg.colormap.get("CET-D1"),
                                           values=(-0.25, 0.25))
        self.matrix = np.zeros((0, 0))
        self.temperature = 1.0
        self.retranslate()

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        title = translate("JacobianFigure", "Jacobian ∂p_i/∂z_j = (1/T)·p_i(δ_ij − p_j), 1/T = {inverse}").format(
            inverse=f"{1 / self.temperature:.3g}")
        self.set_labels(self.plot, title, translate("JacobianFigure", "j"), translate("JacobianFigure", "i"))

    def show(self, logits: list[float], temperature: float) -> None:
        """The Jacobian of softmax(z / T) with respect to z, the 1/T factor included."""
        self.temperature = temperature
        self.matrix = jacobian(softmax(logits, temperature)) / temperature
        self.retranslate()
        limit = max(float(np.abs(self.matrix).max()), 1e-6)
        self.image.setImage(self.matrix, autoLevels=False)
        self.image.setRect(-0.5, -0.5, len(logits), len(logits))
        self.plot.setRange(xRange=(-0.5, len(logits) - 0.5), yRange=(-0.5, len(logits) - 0.5), padding=0)
        self.colorbar.setLevels((-limit, limit))
        for side in ("bottom", "left"):
            self.index_ticks(self.plot, side, len(logits))

    def table(self) -> Table:
        n = self.matrix.shape[0]
        i, j = np.divmod(np.arange(n * n), n)
        return Table({"i": i, "j": j, "d_p_i_d_z_j": self.matrix.ravel()})
