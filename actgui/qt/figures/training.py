"""The Training panel's live figures: loss, accuracy, gradient norms per layer, dead/saturated units
per layer over time, the decision boundary, each layer's pre-activation histogram over f and f′, and
each layer's activations over time as percentile bands.

Every figure draws from `RunHistory` objects (bounded), creates its curves once and then only calls
`setData`; the panel, the export dialog and `actgui train` all use these same classes.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QGraphicsItem

from actgui.core.activations import ACTIVATIONS, sample
from actgui.core.table import Table
from actgui.core.training.experiment import PALETTE
from actgui.core.training.history import METRIC_PARTS, RunHistory, ema
from actgui.qt.base.figure import Figure
from actgui.qt.base.theme import Theme

ERROR_COLOR = "#d62728"
STYLE_KEY_COLOR = "#808080"  # a grey with 3:1 contrast on both themes' backgrounds
LOG_FLOOR = 1e-12  # log-scaled plots draw values below this at this value
#: What a run-curves figure plots for one kind of curve (None: hide that curve).
Series = Callable[[RunHistory], np.ndarray | None]


def layer_colors(count: int) -> list[str]:
    """`count` colours from blue (first layer) to red (output layer) along turbo (readable on light
    and dark backgrounds)."""
    colors = pg.colormap.get("turbo").map(np.linspace(0.1, 0.9, max(count, 1)), mode="byte")
    return [f"#{r:02x}{g:02x}{b:02x}" for r, g, b, _ in colors[:count]]


PADDING = 0.03  # of a live plot's range on each side


def _floor(values: np.ndarray, log: bool) -> np.ndarray:
    return np.maximum(values, LOG_FLOOR) if log else values


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10^k that is at least `value` (> 0)."""
    exponent = 10.0 ** math.floor(math.log10(value))
    for mantissa in (1.0, 2.0, 2.5, 5.0, 10.0):
        if mantissa * exponent >= value * (1 - 1e-12):
            return mantissa * exponent
    return 10.0 * exponent


def _round_out(low: float, high: float, log: bool) -> tuple[float, float]:
    """A y range around [low, high]: whole decades (in log10 units) for log axes; otherwise from 0 (or
    a round negative number) to a round number above `high`."""
    if log:
        bottom, top = math.floor(math.log10(low)), math.ceil(math.log10(high))
        return float(bottom), float(max(top, bottom + 1))
    top = nice_ceiling(high) if high > 0 else 0.0
    bottom = 0.0 if low >= 0 else -nice_ceiling(-low)
    return bottom, top if top > bottom else bottom + 1.0


def _planned(run: RunHistory, axis: str) -> float:
    """The run's planned length in steps or epochs."""
    steps = float(run.info.config["steps"])
    if axis == "step":
        return steps
    per_epoch = run.info.steps_per_epoch or run.info.train_size / max(float(run.info.config["batch_size"]), 1.0)
    return steps / max(per_epoch, 1e-9)


def _padded(bounds: tuple[float, float]) -> tuple[float, float]:
    span = bounds[1] - bounds[0]
    return bounds[0] - PADDING * span, bounds[1] + PADDING * span


class _TrainingFigure(Figure):
    """Shared helpers: a notice drawn in a plot's corner and re-pennable curves.

    A `live` figure (the panel's own, redrawn many times a second) is made cheap to repaint: curves
    without antialiasing, axes, legend and title cached as pixmaps, and axis ranges that grow in
    round steps (`follow`) instead of changing with every record, so the axes are rarely redrawn.
    Exported figures keep antialiasing and fit their ranges to the data.
    """

    def __init__(self, theme: Theme, live: bool = False) -> None:
        super().__init__(theme)
        self.live = live
        self.x_axis = "step"  # the history column on the x axis: step or epoch
        self._manual: set[int] = set()
        self._corner_notes: list[tuple[pg.PlotItem, pg.TextItem]] = []
        self._centre_notes: list[tuple[pg.PlotItem, pg.TextItem]] = []

    def add_plot(self, *args, **kwargs) -> pg.PlotItem:
        plot = super().add_plot(*args, **kwargs)
        for side in ("left", "bottom", "right"):
            if self.live:
                plot.getAxis(side).setCacheMode(QGraphicsItem.DeviceCoordinateCache)
        if self.live:
            plot.titleLabel.setCacheMode(QGraphicsItem.DeviceCoordinateCache)
            if plot.legend is not None:
                plot.legend.setCacheMode(QGraphicsItem.DeviceCoordinateCache)
            plot.vb.sigRangeChangedManually.connect(self._zoomed(plot))
        return plot

    def _zoomed(self, plot: pg.PlotItem) -> Callable[..., None]:
        """A slot noting that the user zoomed or panned `plot` (live ranges stop following)."""
        key = id(plot)
        return lambda *_: self._manual.add(key)

    def follow(self, plot: pg.PlotItem, runs: Sequence[RunHistory], y_values: Sequence[np.ndarray] = (),
               log_y: bool = False, y_range: tuple[float, float] | None = None) -> None:
        """Live figures: x from 0 to a round number above the runs' last step (at most their planned
        steps), y over `y_values` (or `y_range`) rounded outwards; left alone once the user zooms or
        pans, until the auto-range button is used."""
        if not self.live:
            return
        view = plot.vb
        if id(plot) in self._manual and not any(view.autoRangeEnabled()):
            return
        self._manual.discard(id(plot))
        runs = [run for run in runs if len(run)]
        if not runs:
            return
        x_max = max(float(run.column(self.x_axis)[-1]) for run in runs)
        planned = max(_planned(run, self.x_axis) for run in runs)
        x_range = (0.0, min(nice_ceiling(max(x_max, 1.0)), max(planned, x_max)))
        if y_range is None:
            finite = [v[np.isfinite(v)] for v in y_values]
            finite = [v[v > 0] if log_y else v for v in finite]
            finite = [v for v in finite if v.size]
            if not finite:
                return
            low, high = min(float(v.min()) for v in finite), max(float(v.max()) for v in finite)
            y_range = _round_out(low, high, log_y)
        (x0, x1), (y0, y1) = view.viewRange()
        padded_x, padded_y = _padded(x_range), _padded(y_range)
        if not np.allclose((x0, x1, y0, y1), (*padded_x, *padded_y), rtol=1e-9, atol=1e-12):
            view.setRange(xRange=x_range, yRange=y_range, padding=PADDING)

    def add_curve(self, plot: pg.PlotItem, color: str, name: str | None = None, style: Qt.PenStyle = Qt.SolidLine,
                  width: float = 1.0, **kwargs) -> pg.PlotDataItem:
        return super().add_curve(plot, color, name, style, width, antialias=not self.live, **kwargs)

    def _notice(self, plot: pg.PlotItem) -> pg.TextItem:
        """A red note in the plot's bottom-right corner (it follows resizes)."""
        text = pg.TextItem(color=ERROR_COLOR, anchor=(1, 1))
        text.setParentItem(plot.vb)
        self._corner_notes.append((plot, text))
        plot.vb.sigResized.connect(self._place_notes)
        return text

    def _centred_note(self, plot: pg.PlotItem) -> pg.TextItem:
        """A note in the middle of the plot (it follows resizes)."""
        text = pg.TextItem(anchor=(0.5, 0.5))
        text.setParentItem(plot.vb)
        self._centre_notes.append((plot, text))
        plot.vb.sigResized.connect(self._place_notes)
        return text

    def _place_notes(self, *_: object) -> None:
        for plot, text in self._corner_notes:
            rect = plot.vb.rect()
            text.setPos(rect.width() - 8, rect.height() - 4)
        for plot, text in self._centre_notes:
            rect = plot.vb.rect()
            text.setPos(rect.width() / 2, rect.height() / 2)

    def _repen(self, curve: pg.PlotDataItem, color: str, style: Qt.PenStyle, width: float) -> None:
        for index, (item, *_rest) in enumerate(self._styled):
            if item is curve:
                self._styled[index] = (curve, color, style, width)
        curve.setPen(self._pen(color, style, width))

    def _forget(self, items: Sequence[pg.GraphicsObject]) -> None:
        self._styled[:] = [s for s in self._styled if s[0] not in items]

    def set_theme(self, theme: Theme) -> None:
        super().set_theme(theme)
        self.restyle()

    def restyle(self) -> None:
        """Restyles items that depend on the theme beyond what the base class covers."""


