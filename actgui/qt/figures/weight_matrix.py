"""The weight matrix of a small layer, value by value: each W[i, j] as a number on a heat map cell
(rows: outputs i, columns: inputs j), as `print(layer.weight)` shows it for nn.Linear(3, 5)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QRectF
from PySide6.QtGui import QColor, QFont, QFontMetrics

from actgui.core.inits import WeightSample
from actgui.core.table import Table
from actgui.qt.base.figure import Figure
from actgui.qt.base.theme import Theme, luminance

#: Negative weights blue, zero neutral, positive red (a diverging map read the same by colour-blind eyes).
NEGATIVE, ZERO, POSITIVE = "#2166ac", "#f7f7f7", "#b2182b"


def matrix_text(value: float) -> str:
    """A weight as printed on its cell: two decimals, or three significant digits when smaller."""
    return f"{value:.2f}" if abs(value) >= 0.01 or value == 0 else f"{value:.1e}"


class WeightMatrixFigure(Figure):
    """W (out_features × in_features) of one layer, numbers on a diverging heat map."""

    name = "weight_matrix"

    def __init__(self, theme: Theme) -> None:
        super().__init__(theme)
        self.plot = self.add_plot(0, 0, legend=False)
        self.plot.invertY(True)  # row 0 on top, as the matrix is printed
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.showGrid(x=False, y=False)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setColorMap(pg.ColorMap([0.0, 0.5, 1.0], [NEGATIVE, ZERO, POSITIVE]))
        self.plot.addItem(self.image)
        self.labels: list[pg.TextItem] = []
        self.sample: WeightSample | None = None
        self.retranslate()

    def matrix(self) -> np.ndarray:
        """The drawn weights as a (fan_out, fan_in) array (empty before `show`)."""
        if self.sample is None:
            return np.zeros((0, 0))
        return self.sample.weights.numpy().reshape(self.sample.fan_out, self.sample.fan_in)

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        if self.sample is None:
            title = translate("WeightMatrixFigure", "Weights of the layer")
        else:
            # short and unbroken (a no-break space): the figure stands in a narrow column beside the histogram
            title = f"nn.Linear({self.sample.fan_in},\u00a0{self.sample.fan_out}).weight"
        self.set_labels(self.plot, title, translate("WeightMatrixFigure", "input j"),
                        translate("WeightMatrixFigure", "output i"))

    def minimum_width(self) -> int:
        """Pixels the figure needs for every value of its widest row and for its title, beside the row axis."""
        font = QFont()
        font.setPointSize(self.theme.font_pt)
        title_font = QFont()
        title_font.setPointSize(self.theme.font_pt + 2)
        columns = self.sample.fan_in if self.sample is not None else 3
        cells = columns * (QFontMetrics(font).horizontalAdvance("−0.00") + 8)
        title = QFontMetrics(title_font).horizontalAdvance(self.plot.titleLabel.text or "")
        return max(cells, title) + 4 * QFontMetrics(font).height() + 24  # and the layout's margins

    def minimum_height(self) -> int:
        """Pixels the figure needs to show every row of values under its title, above the column axis."""
        font = QFont()
        font.setPointSize(self.theme.font_pt)
        rows = self.sample.fan_out if self.sample is not None else 5
        return rows * (QFontMetrics(font).height() + 6) + 3 * QFontMetrics(font).height()

    def _fit_size(self) -> None:
        self.widget.setMinimumSize(self.minimum_width(), self.minimum_height())

    def set_theme(self, theme: Theme) -> None:
        super().set_theme(theme)
        self.plot.showGrid(x=False, y=False)
        self._draw_labels()
        self._fit_size()

    def show(self, sample: WeightSample) -> None:
        """Draws every weight of `sample` (a small matrix) as a coloured cell with its value."""
        self.sample = sample
        weights = self.matrix()
        rows, columns = weights.shape
        bound = float(np.max(np.abs(weights), initial=0.0)) or 1.0
        self.image.setImage(weights, levels=(-bound, bound))
        self.image.setRect(QRectF(-0.5, -0.5, columns, rows))
        self.plot.setRange(xRange=(-0.5, columns - 0.5), yRange=(-0.5, rows - 0.5), padding=0)
        self.index_ticks(self.plot, "bottom", columns)
        self.index_ticks(self.plot, "left", rows)
        self._draw_labels()
        self.retranslate()
        self._fit_size()

    def _draw_labels(self) -> None:
        for label in self.labels:
            self.plot.removeItem(label)
        self.labels = []
        weights = self.matrix()
        if weights.size == 0:
            return
        bound = float(np.max(np.abs(weights), initial=0.0)) or 1.0
        colour_map = self.image.getColorMap()
        font = QFont()
        font.setPointSize(self.theme.font_pt)
        for (i, j), value in np.ndenumerate(weights):
            cell = colour_map.map((value / bound + 1) / 2, mode="qcolor")
            text = "#000000" if luminance(QColor(cell).name()) > 0.35 else "#ffffff"
            label = pg.TextItem(matrix_text(float(value)), color=text, anchor=(0.5, 0.5))
            label.setFont(font)
            label.setPos(j, i)
            self.plot.addItem(label)
            self.labels.append(label)

    def table(self) -> Table:
        """One row per weight: `row` (output i), `column` (input j), `weight`."""
        weights = self.matrix()
        rows, columns = np.indices(weights.shape)
        return Table({"row": rows.ravel().tolist(), "column": columns.ravel().tolist(),
                      "weight": weights.ravel().tolist()})
