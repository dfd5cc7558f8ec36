"""The optimisation landscape figure: a surface as a heat map with contour lines (and, optionally,
its steepest-descent field), the optimisers' trajectories on it, and each one's loss per step."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QPointF, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsItem, QSizePolicy

from actgui.core.descent import DESCENT_METHODS, DIVERGED, ESCAPED, Trajectory, nearest_minimum, trajectories_table
from actgui.core.surfaces import (
    GradientField,
    Point,
    Surface,
    SurfaceGrid,
    Window,
    contour_levels,
    contour_segments,
    descent_field,
    sample_grid,
)
from actgui.core.table import Table
from actgui.qt.base.figure import LEGEND_MARGIN, Figure, fit_legend
from actgui.qt.base.i18n import display_name
from actgui.qt.base.theme import Theme

HEAT_MAP = "viridis"
HEAT_OPACITY = 0.55  # the heat map is blended into the background so trajectories stay readable
MINIMUM_COLOR = "#ffd700"
#: A run "reached" a known minimum when it ends this close to it, relative to the window's size.
REACHED_SHARE = 0.01
#: The map's and the loss plot's shares of the figure's width (column stretch factors).
MAP_STRETCH, LOSS_STRETCH = 3, 2


def reach_tolerance(window: Window) -> float:
    xmin, xmax, ymin, ymax = window
    return REACHED_SHARE * max(xmax - xmin, ymax - ymin)


def outcome(trajectory: Trajectory, minima: Sequence[Point], window: Window) -> str:
    """How a run ended, in words: diverged or escaped at step N, the minimum it reached, or its last loss."""
    translate = QCoreApplication.translate
    if trajectory.status == DIVERGED:
        return translate("LandscapeFigure", "diverged at step {step}").format(step=trajectory.stopped_at)
    if trajectory.status == ESCAPED:
        text = translate("LandscapeFigure", "left the map going downhill at step {step}")
        return text.format(step=trajectory.stopped_at)
    index = nearest_minimum(trajectory.end, minima, reach_tolerance(window))
    if index is not None:
        x, y = minima[index]
        return translate("LandscapeFigure", "reached the minimum ({x}, {y})").format(x=f"{x:.2f}", y=f"{y:.2f}")
    return translate("LandscapeFigure", "loss {loss} after {steps} steps").format(
        loss=f"{trajectory.loss[-1]:.4g}", steps=trajectory.steps)


#: A trajectory of a run: its optimiser and learning rate.
TrajectoryKey = tuple[str, float | None]
#: Colours of the learning rates compared with a single optimiser (blue, vermilion, bluish green, purple).
RATE_COLORS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7")
#: The line style and marker of the first, second … learning rate of a run, as a second cue besides colour.
RATE_STYLES = ((Qt.SolidLine, "o"), (Qt.DashLine, "t"), (Qt.DotLine, "s"), (Qt.DashDotLine, "d"))


def trajectory_key(trajectory: Trajectory) -> TrajectoryKey:
    return trajectory.optimizer, trajectory.lr


def _rates(run: Sequence[Trajectory]) -> list[float | None]:
    """The run's learning rates, largest first."""
    return sorted({t.lr for t in run}, key=lambda lr: -(lr or 0.0))


def trajectory_style(trajectory: Trajectory, run: Sequence[Trajectory]) -> tuple[str, Qt.PenStyle, str]:
    """Colour, line style and marker: the optimiser's colour (each learning rate's own colour when one
    optimiser runs at several), and a line style and marker per learning rate."""
    rates = _rates(run)
    rank = rates.index(trajectory.lr) % len(RATE_STYLES)
    optimizers = {t.optimizer for t in run}
    if len(optimizers) == 1 and len(rates) > 1:
        color = RATE_COLORS[rank % len(RATE_COLORS)]
    else:
        color = DESCENT_METHODS.get(trajectory.optimizer).color
    style, symbol = RATE_STYLES[rank] if len(rates) > 1 else RATE_STYLES[0]
    return color, style, symbol