def seed_groups(runs: Sequence[RunHistory]) -> list[list[RunHistory]]:
    """Consecutive runs with the same label and colour (one compared value's seeds) as groups."""
    grouped: list[list[RunHistory]] = []
    for run in runs:
        if grouped and (grouped[-1][0].label, grouped[-1][0].color) == (run.label, run.color):
            grouped[-1].append(run)
        else:
            grouped.append([run])
    return grouped


def seed_statistics(runs: Sequence[RunHistory], series: Series) -> tuple[np.ndarray, np.ndarray, np.ndarray,
                                                                           np.ndarray] | None:
    """(steps, mean, min, max) of `series` over `runs`, on the steps of the longest run (runs that
    ended earlier count until their last record); None when the series is hidden."""
    values = [series(run) for run in runs]
    if any(v is None for v in values):
        return None
    longest = max(runs, key=len)
    steps = longest.column("step")
    stack = np.full((len(runs), len(steps)), np.nan)
    for row, (run, v) in enumerate(zip(runs, values, strict=True)):
        if len(run):
            stack[row] = np.interp(steps, run.column("step"), v, left=np.nan, right=np.nan)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # steps where no run has a finite value stay NaN
        return steps, np.nanmean(stack, axis=0), np.nanmin(stack, axis=0), np.nanmax(stack, axis=0)


