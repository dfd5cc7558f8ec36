"""The trained network's loss landscape: the loss on a plane through the final weights as a heat map
with contours and the training trajectory projected on it, and the loss along the straight line from
the initial to the final weights."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication

from actgui.core.network_landscape import PCA, NetworkLandscape
from actgui.core.surfaces import SurfaceGrid, contour_levels, contour_segments
from actgui.core.table import Table
from actgui.qt.base.figure import Figure
from actgui.qt.base.theme import Theme
from actgui.qt.figures.landscape import HEAT_MAP, HEAT_OPACITY, MINIMUM_COLOR, _with_alpha

PATH_COLOR = "#e6194b"
LINE_COLOR = "#4363d8"


class NetworkLandscapeFigure(Figure):
    """Left: log₁₀ of the loss over the plane (a, b), the trajectory and the trained weights (a star).
    Right: the loss from θ₀ (t = 0) to θ* (t = 1) on a log scale."""

    name = "network_landscape"

    def __init__(self, theme: Theme) -> None:
        super().__init__(theme)
        self.map_plot = self.add_plot(0, 0, legend=False)
        self.line_plot = self.add_plot(0, 1, legend=False)
        self.line_plot.setLogMode(y=True)
        layout = self.widget.ci.layout
        layout.setColumnStretchFactor(0, 3)
        layout.setColumnStretchFactor(1, 2)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setZValue(-10)
        self.contours = pg.PlotDataItem(connect="pairs")
        self.contours.setZValue(-5)
        self.path = self.add_curve(self.map_plot, PATH_COLOR, width=1.3, symbol="o", symbolSize=5,
                                   symbolBrush=PATH_COLOR, symbolPen=None)
        self.start = pg.ScatterPlotItem(symbol="o", size=12)
        self.centre = pg.ScatterPlotItem(symbol="star", size=18, brush=MINIMUM_COLOR)
        for item in (self.image, self.contours, self.start, self.centre):
            self.map_plot.addItem(item)
        self.start.setZValue(5)
        self.centre.setZValue(6)
        self.line = self.add_curve(self.line_plot, LINE_COLOR, width=1.3)
        self.ends = pg.ScatterPlotItem(size=10)
        self.line_plot.addItem(self.ends)
        self.landscape: NetworkLandscape | None = None
        self._restyle()
        self.retranslate()

    def set_theme(self, theme: Theme) -> None:
        super().set_theme(theme)
        self._restyle()
        if self.landscape is not None:
            self._draw_image()

    def _restyle(self) -> None:
        foreground = self.theme.foreground
        self.contours.setPen(pg.mkPen(_with_alpha(foreground, 90), width=1))
        self.start.setPen(pg.mkPen(foreground, width=2))
        self.start.setBrush(pg.mkBrush(self.theme.background))
        self.centre.setPen(pg.mkPen(foreground, width=1))
        self.ends.setPen(pg.mkPen(foreground, width=1.5))
        self.ends.setBrush(pg.mkBrush(LINE_COLOR))

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        landscape = self.landscape
        if landscape is not None and landscape.directions == PCA and landscape.explained is not None:
            title = translate("NetworkLandscapeFigure", "log₁₀ loss on the plane of the first two PCA directions "
                              "({first:.0%}, {second:.0%} of the trajectory)").format(
                first=landscape.explained[0], second=landscape.explained[1])
            x_label, y_label = translate("NetworkLandscapeFigure", "PCA 1"), translate("NetworkLandscapeFigure",
                                                                                      "PCA 2")
        else:
            title = translate("NetworkLandscapeFigure", "log₁₀ loss along two filter-normalised random directions")
            x_label, y_label = "α (δ)", "β (η)"
        self.set_labels(self.map_plot, title, x_label, y_label)
        self.set_labels(self.line_plot, translate("NetworkLandscapeFigure", "Loss from initial (t = 0) to trained "
                                                  "(t = 1) weights"), "t", translate("NetworkLandscapeFigure", "loss"))

    def show(self, landscape: NetworkLandscape) -> None:
        self.landscape = landscape
        grid = self._log_grid()
        segments = contour_segments(grid, contour_levels(grid.z, 16))
        self.contours.setData(segments[:, :, 0].ravel(), segments[:, :, 1].ravel())
        self._draw_image()
        self.path.setData(landscape.path_x, landscape.path_y)
        self.start.setData([landscape.path_x[0]], [landscape.path_y[0]])
        self.centre.setData([0.0], [0.0])
        xs, ys = landscape.xs, landscape.ys
        self.map_plot.setRange(xRange=(xs[0], xs[-1]), yRange=(ys[0], ys[-1]), padding=0)
        t, loss = landscape.interpolation_t, np.maximum(landscape.interpolation_loss, 1e-12)
        self.line.setData(t, loss)
        ends = [int(np.argmin(np.abs(t - value))) for value in (0.0, 1.0)]
        self.ends.setData(t[ends], np.log10(loss[ends]))
        self.retranslate()

    def _log_grid(self) -> SurfaceGrid:
        landscape = self.landscape
        return SurfaceGrid(landscape.xs, landscape.ys, np.log10(np.maximum(landscape.loss, 1e-12)))

    def _draw_image(self) -> None:
        z = self._log_grid().z
        low, high = float(z.min()), float(z.max())
        levels = (z - low) / max(high - low, 1e-12)
        lut = pg.colormap.get(HEAT_MAP).getLookupTable(nPts=256, alpha=False).astype(float)
        background = np.array(pg.mkColor(self.theme.background).getRgb()[:3], dtype=float)
        colours = lut[np.round(levels * 255).astype(int)]
        blended = (1 - HEAT_OPACITY) * background + HEAT_OPACITY * colours
        self.image.setImage(np.round(blended).astype(np.uint8), levels=(0, 255))
        xs, ys = self.landscape.xs, self.landscape.ys
        dx, dy = xs[1] - xs[0], ys[1] - ys[0]
        self.image.setRect(xs[0] - dx / 2, ys[0] - dy / 2, xs[-1] - xs[0] + dx, ys[-1] - ys[0] + dy)

    def table(self) -> Table:
        """a, b, loss of every grid point (row by row)."""
        landscape = self.landscape
        if landscape is None:
            return Table({"a": [], "b": [], "loss": []})
        gy, gx = np.meshgrid(landscape.ys, landscape.xs, indexing="ij")
        return Table({"a": gx.ravel(), "b": gy.ravel(), "loss": landscape.loss.ravel()})