def trajectory_name(trajectory: Trajectory, run: Sequence[Trajectory]) -> str:
    """'Adam' — or 'Adam, η = 0.01' when the run compares learning rates."""
    name = display_name(DESCENT_METHODS.get(trajectory.optimizer))
    if len(_rates(run)) > 1:
        name = f"{name}, η = {trajectory.lr:g}"
    return name


def _with_alpha(color: str, alpha: int) -> QColor:
    result = QColor(color)
    result.setAlpha(alpha)
    return result


class LandscapeFigure(Figure):
    """Left: the surface with trajectories (earlier starts faded). Right: loss against step.

    `show_surface` draws the map, `show_runs` the trajectories; `reveal(frame)` draws the latest run
    up to step `frame`, which is how the panel animates it.
    """

    name = "landscape"

    def __init__(self, theme: Theme) -> None:
        super().__init__(theme)
        self.map_plot = self.add_plot(0, 0, legend=False, rowspan=2)
        self.map_plot.setAspectLocked(True)
        self.loss_plot = self.add_plot(0, 1, legend=False)
        # The legend has a cell of its own under the loss plot, so it never hides a curve.
        self.legend = pg.LegendItem()
        self.legend.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Fixed)
        self.widget.addItem(self.legend, row=1, col=1)
        layout = self.widget.ci.layout
        layout.setColumnStretchFactor(0, MAP_STRETCH)
        layout.setColumnStretchFactor(1, LOSS_STRETCH)
        layout.setRowStretchFactor(0, 1)
        layout.setRowStretchFactor(1, 0)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setZValue(-10)
        self.contours = pg.PlotDataItem(connect="pairs")
        self.contours.setZValue(-5)
        self.field_item = pg.PlotDataItem(connect="pairs")
        self.field_item.setZValue(-4)
        self.minima_item = pg.ScatterPlotItem(symbol="star", size=18, brush=MINIMUM_COLOR)
        self.minima_item.setZValue(5)
        self.start_item = pg.ScatterPlotItem(symbol="o", size=14)
        self.start_item.setZValue(6)
        self.earlier_start_item = pg.ScatterPlotItem(symbol="o", size=9)
        self.earlier_start_item.setZValue(6)
        for item in (self.image, self.contours, self.field_item, self.minima_item, self.start_item,
                     self.earlier_start_item):
            self.map_plot.addItem(item)
        self.map_plot.vb.sigRangeChanged.connect(lambda *_: self._fill_view())
        #: The latest run's path, head and loss curve of each trajectory, by trajectory_key.
        self.paths: dict[TrajectoryKey, pg.PlotDataItem] = {}
        self.heads: dict[TrajectoryKey, pg.ScatterPlotItem] = {}
        self.loss_curves: dict[TrajectoryKey, pg.PlotDataItem] = {}
        self._item_styles: dict[TrajectoryKey, tuple] = {}
        self.faded: dict[str, pg.PlotDataItem] = {}
        for method in DESCENT_METHODS:
            self.faded[method.key] = self.map_plot.plot([], [], connect="finite")
        self.surface: Surface | None = None
        self.params: dict[str, float] = {}
        self.window: Window = (-1.0, 1.0, -1.0, 1.0)
        self.grid: SurfaceGrid | None = None
        self.field: GradientField | None = None
        self.minima: tuple[Point, ...] = ()
        self.runs: list[list[Trajectory]] = []
        self.frame = 0
        self._legend_entries: list[tuple[TrajectoryKey, str]] = []
        self._restyle()
        self.retranslate()

    def cache_background(self) -> None:
        """Keeps the heat map, contours and arrows rasterised between repaints, which makes an animated
        run's frames cheap on screen. Only for the live figure: an SVG export must stay vector."""
        for item in (self.image, self.contours, self.field_item):
            item.setCacheMode(QGraphicsItem.DeviceCoordinateCache)

    # -- theme and texts ---------------------------------------------------------------------------
    def wrap_to_view(self) -> None:
        super().wrap_to_view()
        self._fit_legend()

    def _fit_legend(self) -> None:
        """Wraps the legend to the loss plot's share of the width: unwrapped, its widest outcome set the
        column's least width and squeezed the map (the guide open beside the panel). A legend that fits is
        left as it is (an exported figure's)."""
        share = LOSS_STRETCH / (MAP_STRETCH + LOSS_STRETCH)
        width = self.widget.viewport().width() * share - 2 * LEGEND_MARGIN
        if self.legend.items and self.legend.boundingRect().width() > width:
            fit_legend(self.legend, width)

    def set_theme(self, theme: Theme) -> None:
        super().set_theme(theme)
        self._restyle()
        self._legend_entries = []  # legend labels take the new text colour only when rebuilt
        self.retranslate()

    def _restyle(self) -> None:
        foreground = self.theme.foreground
        self.legend.setLabelTextColor(foreground)
        self.legend.setLabelTextSize(f"{self.theme.font_pt}pt")
        self.contours.setPen(pg.mkPen(_with_alpha(foreground, 80), width=1))
        self.field_item.setPen(pg.mkPen(_with_alpha(foreground, 150), width=1))
        self.minima_item.setPen(pg.mkPen(foreground, width=1))
        self.start_item.setPen(pg.mkPen(foreground, width=2))
        self.start_item.setBrush(pg.mkBrush(self.theme.background))
        self.earlier_start_item.setPen(pg.mkPen(foreground, width=1.5))
        self.earlier_start_item.setBrush(pg.mkBrush(_with_alpha(self.theme.background, 160)))
        for head in self.heads.values():
            head.setPen(pg.mkPen(foreground, width=1.5))
        for key in self.faded:
            self.faded[key].setPen(pg.mkPen(_with_alpha(DESCENT_METHODS.get(key).color, 120),
                                            width=self.theme.line_width * 0.8))
        self._draw_image()

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        title = display_name(self.surface) if self.surface else ""
        self.set_labels(self.map_plot, title, "x", "y")
        self.set_labels(self.loss_plot, translate("LandscapeFigure", "Loss per step"),
                        translate("LandscapeFigure", "step"), translate("LandscapeFigure", "loss f(x, y)"))
        entries = []
        for trajectory in self.current_run():
            name = trajectory_name(trajectory, self.current_run())
            if self.frame >= trajectory.steps:
                name = f"{name}<br>{outcome(trajectory, self.minima, self.window)}"
            entries.append((trajectory_key(trajectory), name))
        if entries != self._legend_entries:  # rebuilding the legend re-lays out the figure: only on change
            self._legend_entries = entries
            self.legend.clear()
            for key, name in entries:
                self.legend.addItem(self.loss_curves[key], name)
            self._fit_legend()
            # LegendItem resizes itself at (0, 0) of its parent: the layout puts it back in its cell.
            self.legend.updateGeometry()
            self.widget.ci.layout.activate()

    # -- the surface -----------------------------------------------------------------------------------
    def show_surface(self, surface: Surface, params: Mapping[str, float] | None = None,
                     show_field: bool = False, window: Window | None = None) -> None:
        """Samples and draws `surface` (heat map, contours, known minima, optionally −∇f arrows).

        Raises ValueError when f is not finite on the window; nothing is changed then.
        """
        values = surface.resolve(params)
        window = window or surface.window
        grid = sample_grid(surface, values, window)
        self.surface, self.params, self.window, self.grid = surface, values, window, grid
        self.minima = surface.minima(values)
        self.field = descent_field(surface, values, window) if show_field else None
        self._draw_contours()
        self._draw_field()
        self._draw_image()
        if self.minima:
            self.minima_item.setData(pos=np.asarray(self.minima, dtype=float))
        else:
            self.minima_item.setData([], [])
        xmin, xmax, ymin, ymax = window
        self.map_plot.setRange(xRange=(xmin, xmax), yRange=(ymin, ymax), padding=0)
        self._fill_view()
        self.retranslate()

    def _fill_view(self) -> None:
        """Samples the surface again over the whole visible map when the view reaches past the sampled
        grid: the aspect-locked map shows more than the surface's window on a wide or tall plot, and the
        colours and contours fill all of it (where f is finite there; else they keep to the window)."""
        if self.surface is None or self.grid is None:
            return
        (x0, x1), (y0, y1) = self.map_plot.vb.viewRange()
        xs, ys = self.grid.xs, self.grid.ys
        slack = 0.01 * max(x1 - x0, y1 - y0)
        if x0 >= xs[0] - slack and x1 <= xs[-1] + slack and y0 >= ys[0] - slack and y1 <= ys[-1] + slack:
            return
        xmin, xmax, ymin, ymax = self.window
        try:
            self.grid = sample_grid(self.surface, self.params, (min(x0, xmin), max(x1, xmax),
                                                                min(y0, ymin), max(y1, ymax)))
        except ValueError:
            return
        self._draw_contours()
        self._draw_image()

    def _draw_contours(self) -> None:
        segments = contour_segments(self.grid, contour_levels(self.grid.z))
        self.contours.setData(segments[:, :, 0].ravel(), segments[:, :, 1].ravel())

    def _draw_image(self) -> None:
        if self.grid is None:
            return
        z = self.grid.z
        # Colour by rank, so every surface (Rosenbrock's steep walls included) uses the whole map.
        ranks = np.empty(z.size)
        ranks[np.argsort(z, axis=None)] = np.linspace(0.0, 1.0, z.size)
        lut = pg.colormap.get(HEAT_MAP).getLookupTable(nPts=256, alpha=False).astype(float)
        background = np.array(QColor(self.theme.background).getRgb()[:3], dtype=float)
        colours = lut[np.round(ranks * 255).astype(int)].reshape(*z.shape, 3)
        blended = (1 - HEAT_OPACITY) * background + HEAT_OPACITY * colours
        self.image.setImage(np.round(blended).astype(np.uint8), levels=(0, 255))
        xs, ys = self.grid.xs, self.grid.ys
        dx, dy = xs[1] - xs[0], ys[1] - ys[0]
        self.image.setRect(xs[0] - dx / 2, ys[0] - dy / 2, xs[-1] - xs[0] + dx, ys[-1] - ys[0] + dy)

    def _draw_field(self) -> None:
        if self.field is None:
            self.field_item.setData([], [])
            return
        f = self.field
        xmin, xmax, ymin, ymax = self.window
        cell = min(xmax - xmin, ymax - ymin) / np.sqrt(f.x.size)
        magnitude = np.hypot(f.u, f.v)
        scale = np.sqrt(magnitude / max(float(magnitude.max()), 1e-300))
        with np.errstate(invalid="ignore", divide="ignore"):
            ux, uy = np.nan_to_num(f.u / magnitude), np.nan_to_num(f.v / magnitude)
        length = 0.8 * cell * np.maximum(scale, 0.15)
        tip_x, tip_y = f.x + ux * length, f.y + uy * length
        head = 0.3 * length
        segments = [(f.x, f.y, tip_x, tip_y)]
        for angle in (2.6, -2.6):  # the two strokes of the arrowhead, turned back from the direction
            cos, sin = np.cos(angle), np.sin(angle)
            segments.append((tip_x, tip_y, tip_x + head * (cos * ux - sin * uy), tip_y + head * (sin * ux + cos * uy)))
        x = np.concatenate([np.stack([x0, x1], axis=1).ravel() for x0, _, x1, _ in segments])
        y = np.concatenate([np.stack([y0, y1], axis=1).ravel() for _, y0, _, y1 in segments])
        self.field_item.setData(x, y)

    # -- the trajectories -------------------------------------------------------------------------------
    def current_run(self) -> list[Trajectory]:
        return self.runs[-1] if self.runs else []

    def frames(self) -> int:
        """The number of steps of the longest trajectory of the latest run."""
        return max((t.steps for t in self.current_run()), default=0)

    def show_runs(self, runs: Sequence[Sequence[Trajectory]], frame: int | None = None) -> None:
        """Draws earlier runs faded and the last run up to `frame` (all of it by default)."""
        self.runs = [list(run) for run in runs]
        earlier = self.runs[:-1]
        for key, item in self.faded.items():
            parts = [t for run in earlier for t in run if t.optimizer == key]
            if parts:
                item.setData(np.concatenate([np.append(t.x, np.nan) for t in parts]),
                             np.concatenate([np.append(t.y, np.nan) for t in parts]))
            else:
                item.setData([], [])
        if earlier:
            self.earlier_start_item.setData(pos=np.array([[run[0].x[0], run[0].y[0]] for run in earlier]))
        else:
            self.earlier_start_item.setData([], [])
        current = self.current_run()
        if current:
            self.start_item.setData(pos=np.array([[current[0].x[0], current[0].y[0]]]))
        else:
            self.start_item.setData([], [])
        self._set_loss_range()
        self.reveal(self.frames() if frame is None else frame)

    def _trajectory_items(self, trajectory: Trajectory, run: Sequence[Trajectory]) -> TrajectoryKey:
        """The path, head and loss curve of `trajectory`, made the first time, styled for its place in `run`."""
        key = trajectory_key(trajectory)
        color, style, symbol = trajectory_style(trajectory, run)
        if key not in self.paths:
            self.paths[key] = self.add_curve(self.map_plot, color, style=style, width=1.2)
            self.paths[key].setZValue(2)
            self.heads[key] = pg.ScatterPlotItem(size=11)
            self.heads[key].setZValue(4)
            self.map_plot.addItem(self.heads[key])
            self.loss_curves[key] = self.add_curve(self.loss_plot, color, style=style)
        if self._item_styles.get(key) == (color, style, symbol, self.theme):
            return key  # styled already: an animation frame only moves the data
        self._item_styles[key] = (color, style, symbol, self.theme)
        for curve in (self.paths[key], self.loss_curves[key]):
            entry = next(i for i, styled in enumerate(self._styled) if styled[0] is curve)
            self._styled[entry] = (curve, color, style, self._styled[entry][3])
            curve.setPen(self._pen(color, style, self._styled[entry][3]))
        self.paths[key].setSymbol(symbol)
        self.paths[key].setSymbolSize(5)
        self.paths[key].setSymbolBrush(color)
        self.paths[key].setSymbolPen(None)
        self.heads[key].setSymbol(symbol)
        self.heads[key].setBrush(pg.mkBrush(color))
        self.heads[key].setPen(pg.mkPen(self.theme.foreground, width=1.5))
        return key

    def reveal(self, frame: int) -> None:
        """Draws the latest run's first `frame` steps (its whole run once frame ≥ its length)."""
        self.frame = frame
        run = self.current_run()
        shown = {self._trajectory_items(t, run): t for t in run}
        for key in self.paths:
            trajectory = shown.get(key)
            visible = trajectory is not None
            for item in (self.paths[key], self.heads[key], self.loss_curves[key]):
                item.setVisible(visible)
            if not visible:
                continue
            count = min(frame, trajectory.steps) + 1
            self.paths[key].setData(trajectory.x[:count], trajectory.y[:count])
            self.heads[key].setData([trajectory.x[count - 1]], [trajectory.y[count - 1]])
            self.loss_curves[key].setData(np.arange(count), trajectory.loss[:count])
        self.retranslate()

    def _set_loss_range(self) -> None:
        current = self.current_run()
        if not current:
            return
        kept = [t for t in current if t.status != DIVERGED] or current
        values = np.concatenate([t.loss for t in kept])
        low, high = float(values.min()), float(values.max())
        if high - low < 1e-12:
            low, high = low - 1.0, high + 1.0
        self.loss_plot.setYRange(low, high, padding=0.05)
        self.loss_plot.setXRange(0, max(self.frames(), 1), padding=0.02)

    def map_point(self, scene_position: QPointF) -> Point | None:
        """The (x, y) under a scene position inside the map, or None outside it."""
        view = self.map_plot.vb
        if not view.sceneBoundingRect().contains(scene_position):
            return None
        point = view.mapSceneToView(scene_position)
        return float(point.x()), float(point.y())

    def table(self) -> Table:
        """optimizer, step, x, y, loss of every run drawn (earlier starts first; step 0 is each start)."""
        return trajectories_table([t for run in self.runs for t in run])