class _RunCurvesFigure(_TrainingFigure):
    """One plot with a few curves per run, a legend and a notice for diverged runs. Runs that are
    seeds of one compared value (same label and colour, in a row) are drawn as one mean line per
    curve with a min–max band around the `band_kind` curve. Live changes (`RunHistory.marks`) are
    vertical lines with their label."""

    kinds: tuple[tuple[str, Qt.PenStyle, float, str], ...] = ()  # (kind, style, width, alpha hex)
    band_kind = ""
    notices = True  # whether diverged runs are named in the corner

    def __init__(self, theme: Theme, live: bool = False) -> None:
        super().__init__(theme, live)
        self.plot = self.add_plot(0, 0)
        self.notice = self._notice(self.plot)
        self._slots: list[dict[str, pg.PlotDataItem]] = []
        self._slot_colors: list[str] = []
        self._legend_key: tuple = ()
        self._style_samples: dict[str, pg.PlotDataItem] = {}
        self.runs: list[RunHistory] = []
        self.groups: list[list[RunHistory]] = []
        self._bands: list[tuple[pg.PlotDataItem, pg.PlotDataItem, pg.FillBetweenItem]] = []
        self._marks: list[pg.InfiniteLine] = []
        self._drawn_marks: tuple = ()

    def _band(self, index: int, color: str) -> tuple[pg.PlotDataItem, pg.PlotDataItem, pg.FillBetweenItem]:
        while len(self._bands) <= index:
            # invisible edges in the plot (a PlotDataItem with no pen at all keeps no path to fill; one
            # outside the plot ignores its log scale)
            low, high = (pg.PlotDataItem([], [], pen=pg.mkPen(None)) for _ in range(2))
            fill = pg.FillBetweenItem(low, high)
            fill.setZValue(-5)
            for item in (low, high, fill):
                self.plot.addItem(item)
            self._bands.append((low, high, fill))
        band = self._bands[index]
        band[2].setBrush(pg.mkBrush(color + "40"))
        return band

    def _show_marks(self, runs: Sequence[RunHistory]) -> None:
        marks = tuple(runs[0].marks) if runs else ()
        if marks == self._drawn_marks:
            return
        self._drawn_marks = marks
        for line in self._marks:
            self.plot.removeItem(line)
        self._marks = []
        for step, text in marks:
            line = pg.InfiniteLine(pos=step, angle=90, movable=False,
                                   pen=pg.mkPen(self.theme.foreground, width=1, style=Qt.DotLine),
                                   label=text, labelOpts={"position": 0.92, "color": self.theme.foreground,
                                                          "anchors": [(0, 0), (0, 0)]})
            self.plot.addItem(line, ignoreBounds=True)
            self._marks.append(line)

    def restyle(self) -> None:
        self._drawn_marks = ()
        self._show_marks(self.groups[0] if self.groups else [])

    def _slot(self, index: int, color: str) -> dict[str, pg.PlotDataItem]:
        while len(self._slots) <= index:
            slot = {kind: self.add_curve(self.plot, color + alpha, None, style, width)
                    for kind, style, width, alpha in self.kinds}
            self._slots.append(slot)
            self._slot_colors.append(color)
        if self._slot_colors[index] != color:
            for kind, style, width, alpha in self.kinds:
                self._repen(self._slots[index][kind], color + alpha, style, width)
            self._slot_colors[index] = color
        return self._slots[index]

    def _show_runs(self, runs: Sequence[RunHistory], series: dict[str, Series]) -> list[np.ndarray]:
        """Draws the series of every run (of every seed group: mean and band); returns the y arrays drawn."""
        runs = [run for run in runs if run is not None]
        self.groups = seed_groups(runs)
        self.runs = [group[0] for group in self.groups]
        drawn = []
        for index, group in enumerate(self.groups):
            run = group[0]
            color = run.color or PALETTE[index % len(PALETTE)]
            slot = self._slot(index, color)
            band = self._band(index, color)
            banded = False
            for kind, curve in slot.items():
                if len(group) == 1:
                    values = series[kind](run)
                    steps = run.column("step")
                    low = high = None
                else:
                    statistics = seed_statistics(group, series[kind])
                    values = None if statistics is None else statistics[1]
                    if statistics is not None:
                        steps, _, low, high = statistics
                curve.setVisible(values is not None)
                if values is None:
                    continue
                if self.x_axis != "step" and len(run):  # a run without records yet has nothing to map
                    steps = np.interp(steps, run.column("step"), run.column(self.x_axis))
                curve.setData(steps, values)
                drawn.append(values)
                if kind == self.band_kind and low is not None:
                    band[0].setData(steps, low)
                    band[1].setData(steps, high)
                    drawn += [low, high]
                    banded = True
            band[2].setVisible(banded)
        for slot in self._slots[len(self.groups):]:
            for curve in slot.values():
                curve.setVisible(False)
                curve.setData([], [])
        for band in self._bands[len(self.groups):]:
            band[2].setVisible(False)
        self._show_marks(runs)
        diverged = [run for run in runs if self.notices and run.result is not None
                    and run.result.status == "diverged"]
        self.notice.setText("\n".join(
            (f"{run.label}: " if len(runs) > 1 else "")
            + QCoreApplication.translate("TrainingFigure", "diverged at step {step}").format(step=run.result.step)
            for run in diverged))
        self._place_notes()
        key = (tuple(run.label for run in self.runs), len(self.runs) == 1)
        if key != self._legend_key:
            self._legend_key = key
            self.retranslate()
        return drawn

    def _legend(self, single_names: dict[str, str], compare_kind: str, style_key: Sequence[str] = ()) -> None:
        """One entry per series for a single run; per run (its colour) in compare mode, then the
        `style_key` kinds as grey samples of their line style (solid = training, dashed = validation)."""
        legend = self.plot.legend
        legend.clear()
        if len(self.runs) == 1:
            for kind, label in single_names.items():
                legend.addItem(self._slots[0][kind], label)
        else:
            for index, run in enumerate(self.runs):
                legend.addItem(self._slots[index][compare_kind], run.label)
            for kind in style_key:
                legend.addItem(self._style_sample(kind), single_names[kind])

    def _style_sample(self, kind: str) -> pg.PlotDataItem:
        """An empty curve in a neutral grey drawn in `kind`'s style, for the legend's style key."""
        if kind not in self._style_samples:
            _, style, width, _ = next(k for k in self.kinds if k[0] == kind)
            self._style_samples[kind] = self.add_curve(self.plot, STYLE_KEY_COLOR, None, style, width)
        return self._style_samples[kind]


class LossFigure(_RunCurvesFigure):
    """Training loss (raw and EMA-smoothed) and validation loss against steps, one colour per run."""

    name = "loss"
    kinds = (("raw", Qt.SolidLine, 0.5, "50"), ("ema", Qt.SolidLine, 1.0, ""), ("val", Qt.DashLine, 1.0, ""))
    band_kind = "val"

    def __init__(self, theme: Theme, live: bool = False) -> None:
        super().__init__(theme, live)
        self.log_y = False
        self.smoothing = 0.6
        self.retranslate()

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        x_label = translate("LossFigure", "epoch") if self.x_axis == "epoch" else translate("LossFigure", "step")
        self.set_labels(self.plot, translate("LossFigure", "Loss"), x_label, translate("LossFigure", "loss"))
        if self.runs:
            self._legend({"raw": translate("LossFigure", "training (raw)"),
                          "ema": translate("LossFigure", "training (EMA)"),
                          "val": translate("LossFigure", "validation")}, "ema", style_key=("ema", "val"))

    def show(self, runs: Sequence[RunHistory], log_y: bool = False, smoothing: float = 0.6,
             x_axis: str = "step") -> None:
        """Draws `runs` against steps or epochs; the raw training curve only when there is a single run."""
        self.log_y, self.smoothing = log_y, smoothing
        if x_axis != self.x_axis:
            self.x_axis = x_axis
            self.retranslate()
        self.plot.setLogMode(y=log_y)
        single = len([run for run in runs if run is not None]) == 1
        drawn = self._show_runs(runs, {
            "raw": lambda run: _floor(run.column("train_loss"), log_y) if single else None,
            "ema": lambda run: _floor(ema(run.column("train_loss"), smoothing), log_y),
            "val": lambda run: _floor(run.column("val_loss"), log_y),
        })
        self.follow(self.plot, runs, drawn, log_y)

    def table(self) -> Table:
        columns: dict[str, list] = {"run": [], "step": [], "train_loss": [], "train_loss_ema": [], "val_loss": []}
        for run in self.runs:
            n = len(run)
            columns["run"] += [run.label] * n
            columns["step"] += run.column("step").astype(np.int64).tolist()
            columns["train_loss"] += run.column("train_loss").tolist()
            columns["train_loss_ema"] += ema(run.column("train_loss"), self.smoothing).tolist()
            columns["val_loss"] += run.column("val_loss").tolist()
        return Table(columns)


class AccuracyFigure(_RunCurvesFigure):
    """Validation accuracy against steps, one colour per run."""

    name = "accuracy"
    kinds = (("val", Qt.SolidLine, 1.0, ""),)
    band_kind = "val"
    notices = False

    def __init__(self, theme: Theme, live: bool = False) -> None:
        super().__init__(theme, live)
        self.plot.setYRange(0, 1, padding=0.02)
        self._regression = False
        self.note = self._centred_note(self.plot)
        self.restyle()
        self.retranslate()

    def restyle(self) -> None:
        super().restyle()
        self.note.setColor(self.theme.foreground)

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        x_label = (translate("AccuracyFigure", "epoch") if self.x_axis == "epoch"
                   else translate("AccuracyFigure", "step"))
        self.set_labels(self.plot, translate("AccuracyFigure", "Validation accuracy"), x_label,
                        translate("AccuracyFigure", "accuracy"))
        self.note.setText(translate("AccuracyFigure", "No accuracy for regression:\nsee the loss (MSE)")
                          if self._regression else "")
        if self.runs:
            self._legend({"val": translate("AccuracyFigure", "validation")}, "val")

    def show(self, runs: Sequence[RunHistory], x_axis: str = "step") -> None:
        regression = bool(runs) and all(run.info.task == "regression" for run in runs)
        if regression != self._regression or x_axis != self.x_axis:
            self._regression, self.x_axis = regression, x_axis
            self.retranslate()
        self._show_runs(runs, {"val": lambda run: run.column("val_accuracy")})
        self._place_notes()
        self.follow(self.plot, runs, y_range=(0.0, 1.0))

    def table(self) -> Table:
        columns: dict[str, list] = {"run": [], "step": [], "val_accuracy": []}
        for run in self.runs:
            columns["run"] += [run.label] * len(run)
            columns["step"] += run.column("step").astype(np.int64).tolist()
            columns["val_accuracy"] += run.column("val_accuracy").tolist()
        return Table(columns)


class GradientFigure(_TrainingFigure):
    """The L2 norm of each layer's weight gradient against steps (log scale), first layer darkest."""

    name = "gradients"

    def __init__(self, theme: Theme, live: bool = False) -> None:
        super().__init__(theme, live)
        self.plot = self.add_plot(0, 0)
        self.plot.setLogMode(y=True)
        self.plot.getAxis("left").wraps_label = True  # longer than the axis of a short (lecture) plot
        self.curves: list[pg.PlotDataItem] = []
        self.run: RunHistory | None = None
        self.retranslate()

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        self.set_labels(self.plot, translate("GradientFigure", "Gradient norm ‖∂L/∂W‖"),
                        translate("GradientFigure", "step"), translate("GradientFigure", "gradient norm (log)"))

    def show(self, run: RunHistory | None) -> None:
        self.run = run
        if run is None:  # the curves stay (rebuilding them is slow) until a run with other layers comes
            for curve in self.curves:
                curve.setData([], [])
            return
        names = run.info.layer_names
        if len(names) != len(self.curves):
            self.plot.legend.clear()
            for curve in self.curves:
                self.plot.removeItem(curve)
            self._forget(self.curves)
            self.curves = [self.add_curve(self.plot, color, name)
                           for color, name in zip(layer_colors(len(names)), names, strict=True)]
        steps, norms = run.column("step"), _floor(run.metric("grad_norm"), True)
        for index, curve in enumerate(self.curves):
            curve.setData(steps, norms[:, index])
        if len(steps):
            self.follow(self.plot, [run], [norms.ravel()], log_y=True)

    def table(self) -> Table:
        run = self.run
        if run is None:
            return Table({"step": []})
        return run.table(["step", *[f"grad_norm/{name}" for name in run.info.layer_names]])


#: The update-to-data ratio makemore's lessons aim for: ‖ΔW‖ / ‖W‖ ≈ 10⁻³ per step.
UPDATE_RATIO_GUIDE = 1e-3


class UpdateRatioFigure(_TrainingFigure):
    """Each layer's update-to-data ratio ‖ΔW‖ / ‖W‖ per step (log scale) against the 10⁻³ guide line:
    far above it the learning rate is too large for that layer, far below it the layer hardly learns."""

    name = "update_ratio"

    def __init__(self, theme: Theme, live: bool = False) -> None:
        super().__init__(theme, live)
        self.plot = self.add_plot(0, 0)
        self.plot.setLogMode(y=True)
        self.guide = pg.InfiniteLine(pos=math.log10(UPDATE_RATIO_GUIDE), angle=0, movable=False)
        self.plot.addItem(self.guide)
        self.curves: list[pg.PlotDataItem] = []
        self.run: RunHistory | None = None
        self.restyle()

    def restyle(self) -> None:
        self.guide.setPen(pg.mkPen(self.theme.foreground, width=self.theme.line_width, style=Qt.DashLine))
        self.retranslate()

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        self.set_labels(self.plot, translate("UpdateRatioFigure", "Update-to-data ratio ‖ΔW‖ / ‖W‖ (dashed: 10⁻³)"),
                        translate("UpdateRatioFigure", "step"), translate("UpdateRatioFigure", "ratio (log)"))

    def show(self, run: RunHistory | None) -> None:
        self.run = run
        names = run.info.layer_names if run is not None else []
        if len(names) != len(self.curves):
            self.plot.legend.clear()
            for curve in self.curves:
                self.plot.removeItem(curve)
            self._forget(self.curves)
            self.curves = [self.add_curve(self.plot, color, name)
                           for color, name in zip(layer_colors(len(names)), names, strict=True)]
        if run is None:
            return
        steps, ratios = run.column("step"), _floor(run.metric("update_ratio"), True)
        for index, curve in enumerate(self.curves):
            curve.setData(steps, ratios[:, index])
        if len(steps):
            self.follow(self.plot, [run], [ratios.ravel(), np.array([UPDATE_RATIO_GUIDE])], log_y=True)

    def table(self) -> Table:
        run = self.run
        if run is None:
            return Table({"step": []})
        return run.table(["step", *[f"update_ratio/{name}" for name in run.info.layer_names]])


class HealthFigure(_TrainingFigure):
    """A heat map of each hidden layer's dead-unit fraction (ReLU family) or saturated fraction
    (every other activation) over time."""

    name = "health"
    LIVE_COLUMNS = 512

    def __init__(self, theme: Theme, live: bool = False) -> None:
        super().__init__(theme, live)
        self.plot = self.add_plot(0, 0, legend=False)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.plot.addItem(self.image)
        self.colorbar = self.add_color_bar(self.plot, self.image, colorMap=pg.colormap.get("viridis"), values=(0, 1),
                                           interactive=False)
        self.run: RunHistory | None = None
        self.metric = "dead_fraction"
        self._layers = 0
        self.restyle()

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        title = (translate("HealthFigure", "Dead units per layer") if self.metric == "dead_fraction"
                 else translate("HealthFigure", "Saturated units per layer"))
        self.set_labels(self.plot, title, translate("HealthFigure", "step"), translate("HealthFigure", "hidden layer"))
        self.colorbar.setLabel("right", translate("HealthFigure", "fraction"), color=self.theme.foreground)

    def restyle(self) -> None:
        self.colorbar.axis.setPen(self.theme.foreground)
        self.colorbar.axis.setTextPen(self.theme.foreground)
        self.retranslate()

    def show(self, run: RunHistory | None) -> None:
        self.run = run
        if run is None or len(run) == 0:
            self.image.clear()
            return
        family = ACTIVATIONS.get(run.info.activation).family
        metric = "dead_fraction" if family == "relu" else "saturated_fraction"
        if metric != self.metric:
            self.metric = metric
            self.retranslate()
        values = run.metric(metric)
        steps = run.column("step")
        layers = values.shape[1]
        if layers == 0:  # a linear model has no hidden units
            self.image.clear()
            return
        if self.live and len(values) > self.LIVE_COLUMNS:  # the screen shows a few hundred columns at most
            keep = len(values) // self.LIVE_COLUMNS * self.LIVE_COLUMNS
            values = values[-keep:].reshape(self.LIVE_COLUMNS, -1, layers).mean(axis=1)
            steps = steps[-keep:]
        self.image.setImage(values.T, autoLevels=False, levels=(0, 1))
        width = max(float(steps[-1] - steps[0]), 1.0)
        self.image.setRect(float(steps[0]), 0.5, width, float(layers))
        if layers != self._layers:
            self._layers = layers
            self.plot.getAxis("left").setTicks([[(i + 1.0, str(i + 1)) for i in range(layers)]])
        self.follow(self.plot, [run], y_range=(0.5, layers + 0.5))

    def table(self) -> Table:
        run = self.run
        if run is None:
            return Table({"step": []})
        return run.table(["step", *[f"{self.metric}/{name}" for name in run.info.hidden_names]])


class BoundaryFigure(_TrainingFigure):
    """2-D inputs: class probabilities over the input plane with the validation points; 1-D
    regression: the fitted curve over the points; otherwise a note."""

    name = "boundary"

    def __init__(self, theme: Theme, live: bool = False) -> None:
        super().__init__(theme, live)
        self.plot = self.add_plot(0, 0, legend=False)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setZValue(-20)
        self.plot.addItem(self.image)
        self.points = pg.ScatterPlotItem(size=6, pxMode=True)
        self.plot.addItem(self.points)
        self.fit = self.add_curve(self.plot, PALETTE[3], None, Qt.SolidLine, 1.2)
        self.note = self._centred_note(self.plot)
        self.run: RunHistory | None = None
        self._drawn_points: int | None = None
        #: The user's own points being edited (rows: x1, x2, label, or x, target), drawn instead of the run's.
        self.own: np.ndarray | None = None
        self._previewed: tuple[np.ndarray, np.ndarray, tuple[float, ...]] | None = None
        self.restyle()
        self.retranslate()

    def show_own(self, points: list[list[float]] | None) -> None:
        """Draws the user's `points` (None: the run's validation points again)."""
        rows = None if points is None else np.asarray(points, dtype=np.float64).reshape(len(points), -1) \
            if points else np.zeros((0, 3))
        self.own = rows if rows is None or rows.shape[1] in (2, 3) else None
        self._drawn_points = None
        self.show(self.run)

    def restyle(self) -> None:
        self.note.setColor(self.theme.foreground)
        self._drawn_points = None
        if self.run is not None:
            self.show(self.run)
        elif self._previewed is not None:
            self.preview(*self._previewed)

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        run = self.run
        regression = run is not None and run.info.input_dim == 1
        fitted = run is not None and run.info.task == "regression"
        title = (translate("BoundaryFigure", "Fitted function") if fitted else
                 translate("BoundaryFigure", "Decision boundary"))
        x_label = "x" if regression else "x₁"
        self.set_labels(self.plot, title, x_label, "y" if regression else "x₂")
        if run is not None and not run.info.grid_extent:
            self.note.setText(translate("BoundaryFigure", "Drawn for 1-D and 2-D inputs;\n"
                                 "this data set has {inputs}.").format(inputs=run.info.input_dim))
        else:
            self.note.setText("")

    def _background_rgb(self) -> np.ndarray:
        color = pg.mkColor(self.theme.background)
        return np.array([color.red(), color.green(), color.blue()], dtype=np.float64)

    def show(self, run: RunHistory | None) -> None:
        previous, self.run = self.run, run
        self._previewed = None
        if run is not previous:
            self._drawn_points = None
            self.image.clear()
            self.fit.setData([], [])
            self.retranslate()
        self._place_notes()
        if run is None and self.own is not None:
            if self._drawn_points != -1:
                self._draw_own()
                self._drawn_points = -1
            return
        if run is None or not run.info.grid_extent:
            self.points.setData([], [])
            return
        info = run.info
        if self._drawn_points != id(run):
            self._draw_points(run)
            self._drawn_points = id(run)
        grid = run.grid
        if grid is None:
            return
        if info.input_dim == 1:
            x = np.linspace(info.grid_extent[0], info.grid_extent[1], len(grid))
            self.fit.setData(x, grid)
            return
        xmin, xmax, ymin, ymax = info.grid_extent
        if info.task == "regression":  # a fitted surface over the plane: its value as colour
            values = grid[:, :, 0]
            low, high = float(values.min()), float(values.max())
            scaled = (values - low) / (high - low) if high > low else np.zeros_like(values)
            self.image.setImage(pg.colormap.get("viridis").map(scaled, mode="byte")[:, :, :3], autoLevels=False,
                                levels=(0, 255))
            self.image.setRect(xmin, ymin, xmax - xmin, ymax - ymin)
            return
        colors = np.array([pg.mkColor(PALETTE[c % len(PALETTE)]).getRgb()[:3] for c in range(grid.shape[2])],
                          dtype=np.float64)
        mixed = grid @ colors
        confidence = grid.max(axis=2, keepdims=True)
        # Fade towards the background where the network is unsure (near the boundary).
        weight = 0.25 + 0.45 * (confidence - 1.0 / grid.shape[2]) / (1 - 1.0 / grid.shape[2])
        rgb = weight * mixed + (1 - weight) * self._background_rgb()
        self.image.setImage(np.clip(rgb, 0, 255).astype(np.uint8), autoLevels=False, levels=(0, 255))
        self.image.setRect(xmin, ymin, xmax - xmin, ymax - ymin)

    def preview(self, points_x: np.ndarray, points_y: np.ndarray, extent: tuple[float, ...]) -> None:
        """Before a run: only the data set's points (2-D classes or 1-D targets) over `extent`."""
        self.show(None)
        if self.own is not None:  # the user's own points being edited are drawn instead
            return
        self._previewed = (points_x, points_y, extent)
        if not extent:
            self.points.setData([], [])
            return
        self._place_points(points_x, points_y, extent)

    def _draw_own(self, fit: bool = True) -> None:
        rows = self.own
        if rows is None or not len(rows):
            self.points.setData([], [])
            return
        if rows.shape[1] == 2:
            self.points.setData(rows[:, 0], rows[:, 1], brush=pg.mkBrush(PALETTE[0] + "aa"), pen=pg.mkPen(None),
                                size=6)
        else:
            brushes = [pg.mkBrush(PALETTE[int(c) % len(PALETTE)]) for c in rows[:, 2]]
            self.points.setData(rows[:, 0], rows[:, 1], brush=brushes,
                                pen=pg.mkPen(self.theme.foreground, width=0.6), size=7)
        if fit and len(rows) > 1:
            low, high = rows[:, :2].min(axis=0), rows[:, :2].max(axis=0)
            span = np.maximum(high - low, 1e-3)
            self.plot.setXRange(low[0] - 0.15 * span[0], high[0] + 0.15 * span[0], padding=0)
            self.plot.setYRange(low[1] - 0.15 * span[1], high[1] + 0.15 * span[1], padding=0)

    def _draw_points(self, run: RunHistory) -> None:
        if self.own is not None and self.own.shape[1] == run.info.input_dim + 1:
            self._draw_own(fit=False)
            if run.info.input_dim == 1:
                return
            xmin, xmax, ymin, ymax = run.info.grid_extent
            self.plot.setXRange(xmin, xmax, padding=0)
            self.plot.setYRange(ymin, ymax, padding=0)
            return
        self._place_points(run.info.points_x, run.info.points_y, run.info.grid_extent, run.info.task)

    def _place_points(self, points_x: np.ndarray, points_y: np.ndarray, extent: tuple[float, ...],
                      task: str = "binary") -> None:
        edge = pg.mkPen(self.theme.foreground, width=0.6)
        if points_x.shape[1] == 1:
            self.points.setData(points_x[:, 0], points_y, brush=pg.mkBrush(PALETTE[0] + "aa"),
                                pen=pg.mkPen(None), size=5)
            self.plot.setXRange(extent[0], extent[1], padding=0.02)
            return
        if task == "regression":  # 2-D inputs with a target: the target's colour on the surface's scale
            y = points_y.astype(np.float64)
            span = float(y.max() - y.min()) or 1.0
            shades = pg.colormap.get("viridis").map((y - y.min()) / span, mode="byte")
            brushes = [pg.mkBrush(*shade) for shade in shades]
        else:
            brushes = [pg.mkBrush(PALETTE[int(c) % len(PALETTE)]) for c in points_y]
        self.points.setData(points_x[:, 0], points_x[:, 1], brush=brushes, pen=edge, size=6)
        xmin, xmax, ymin, ymax = extent
        self.plot.setXRange(xmin, xmax, padding=0)
        self.plot.setYRange(ymin, ymax, padding=0)

    def table(self) -> Table:
        run = self.run
        if run is None or run.grid is None or not run.info.grid_extent:
            return Table({"x": []})
        info, grid = run.info, run.grid
        if info.input_dim == 1:
            return Table({"x": np.linspace(info.grid_extent[0], info.grid_extent[1], len(grid)),
                          "prediction": grid})
        xmin, xmax, ymin, ymax = info.grid_extent
        ys, xs = np.meshgrid(np.linspace(ymin, ymax, grid.shape[0]), np.linspace(xmin, xmax, grid.shape[1]),
                             indexing="ij")
        columns = {"x1": xs.ravel(), "x2": ys.ravel()}
        for c in range(grid.shape[2]):
            columns[f"p_class{c}"] = grid[:, :, c].ravel()
        return Table(columns)


class HistogramFigure(_TrainingFigure):
    """One plot per hidden layer: the pre-activation histogram (density, left axis) over the
    activation's f and f′ (right axis), so it shows where the inputs land on the curve."""

    name = "histograms"
    SINGLE_COLUMN = 4  # up to this many layers are stacked in one column
    #: A row of plots keeps at least this many font sizes of height; a short view (lecture mode on a
    #: projector's 720 lines) puts the layers side by side instead.
    ROW_FONTS = 10

    def __init__(self, theme: Theme, live: bool = False) -> None:
        super().__init__(theme, live)
        self.run: RunHistory | None = None
        self.layers: list[dict] = []
        self._activation: tuple | None = None
        self._curves: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self.columns = 1

    def _build(self, names: Sequence[str]) -> None:
        for layer in self.layers:
            layer["plot"].vb.sigResized.disconnect(layer["follow"])
            self.widget.scene().removeItem(layer["box"])
        self.widget.clear()
        self._activation = None
        self.plots.clear()
        self._styled.clear()
        self.layers = []
        columns = self.columns = 1 if len(names) <= self.SINGLE_COLUMN else 2
        for index, name in enumerate(names):
            plot = self.add_plot(index // columns, index % columns, legend=index == 0)
            plot.showAxis("right")
            curves_box = pg.ViewBox()
            plot.scene().addItem(curves_box)
            plot.getAxis("right").linkToView(curves_box)
            curves_box.setXLink(plot.vb)
            curves_box.setMouseEnabled(x=False, y=False)

            def follow(_: object = None, view: pg.ViewBox = plot.vb, box: pg.ViewBox = curves_box) -> None:
                if box.sceneBoundingRect() != view.sceneBoundingRect():
                    box.setGeometry(view.sceneBoundingRect())
                    box.linkedViewChanged(view, box.XAxis)

            plot.vb.sigResized.connect(follow)
            bars = plot.plot([], [], stepMode="center", fillLevel=0, antialias=not self.live)
            f_curve = pg.PlotDataItem([], [], antialias=not self.live)
            df_curve = pg.PlotDataItem([], [], antialias=not self.live)
            curves_box.addItem(f_curve)
            curves_box.addItem(df_curve)
            self._styled += [(f_curve, PALETTE[3], Qt.SolidLine, 0.8), (df_curve, PALETTE[3], Qt.DashLine, 0.8)]
            plot.setXRange(-6, 6, padding=0)
            self.layers.append({"name": name, "plot": plot, "box": curves_box, "bars": bars, "f": f_curve,
                                "df": df_curve, "follow": follow})
        self.set_theme(self.theme)
        self.retranslate()
        self.arrange()

    def fitting_columns(self, width: float, height: float) -> int:
        """Columns for the layers' plots: one (two above SINGLE_COLUMN layers), or the fewest more
        whose rows keep ROW_FONTS font sizes of height."""
        count = len(self.layers)
        usual = 1 if count <= self.SINGLE_COLUMN else 2
        least = self.ROW_FONTS * self.theme.font_pt
        if count == 0 or height / -(-count // usual) >= least or width <= 0:
            return usual
        return next((c for c in range(usual + 1, count + 1) if height / -(-count // c) >= least), count)

    def arrange(self) -> None:
        """Lays the layers' plots out in `fitting_columns` columns for the view's size."""
        viewport = self.widget.viewport()
        columns = self.fitting_columns(viewport.width(), viewport.height())
        if columns == self.columns or not self.layers:
            return
        layout = self.widget.ci
        for layer in self.layers:
            layout.removeItem(layer["plot"])
        for index, layer in enumerate(self.layers):
            layout.addItem(layer["plot"], index // columns, index % columns)
        self.columns = columns
        self.refit_layout()

    def wrap_to_view(self) -> None:
        super().wrap_to_view()
        self.arrange()

    def restyle(self) -> None:
        for layer in self.layers:
            layer["bars"].setPen(pg.mkPen(self.theme.foreground, width=0.8))
            layer["bars"].setBrush(pg.mkBrush(PALETTE[0] + "90"))

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        for layer in self.layers:
            # the layer's name alone as the title: one line even side by side on a projector's 720 lines
            self.set_labels(layer["plot"], layer["name"], translate("HistogramFigure", "pre-activation z"),
                            translate("HistogramFigure", "density"))
        if self.layers:
            legend = self.layers[0]["plot"].legend
            legend.clear()
            legend.addItem(self.layers[0]["f"], "f(z)")
            legend.addItem(self.layers[0]["df"], "f′(z)")

    def show(self, run: RunHistory | None) -> None:
        self.run = run
        if run is None:  # the layers stay (building them is slow) until a run with other layers comes
            for layer in self.layers:
                layer["bars"].setData([], [])
            return
        names = list(run.info.hidden_names)
        if names != [layer["name"] for layer in self.layers]:
            self._build(names)
        config = run.info.config
        activation = (config["activation"], tuple(sorted(config["activation_params"].items())))
        edges = run.info.histogram_edges
        if activation != self._activation:
            self._activation = activation
            entry = ACTIVATIONS.get(activation[0])
            x = np.linspace(edges[0], edges[-1], 400)
            curves = sample(entry, x, dict(activation[1]))
            self._curves = (x, curves.y, curves.dy)
            for index, layer in enumerate(self.layers):
                self._styled[2 * index] = (layer["f"], entry.color, Qt.SolidLine, 0.8)
                self._styled[2 * index + 1] = (layer["df"], entry.color, Qt.DashLine, 0.8)
                layer["f"].setPen(self._pen(entry.color, Qt.SolidLine, 0.8))
                layer["df"].setPen(self._pen(entry.color, Qt.DashLine, 0.8))
                layer["f"].setData(x, curves.y)
                layer["df"].setData(x, curves.dy)
                low = min(float(curves.y.min()), float(curves.dy.min()), 0.0)
                high = max(float(curves.y.max()), float(curves.dy.max()), 1.0)
                layer["box"].setYRange(low, high, padding=0.05)
        if run.histograms is None:
            return
        for layer, density in zip(self.layers, run.histograms, strict=True):
            layer["bars"].setData(edges, density)
            layer["follow"]()

    def table(self) -> Table:
        run = self.run
        if run is None or run.histograms is None:
            return Table({"z_low": []})
        edges = run.info.histogram_edges
        columns = {"z_low": edges[:-1], "z_high": edges[1:]}
        for name, density in zip(run.info.hidden_names, run.histograms, strict=True):
            columns[f"density/{name}"] = density
        if self._curves is not None:
            centres = (edges[:-1] + edges[1:]) / 2
            columns["f(z_centre)"] = np.interp(centres, self._curves[0], self._curves[1])
            columns["df(z_centre)"] = np.interp(centres, self._curves[0], self._curves[2])
        return Table(columns)


class ActivationDistributionFigure(_TrainingFigure):
    """Each hidden layer's outputs over time as percentile bands (TensorBoard's distributions): the
    RunHistory's activation percentiles, the outer pair as a light band, the inner pair as a darker
    one and the median as a line, one plot per layer, with one caption under them saying so. A band
    pressed onto 0 shows dead units, one pressed onto the activation's bounds saturated ones."""

    name = "distributions"
    BAND_ALPHAS = ("38", "80")  # outer band, inner band (hex alpha)

    def __init__(self, theme: Theme, live: bool = False) -> None:
        super().__init__(theme, live)
        self.run: RunHistory | None = None
        self.parts = METRIC_PARTS["activation_percentiles"]
        self.layers: list[dict] = []
        self._names: list[str] | None = None
        self.note: pg.TextItem | None = None
        self.caption: pg.LabelItem | None = None

    def _bands(self) -> list[tuple[int, int]]:
        """(lower, upper) part indices of each band, outermost first."""
        count = len(self.parts)
        return [(index, count - 1 - index) for index in range(count // 2)]

    def _build(self, names: Sequence[str], colors: Sequence[str]) -> None:
        self.widget.clear()
        self.plots.clear()
        self._styled.clear()
        self._centre_notes.clear()
        self.wrapped.clear()
        self.layers, self.note, self.caption = [], None, None
        if not names:  # a linear model: say so instead of empty axes
            self.note = self._centred_note(self.add_plot(0, 0, legend=False))
        columns = 1 if len(names) == 1 else 2
        for index, (name, color) in enumerate(zip(names, colors, strict=True)):
            plot = self.add_plot(index // columns, index % columns, legend=False)
            edges = [pg.PlotCurveItem([], [], pen=pg.mkPen(None), connect="finite") for _ in self.parts]
            fills = []
            for (low, high), alpha in zip(self._bands(), self.BAND_ALPHAS, strict=False):
                fill = pg.FillBetweenItem(edges[low], edges[high], brush=pg.mkBrush(color + alpha))
                plot.addItem(fill)
                fills.append(fill)
            median = self.add_curve(plot, color, connect="finite") if len(self.parts) % 2 else None
            self.layers.append({"name": name, "plot": plot, "edges": edges, "fills": fills, "median": median,
                                "color": color})
        if names:  # what the line and the bands are, once for every plot (a legend would crowd small plots)
            self.caption = pg.LabelItem(justify="center")
            self.widget.addItem(self.caption, row=-(-len(names) // columns), col=0, colspan=columns)
            self.wrapped.append(self.caption)
        self.set_theme(self.theme)
        self.retranslate()

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        if self.note is not None:
            self.set_labels(self.plots[0], translate("ActivationDistributionFigure", "Activations per layer"), "", "")
            self.note.setText(translate("ActivationDistributionFigure",
                                        "A network without hidden layers has no activations to show"),
                              color=self.theme.foreground)
        for layer in self.layers:
            self.set_labels(layer["plot"], layer["name"], translate("ActivationDistributionFigure", "step"),
                            translate("ActivationDistributionFigure", "activation"))
        if self.caption is None:
            return
        bands = [f"{self.parts[low]}–{self.parts[high]} %" for low, high in self._bands()]
        parts = ([translate("ActivationDistributionFigure", "line: median")] if len(self.parts) % 2 else []) + [
            translate("ActivationDistributionFigure", "light band: {outer}").format(outer=bands[0])]
        if len(bands) > 1:
            parts.append(translate("ActivationDistributionFigure", "dark band: {inner}").format(inner=bands[1]))
        self.caption.setText(" · ".join(parts), color=self.theme.foreground, size=f"{self.theme.font_pt}pt")
        self.wrap_to_view()

    def wrap_to_view(self) -> None:
        """Wraps the caption to the view's width, and the layout back into the view (an unwrapped
        caption held it wider)."""
        super().wrap_to_view()
        self.refit_layout()

    def show(self, run: RunHistory | None) -> None:
        self.run = run
        if run is None:  # the plots stay (building them is slow) until a run with other layers comes
            for layer in self.layers:
                for item in (*layer["edges"], *([layer["median"]] if layer["median"] is not None else [])):
                    item.setData([], [])
            return
        names = list(run.info.hidden_names)
        if names != self._names:
            self._names = names
            self._build(names, layer_colors(len(run.info.layer_names))[:len(names)])
        if not names or not len(run):
            return
        steps = run.column("step")
        values = run.metric("activation_percentiles")  # rows × hidden layers × parts
        for index, layer in enumerate(self.layers):
            layer_values = values[:, index, :]
            for part, edge in enumerate(layer["edges"]):
                edge.setData(steps, layer_values[:, part])
            if layer["median"] is not None:
                layer["median"].setData(steps, layer_values[:, len(self.parts) // 2])
            self.follow(layer["plot"], [run], [layer_values[:, 0], layer_values[:, -1]])

    def table(self) -> Table:
        run = self.run
        if run is None:
            return Table({"step": []})
        return run.table(["step", *run.metric_columns("activation_percentiles")])
